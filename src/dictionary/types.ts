/**
 * Types of the canonical data dictionary: the one source of truth for field keys, labels, value types,
 * header aliases and code lists. Keys are part of the public JSON contract (see docs/fields.md).
 */

/** Where a field lives: on every person row, or once per household (repeated on member rows or on the 户主 row). */
export type FieldLevel = 'person' | 'household';

/** Value type after normalization. `enum` values are canonical labels from a code list. */
export type FieldType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'enum';

/** Extra normalization for some string fields. */
export type FieldFormat = 'id-number' | 'phone' | 'code';

export interface FieldDef {
  /** Canonical key (snake_case ASCII), e.g. `income_per_capita`. Stable: part of the JSON contract. */
  readonly key: string;
  /** Chinese label, e.g. 人均纯收入. */
  readonly zh: string;
  /** English label. */
  readonly en: string;
  readonly level: FieldLevel;
  readonly type: FieldType;
  /** For `string` fields that need special handling (ID numbers, phones, codes such as 户编号 that must keep leading zeros). */
  readonly format?: FieldFormat;
  /** For `enum` fields: the id of the code list in codelists.ts. */
  readonly codeList?: string;
  /** For `enum` fields whose cells may hold several values ("残疾,长期慢性病"): the value is a list of labels. */
  readonly multi?: boolean;
  /** Unit as written in headers (元, 人, 月, 平方米, 公里), shown in docs. */
  readonly unit?: string;
  /** Header spellings found in real exports, exact text (normalization happens at match time). */
  readonly aliases: readonly string[];
  /** One line for docs/fields.md. */
  readonly description?: string;
  /**
   * Administrative-division fields (省 … 自然村): level `household`, listed in their own section of
   * docs/fields.md. Absent on every other field.
   */
  readonly admin?: boolean;
}

export interface CodeEntry {
  /** Canonical label: the value rules compare against, e.g. 之子. */
  readonly label: string;
  /** Numeric/text codes used by exports of some era, e.g. '03' for 之子 (2016–2020 system). */
  readonly codes?: readonly string[];
  /** Other spellings across eras, e.g. 五保 for 特困供养, 新农合 for 城乡居民医保. */
  readonly synonyms?: readonly string[];
  readonly en?: string;
  /**
   * True when the entry (or its codes/synonyms) is inferred rather than read in a cited source: rules may
   * rely on the label, but the mapping deserves a check against real exports. Explained in `note`.
   */
  readonly inferred?: boolean;
  /** One line for docs: era, provenance or caveat of this entry. */
  readonly note?: string;
}

export interface CodeList {
  readonly id: string;
  readonly zh: string;
  readonly en: string;
  /** Where the list comes from (domain reference section), for docs. */
  readonly source: string;
  readonly entries: readonly CodeEntry[];
}
