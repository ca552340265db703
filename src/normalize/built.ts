/**
 * Sheets opened and rows built into person records in one pass, the way commands/check.ts does it for a
 * file read in its own thread: openSheet decides whether a sheet is checked and how it is laid out, the
 * record builder turns each raw row into a record (or an excluded row) with its findings, and a row longer
 * than the header gets its row-longer-than-header finding. The reader thread (io/reader-worker.ts) runs
 * this so that the main thread receives built rows and only checks them (io/threaded.ts,
 * openBuiltSheetsInThread); run here it is the reference the threaded path is tested against.
 */
import type { Finding } from '../findings/types.js';
import { openLedger } from '../io/open.js';
import type { OpenOptions, RawRow, SheetSource } from '../io/types.js';
import type { MergedFill } from './merged.js';
import { profileRequest } from '../profiles/registry.js';
import { headerWidthOf, longerThanHeader } from './extra-cells.js';
import { createRecordBuilder, type RecordBuilder, type RowResult } from './records.js';
import { openSheet, type OpenedSheet } from './sheet.js';
import type { SheetLayout } from './types.js';

/** One row of a checked sheet, built. Every row of the sheet has one, the header rows included. */
export interface BuiltRow extends RowResult {
  /** Physical row number. */
  readonly row: number;
  /** row-longer-than-header, on a person row with data right of the header (normalize/extra-cells.ts). */
  readonly extra?: Finding;
}

/** A sheet as openSheet decided, with its rows built (in batches, in row order) if it is checked. */
export type BuiltSheet =
  | Extract<OpenedSheet, { skipped: 'hidden' | 'no-header' | 'not-a-ledger' }>
  | {
      readonly skipped: null;
      readonly layout: SheetLayout;
      /** Header findings: unmapped and duplicate columns. */
      readonly findings: readonly Finding[];
      /** As in OpenedSheet: complete once every batch has been read. */
      readonly merged: MergedFill | null;
      readonly batches: AsyncIterable<readonly BuiltRow[]>;
    };

/** What decides how sheets are opened (from the check's options); plain data, sent to the reader thread. */
export interface SheetRequest {
  /** The user named a sheet (--sheet): a hidden one is read then. */
  readonly sheetAsked: boolean;
  /** --profile: a column profile by name or path; absent: the best-fitting built-in profile. */
  readonly profile?: string;
}

/** A sheet's source (without its rows) and what was made of it. */
export interface SheetBuilt {
  readonly source: Omit<SheetSource, 'rows'>;
  readonly sheet: BuiltSheet;
}

/** The record builder plus the longer-than-header test: raw row → BuiltRow. */
export function createBuiltRowBuilder(
  layout: SheetLayout,
  build: RecordBuilder = createRecordBuilder(layout),
): (raw: RawRow) => BuiltRow {
  const headerWidth = headerWidthOf(layout);
  return (raw) => {
    const built = build(raw);
    const extra =
      built.record !== null && raw.cells.length > headerWidth
        ? longerThanHeader(layout, raw, headerWidth)
        : undefined;
    // Literals rather than spreads: this runs for every row in the reader thread.
    if (built.excluded === undefined) {
      return extra === undefined
        ? { record: built.record, findings: built.findings, row: raw.row }
        : { record: built.record, findings: built.findings, row: raw.row, extra };
    }
    return { record: built.record, findings: built.findings, excluded: built.excluded, row: raw.row };
  };
}

/**
 * Every sheet of a ledger opened and built, in this thread. `batchRows` rows per batch; a read error after
 * some rows of a batch comes after those rows (the partial batch is yielded first), as openLedger's rows
 * would show it row by row.
 */
export async function* openBuiltSheets(
  path: string,
  displayName: string,
  options: OpenOptions,
  request: SheetRequest,
  batchRows = 256,
): AsyncGenerator<SheetBuilt> {
  const profiles = profileRequest(request.profile);
  for await (const source of openLedger(path, displayName, options)) {
    yield await buildSheet(source, request.sheetAsked, profiles, batchRows);
  }
}

/** One sheet opened (openSheet) and, if it is checked, its rows built as its batches are read. */
export async function buildSheet(
  source: SheetSource,
  sheetAsked: boolean,
  profiles: Parameters<typeof openSheet>[2],
  batchRows: number,
): Promise<SheetBuilt> {
  const { rows: _rows, ...meta } = source;
  const opened = await openSheet(source, sheetAsked, profiles);
  if (opened.skipped !== null) return { source: meta, sheet: opened };
  const buildRow = createBuiltRowBuilder(opened.layout);
  const rows = opened.rows;
  async function* batches(): AsyncGenerator<readonly BuiltRow[]> {
    // Iterated by hand, not with for await: a sheet left by the consumer is left here without return()
    // on the reader's rows, exactly as check.ts leaves them.
    const iterator = rows[Symbol.asyncIterator]();
    let batch: BuiltRow[] = [];
    for (;;) {
      let next: IteratorResult<RawRow>;
      try {
        next = await iterator.next();
      } catch (error) {
        if (batch.length > 0) yield batch;
        throw error;
      }
      if (next.done) break;
      batch.push(buildRow(next.value));
      if (batch.length >= batchRows) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }
  return {
    source: meta,
    sheet: {
      skipped: null,
      layout: opened.layout,
      findings: opened.findings,
      merged: opened.merged,
      batches: batches(),
    },
  };
}

/** A sheet's source and what was made of it: opened here (rows raw) or in the reader thread (rows built). */
export interface SheetOpened {
  readonly source: Omit<SheetSource, 'rows'>;
  readonly sheet: OpenedSheet | BuiltSheet;
}

/** openSheet on each sheet of `sources` in turn, as they are read (the rows stay raw). */
export async function* openEachSheet(
  sources: AsyncIterable<SheetSource>,
  sheetAsked: boolean,
  profiles: Parameters<typeof openSheet>[2],
): AsyncGenerator<SheetOpened & { readonly source: SheetSource; readonly sheet: OpenedSheet }> {
  for await (const source of sources) yield { source, sheet: await openSheet(source, sheetAsked, profiles) };
}
