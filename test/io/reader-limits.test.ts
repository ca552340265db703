/** The reader thread's V8 limits (io/reader-limits.ts): V8's defaults unless set for an experiment, no old limit. */
import { describe, expect, it } from 'vitest';
import {
  READER_YOUNG_ENV,
  READER_YOUNG_GENERATION_MB,
  readerResourceLimits,
} from '../../src/io/reader-limits.js';

describe('readerResourceLimits', () => {
  it("uses V8's defaults unless the setting is given", () => {
    expect(READER_YOUNG_GENERATION_MB).toBe(0);
    expect(readerResourceLimits({})).toEqual({});
  });

  it(`takes ${READER_YOUNG_ENV} in MiB, 0 for V8's default, and ignores anything else`, () => {
    expect(readerResourceLimits({ [READER_YOUNG_ENV]: '24' })).toEqual({ maxYoungGenerationSizeMb: 24 });
    expect(readerResourceLimits({ [READER_YOUNG_ENV]: '0' })).toEqual({});
    expect(readerResourceLimits({ [READER_YOUNG_ENV]: 'big' })).toEqual({});
  });
});
