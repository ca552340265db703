/**
 * 汇总: the run's numbers for leaders — headline counts; villages × standards (households checked, failing,
 * pass rate) with a total row; the rules with the most findings. Every number comes from report.summary.
 */
import type { ReportView } from '../../findings/assemble.js';
import type ExcelJS from 'exceljs';
import type { Report } from '../../findings/report.js';
import { message } from '../../i18n/catalogue.js';
import type { Lang, LocalizedText } from '../../i18n/types.js';
import { HEADER_FILL, setText } from './cells.js';

/** How many rules the top-rules table lists. */
export const TOP_RULES = 10;

const PERCENT = '0.0%';

export function writeSummarySheet(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  sheetName: string,
  report: ReportView,
  lang: Lang,
  ruleTitles: ReadonlyMap<string, LocalizedText>,
): void {
  const worksheet = workbook.addWorksheet(sheetName);
  const summary = report.summary;
  const standards = summary.standards;
  const t = (id: string, data?: Record<string, unknown>) => message(`xlsx.summary.${id}`, lang, data);
  worksheet.columns = [
    { width: 14 },
    { width: 14 },
    ...Array.from({ length: Math.max(4, 3 + standards.length * 3) }, () => ({ width: 11 })),
  ];
  let r = 1;
  const row = () => worksheet.getRow(r++);

  const title = row();
  title.getCell(1).value = t('title');
  title.getCell(1).font = { bold: true, size: 14 };
  title.commit();
  const scope = row();
  scope.getCell(1).value = t('scope', {
    files: report.inputs.length,
    year: report.params.year,
    date: report.params.assessment_date,
  });
  scope.commit();
  r++;

  // Headline numbers.
  const headline: [string, number][] = [
    ['persons', summary.persons],
    ['households', summary.households],
    ['failing-households', summary.byArea.reduce((n, a) => n + a.failingHouseholds, 0)],
    ['errors', summary.errors],
    ['warnings', summary.warnings],
    ['infos', summary.infos],
  ];
  const labels = row();
  const numbers = row();
  headline.forEach(([id, value], i) => {
    header(labels.getCell(i + 1), t(id));
    numbers.getCell(i + 1).value = value;
  });
  labels.commit();
  numbers.commit();
  r++;

  // Villages × standards.
  const section = row();
  section.getCell(1).value = t('by-area');
  section.getCell(1).font = { bold: true, size: 12 };
  section.commit();
  const top = row();
  const sub = row();
  const areaLabels = ['township', 'village', 'persons', 'households', 'failing-households'];
  areaLabels.forEach((id, i) => {
    const label = id === 'township' || id === 'village' ? message(`xlsx.col.${id}`, lang) : t(id);
    header(top.getCell(i + 1), label);
    header(sub.getCell(i + 1), '');
    worksheet.mergeCells(top.number, i + 1, sub.number, i + 1);
  });
  const first = areaLabels.length + 1;
  standards.forEach((s, k) => {
    const col = first + k * 3;
    header(top.getCell(col), ruleTitles.get(s.ruleId)?.[lang] ?? s.ruleId);
    header(top.getCell(col + 1), '');
    header(top.getCell(col + 2), '');
    worksheet.mergeCells(top.number, col, top.number, col + 2);
    header(sub.getCell(col), t('checked'));
    header(sub.getCell(col + 1), t('failing'));
    header(sub.getCell(col + 2), t('pass-rate'));
  });
  top.commit();
  sub.commit();
  for (const area of summary.byArea) {
    const line = row();
    setText(line.getCell(1), area.township);
    setText(line.getCell(2), area.village);
    line.getCell(3).value = area.persons;
    line.getCell(4).value = area.households;
    line.getCell(5).value = area.failingHouseholds;
    standards.forEach((s, k) => {
      const count = area.standards[s.ruleId] ?? { checked: 0, failing: 0 };
      writeRate(line, first + k * 3, count.checked, count.failing, passRate(count.checked, count.failing));
    });
    line.commit();
  }
  const total = row();
  total.getCell(1).value = t('total');
  total.getCell(3).value = summary.persons;
  total.getCell(4).value = summary.households;
  total.getCell(5).value = summary.byArea.reduce((n, a) => n + a.failingHouseholds, 0);
  standards.forEach((s, k) => writeRate(total, first + k * 3, s.checked, s.failing, s.passRate));
  total.eachCell((cell) => (cell.font = { bold: true }));
  total.commit();
  if (standards.length === 0) {
    const none = row();
    none.getCell(1).value = t('no-standards');
    none.commit();
  }
  r++;

  // Top rules.
  const topTitle = row();
  topTitle.getCell(1).value = t('top-rules');
  topTitle.getCell(1).font = { bold: true, size: 12 };
  topTitle.commit();
  const topHeader = row();
  [
    message('xlsx.col.rule', lang),
    message('xlsx.col.rule-id', lang),
    message('xlsx.col.severity', lang),
    t('count'),
    t('rule-households'),
  ].forEach((label, i) => header(topHeader.getCell(i + 1), label));
  topHeader.commit();
  const rules = topRules(report);
  if (rules.length === 0) {
    const none = row();
    none.getCell(1).value = t('none');
    none.commit();
  }
  for (const [ruleId, entry] of rules) {
    const line = row();
    line.getCell(1).value = ruleTitles.get(ruleId)?.[lang] ?? ruleId;
    line.getCell(2).value = ruleId;
    line.getCell(3).value = message(`report.severity.${entry.severity}`, lang);
    line.getCell(4).value = entry.count;
    line.getCell(5).value = entry.households;
    line.commit();
  }
  worksheet.commit();
}

/** The rules with the most findings (exact counts), ties by rule id. */
export function topRules(report: ReportView): [string, Report['summary']['byRule'][string]][] {
  return Object.entries(report.summary.byRule)
    .sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, TOP_RULES);
}

/** The pass rate as the report computes it: 4 decimals, null when nothing was checked. */
export function passRate(checked: number, failing: number): number | null {
  return checked === 0 ? null : Math.round(((checked - failing) / checked) * 10_000) / 10_000;
}

function writeRate(line: ExcelJS.Row, col: number, checked: number, failing: number, rate: number | null) {
  line.getCell(col).value = checked;
  line.getCell(col + 1).value = failing;
  const cell = line.getCell(col + 2);
  cell.value = rate;
  cell.numFmt = PERCENT;
}

function header(cell: ExcelJS.Cell, text: string): void {
  cell.value = text;
  cell.style = HEADER_STYLE;
}

const HEADER_STYLE: Partial<ExcelJS.Style> = {
  font: { bold: true },
  fill: HEADER_FILL,
  alignment: { vertical: 'middle', horizontal: 'center', wrapText: true },
};
