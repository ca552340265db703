/**
 * Cell → canonical value, per field type. Pure and allocation-light: this runs for every mapped cell of
 * 300k-row files, so callers should take a coercer once per column with coercerFor().
 *
 * Empty semantics (a key absent from PersonRecord.values):
 * - null, '', whitespace / NBSP / zero-width only;
 * - NULL-like export artefacts (null, none, nan, n/a, (null)) for every type;
 * - dash/slash placeholders (-, —, ——, /, \, _, …) for every type;
 * - 无 / 空 / 暂无 only for number, integer, date, id-number, phone and code fields. Boolean 无 means 否, and
 *   for plain strings and enums 无 is kept as written (it may be an answer or a code-list label).
 * Failures carry a built-in finding id (src/findings/catalogue.ts) and the cell as the user sees it.
 */
import { resolveCode } from '../dictionary/index.js';
import type { FieldDef } from '../dictionary/index.js';
import type { CellValue } from '../io/types.js';
import { birthDateFromId, daysInMonth, upgrade15to18 } from './idnumber.js';
import { toHalfWidth } from './text.js';
import type { FieldValue } from './types.js';

export type CoercionRuleId = 'invalid-value' | 'id-number-damaged';

/** Something the user should know about a value that was read fine (a 15-digit ID upgraded to 18). */
export interface CoercionNotice {
  readonly ruleId: 'id-number-upgraded';
  readonly messageId: 'upgraded';
  readonly raw: string;
}

export type Coerced =
  | { readonly ok: true; readonly value: FieldValue | undefined; readonly notice?: CoercionNotice }
  | { readonly ok: false; readonly ruleId: CoercionRuleId; readonly messageId: string; readonly raw: string };

export type Coercer = (cell: CellValue | undefined) => Coerced;

/**
 * A cell that failed coercion (the `ok: false` side of Coerced), as the record builder receives it. A class,
 * so that one instanceof test tells it from a value.
 */
export class CoercionFailure {
  readonly ok = false;
  constructor(
    readonly ruleId: CoercionRuleId,
    readonly messageId: string,
    readonly raw: string,
  ) {}
}

/** A value read fine that comes with a notice (a 15-digit ID upgraded to 18). */
export class NoticedValue {
  constructor(
    readonly value: FieldValue,
    readonly notice: CoercionNotice,
  ) {}
}

/**
 * What the record builder's coercers return: the value itself, undefined for an empty cell, or one of the
 * two classes above. Nothing is allocated for the common case (a value read fine); Coerced, the public
 * form, wraps it (toCoerced).
 */
export type CellOutcome = FieldValue | undefined | CoercionFailure | NoticedValue;

export type ValueCoercer = (cell: CellValue | undefined) => CellOutcome;

/** An empty cell, a failure: what identifierText and enumText return when there is no text to go on with. */
type Stop = undefined | CoercionFailure;

const EMPTY = undefined;
const TRUE_VALUE = true;
const FALSE_VALUE = false;

function ok(value: FieldValue): CellOutcome {
  return value;
}

function fail(messageId: string, raw: string, ruleId: CoercionRuleId = 'invalid-value'): CoercionFailure {
  return new CoercionFailure(ruleId, messageId, raw);
}

const EMPTY_COERCED: Coerced = Object.freeze({ ok: true, value: undefined });

/** The public form of a cell's outcome. */
export function toCoerced(outcome: CellOutcome): Coerced {
  if (outcome === undefined) return EMPTY_COERCED;
  if (outcome instanceof CoercionFailure) {
    return { ok: false, ruleId: outcome.ruleId, messageId: outcome.messageId, raw: outcome.raw };
  }
  if (outcome instanceof NoticedValue) return { ok: true, value: outcome.value, notice: outcome.notice };
  return { ok: true, value: outcome };
}

// ---------------------------------------------------------------------------------------------------------
// Text cleaning

// NBSP, soft hyphen, zero-width space/joiners, word joiner, BOM: invisible in Excel, but they break equality.
const INVISIBLE = /[\u00a0\u00ad\u200b-\u200d\u2060\ufeff]/g;
// One test for the common case: plain ASCII and CJK ideographs need neither rewrite below.
const NEEDS_CLEANING = /[\u00a0\u00ad\u200b-\u200d\u2060\ufeff\u3000\uff01-\uff5e]/;

/**
 * Whether a character may change under cleanText: ASCII controls and space, and above ASCII the characters
 * NEEDS_CLEANING rewrites or removes plus every other character trim() removes (JavaScript's white space and
 * line terminators). Digits, letters and CJK ideographs never do.
 */
function mayClean(c: number): boolean {
  if (c <= 0x20) return true;
  if (c < 0xa0) return false;
  if (c < 0x2000) return c === 0xa0 || c === 0xad || c === 0x1680;
  if (c <= 0x206f) {
    return c <= 0x200d || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x2060;
  }
  return c === 0x3000 || c === 0xfeff || (c >= 0xff01 && c <= 0xff5e);
}

/** The general case of cleanText. */
function cleanTextSlow(text: string): string {
  if (!NEEDS_CLEANING.test(text)) return text.trim();
  return toHalfWidth(text).replace(INVISIBLE, '').trim();
}

/**
 * Trim, full-width → half-width, invisible characters removed. A text none of whose characters may change
 * (nearly every cell) is returned as it is after one pass over its characters, without a regular expression.
 */
export function cleanText(text: string): string {
  for (let i = 0; i < text.length; i++) if (mayClean(text.charCodeAt(i))) return cleanTextSlow(text);
  return text;
}

const NULL_WORDS = new Set(['null', 'none', 'nan', 'n/a', '(null)', '<null>']);
const DASH_PLACEHOLDER = /^[-—–―─_/\\…]+$/;
const NONE_WORDS = new Set(['无', '空', '暂无']);

function isPlaceholder(t: string): boolean {
  // Cheap exit for ordinary values: every placeholder is short and starts with a dash, slash, underscore,
  // ellipsis, n/N or a bracket.
  if (t.length > 6) return false;
  const c = t.charCodeAt(0);
  if (
    c === 0x2d ||
    c === 0x2f ||
    c === 0x5c ||
    c === 0x5f ||
    (c >= 0x2013 && c <= 0x2015) ||
    c === 0x2500 ||
    c === 0x2026
  ) {
    return DASH_PLACEHOLDER.test(t);
  }
  if (c === 0x6e || c === 0x4e || c === 0x28 || c === 0x3c) return NULL_WORDS.has(t.toLowerCase());
  return false;
}

const EXCEL_ERROR_TEXT =
  /^#(?:N\/A|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|NULL!|SPILL!|CALC!|GETTING_DATA|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!)$/;

/** An Excel error literal typed as text (#N/A in a CSV): tested only on text that starts with #. */
function isExcelErrorText(t: string): boolean {
  return t.charCodeAt(0) === 0x23 && EXCEL_ERROR_TEXT.test(t);
}

/** Excel's "General" display of a large number: 6 significant digits, as in 4.10101E+17. */
export function excelGeneralNumber(n: number): string {
  if (Math.abs(n) < 1e11 && Number.isInteger(n)) return String(n);
  const [mantissa = '', exponent = '0'] = n.toExponential(5).split('e');
  const m = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
  const e = Number(exponent);
  return `${m}E${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}

function isCellError(cell: object): cell is { error: string; formula?: string } {
  return typeof (cell as { error?: unknown }).error === 'string';
}

/**
 * The failure for a CellError, whatever the field type: a formula without a cached result (error '') or an
 * Excel error value. Error literals in text cells (#N/A in a CSV) are caught by EXCEL_ERROR_TEXT instead.
 */
function errorOf(cell: object): CoercionFailure {
  if (isCellError(cell)) {
    if (cell.error === '') return fail('formula-without-value', cell.formula ?? '');
    return fail('excel-error', cell.error);
  }
  return fail('excel-error', String(cell));
}

/** Strip Excel "force text" wrappers found in CSV exports of identifiers: a leading apostrophe and ="…". */
function unwrapForcedText(t: string): string {
  if (t.startsWith("'")) return t.slice(1).trim();
  if (t.length > 3 && t.startsWith('="') && t.endsWith('"')) return t.slice(2, -1).trim();
  return t;
}

/** Negative zero never leaks into values (it prints as 0 but breaks Object.is and JSON round-trips). */
function noNegativeZero(n: number): number {
  return n === 0 ? 0 : n;
}

// ---------------------------------------------------------------------------------------------------------
// Numbers

// toHalfWidth leaves ￥ (U+FFE5) alone: it has no ASCII twin.
const CURRENCY_PREFIX = /^(?:¥|￥|RMB|人民币)\s*/i;
// Units written into cells by hand. 万 is deliberately absent: stripping it would change the magnitude.
const UNIT_SUFFIX = /\s*(?:元|人|口|个月|月|亩|平方米|平米|㎡|m²|m2|公里|千米|km|米|个|户|岁|天|间|年|次)$/i;
const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
// Thousands separators must be consistent and in groups of three ("1,23" is not 123).
const GROUPED_NUMBER = /^[+-]?\d{1,3}([, ])\d{3}(?:\1\d{3})*(?:\.\d*)?$/;

/**
 * A number from cleaned text, or undefined. Accepts thousands separators (, or space), a currency prefix,
 * a unit suffix, the minus sign U+2212 and percentages. "12%" is 12, not 0.12: the fields that hold shares
 * are labelled in percent (比例(%)), so a cell that repeats the % sign means the same as one without it.
 */
export function parseNumberText(cleaned: string): number | undefined {
  let s = cleaned;
  if (s.length === 0) return undefined;
  const first = s.charCodeAt(0);
  // Common case first: a plain decimal needs none of the rewrites below.
  if (!(first >= 48 && first <= 57 && PLAIN_NUMBER.test(s))) {
    s = s.replace(CURRENCY_PREFIX, '').replace('\u2212', '-');
    if (s.endsWith('%')) s = s.slice(0, -1).trimEnd();
    else s = s.replace(UNIT_SUFFIX, '');
    if (GROUPED_NUMBER.test(s)) s = s.replace(/[, ]/g, '');
    if (!PLAIN_NUMBER.test(s)) return undefined;
  }
  const n = Number(s);
  return Number.isFinite(n) ? noNegativeZero(n) : undefined;
}

function coerceNumber(cell: CellValue | undefined, integer: boolean): CellOutcome {
  const failId = integer ? 'not-an-integer' : 'not-a-number';
  if (cell === null || cell === undefined) return EMPTY;
  // The raw text is made only for a failure: most cells are fine.
  let n: number | undefined;
  let raw: string;
  if (typeof cell === 'number') {
    n = Number.isFinite(cell) ? noNegativeZero(cell) : undefined;
    if (n !== undefined && (!integer || Number.isInteger(n))) return n;
    raw = String(cell);
  } else if (typeof cell === 'string') {
    const t = cleanText(cell);
    if (t.length === 0 || isPlaceholder(t) || NONE_WORDS.has(t)) return EMPTY;
    if (isExcelErrorText(t)) return fail('excel-error', t);
    n = parseNumberText(t);
    if (n !== undefined && (!integer || Number.isInteger(n))) return n;
    raw = cell.trim();
  } else if (typeof cell === 'boolean') {
    raw = cell ? 'TRUE' : 'FALSE';
  } else if (cell instanceof Date) {
    raw = isoFromDate(cell) ?? String(cell);
  } else {
    return errorOf(cell);
  }
  if (n === undefined || (integer && !Number.isInteger(n))) return fail(failId, raw);
  return ok(n);
}

// ---------------------------------------------------------------------------------------------------------
// Booleans

/**
 * Yes/no spellings come from the dictionary's yes_no code list (是/否, 有/无, 1/0, √/×, Y/N, yes/no,
 * true/false …), so docs and coercion agree. 已…/未… is not accepted: no source uses it for a yes/no field.
 */
const YES_NO_LIST = 'yes_no';

function coerceBoolean(cell: CellValue | undefined): CellOutcome {
  if (cell === null || cell === undefined) return EMPTY;
  if (typeof cell === 'boolean') return cell ? TRUE_VALUE : FALSE_VALUE;
  if (typeof cell === 'number') {
    if (cell === 1) return TRUE_VALUE;
    if (cell === 0) return FALSE_VALUE;
    return fail('not-yes-no', String(cell));
  }
  if (typeof cell === 'string') {
    const t = cleanText(cell);
    // The two spellings of nearly every cell, without the normalization cost of a code-list lookup.
    if (t === '是') return TRUE_VALUE;
    if (t === '否') return FALSE_VALUE;
    if (t.length === 0 || isPlaceholder(t) || t === '空') return EMPTY;
    const label = resolveLabel(YES_NO_LIST, t);
    if (label === '是') return TRUE_VALUE;
    if (label === '否') return FALSE_VALUE;
    if (isExcelErrorText(t)) return fail('excel-error', t);
    return fail('not-yes-no', cell.trim());
  }
  if (cell instanceof Date) return fail('not-yes-no', isoFromDate(cell) ?? String(cell));
  return errorOf(cell);
}

// ---------------------------------------------------------------------------------------------------------
// Dates

const MIN_YEAR = 1900;
/**
 * Excel has no dates before 1900, so older ones (birth dates of the very old in 2014 forms) are typed as
 * text: text dates are accepted from this year on.
 */
const MIN_TEXT_YEAR = 1800;
const MAX_YEAR = 2099;
const DAY_MS = 86_400_000;
// Serial of 2099-12-31 in the 1900 date system; larger numbers are not plausible ledger dates.
const MAX_SERIAL = 73_050;

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * 'YYYY-MM-DD' when year/month/day form a real date in the plausible range (minYear, by default 1900, to
 * 2099), else undefined.
 */
export function isoDate(year: number, month: number, day: number, minYear = MIN_YEAR): string | undefined {
  if (!Number.isInteger(year) || year < minYear || year > MAX_YEAR) return undefined;
  if (!Number.isInteger(month) || month < 1 || month > 12) return undefined;
  if (!Number.isInteger(day) || day < 1 || day > daysInMonth(year, month)) return undefined;
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

/** Readers deliver dates at UTC midnight; round to the second so 23:59:59.999 float noise lands on the day. */
function isoFromDate(d: Date): string | undefined {
  const t = d.getTime();
  if (Number.isNaN(t)) return undefined;
  const r = new Date(Math.round(t / 1000) * 1000);
  return isoDate(r.getUTCFullYear(), r.getUTCMonth() + 1, r.getUTCDate());
}

/**
 * An Excel serial day number (1900 date system) as 'YYYY-MM-DD'. Excel counts the non-existent 1900-02-29
 * (serial 60, Lotus 1-2-3 compatibility): serials before it are one day off from a plain epoch, and 60
 * itself is no date. The time of day is dropped. 1904-system workbooks must be shifted by the reader.
 */
export function isoFromExcelSerial(serial: number): string | undefined {
  if (!Number.isFinite(serial)) return undefined;
  // Half a second of tolerance: serials computed from Date values carry float noise.
  const days = Math.floor(serial + 0.5 / 86_400);
  if (days < 1 || days > MAX_SERIAL || days === 60) return undefined;
  const sinceDec31 = days < 60 ? days : days - 1;
  return isoFromDate(new Date(Date.UTC(1899, 11, 31) + sinceDec31 * DAY_MS));
}

const DATE_SEPARATED =
  /^(\d{4})\s*([-/.年])\s*(\d{1,2})\s*([-/.月])\s*(\d{1,2})\s*([日号])?(?:(?:T|\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?$/i;
const DATE_COMPACT = /^(\d{4})(\d{2})(\d{2})$/;

/**
 * 'YYYY-MM-DD' from cleaned date text in the formats found in ledgers, or undefined. Years from 1800: text
 * is how a date before 1900 reaches a spreadsheet.
 */
export function parseDateText(cleaned: string): string | undefined {
  const c = DATE_COMPACT.exec(cleaned);
  if (c) return isoDate(Number(c[1]), Number(c[2]), Number(c[3]), MIN_TEXT_YEAR);
  const m = DATE_SEPARATED.exec(cleaned);
  if (!m) return undefined;
  const [, y, sep1, mo, sep2, d, daySuffix] = m;
  // Separators must agree: 2020-01-05, 2020/1/5, 2020.1.5 or 2020年1月5日; 日/号 only after 年…月.
  const chinese = sep1 === '年' && sep2 === '月';
  if (!chinese && (sep1 !== sep2 || daySuffix !== undefined)) return undefined;
  return isoDate(Number(y), Number(mo), Number(d), MIN_TEXT_YEAR);
}

function coerceDate(cell: CellValue | undefined): CellOutcome {
  if (cell === null || cell === undefined) return EMPTY;
  if (cell instanceof Date) {
    const iso = isoFromDate(cell);
    return iso === undefined
      ? fail('not-a-date', Number.isNaN(cell.getTime()) ? 'Invalid Date' : cell.toISOString())
      : ok(iso);
  }
  if (typeof cell === 'number') {
    // 出生日期 is often typed as the number 19800101 rather than as a date; no serial is that large.
    const iso =
      Number.isInteger(cell) && cell >= 19_000_101 && cell <= 20_991_231
        ? parseDateText(String(cell))
        : isoFromExcelSerial(cell);
    return iso === undefined ? fail('not-a-date', String(cell)) : ok(iso);
  }
  if (typeof cell === 'string') {
    const t = cleanText(cell);
    if (t.length === 0 || isPlaceholder(t) || NONE_WORDS.has(t)) return EMPTY;
    if (isExcelErrorText(t)) return fail('excel-error', t);
    const iso = parseDateText(t);
    return iso === undefined ? fail('not-a-date', cell.trim()) : ok(iso);
  }
  if (typeof cell === 'boolean') return fail('not-a-date', cell ? 'TRUE' : 'FALSE');
  return errorOf(cell);
}

// ---------------------------------------------------------------------------------------------------------
// Strings: plain, id-number, phone, code

/** Text of a non-text cell for string-like fields. */
function textOf(cell: number | boolean | Date): string {
  if (typeof cell === 'number') return String(noNegativeZero(cell));
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  return isoFromDate(cell) ?? '';
}

function coerceString(cell: CellValue | undefined): CellOutcome {
  if (cell === null || cell === undefined) return EMPTY;
  if (typeof cell === 'string') {
    const t = cleanText(cell);
    if (t.length === 0 || isPlaceholder(t)) return EMPTY;
    if (isExcelErrorText(t)) return fail('excel-error', t);
    return ok(t);
  }
  if (typeof cell === 'object' && !(cell instanceof Date)) return errorOf(cell);
  const t = textOf(cell);
  return t === '' ? EMPTY : ok(t);
}

// 4.10101E+17, 4.1e17: what Excel shows, or what a CSV export writes, for a long number.
const SCIENTIFIC = /^\d+(?:\.\d+)?E\+?\d+$/i;
const TRAILING_POINT_ZERO = /^(\d+)\.0+$/;
// Excel keeps 15 significant digits: a stored integer of 16+ digits has already lost its tail.
const EXCEL_EXACT_LIMIT = 1e15;

/**
 * Common cleaning of text in identifier fields: placeholders (incl. 无) empty, Excel's force-text
 * wrappers removed, whitespace removed everywhere. Returns the text, or undefined (empty) or a failure.
 */
function identifierText(cell: string): string | Stop {
  const t = cleanText(cell);
  if (t.length === 0 || isPlaceholder(t) || NONE_WORDS.has(t)) return EMPTY;
  if (isExcelErrorText(t)) return fail('excel-error', t);
  const u = unwrapForcedText(t);
  return /\s/.test(u) ? u.replace(/\s+/g, '') : u;
}

const ID15 = /^\d{15}$/;

/** Whether `text` is ASCII digits, one or more, its last character possibly `lastAlso` (a char code; -1: none). */
function isDigits(text: string, lastAlso: number): boolean {
  const n = text.length;
  if (n === 0) return false;
  for (let i = 0; i < n - 1; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  const c = text.charCodeAt(n - 1);
  return (c >= 0x30 && c <= 0x39) || c === lastAlso;
}

/**
 * A 15-digit first-generation ID as 18 characters, where that is defined (GB 11643: "19" before the 2-digit
 * year, check character computed; the birth date must be a real date), with a notice quoting the original.
 * Otherwise the 15 digits are kept: the ID-format rule reports them.
 */
function idDigits(t: string): CellOutcome {
  if (t.length === 15 && ID15.test(t) && birthDateFromId(t) !== undefined) {
    const upgraded = upgrade15to18(t);
    if (upgraded !== undefined) {
      return new NoticedValue(upgraded, { ruleId: 'id-number-upgraded', messageId: 'upgraded', raw: t });
    }
  }
  return ok(t);
}

/**
 * ID numbers are only cleaned here (checksum and date are rules): x → X, spaces removed. Numbers ≥ 1e15 and
 * scientific text are damaged; exact integers below that (15-digit old IDs) become their digits. 15-digit
 * IDs are upgraded to 18 characters where defined (idDigits).
 */
function coerceIdNumber(cell: CellValue | undefined): CellOutcome {
  if (cell === null || cell === undefined) return EMPTY;
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return fail('id-number-malformed', String(cell));
    if (Math.abs(cell) >= EXCEL_EXACT_LIMIT)
      return fail('stored-as-number', excelGeneralNumber(cell), 'id-number-damaged');
    if (!Number.isInteger(cell) || cell < 0) return fail('id-number-malformed', String(cell));
    return idDigits(String(cell));
  }
  if (typeof cell === 'string') {
    // Digits, perhaps with a final X, as nearly every ID is written: nothing below would change them.
    if (isDigits(cell, 0x58)) return idDigits(cell);
    const r = identifierText(cell);
    if (typeof r !== 'string') return r;
    const t = r.toUpperCase();
    if (SCIENTIFIC.test(t)) return fail('stored-as-number', t, 'id-number-damaged');
    const p = TRAILING_POINT_ZERO.exec(t);
    if (p) {
      // "410101198001010000.0" went through a float on its way into the CSV: the tail is gone.
      const digits = p[1] as string;
      return digits.length > 15 ? fail('stored-as-number', t, 'id-number-damaged') : idDigits(digits);
    }
    if (!/^[\dX]+$/.test(t)) return fail('id-number-malformed', cell.trim());
    return idDigits(t);
  }
  if (typeof cell === 'object' && !(cell instanceof Date)) return errorOf(cell);
  return fail('id-number-malformed', textOf(cell));
}

/** Phones stay strings (a rule checks ^1[3-9]\d{9}$): floats lose their ".0", spaces and dashes go. */
function coercePhone(cell: CellValue | undefined): CellOutcome {
  if (cell === null || cell === undefined) return EMPTY;
  if (typeof cell === 'number') {
    return Number.isFinite(cell) ? ok(String(noNegativeZero(cell))) : fail('not-a-number', String(cell));
  }
  if (typeof cell === 'string') {
    // Digits only, as nearly every phone number is written: nothing below would change them.
    if (isDigits(cell, -1)) return cell;
    const r = identifierText(cell);
    if (typeof r !== 'string') return r;
    const t = r.replace(/[-—–]/g, '');
    if (t.length === 0) return EMPTY;
    const p = TRAILING_POINT_ZERO.exec(t);
    return ok(p ? (p[1] as string) : t);
  }
  if (typeof cell === 'object' && !(cell instanceof Date)) return errorOf(cell);
  return ok(textOf(cell));
}

/**
 * 户编号 / 人编号: text is kept as written (leading zeros matter), minus whitespace and a float's ".0". A
 * number cell of 16+ digits was cut to 15 significant digits by Excel, exactly like an ID number, so it is
 * reported as id-number-damaged (the message names the field); a fractional number is not-an-integer.
 */
function coerceCode(cell: CellValue | undefined): CellOutcome {
  if (cell === null || cell === undefined) return EMPTY;
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return fail('not-an-integer', String(cell));
    if (Math.abs(cell) >= EXCEL_EXACT_LIMIT)
      return fail('stored-as-number', excelGeneralNumber(cell), 'id-number-damaged');
    if (!Number.isInteger(cell)) return fail('not-an-integer', String(cell));
    return ok(String(noNegativeZero(cell)));
  }
  if (typeof cell === 'string') {
    // Digits only, as most codes are written: nothing below would change them.
    if (isDigits(cell, -1)) return cell;
    const r = identifierText(cell);
    if (typeof r !== 'string') return r;
    if (SCIENTIFIC.test(r)) return fail('stored-as-number', r, 'id-number-damaged');
    const p = TRAILING_POINT_ZERO.exec(r);
    if (p) {
      const digits = p[1] as string;
      return digits.length > 15 ? fail('stored-as-number', r, 'id-number-damaged') : ok(digits);
    }
    return ok(r);
  }
  if (typeof cell === 'object' && !(cell instanceof Date)) return errorOf(cell);
  return ok(textOf(cell));
}

// ---------------------------------------------------------------------------------------------------------
// Enums

const MULTI_SEPARATOR = /[,，、;；/]/;

/**
 * Code-list lookups normalize the text (NFKC and several regexes); a column repeats a handful of values
 * over 300k rows, so each list keeps a cache of cell text → label (null = unknown). Bounded so a column of
 * free text cannot grow it without limit: once full, lookups simply stop being cached.
 */
const LABEL_CACHE_LIMIT = 4096;
const labelCaches = new Map<string, Map<string, string | null>>();

/**
 * Canonical label, or undefined when the code list does not know the value (resolveCode already matches
 * numeric codes by value: 3, 3.0 and 03 are one code).
 */
function resolveLabel(codeList: string, text: string): string | undefined {
  let cache = labelCaches.get(codeList);
  if (cache === undefined) {
    cache = new Map();
    labelCaches.set(codeList, cache);
  }
  const hit = cache.get(text);
  if (hit !== undefined) return hit ?? undefined;
  const label = resolveCode(codeList, text);
  if (cache.size < LABEL_CACHE_LIMIT) cache.set(text, label ?? null);
  return label;
}

/** The cleaned text of an enum cell, or undefined (empty) or a failure. Enums keep 无 (it may be a label). */
function enumText(cell: CellValue | undefined): string | Stop {
  if (cell === null || cell === undefined) return EMPTY;
  if (typeof cell === 'string') {
    const t = cleanText(cell);
    if (t.length === 0 || isPlaceholder(t)) return EMPTY;
    if (isExcelErrorText(t)) return fail('excel-error', t);
    return t;
  }
  if (typeof cell === 'object' && !(cell instanceof Date)) return errorOf(cell);
  const t = textOf(cell);
  return t === '' ? EMPTY : t;
}

/** Unknown values are kept as cleaned text: the code-list rule of the data-quality pack reports them. */
function coerceEnum(codeList: string | undefined, cell: CellValue | undefined): CellOutcome {
  const t = enumText(cell);
  if (typeof t !== 'string') return t;
  if (codeList === undefined) return ok(t);
  return ok(resolveLabel(codeList, t) ?? t);
}

/** Multi-valued enums: split on , ， 、 ; ； /, resolve each part, dedupe in order. Always a list. */
function coerceMultiEnum(codeList: string | undefined, cell: CellValue | undefined): CellOutcome {
  const t = enumText(cell);
  if (typeof t !== 'string') return t;
  // A label may itself hold a separator (砖石窑洞/土窑洞): try the whole text first.
  const whole = codeList === undefined ? undefined : resolveLabel(codeList, t);
  if (whole !== undefined) return ok([whole]);
  if (!MULTI_SEPARATOR.test(t)) return ok([t]);
  const out: string[] = [];
  for (const part of t.split(MULTI_SEPARATOR)) {
    const p = part.trim();
    if (p.length === 0 || isPlaceholder(p)) continue;
    const label = codeList === undefined ? p : (resolveLabel(codeList, p) ?? p);
    if (!out.includes(label)) out.push(label);
  }
  return out.length === 0 ? EMPTY : ok(out);
}

// ---------------------------------------------------------------------------------------------------------
// Dispatch

/**
 * Outcomes of one column's text cells, by cell text: a column of codes or yes/no answers repeats a handful
 * of spellings over hundreds of thousands of rows, and each costs cleaning, placeholder tests and a code-list
 * lookup otherwise. Bounded, so that a column of free text stops filling it. Only for outcomes that are not
 * mutable objects (multi-valued enums give each record its own list).
 */
const COLUMN_MEMO_LIMIT = 256;

function memoByText(coerce: ValueCoercer): ValueCoercer {
  const memo = new Map<string, CellOutcome | null>();
  return (cell) => {
    if (typeof cell !== 'string') return coerce(cell);
    const hit = memo.get(cell);
    if (hit !== undefined) return hit === null ? undefined : hit;
    const outcome = coerce(cell);
    if (memo.size < COLUMN_MEMO_LIMIT) memo.set(cell, outcome === undefined ? null : outcome);
    return outcome;
  };
}

/**
 * The record builder's coercer for one column of `field`, chosen once per column rather than per cell (each
 * call returns a new coercer: enum and yes/no columns get their own memo).
 */
export function valueCoercerFor(field: FieldDef): ValueCoercer {
  switch (field.type) {
    case 'boolean':
      return memoByText(coerceBoolean);
    case 'number':
      return (cell) => coerceNumber(cell, false);
    case 'integer':
      return (cell) => coerceNumber(cell, true);
    case 'date':
      return coerceDate;
    case 'enum': {
      const list = field.codeList;
      return field.multi === true
        ? (cell) => coerceMultiEnum(list, cell)
        : memoByText((cell) => coerceEnum(list, cell));
    }
    case 'string':
      switch (field.format) {
        case 'id-number':
          return coerceIdNumber;
        case 'phone':
          return coercePhone;
        case 'code':
          return coerceCode;
        default:
          return coerceString;
      }
  }
}

/** The coercer for one field in the public form (Coerced). */
export function coercerFor(field: FieldDef): Coercer {
  const coerce = valueCoercerFor(field);
  return (cell) => toCoerced(coerce(cell));
}

/** Coerce one cell for one field. `value: undefined` means empty. */
export function coerceValue(field: FieldDef, cell: CellValue | undefined): Coerced {
  return coercerFor(field)(cell);
}
