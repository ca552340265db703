import type { Report } from '../findings/report.js';
import type { Lang, LocalizedText } from '../i18n/types.js';

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

/** A reporter is a pure function from the report to the text of the output file or stream. */
export type Reporter = (report: Report, context: ReporterContext) => string;
