/** The reader thread's V8 limits (io/reader-limits.ts): a smaller young generation by default, no old limit. */
import { describe, expect, it } from 'vitest';
import {
  READER_YOUNG_ENV,
  READER_YOUNG_GENERATION_MB,
  readerResourceLimits,
} from '../../src/io/reader-limits.js';

describe('readerResourceLimits', () => {
  it('limits the young generation only', () => {
    expect(readerResourceLimits({})).toEqual({ maxYoungGenerationSizeMb: READER_YOUNG_GENERATION_MB });
    expect(READER_YOUNG_GENERATION_MB).toBeLessThan(48);
  });

  it(`takes ${READER_YOUNG_ENV} in MiB, 0 for V8's default, and ignores anything else`, () => {
    expect(readerResourceLimits({ [READER_YOUNG_ENV]: '24' })).toEqual({ maxYoungGenerationSizeMb: 24 });
    expect(readerResourceLimits({ [READER_YOUNG_ENV]: '0' })).toEqual({});
    expect(readerResourceLimits({ [READER_YOUNG_ENV]: 'big' })).toEqual({
      maxYoungGenerationSizeMb: READER_YOUNG_GENERATION_MB,
    });
  });
});
