/** What normalization hands to the engine: canonical person rows with their source coordinates. */

export interface ColumnInfo {
  /** 0-based index into RawRow.cells. */
  readonly index: number;
  /** Excel column letter (A, B, …). */
  readonly column: string;
  /** Header text as shown, multi-row headers flattened with "/" ("家庭收入情况（元）/工资性收入"). */
  readonly header: string;
  /** Canonical field key, or null when unmapped (or a duplicate of an earlier column). */
  readonly field: string | null;
  /** How the header text matched the dictionary: set by detectHeader when `field` is not null. */
  readonly match?: HeaderMatch;
}

/**
 * How a header cell matched a field (see fieldByHeader in src/dictionary/lookup.ts):
 * - `exact`: the text is an alias, the key or the Chinese label as written;
 * - `normalized`: equal after normalizeHeaderText (white space, full-width forms, brackets, units);
 * - `path`: a flattened two-row header "组/子" whose parts run together name the field (户主/姓名 → 户主姓名);
 * - `child`: the sub-label of a two-row header alone ("家庭收入情况（元）/工资性收入" → 工资性收入).
 */
export type HeaderMatch = 'exact' | 'normalized' | 'path' | 'child';

/** How one sheet was understood. Shared by every record of the sheet. */
export interface SheetLayout {
  readonly file: string;
  readonly sheet: string | null;
  /** Physical row numbers of the header rows. */
  readonly headerRows: readonly number[];
  readonly firstDataRow: number;
  readonly columns: readonly ColumnInfo[];
  /** Canonical field key → the column it was read from. */
  readonly fieldColumns: ReadonlyMap<string, ColumnInfo>;
}

/**
 * One person row after header mapping and value coercion. `values` holds canonical keys only; a key is
 * absent when the cell is empty or its column is missing (rules test presence with CEL's has()).
 * Values: string | number | boolean | string[] (multi-valued enums); dates are 'YYYY-MM-DD' strings.
 */
export interface PersonRecord {
  readonly layout: SheetLayout;
  /** Physical row (first row of the file/sheet = 1). */
  readonly row: number;
  readonly values: Readonly<Record<string, FieldValue>>;
}

export type FieldValue = string | number | boolean | readonly string[];
