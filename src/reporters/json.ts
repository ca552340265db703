import { arrayMarker, stringifyWithArray } from './json-stream.js';
import type { Reporter } from './types.js';

/**
 * The JSON contract (docs/report.schema.json). Byte-identical for identical inputs: no timestamps, sorted.
 * Streamed (json-stream.ts): the same bytes as `JSON.stringify(report, null, 2)` without holding the findings.
 */
export const jsonReporter: Reporter = function* (report) {
  yield* stringifyWithArray({ ...report, findings: arrayMarker }, 'findings', report.findings);
  yield '\n';
};
