import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/summary-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // No pack cache in the suite (a test would read another run's entries): test/packs/cache.test.ts passes its
    // own directories, to the functions and to the CLI processes it starts.
    env: { LEDGERLINT_PACK_CACHE: '0' },
  },
});
