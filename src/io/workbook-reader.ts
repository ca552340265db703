/**
 * What the three workbook readers (xlsx.ts, xls.ts and xlsx-styled.ts) do alike: hand out their sheets as a
 * re-readable AsyncIterable, and settle the one sheet `--sheet` asks for. How each reads its cells differs
 * (XML tokens, SheetJS cell objects, exceljs rows) and stays in its own file.
 */
import { LedgerlintError } from '../errors.js';
import type { OpenOptions, SheetSource } from './types.js';

/** A reader's sheets, read from `path`, named `file` in messages. */
export type SheetGenerator = (path: string, file: string, opts: OpenOptions) => AsyncGenerator<SheetSource>;

/** The reader as the rest of ledgerlint calls it: each iteration starts `read` again (re-reads the file). */
export function workbookReader(
  read: SheetGenerator,
): (path: string, displayName: string, opts?: OpenOptions) => AsyncIterable<SheetSource> {
  return (path, displayName, opts = {}) => ({ [Symbol.asyncIterator]: () => read(path, displayName, opts) });
}

/** The sheet of `names` that `wanted` names: exactly, else after NFKC, trimming and case folding. */
export function pickSheet(wanted: string, names: readonly string[]): string | undefined {
  return names.find((n) => n === wanted) ?? names.find((n) => looseSheetMatch(n, wanted));
}

function looseSheetMatch(a: string, b: string): boolean {
  const norm = (s: string) => s.normalize('NFKC').trim().toLowerCase();
  return norm(a) === norm(b);
}

/**
 * The sheet `--sheet` asks for (`asked`), as the workbook names it; undefined when none is asked. A name that
 * matches no sheet is an error naming the file and its sheets.
 */
export function askedSheet(
  file: string,
  asked: string | undefined,
  names: readonly string[],
): string | undefined {
  if (asked === undefined) return undefined;
  const wanted = pickSheet(asked, names);
  if (wanted === undefined) {
    throw new LedgerlintError('io.sheet-not-found', { file, sheet: asked, sheets: names.join(', ') });
  }
  return wanted;
}
