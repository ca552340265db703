/**
 * Numbers read straight from the characters of a sheet chunk, for the scanner's plain cells
 * (xlsx-sheet-scanner.ts): a shared-string index or a stored number without cutting its text out of the chunk
 * first. Only the forms where this gives exactly what `Number(text)` gives are read here (see each function);
 * any other text gets NaN or -1, and the caller falls back to `Number` on the text.
 */

/** Most digits read here: every whole number of 15 digits is below 2^53, so it is held exactly. */
const MAX_DIGITS = 15;

/** 10^0 … 10^15, each exact in a double. */
const POWERS_OF_TEN = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/** The whole number written in s[start, end) as 1 to 15 digits 0–9 (a shared-string index); -1 otherwise. */
export function digitsAt(s: string, start: number, end: number): number {
  if (end <= start || end - start > MAX_DIGITS) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const d = s.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/**
 * The number written in s[start, end) as `-?digits(.digits)?` with at most 15 digits in all; NaN for any
 * other text (an exponent, white space, a sign `+`, more digits …).
 *
 * Exactly `Number(text)`: the digits without the point make a whole number m below 2^53, held exactly, and
 * 10^k (k the digits after the point, at most 15) is exact too; one IEEE division m / 10^k is then rounded
 * correctly, to the double nearest the decimal, which is what `Number` gives (Clinger's fast path). A minus
 * sign keeps the zero negative (`-0`), as `Number('-0')` does.
 */
export function decimalAt(s: string, start: number, end: number): number {
  let i = start;
  const negative = s.charCodeAt(i) === 0x2d;
  if (negative) i++;
  let mantissa = 0;
  let digits = 0;
  let point = -1;
  for (; i < end; i++) {
    const d = s.charCodeAt(i) - 0x30;
    if (d >= 0 && d <= 9) {
      mantissa = mantissa * 10 + d;
      digits++;
    } else if (d === -2 && point < 0) {
      // "." (0x2e): once, with a digit on each side (checked below).
      point = digits;
    } else return NaN;
  }
  if (digits === 0 || digits > MAX_DIGITS || point === 0 || point === digits) return NaN;
  const value = point < 0 ? mantissa : mantissa / (POWERS_OF_TEN[digits - point] as number);
  return negative ? -value : value;
}
