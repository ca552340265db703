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
 * - `child`: the sub-label of a two-row header alone ("家庭收入情况（元）/工资性收入" → 工资性收入);
 * - `profile`: an alias of the column profile chosen for the sheet (rules/profiles/).
 */
export type HeaderMatch = 'exact' | 'normalized' | 'path' | 'child' | 'profile';

/** How one column profile scored on a sheet's header. */
export interface ProfileCandidate {
  readonly name: string;
  /** fields + markers.length. */
  readonly score: number;
  /** Distinct canonical fields the header maps to with this profile. */
  readonly fields: number;
  /** Marker headers of the profile found in the header. */
  readonly markers: readonly string[];
}

/** The column profile used for a sheet and why (see detectLayout in header.ts). */
export interface ProfileChoice {
  /** Profile name; null when no profile fitted better than the dictionary alone. */
  readonly name: string | null;
  /** auto: best score among the built-in profiles; option: --profile. */
  readonly reason: 'auto' | 'option';
  readonly score: number;
  /** Every profile tried, best first. */
  readonly candidates: readonly ProfileCandidate[];
}

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
  /** The column profile chosen (absent when detectHeader was called directly, as in unit tests). */
  readonly profile?: ProfileChoice;
  /** The chosen profile's code-list dialect: field key → normalizeCodeText(value) → canonical label. */
  readonly valueCodes?: ReadonlyMap<string, ReadonlyMap<string, string>>;
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
