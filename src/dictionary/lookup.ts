/**
 * O(1) lookups over the dictionary. Every index is built once, when this module is first imported; a
 * dictionary that maps one header or one code to two targets throws here (and fails the tests) rather
 * than resolving ambiguously at run time.
 *
 * Code resolution (`resolveCode`) — what a user of the dictionary must know:
 * - the cell text is compared after `normalizeCodeText` (NFKC, all whitespace removed, brackets unified,
 *   ASCII lowercased): `低保（部分）贫困户`, `低保(部分)贫困户` and ` 低保(部分) 贫困户` are the same value;
 * - labels, synonyms and non-numeric codes match as text;
 * - numeric codes match by value: a cell of digits, optionally followed by a decimal point and zeros
 *   (what Excel or pandas leave of a number), has its leading zeros and `.0…` dropped before the lookup,
 *   so `03`, `3`, `3.0` and `003` all resolve to the entry with code `03`. Two codes of one list that are
 *   equal by value (say `3` and `03` on different entries) are a dictionary error;
 * - the result is the canonical label, `undefined` when the list does not know the value or the list id
 *   is unknown (callers report the value, they do not crash).
 */
import { normalizeCodeText, normalizeHeaderText } from '../normalize/text.js';
import { CODE_LISTS } from './codelists.js';
import { FIELDS } from './fields.js';
import type { CodeList, FieldDef } from './types.js';

// ---------------------------------------------------------------------------------------------------------
// Fields and headers

const FIELD_BY_KEY: ReadonlyMap<string, FieldDef> = new Map(FIELDS.map((f) => [f.key, f]));

/** The field with this canonical key (`income_per_capita`), or undefined. */
export function fieldByKey(key: string): FieldDef | undefined {
  return FIELD_BY_KEY.get(key);
}

/** Every header text a field answers to: its key, its Chinese label and its aliases. */
export function headerTextsOf(field: FieldDef): readonly string[] {
  return [field.key, field.zh, ...field.aliases];
}

/** Header text exactly as written in an alias (or the key / zh label) → field. */
const HEADER_EXACT = new Map<string, FieldDef>();
/** normalizeHeaderText(alias) → field. */
const HEADER_NORMALIZED = new Map<string, FieldDef>();

for (const field of FIELDS) {
  for (const text of headerTextsOf(field)) {
    const exact = HEADER_EXACT.get(text);
    if (exact && exact !== field) {
      throw new Error(`dictionary: header "${text}" is an alias of both ${exact.key} and ${field.key}`);
    }
    HEADER_EXACT.set(text, field);
    const key = normalizeHeaderText(text);
    if (key === '') throw new Error(`dictionary: alias "${text}" of ${field.key} normalizes to nothing`);
    const other = HEADER_NORMALIZED.get(key);
    if (other && other !== field) {
      throw new Error(
        `dictionary: header "${text}" (normalized "${key}") is an alias of both ${other.key} and ${field.key}`,
      );
    }
    HEADER_NORMALIZED.set(key, field);
  }
}

/**
 * The field a header cell names, or undefined. Tried in order:
 * 1. the text exactly as an alias, key or zh label (also after trimming);
 * 2. `normalizeHeaderText(text)` against the normalized aliases (whitespace, newlines, unit brackets such
 *    as （元）, full-width forms and ASCII case do not matter);
 * 3. for flattened two-row headers "parent/child" (src/normalize/types.ts ColumnInfo.header): the parts
 *    joined without the slash ("户主/姓名" → 户主姓名, "家庭成员/姓名" → 家庭成员姓名), then the last part
 *    alone ("家庭收入情况（元）/工资性收入" → 工资性收入).
 */
export function fieldByHeader(text: string): FieldDef | undefined {
  const exact = HEADER_EXACT.get(text) ?? HEADER_EXACT.get(text.trim());
  if (exact) return exact;
  const key = normalizeHeaderText(text);
  if (key === '') return undefined;
  const direct = HEADER_NORMALIZED.get(key);
  if (direct) return direct;
  if (!key.includes('/')) return undefined;
  // Each part is normalized again on its own: a leading 其中: or a required-field marker of the child.
  const parts = key
    .split('/')
    .map((p) => normalizeHeaderText(p))
    .filter((p) => p !== '');
  const joined = HEADER_NORMALIZED.get(parts.join(''));
  if (joined) return joined;
  const last = parts[parts.length - 1];
  return last === undefined ? undefined : HEADER_NORMALIZED.get(last);
}

// ---------------------------------------------------------------------------------------------------------
// Code lists

const LIST_BY_ID: ReadonlyMap<string, CodeList> = new Map(CODE_LISTS.map((l) => [l.id, l]));

/** The code list with this id (`relation`, `school_status` …), or undefined. */
export function codeListById(id: string): CodeList | undefined {
  return LIST_BY_ID.get(id);
}

/** A cell of digits, optionally with a decimal point and zeros only: `03`, `3`, `3.0`, `3.`. */
const NUMERIC_CODE = /^(\d+)(?:\.0*)?$/;

/** Value of a numeric code as text without leading zeros ('03' → '3', '00' → '0'), or undefined. */
export function numericCodeKey(text: string): string | undefined {
  const m = NUMERIC_CODE.exec(text);
  if (!m) return undefined;
  const digits = (m[1] as string).replace(/^0+(?=\d)/, '');
  return digits;
}

interface ListIndex {
  /** normalizeCodeText(label | synonym | non-numeric code) → label. */
  readonly byText: ReadonlyMap<string, string>;
  /** numericCodeKey(code) → label. */
  readonly byNumber: ReadonlyMap<string, string>;
  /** Canonical labels, exactly as written. */
  readonly labels: ReadonlySet<string>;
}

function indexList(list: CodeList): ListIndex {
  const byText = new Map<string, string>();
  const byNumber = new Map<string, string>();
  const labels = new Set<string>();
  const put = (map: Map<string, string>, key: string, label: string, what: string): void => {
    const other = map.get(key);
    if (other !== undefined && other !== label) {
      throw new Error(`dictionary: ${list.id}: ${what} maps to both ${other} and ${label}`);
    }
    map.set(key, label);
  };
  for (const entry of list.entries) {
    if (labels.has(entry.label)) throw new Error(`dictionary: ${list.id}: label ${entry.label} listed twice`);
    labels.add(entry.label);
    for (const text of [entry.label, ...(entry.synonyms ?? [])]) {
      put(byText, normalizeCodeText(text), entry.label, `"${text}"`);
    }
    for (const code of entry.codes ?? []) {
      const n = numericCodeKey(code);
      if (n === undefined) put(byText, normalizeCodeText(code), entry.label, `code "${code}"`);
      else put(byNumber, n, entry.label, `code "${code}"`);
    }
  }
  return { byText, byNumber, labels };
}

const LIST_INDEX: ReadonlyMap<string, ListIndex> = new Map(CODE_LISTS.map((l) => [l.id, indexList(l)]));

/**
 * Canonical label of a cell value in a code list: by label, synonym or code (see the module comment for
 * the normalization and for numeric codes). Undefined for an empty or unknown value, or an unknown list.
 */
export function resolveCode(listId: string, text: string): string | undefined {
  const index = LIST_INDEX.get(listId);
  if (!index) return undefined;
  const key = normalizeCodeText(text);
  if (key === '') return undefined;
  const byText = index.byText.get(key);
  if (byText !== undefined) return byText;
  const n = numericCodeKey(key);
  return n === undefined ? undefined : index.byNumber.get(n);
}

/**
 * Whether `label` is a canonical label of the list, compared exactly (no normalization, no synonyms, no
 * codes): for values that went through `resolveCode`, and for labels written in rule packs. False for an
 * unknown list.
 */
export function isKnownCode(listId: string, label: string): boolean {
  return LIST_INDEX.get(listId)?.labels.has(label) ?? false;
}
