/** The reporter registry: format name → pure formatter (knip's arrangement). */
import { jsonReporter } from './json.js';
import { textReporter } from './text.js';
import type { Reporter } from './types.js';

export const REPORTERS: Readonly<Record<string, Reporter>> = {
  text: textReporter,
  json: jsonReporter,
};

export type { Reporter, ReporterContext } from './types.js';
