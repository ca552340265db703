/** Excel column letters ⇄ 0-based column indexes (cells[0] is column A). */

/** 0 → "A", 25 → "Z", 26 → "AA", 16383 → "XFD". */
export function columnLetter(index0: number): string {
  if (!Number.isInteger(index0) || index0 < 0) throw new RangeError(`invalid column index: ${index0}`);
  let n = index0 + 1;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** "A" → 0, "z" → 25, "AA" → 26. Throws on anything that is not a column name. */
export function columnIndex(letter: string): number {
  if (!/^[A-Za-z]{1,7}$/.test(letter)) throw new RangeError(`invalid column letter: ${letter}`);
  let n = 0;
  for (const ch of letter.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}
