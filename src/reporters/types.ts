import type { ReportView } from '../findings/assemble.js';
import type { Lang, LocalizedText } from '../i18n/types.js';
import type { TextEncoding } from '../io/types.js';

export interface ReporterContext {
  readonly lang: Lang;
  readonly color: boolean;
  /** Rule titles by id (pack rules and built-in finding types), for summaries. */
  readonly ruleTitles: ReadonlyMap<string, LocalizedText>;
  /** --summary: add the summary by township and village (reporters that always show it ignore this). */
  readonly summary?: boolean;
  /** Rule id → documentation page (docs/rules/<pack>/<rule>.md); rules not in it are in docs/rules.md. */
  readonly ruleDocs?: ReadonlyMap<string, string>;
  /** Set when --max-warnings was exceeded, so the reporter can say why the run failed. */
  readonly maxWarningsExceeded?: { readonly warnings: number; readonly max: number };
}

/**
 * A reporter is a pure function from the report to the text of the output file or stream, in chunks: the
 * caller writes them as they come (report.findings may be a lazy list read from the finding store), so a report
 * of a million findings is never one string. renderReport joins them, for tests and small reports.
 */
export type Reporter = (report: ReportView, context: ReporterContext) => Iterable<string>;

/** The whole output of a reporter as one string. */
export function renderReport(reporter: Reporter, report: ReportView, context: ReporterContext): string {
  let text = '';
  for (const chunk of reporter(report, context)) text += chunk;
  return text;
}

/** Where a file reporter writes the output for one input. */
export interface FileReporterTarget {
  /** The input file as given on the command line (report.inputs[].file): read, never written. */
  readonly input: string;
  /** The file to write; the caller renames it into place afterwards (atomic write). */
  readonly file: string;
}

export interface FileReporterContext extends ReporterContext {
  /** --encoding: how to decode a CSV input when it is read again. */
  readonly encoding?: TextEncoding;
}

/**
 * A reporter that needs more than the report: it reads an input again and writes a binary file for it (the
 * annotated workbook). One output per input file, named `<input basename><suffix>` when the user names a
 * directory.
 */
export interface FileReporter {
  readonly kind: 'file';
  readonly suffix: string;
  write(report: ReportView, context: FileReporterContext, target: FileReporterTarget): Promise<void>;
}

/** A message of the catalogue in the report's language (`message(id, context.lang, data)`). */
export type Translate = (id: string, data?: Record<string, unknown>) => string;
