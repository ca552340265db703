import { describe, expect, it } from 'vitest';
import { columnIndex, columnLetter } from '../../src/io/columns.js';

describe('column letters', () => {
  it.each([
    [0, 'A'],
    [25, 'Z'],
    [26, 'AA'],
    [27, 'AB'],
    [51, 'AZ'],
    [52, 'BA'],
    [701, 'ZZ'],
    [702, 'AAA'],
    [16383, 'XFD'],
  ])('%i ⇄ %s', (index, letter) => {
    expect(columnLetter(index)).toBe(letter);
    expect(columnIndex(letter)).toBe(index);
  });

  it('round-trips and accepts lower case', () => {
    for (let i = 0; i < 20000; i += 37) expect(columnIndex(columnLetter(i))).toBe(i);
    expect(columnIndex('xfd')).toBe(16383);
  });

  it('rejects what is not a column', () => {
    expect(() => columnLetter(-1)).toThrow(RangeError);
    expect(() => columnLetter(1.5)).toThrow(RangeError);
    expect(() => columnIndex('')).toThrow(RangeError);
    expect(() => columnIndex('A1')).toThrow(RangeError);
  });
});
