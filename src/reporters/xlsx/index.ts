/**
 * `--format xlsx`: the auditor's deliverable, one workbook per input — a copy of the input with every cell
 * that has a finding filled by severity and commented (批注) with its findings, then 问题清单 (the findings
 * with links to their cells) and 汇总 (the run's summary). Written with exceljs's streaming WorkbookWriter
 * from its streaming reader: memory does not grow with the rows (see BENCHMARKS.md).
 */
import ExcelJS from 'exceljs';
import type { ReportFinding } from '../../findings/report.js';
import { message } from '../../i18n/catalogue.js';
import type { Lang } from '../../i18n/types.js';
import type { FileReporter } from '../types.js';
import { findingsOf, householdColumns, indexAnnotations } from './annotations.js';
import { uniqueSheetName } from './cells.js';
import { copyInput } from './copy.js';
import { writeFindingsSheet } from './findings-sheet.js';
import { writeSummarySheet } from './summary-sheet.js';

/** The annotated workbook of one input (the registry's xlsxReporter loads this module when it is needed). */
export const writeWorkbook: FileReporter['write'] = async (report, context, target) => {
  const findings = findingsOf(report, target.input);
  const householdColumn = householdColumns(report, target.input);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: target.file,
    useStyles: true,
    // Inline strings: a shared-strings table would hold every distinct ID number in memory.
    useSharedStrings: false,
  });
  const copied = await copyInput(
    workbook,
    target.input,
    context.encoding,
    indexAnnotations(findings, householdColumn),
    (cellFindings) => noteText(cellFindings, context.lang),
  );
  const taken = new Set(copied.map((s) => s.name));
  const findingsName = uniqueSheetName(message('xlsx.sheet.findings', context.lang), taken);
  taken.add(findingsName);
  writeFindingsSheet(
    workbook,
    findingsName,
    findings,
    copied,
    householdColumn,
    context.lang,
    context.ruleTitles,
  );
  const summaryName = uniqueSheetName(message('xlsx.sheet.summary', context.lang), taken);
  writeSummarySheet(workbook, summaryName, report, context.lang, context.ruleTitles);
  await workbook.commit();
};

/** The comment of a cell: one line per finding, in report order. */
export function noteText(findings: readonly ReportFinding[], lang: Lang): string {
  return findings
    .map((f) =>
      message('xlsx.note.line', lang, {
        severity: message(`report.severity.${f.severity}`, lang),
        message: f.message,
        rule: f.ruleId,
      }),
    )
    .join('\n');
}
