/** The reporter registry: format name → pure formatter (knip's arrangement). */
import { csvReporter } from './csv.js';
import { htmlReporter } from './html.js';
import { jsonReporter } from './json.js';
import { junitReporter } from './junit.js';
import { markdownReporter } from './markdown.js';
import { sarifReporter } from './sarif.js';
import { textReporter } from './text.js';
import type { FileReporter, Reporter } from './types.js';
import { xlsxReporter } from './xlsx/reporter.js';

export const REPORTERS: Readonly<Record<string, Reporter>> = {
  text: textReporter,
  json: jsonReporter,
  csv: csvReporter,
  sarif: sarifReporter,
  junit: junitReporter,
  markdown: markdownReporter,
  html: htmlReporter,
};

/** Reporters that read the inputs again and write a file per input (not a pure text formatter). */
export const FILE_REPORTERS: Readonly<Record<string, FileReporter>> = {
  xlsx: xlsxReporter,
};

export { createSarifReporter, type SarifOptions } from './sarif.js';
export { renderReport } from './types.js';
export type {
  FileReporter,
  FileReporterContext,
  FileReporterTarget,
  Reporter,
  ReporterContext,
} from './types.js';
