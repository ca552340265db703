/**
 * 问题清单: one row per finding of the input, in report order, each with a link to the annotated cell;
 * header frozen, autofilter over every column.
 */
import type ExcelJS from 'exceljs';
import type { ReportFinding } from '../../findings/report.js';
import { message } from '../../i18n/catalogue.js';
import type { Lang, LocalizedText } from '../../i18n/types.js';
import { anchorCell, sheetKey } from './annotations.js';
import { HEADER_FILL, cellLink, setText, severityFill, writeInternalLinksAsLocations } from './cells.js';
import type { CopiedSheet } from './copy.js';

/** The columns, in order, with their catalogue label and width. */
export const FINDINGS_COLUMNS = [
  ['township', 12],
  ['village', 12],
  ['household', 18],
  ['head', 10],
  ['name', 10],
  ['sheet', 12],
  ['row', 7],
  ['column', 6],
  ['rule', 28],
  ['severity', 9],
  ['message', 60],
  ['cell', 16],
  ['rule-id', 30],
] as const;

export type FindingsColumn = (typeof FINDINGS_COLUMNS)[number][0];

export function writeFindingsSheet(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  sheetName: string,
  findings: readonly ReportFinding[],
  copied: readonly CopiedSheet[],
  householdColumn: ReadonlyMap<string, string>,
  lang: Lang,
  ruleTitles: ReadonlyMap<string, LocalizedText>,
): void {
  const worksheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  writeInternalLinksAsLocations(worksheet);
  worksheet.columns = FINDINGS_COLUMNS.map(([, width]) => ({ width }));
  const copiedName = new Map(copied.map((s) => [sheetKey(s.source), s.name]));

  const header = worksheet.getRow(1);
  FINDINGS_COLUMNS.forEach(([key], i) => {
    const cell = header.getCell(i + 1);
    cell.value = message(`xlsx.col.${key}`, lang);
    cell.style = HEADER_STYLE;
  });
  header.commit();

  findings.forEach((f, i) => {
    const row = worksheet.getRow(i + 2);
    const values: Record<FindingsColumn, string | number | null> = {
      township: f.township,
      village: f.village,
      household: f.householdId,
      head: f.headName,
      name: f.name,
      sheet: copiedName.get(sheetKey(f.sheet)) ?? f.sheet,
      row: f.row,
      column: f.column,
      rule: ruleTitles.get(f.ruleId)?.[lang] ?? f.ruleId,
      severity: message(`report.severity.${f.severity}`, lang),
      message: f.message,
      cell: null,
      'rule-id': f.ruleId,
    };
    FINDINGS_COLUMNS.forEach(([key], j) => {
      const cell = row.getCell(j + 1);
      const value = values[key];
      if (typeof value === 'number') cell.value = value;
      else setText(cell, value);
    });
    row.getCell(columnOf('severity')).fill = severityFill(f.severity);
    const target = copiedName.get(sheetKey(f.sheet));
    if (target !== undefined) {
      const anchor = anchorCell(f, householdColumn);
      const address = anchor ? `${anchor.column}${anchor.row}` : 'A1';
      const link = row.getCell(columnOf('cell'));
      link.value = { text: `${target}!${address}`, hyperlink: cellLink(target, address) };
      link.style = LINK_STYLE;
    }
    row.commit();
  });
  const last = FINDINGS_COLUMNS.length;
  worksheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: last } };
  worksheet.commit();
}

export function columnOf(key: FindingsColumn): number {
  return FINDINGS_COLUMNS.findIndex(([k]) => k === key) + 1;
}

const HEADER_STYLE: Partial<ExcelJS.Style> = {
  font: { bold: true },
  fill: HEADER_FILL,
  alignment: { vertical: 'middle' },
};
const LINK_STYLE: Partial<ExcelJS.Style> = { font: { color: { argb: 'FF0563C1' }, underline: true } };
