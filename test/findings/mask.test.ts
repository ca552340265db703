import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskPii } from '../../src/findings/mask.js';

describe('maskPii', () => {
  it('masks 18- and 20-character IDs and mobile numbers inside text', () => {
    expect(maskPii('证件号码“45102619570708022X”校验位错误')).toBe('证件号码“4510**********022X”校验位错误');
    expect(maskPii('45102619570708022341')).toBe('4510************2341');
    expect(maskPii('“45102619901121768”格式不正确')).toBe('“4510*********1768”格式不正确');
    expect(maskPii('户联系电话“13812345678”')).toBe('户联系电话“138****5678”');
  });

  it('leaves household IDs, incomes, dates and short numbers alone', () => {
    for (const s of [
      '户 451026101001002',
      '410101800101001',
      '人均纯收入 10926.35 元',
      '2020-12-31',
      '第 57 行',
      '1380000000',
    ]) {
      expect(maskPii(s)).toBe(s);
    }
  });

  it('never lets the middle digits of an ID through', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[1-6]\d{16}[\dX]$/), (id) => {
        expect(maskPii(`“${id}”`)).toBe(`“${id.slice(0, 4)}${'*'.repeat(10)}${id.slice(-4)}”`);
      }),
    );
  });
});
