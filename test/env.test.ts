import { describe, expect, it } from 'vitest';
import { envWholeNumber } from '../src/env.js';

describe('envWholeNumber', () => {
  it('reads digits only, else nothing', () => {
    expect(envWholeNumber({ N: '12' }, 'N')).toBe(12);
    expect(envWholeNumber({ N: '0' }, 'N')).toBe(0);
    for (const value of ['', '-1', '1.5', '1e3', ' 7', 'many', undefined]) {
      expect(envWholeNumber({ N: value }, 'N')).toBeUndefined();
    }
  });
});
