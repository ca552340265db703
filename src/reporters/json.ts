import type { Reporter } from './types.js';

/** The JSON contract (docs/report.schema.json). Byte-identical for identical inputs: no timestamps, sorted. */
export const jsonReporter: Reporter = (report) => `${JSON.stringify(report, null, 2)}\n`;
