/**
 * Opening one sheet: whether it is checked at all (hidden, no header, not a person ledger) and, if so, how it
 * is laid out. The one place `check`, the re-read of split households and `inspect` make this decision.
 */
import type { Finding } from '../findings/types.js';
import type { RawRow, SheetSource } from '../io/types.js';
import type { ColumnProfile } from '../profiles/load.js';
import { detectLayout, HEADER_SCAN_ROWS, isPersonLedger } from './header.js';
import { fillMergedDown, type MergedFill } from './merged.js';
import type { SheetLayout } from './types.js';

export type SheetSkip = 'hidden' | 'no-header' | 'not-a-ledger';

export type OpenedSheet =
  | {
      readonly skipped: SheetSkip;
      /** The header found on a sheet that is not a person ledger; null otherwise. */
      readonly layout: SheetLayout | null;
      /** Texts of the first non-empty row read (first 8 cells), to tell the user what was found; [] if none. */
      readonly firstRow: readonly string[];
    }
  | {
      readonly skipped: null;
      readonly layout: SheetLayout;
      /** Header findings: unmapped and duplicate columns. */
      readonly findings: readonly Finding[];
      /**
       * Every row of the sheet from the first, the header rows included (the record builder skips them),
       * with the values of merged data cells carried down (normalize/merged.ts).
       */
      readonly rows: AsyncIterable<RawRow>;
      /** Merged ranges of the sheet and what the fill did (updated as `rows` is read); null for CSV. */
      readonly merged: MergedFill | null;
    };

/**
 * Read the first rows of a sheet to find its header, with the best-fitting column profile of `profiles`
 * (or the one forced by --profile; none: the dictionary alone). A hidden sheet is skipped unread unless the user named it.
 * Rows of a skipped sheet are not read further: the readers move on when asked for the next sheet.
 */
export async function openSheet(
  source: SheetSource,
  sheetAsked: boolean,
  profiles: { readonly forced?: ColumnProfile; readonly candidates: readonly ColumnProfile[] } = {
    candidates: [],
  },
): Promise<OpenedSheet> {
  if (source.hidden === true && !sheetAsked) return { skipped: 'hidden', layout: null, firstRow: [] };
  const iterator = source.rows[Symbol.asyncIterator]();
  const head: RawRow[] = [];
  let done = false;
  while (head.length < HEADER_SCAN_ROWS) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    head.push(next.value);
  }
  const detection = detectLayout(head, { file: source.file, sheet: source.sheet }, profiles);
  if (!detection || !isPersonLedger(detection.layout)) {
    if (!done) await iterator.return?.();
    return {
      skipped: detection ? 'not-a-ledger' : 'no-header',
      layout: detection?.layout ?? null,
      firstRow: firstRowTexts(head),
    };
  }
  async function* rows(): AsyncGenerator<RawRow> {
    yield* head;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  const ranges = source.mergedRanges ?? null;
  const merged: MergedFill | null = ranges
    ? { ranges: ranges.length, filledRanges: 0, filledCells: 0, examples: [] }
    : null;
  const filled =
    ranges && merged ? fillMergedDown(rows(), ranges, detection.layout.firstDataRow, merged) : rows();
  return { skipped: null, layout: detection.layout, findings: detection.findings, rows: filled, merged };
}

const FIRST_ROW_CELLS = 8;
const FIRST_ROW_CELL_CHARS = 20;

function firstRowTexts(rows: readonly RawRow[]): string[] {
  for (const row of rows) {
    const texts = row.cells
      .map((c) => (c === null || c === undefined || typeof c === 'object' ? '' : String(c).trim()))
      .filter((t) => t !== '');
    if (texts.length > 0) {
      return texts.slice(0, FIRST_ROW_CELLS).map((t) => t.slice(0, FIRST_ROW_CELL_CHARS));
    }
  }
  return [];
}
