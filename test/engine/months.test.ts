import { describe, expect, it } from 'vitest';
import { monthIndex } from '../../src/engine/months.js';

describe('monthIndex', () => {
  it('reads the YYYYMM form of 监测 exports and other spellings of a month', () => {
    const march2022 = 2022 * 12 + 2;
    for (const text of [
      '202203',
      '2022-03',
      '2022-3',
      '2022.3',
      '2022/03',
      '2022年3月',
      '2022-03-15',
      '20220315',
      '2022年3月15日',
    ]) {
      expect(monthIndex(text), text).toBe(march2022);
    }
  });

  it('gives −1 for text that is not a month', () => {
    for (const text of ['', '2022', '202213', '2022-00', '1850-01', 'abc', '2022-03-15-01', '3月']) {
      expect(monthIndex(text), text).toBe(-1);
    }
  });
});
