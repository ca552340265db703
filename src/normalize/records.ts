/**
 * Raw rows → PersonRecord, for one sheet whose layout detectHeader() found. Everything that depends only on
 * the layout (field definitions, coercers, column letters) is computed once in createRecordBuilder; the
 * per-row work allocates the values object and, only when something is wrong, findings.
 */
import { fieldByKey } from '../dictionary/index.js';
import { BUILTIN_FINDINGS } from '../findings/catalogue.js';
import type { Finding } from '../findings/types.js';
import type { CellValue, RawRow } from '../io/types.js';
import type { FieldValue, PersonRecord, SheetLayout } from './types.js';
import { coercerFor } from './values.js';
import type { Coerced, Coercer } from './values.js';

export interface RowResult {
  /** null for rows that hold no person: blank rows, total rows (合计/小计/总计) and header rows. */
  readonly record: PersonRecord | null;
  readonly findings: Finding[];
}

export type RecordBuilder = (raw: RawRow) => RowResult;

/** Canonical keys the builder reads for finding locations. */
export const HOUSEHOLD_ID_FIELD = 'household_id';
export const TOWNSHIP_FIELD = 'township';
export const VILLAGE_FIELD = 'village';

interface ColumnPlan {
  readonly index: number;
  readonly column: string;
  readonly key: string;
  readonly label: string;
  readonly coerce: Coercer;
}

type Failure = Extract<Coerced, { ok: false }>;

const TOTAL_WORD = /合\s*计|小\s*计|总\s*计/;
/** A total label is short ("合计", "XX村小计："); longer text that merely contains 总计 is data. */
const TOTAL_MAX_LENGTH = 20;
/** How many leading non-empty cells are looked at for a total label. */
const TOTAL_SCAN_CELLS = 3;

function isTotalText(cell: CellValue | undefined): boolean {
  return typeof cell === 'string' && cell.length <= TOTAL_MAX_LENGTH && TOTAL_WORD.test(cell);
}

function isTotalRow(cells: readonly CellValue[], householdIdIndex: number): boolean {
  if (householdIdIndex >= 0 && isTotalText(cells[householdIdIndex])) return true;
  let seen = 0;
  for (let i = 0; i < cells.length && seen < TOTAL_SCAN_CELLS; i++) {
    const cell = cells[i];
    if (cell === null || cell === undefined || cell === '') continue;
    if (isTotalText(cell)) return true;
    seen++;
  }
  return false;
}

function asLocation(value: FieldValue | undefined): string | null {
  return typeof value === 'string' ? value : null;
}

/**
 * One builder per sheet. Rows before layout.firstDataRow yield no record and no finding, so the caller may
 * feed every row of the sheet.
 *
 * A row whose household_id cell is empty yields missing-household-id (column: the household_id column, or
 * null when the sheet has none). When the cell holds something that failed coercion (a damaged number), only
 * that failure is reported.
 */
export function createRecordBuilder(layout: SheetLayout): RecordBuilder {
  const plan: ColumnPlan[] = [];
  for (const col of layout.columns) {
    if (col.field === null) continue;
    const field = fieldByKey(col.field);
    if (field === undefined) continue;
    plan.push({
      index: col.index,
      column: col.column,
      key: field.key,
      label: field.zh,
      coerce: coercerFor(field),
    });
  }
  const householdColumn = layout.fieldColumns.get(HOUSEHOLD_ID_FIELD);
  const householdIdIndex = householdColumn?.index ?? -1;
  const householdLetter = householdColumn?.column ?? null;
  const { file, sheet, firstDataRow } = layout;
  const invalidSeverity = BUILTIN_FINDINGS['invalid-value'].severity;
  const damagedSeverity = BUILTIN_FINDINGS['id-number-damaged'].severity;
  const missing = BUILTIN_FINDINGS['missing-household-id'];

  return (raw) => {
    if (raw.row < firstDataRow) return { record: null, findings: [] };
    const cells = raw.cells;
    if (isTotalRow(cells, householdIdIndex)) return { record: null, findings: [] };

    const values: Record<string, FieldValue> = {};
    let filled = false;
    // Pairs (plan, failure) kept flat; allocated only for rows that have a failure.
    let failed: (ColumnPlan | Failure)[] | undefined;
    let householdFailed = false;
    for (let i = 0; i < plan.length; i++) {
      const p = plan[i] as ColumnPlan;
      const cell = cells[p.index];
      if (cell === null || cell === undefined || cell === '') continue;
      const r = p.coerce(cell);
      if (r.ok) {
        if (r.value !== undefined) {
          values[p.key] = r.value;
          filled = true;
        }
      } else {
        (failed ??= []).push(p, r);
        if (p.index === householdIdIndex) householdFailed = true;
      }
    }
    if (!filled && failed === undefined) return { record: null, findings: [] };

    const householdId = asLocation(values[HOUSEHOLD_ID_FIELD]);
    const township = asLocation(values[TOWNSHIP_FIELD]);
    const village = asLocation(values[VILLAGE_FIELD]);
    const findings: Finding[] = [];
    if (failed !== undefined) {
      for (let i = 0; i < failed.length; i += 2) {
        const p = failed[i] as ColumnPlan;
        const f = failed[i + 1] as Failure;
        findings.push({
          ruleId: f.ruleId,
          severity: f.ruleId === 'invalid-value' ? invalidSeverity : damagedSeverity,
          messageId: f.messageId,
          data: { fieldLabel: p.label, raw: f.raw },
          scope: 'person',
          file,
          sheet,
          row: raw.row,
          column: p.column,
          field: p.key,
          householdId,
          township,
          village,
        });
      }
    }
    // Without a 户编号 column the sheet gets one input-level finding (commands/check.ts), not one per row.
    if (householdId === null && !householdFailed && householdColumn !== undefined) {
      findings.push({
        ruleId: missing.id,
        severity: missing.severity,
        messageId: 'missing',
        data: {},
        scope: missing.scope,
        file,
        sheet,
        row: raw.row,
        column: householdLetter,
        field: HOUSEHOLD_ID_FIELD,
        householdId: null,
        township,
        village,
      });
    }
    return { record: { layout, row: raw.row, values }, findings };
  };
}
