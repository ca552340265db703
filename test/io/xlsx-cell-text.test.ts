/**
 * Numbers read from the characters of a sheet chunk (src/io/xlsx-cell-text.ts) must be exactly what `Number`
 * gives for the same text whenever they are read at all, and decline (NaN, -1) whatever they do not read.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalAt, digitsAt } from '../../src/io/xlsx-cell-text.js';

/** Text embedded in other characters, as it is in a chunk: [before, text, after] → (s, start, end). */
function embedded(text: string): [string, number, number] {
  return [`<v>${text}</v>`, 3, 3 + text.length];
}

/** Decimal-looking text: signs, digits, points and the odd other character, up to 20 characters. */
const numberLike = fc.string({
  unit: fc.constantFrom('0', '1', '2', '5', '7', '9', '.', '-', '+', 'e', 'E', ' ', 'x', '\r'),
  maxLength: 20,
});

/** Well-formed decimals of up to 17 digits (some over the 15 read here). */
const decimal = fc
  .tuple(
    fc.boolean(),
    fc.stringMatching(/^[0-9]{1,10}$/),
    fc.option(fc.stringMatching(/^[0-9]{1,7}$/), { nil: undefined }),
  )
  .map(([negative, whole, fraction]) => `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`);

describe('decimalAt', () => {
  it('is Number(text) or declines, on any decimal-looking text', () => {
    fc.assert(
      fc.property(fc.oneof(numberLike, decimal), (text) => {
        const read = decimalAt(...embedded(text));
        if (!Number.isNaN(read)) expect(Object.is(read, Number(text)), text).toBe(true);
      }),
      { numRuns: 20_000, seed: 20261122 },
    );
  });

  it('reads the forms a ledger stores, negative zero included', () => {
    for (const text of [
      '0',
      '7',
      '2020',
      '14640.71',
      '0.25',
      '-3.5',
      '-0',
      '-0.0',
      '007',
      '123456789012345',
    ]) {
      expect(Object.is(decimalAt(...embedded(text)), Number(text)), text).toBe(true);
    }
    // The classic cases where a naive digit-by-digit sum rounds differently from Number.
    for (const text of ['0.1', '0.3', '1.005', '9007.19925474099', '0.00000000000001']) {
      expect(Object.is(decimalAt(...embedded(text)), Number(text)), text).toBe(true);
    }
  });

  it('declines what it does not read exactly', () => {
    for (const text of [
      '',
      '-',
      '.',
      '1.',
      '.5',
      '1e3',
      ' 1',
      '1 ',
      '+1',
      '1.2.3',
      '0x10',
      '1234567890123456',
      'NaN',
    ]) {
      expect(decimalAt(...embedded(text)), text).toBeNaN();
    }
  });
});

describe('digitsAt', () => {
  it('is Number(text) for 1 to 15 digits and -1 otherwise', () => {
    fc.assert(
      fc.property(fc.oneof(numberLike, fc.stringMatching(/^[0-9]{0,18}$/)), (text) => {
        const read = digitsAt(...embedded(text));
        if (/^[0-9]{1,15}$/.test(text)) expect(read).toBe(Number(text));
        else expect(read).toBe(-1);
      }),
      { numRuns: 20_000, seed: 20261122 },
    );
  });
});
