/**
 * 公民身份号码 (GB 11643-1999) and 残疾人证号 helpers. Pure: no clock is read; callers that want "not born in
 * the future" pass the reference date (usually the ledger's data date).
 *
 * Layout of an 18-character ID: 6 region digits, 8 birth-date digits (YYYYMMDD), 3 sequence digits (the last
 * of which is odd for men), 1 check character. A 残疾人证号 is the 18-character ID followed by the 残疾类别
 * (1–7) and 残疾等级 (1–4). Old 15-digit IDs have a 2-digit year (always 19xx) and no check character.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

const ID18 = /^\d{17}[\dX]$/;
const ID15 = /^\d{15}$/;
const DIGITS17 = /^\d{17}$/;

/** Why an ID number is not valid, for rules that want a specific message. */
export type IdNumberProblem = 'length' | 'characters' | 'birth-date' | 'checksum' | 'disability-suffix';

export interface IdCheckOptions {
  /**
   * 'YYYY-MM-DD'; a birth date after it is invalid. Without it only the calendar and the year range
   * (1900 ≤ year ≤ 2099) are checked, so the result does not depend on the day the check runs.
   */
  readonly referenceDate?: string;
}

/** The GB 11643 check character for the first 17 digits. Throws on anything but 17 ASCII digits. */
export function checksumChar(first17: string): string {
  if (!DIGITS17.test(first17)) throw new RangeError(`checksumChar needs 17 digits, got "${first17}"`);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * (WEIGHTS[i] as number);
  return CHECK_CHARS[sum % 11] as string;
}

/** Real calendar date with 1900 ≤ year ≤ 2099, given as 8 digits YYYYMMDD. */
function isPlausibleBirth(yyyymmdd: string, referenceDate: string | undefined): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (year < 1900 || year > 2099 || month < 1 || month > 12 || day < 1) return false;
  if (day > daysInMonth(year, month)) return false;
  if (referenceDate !== undefined) {
    // Both sides are zero-padded YYYYMMDD, so string order is date order.
    const ref = referenceDate.replaceAll('-', '');
    if (yyyymmdd > ref) return false;
  }
  return true;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * The first problem found in an 18-character ID or a 20-character 残疾人证号, or null when valid.
 * Expects a cleaned value (see coerceValue: spaces stripped, x upper-cased). 15-digit IDs report 'length':
 * upgrade them with upgrade15to18 first if a rule accepts them.
 */
export function idNumberProblem(id: string, options: IdCheckOptions = {}): IdNumberProblem | null {
  if (id.length !== 18 && id.length !== 20) return 'length';
  const base = id.slice(0, 18);
  if (!ID18.test(base)) return 'characters';
  if (id.length === 20) {
    const category = id.charCodeAt(18) - 48;
    const grade = id.charCodeAt(19) - 48;
    if (!(category >= 1 && category <= 7 && grade >= 1 && grade <= 4)) return 'disability-suffix';
  }
  if (!isPlausibleBirth(base.slice(6, 14), options.referenceDate)) return 'birth-date';
  if (checksumChar(base.slice(0, 17)) !== base[17]) return 'checksum';
  return null;
}

/** 18-character ID or 20-character 残疾人证号 with a real birth date and a correct check character. */
export function isValidIdNumber(id: string, options: IdCheckOptions = {}): boolean {
  return idNumberProblem(id, options) === null;
}

/** Birth date digits of an 18/20-character or 15-digit ID, unchecked. */
function birthDigits(id: string): string | undefined {
  if (id.length === 18 || id.length === 20) {
    const d = id.slice(6, 14);
    return /^\d{8}$/.test(d) ? d : undefined;
  }
  if (ID15.test(id)) return `19${id.slice(6, 12)}`;
  return undefined;
}

/** 'YYYY-MM-DD' from an 18/20-character or 15-digit ID; undefined when the digits are not a real date. */
export function birthDateFromId(id: string): string | undefined {
  const d = birthDigits(id);
  if (d === undefined || !isPlausibleBirth(d, undefined)) return undefined;
  return `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;
}

/** Sex from the last sequence digit (17th of 18, 15th of 15): odd = 男, even = 女. */
export function sexFromId(id: string): '男' | '女' | undefined {
  let c: number;
  if (id.length === 18 || id.length === 20) c = id.charCodeAt(16) - 48;
  else if (id.length === 15) c = id.charCodeAt(14) - 48;
  else return undefined;
  if (c < 0 || c > 9) return undefined;
  return c % 2 === 1 ? '男' : '女';
}

/** A 15-digit ID as 18 characters: '19' inserted before the year, check character appended. */
export function upgrade15to18(id15: string): string | undefined {
  if (!ID15.test(id15)) return undefined;
  const first17 = `${id15.slice(0, 6)}19${id15.slice(6)}`;
  return first17 + checksumChar(first17);
}

/**
 * A synthetic valid ID for fixtures and tests (never use real ones). seq3 is the 3-digit sequence; its last
 * digit decides the sex (odd = 男). Throws on malformed input; the date is not checked.
 */
export function makeIdNumber(regionCode6: string, birth: string, seq3: string | number): string {
  const seq = typeof seq3 === 'number' ? String(seq3).padStart(3, '0') : seq3;
  const first17 = `${regionCode6}${birth}${seq}`;
  if (!DIGITS17.test(first17) || regionCode6.length !== 6 || birth.length !== 8) {
    throw new RangeError(`makeIdNumber: bad parts ${regionCode6}/${birth}/${seq}`);
  }
  return first17 + checksumChar(first17);
}
