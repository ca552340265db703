/**
 * Which cell of the copied workbook each finding annotates. Pure: the report in, a lookup by sheet, row and
 * column out.
 *
 * - A finding with a row and a column annotates that cell.
 * - A finding with a row but no column (household- or row-level without a field) annotates the row's 户编号
 *   cell, else its first cell (A): where an auditor looks for the household.
 * - A finding without a row (file and header findings) annotates no cell; it is listed in 问题清单 only.
 */
import type { ReportView } from '../../findings/assemble.js';
import type { ReportFinding } from '../../findings/report.js';
import type { Severity } from '../../findings/types.js';

export interface CellAnnotation {
  readonly column: string;
  readonly findings: ReportFinding[];
}

/** Sheet key ('' for a CSV's one table) → row → the annotated cells of that row. */
export type AnnotationIndex = Map<string, Map<number, Map<string, CellAnnotation>>>;

export function sheetKey(sheet: string | null): string {
  return sheet ?? '';
}

/**
 * The findings of one input, in report order. They are held while that input's workbook is written (one file's
 * findings, read from the finding store; the other inputs' findings are skipped, not kept).
 */
export function findingsOf(report: ReportView, input: string): ReportFinding[] {
  const found: ReportFinding[] = [];
  for (const f of report.findings) {
    if (f.file === input) found.push(f);
    // Report order keeps a file's findings together: the rest belongs to later inputs.
    else if (found.length > 0) break;
  }
  return found;
}

/** The 户编号 column letter of each sheet of an input, from the report's column mapping. */
export function householdColumns(report: ReportView, input: string): Map<string, string> {
  const columns = new Map<string, string>();
  for (const sheet of report.inputs.find((i) => i.file === input)?.sheets ?? []) {
    const column = sheet.columns.find((c) => c.field === 'household_id')?.column;
    if (column !== undefined) columns.set(sheetKey(sheet.name), column);
  }
  return columns;
}

/** The cell a finding annotates, or null when it is not about one row. */
export function anchorCell(
  finding: ReportFinding,
  householdColumn: ReadonlyMap<string, string>,
): { row: number; column: string } | null {
  if (finding.row === null) return null;
  return {
    row: finding.row,
    column: finding.column ?? householdColumn.get(sheetKey(finding.sheet)) ?? 'A',
  };
}

export function indexAnnotations(
  findings: readonly ReportFinding[],
  householdColumn: ReadonlyMap<string, string>,
): AnnotationIndex {
  const index: AnnotationIndex = new Map();
  for (const f of findings) {
    const cell = anchorCell(f, householdColumn);
    if (!cell) continue;
    const key = sheetKey(f.sheet);
    let rows = index.get(key);
    if (!rows) index.set(key, (rows = new Map()));
    let cells = rows.get(cell.row);
    if (!cells) rows.set(cell.row, (cells = new Map()));
    let annotation = cells.get(cell.column);
    if (!annotation) cells.set(cell.column, (annotation = { column: cell.column, findings: [] }));
    annotation.findings.push(f);
  }
  return index;
}

const RANK: Readonly<Record<Severity, number>> = { error: 3, warning: 2, info: 1 };

/** The most severe of some findings: it picks the cell's fill. */
export function worstSeverity(findings: readonly { severity: Severity }[]): Severity {
  let worst: Severity = 'info';
  for (const f of findings) if (RANK[f.severity] > RANK[worst]) worst = f.severity;
  return worst;
}
