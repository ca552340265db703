/**
 * The finding list for spreadsheets: one row per finding of the report, in report order.
 *
 * - UTF-8 with a byte-order mark: without it Excel (and WPS) on Chinese Windows read a CSV as GBK and every
 *   Chinese character turns into mojibake.
 * - CRLF line ends and RFC 4180 quoting (only where needed; quotes doubled), a line end after the last row.
 * - Headers in the report language from the message catalogue; severity and field as labels in that language
 *   (the field key when the dictionary does not know it); the rule as its stable id.
 * - Every cell goes through the formula-injection guard (escape.ts): ledger text reaches the cells.
 *
 * Excel shows long digit strings (户编号) in scientific notation when it opens a CSV directly: a limit of the
 * format (a CSV cell cannot be marked as text); import with 数据 › 自文本/CSV and a text column, or use xlsx.
 */
import { fieldByKey } from '../dictionary/index.js';
import type { ReportFinding } from '../findings/report.js';
import { message } from '../i18n/catalogue.js';
import type { Lang } from '../i18n/types.js';
import { csvCell } from './escape.js';
import type { Reporter } from './types.js';

const BOM = '\uFEFF';
const EOL = '\r\n';

export const CSV_COLUMNS = [
  'file',
  'sheet',
  'row',
  'column',
  'township',
  'village',
  'household',
  'rule',
  'severity',
  'field',
  'message',
] as const;

/** Characters gathered before a chunk is handed on. */
const CHUNK = 1 << 16;

export const csvReporter: Reporter = function* (report, context) {
  let batch = `${BOM}${CSV_COLUMNS.map((c) => csvCell(message(`report.col.${c}`, context.lang))).join(',')}${EOL}`;
  for (const f of report.findings) {
    batch += `${csvRow(f, context.lang).map(csvCell).join(',')}${EOL}`;
    if (batch.length >= CHUNK) {
      yield batch;
      batch = '';
    }
  }
  yield batch;
};

function csvRow(f: ReportFinding, lang: Lang): (string | number | null)[] {
  return [
    f.file,
    f.sheet,
    f.row,
    f.column,
    f.township,
    f.village,
    f.householdId,
    f.ruleId,
    message(`report.severity.${f.severity}`, lang),
    f.field === null ? null : (fieldByKey(f.field)?.[lang] ?? f.field),
    f.message,
  ];
}
