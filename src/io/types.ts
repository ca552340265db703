/** What the readers produce: raw cells with their physical coordinates, nothing interpreted yet. */
import type { MergeRange } from './merges.js';

/**
 * An Excel error value such as #N/A or #REF! (from a formula result or typed in), or a formula cell whose
 * value is unusable:
 * - `error: ''` means the formula has **no cached value** in the file (never calculated/saved by Excel);
 * - `error: UNKNOWN_FORMULA_ERROR` means the cached value is an Excel error whose kind was lost: only the
 *   exceljs reader of the annotated workbook (xlsx-styled.ts) gives it; the ledger reader keeps the code.
 */
export interface CellError {
  readonly error: string;
  /** Formula text when the cell is a formula ('' when the file does not repeat it, as for shared formulas). */
  readonly formula?: string;
}

/** CellError.error of a formula whose cached result is an error of unknown kind (see CellError). */
export const UNKNOWN_FORMULA_ERROR = '#ERROR!';

/**
 * One raw cell. CSV cells are always strings (never cast: IDs must stay text). XLSX cells keep their
 * stored type: numbers, booleans, dates (JS Date at UTC midnight), rich text flattened to string,
 * formula cells replaced by their cached result.
 */
export type CellValue = string | number | boolean | Date | CellError | null;

export interface RawRow {
  /** Physical row as a person sees it in Excel or a text editor: first row of the file/sheet = 1. */
  readonly row: number;
  /** cells[0] is column A. Trailing empty cells may be omitted. */
  readonly cells: readonly CellValue[];
}

export type TextEncoding = 'utf8' | 'gb18030';

export interface SheetSource {
  /** The file as given on the command line. */
  readonly file: string;
  /** Sheet name for workbooks; null for CSV/TSV. */
  readonly sheet: string | null;
  /**
   * Workbooks: true when the sheet is hidden or very hidden in Excel (state in xl/workbook.xml); such a
   * sheet is usually a lookup list or an old copy, not the ledger. Absent (not hidden) for CSV/TSV.
   */
  readonly hidden?: boolean;
  /** For CSV: the decoding used and why (bom | utf8-valid | fallback | option). */
  readonly encoding?: {
    readonly name: TextEncoding;
    readonly reason: 'bom' | 'utf8-valid' | 'fallback' | 'option';
  };
  /**
   * For CSV: the dialect used and why. `extension`: a .tsv file is tab-separated; `sniffed`: the delimiter
   * whose count per record agreed most often over the first records; `default`: nothing to go by, comma.
   */
  readonly dialect?: {
    readonly delimiter: ',' | '\t' | ';';
    readonly quote: '"';
    readonly reason: 'extension' | 'sniffed' | 'default';
  };
  /** Rows in physical order. Blank rows may be skipped; `row` numbers stay physical. */
  readonly rows: AsyncIterable<RawRow>;
  /**
   * Workbooks: the merged cell ranges of the sheet (src/io/merges.ts), sorted by top row. Rows come as stored
   * (the value in the top-left cell only); src/normalize/merged.ts carries values down. Absent for
   * CSV/TSV.
   */
  readonly mergedRanges?: readonly MergeRange[];
}

export interface OpenOptions {
  /** Only this sheet (by name) of a workbook. */
  readonly sheet?: string;
  /** Force the text encoding of CSV/TSV input. */
  readonly encoding?: TextEncoding;
  /** Leave `mergedRanges` unread (a caller that only looks at header rows saves an inflate of each sheet). */
  readonly skipMergedRanges?: boolean;
}
