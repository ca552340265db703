/** The reporter registry: format name → pure formatter (knip's arrangement). */
import { csvReporter } from './csv.js';
import { htmlReporter } from './html.js';
import { jsonReporter } from './json.js';
import { junitReporter } from './junit.js';
import { markdownReporter } from './markdown.js';
import { sarifReporter } from './sarif.js';
import { textReporter } from './text.js';
import type { Reporter } from './types.js';

export const REPORTERS: Readonly<Record<string, Reporter>> = {
  text: textReporter,
  json: jsonReporter,
  csv: csvReporter,
  sarif: sarifReporter,
  junit: junitReporter,
  markdown: markdownReporter,
  html: htmlReporter,
};

export { createSarifReporter, type SarifOptions } from './sarif.js';
export type { Reporter, ReporterContext } from './types.js';
