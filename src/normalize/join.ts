/**
 * Household table + person table, as the 2021+ 防返贫监测 exports come: one sheet (or file) with a row per
 * household (户编号, 户主姓名, 家庭人口数, incomes, housing …) and one with a row per member, joined by 户编号.
 *
 * - A household table is a ledger sheet that maps 户编号 and no person-level field (姓名, 证件号码,
 *   与户主关系 …). It is one only when the inputs also hold a person sheet; a household table given alone
 *   is checked as before.
 * - The household fields of its rows are joined onto every member with that 户编号; a value on the member's
 *   own row wins (the person sheet is what the checker would have read without the join).
 * - Members whose 户编号 has no household row are orphans (`orphan-member`, at the member's row); household
 *   rows no member points to are empty households (`empty-household`, at the household row).
 *
 * Memory: the household table is much smaller than the person table (a household has ~3.5 members and far
 * fewer columns), so it is held whole, one small values object per household with only its non-empty
 * household fields, while the person sheets stream past. Domain code: records in, records and findings out;
 * reading the files is the caller's (loadHouseholdTables takes the opener).
 */
import { FIELDS } from '../dictionary/index.js';
import { BUILTIN_FINDINGS } from '../findings/catalogue.js';
import type { Finding } from '../findings/types.js';
import type { OpenOptions, RawRow, SheetSource } from '../io/types.js';
import { createRecordBuilder, textOf } from './records.js';
import { openSheet } from './sheet.js';
import type { ColumnInfo, FieldValue, PersonRecord, SheetLayout } from './types.js';

const PERSON_FIELDS = new Set(FIELDS.filter((f) => f.level === 'person').map((f) => f.key));
const HOUSEHOLD_FIELDS = FIELDS.filter((f) => f.level === 'household' && f.key !== 'household_id').map(
  (f) => f.key,
);

/** A sheet with 户编号 and household fields only: one row per household. */
export function isHouseholdTable(layout: SheetLayout): boolean {
  if (!layout.fieldColumns.has('household_id')) return false;
  for (const key of layout.fieldColumns.keys()) if (PERSON_FIELDS.has(key)) return false;
  return true;
}

interface HouseholdRow {
  readonly layout: SheetLayout;
  readonly row: number;
  readonly values: Readonly<Record<string, FieldValue>>;
  members: number;
}

/** A household table sheet as `check` and `inspect` report it. */
export interface HouseholdSheet {
  readonly file: string;
  readonly sheet: string | null;
  readonly layout: SheetLayout;
  /** Household rows read (rows repeating an earlier 户编号 are not counted again). */
  households: number;
}

export class HouseholdJoin {
  private readonly byId = new Map<string, HouseholdRow>();
  readonly sheets: HouseholdSheet[] = [];
  /** Joined layouts by person layout: the same object for every record of a sheet. */
  private readonly joined = new WeakMap<SheetLayout, SheetLayout>();
  private orphanCount = 0;

  /** Add a household table's row (the first row of a 户编号 wins). */
  add(sheet: HouseholdSheet, record: PersonRecord): void {
    const id = textOf(record.values.household_id);
    if (id === null || id === '' || this.byId.has(id)) return;
    const values: Record<string, FieldValue> = {};
    for (const key of HOUSEHOLD_FIELDS) {
      const value = record.values[key];
      if (value !== undefined) values[key] = value;
    }
    this.byId.set(id, { layout: record.layout, row: record.row, values, members: 0 });
    sheet.households += 1;
  }

  isHouseholdSheet(file: string, sheet: string | null): boolean {
    return this.sheets.some((s) => s.file === file && s.sheet === sheet);
  }

  /**
   * The person layout with the household table's columns added to `fieldColumns` (so rules that need them
   * run), as `<sheet>!<column>` of the household table. `columns` stays the person sheet's own.
   */
  layoutFor(layout: SheetLayout): SheetLayout {
    let joined = this.joined.get(layout);
    if (joined) return joined;
    const fieldColumns = new Map(layout.fieldColumns);
    for (const table of this.sheets) {
      for (const [key, col] of table.layout.fieldColumns) {
        if (key === 'household_id' || fieldColumns.has(key)) continue;
        const where = table.sheet ?? table.file;
        const info: ColumnInfo = {
          index: -1,
          column: `${where}!${col.column}`,
          header: `${where}/${col.header}`,
          field: key,
        };
        fieldColumns.set(key, info);
      }
    }
    joined = { ...layout, fieldColumns };
    this.joined.set(layout, joined);
    return joined;
  }

  /** The member with its household's fields, or the member unchanged and an orphan-member finding. */
  apply(record: PersonRecord): { record: PersonRecord; finding: Finding | null } {
    const id = textOf(record.values.household_id);
    if (id === null || id === '') return { record, finding: null };
    const household = this.byId.get(id);
    if (!household) {
      this.orphanCount += 1;
      return { record, finding: orphan(record, id) };
    }
    household.members += 1;
    return { record: { ...record, values: { ...household.values, ...record.values } }, finding: null };
  }

  get orphans(): number {
    return this.orphanCount;
  }

  /** Household rows no member pointed to, in table order. Call once, after every person sheet. */
  emptyHouseholds(): Finding[] {
    const findings: Finding[] = [];
    for (const [id, h] of this.byId) {
      if (h.members > 0) continue;
      const type = BUILTIN_FINDINGS['empty-household'];
      findings.push({
        ruleId: type.id,
        severity: type.severity,
        messageId: 'no-members',
        data: { householdId: id },
        scope: type.scope,
        file: h.layout.file,
        sheet: h.layout.sheet,
        row: h.row,
        column: h.layout.fieldColumns.get('household_id')?.column ?? null,
        field: 'household_id',
        householdId: id,
        township: textOf(h.values.township),
        village: textOf(h.values.village),
      });
    }
    return findings;
  }
}

function orphan(record: PersonRecord, id: string): Finding {
  const type = BUILTIN_FINDINGS['orphan-member'];
  return {
    ruleId: type.id,
    severity: type.severity,
    messageId: 'no-household',
    data: { householdId: id },
    scope: type.scope,
    file: record.layout.file,
    sheet: record.layout.sheet,
    row: record.row,
    column: record.layout.fieldColumns.get('household_id')?.column ?? null,
    field: 'household_id',
    householdId: id,
    township: textOf(record.values.township),
    village: textOf(record.values.village),
  };
}

export type LedgerOpener = (file: string, opts: OpenOptions) => AsyncIterable<SheetSource>;

/**
 * Look through every sheet of every input for household tables and load them; null when there is none, or
 * no person sheet to join them to. The look-through reads header rows only (no merged ranges; a workbook
 * stops after its last sheet); only the household sheets found are then read whole.
 */
export async function loadHouseholdTables(
  inputs: readonly string[],
  open: LedgerOpener,
  opts: OpenOptions,
): Promise<HouseholdJoin | null> {
  const found: { file: string; sheet: string | null }[] = [];
  let personSheets = 0;
  for (const file of inputs) {
    for await (const source of open(file, { ...opts, skipMergedRanges: true })) {
      const opened = await openSheet(source, opts.sheet !== undefined);
      if (opened.skipped !== null) continue;
      if (isHouseholdTable(opened.layout)) found.push({ file, sheet: source.sheet });
      else personSheets += 1;
    }
  }
  if (found.length === 0 || personSheets === 0) return null;
  const join = new HouseholdJoin();
  for (const { file, sheet: name } of found) {
    for await (const source of open(file, name === null ? opts : { ...opts, sheet: name })) {
      if (source.sheet !== name) continue;
      const opened = await openSheet(source, true);
      if (opened.skipped !== null) continue;
      const sheet: HouseholdSheet = { file, sheet: source.sheet, layout: opened.layout, households: 0 };
      join.sheets.push(sheet);
      const build = createRecordBuilder(opened.layout);
      for await (const raw of opened.rows) {
        const record = build(raw).record;
        if (record) join.add(sheet, record);
      }
    }
  }
  return join;
}

/**
 * The rows of a household table sheet in the main pass: their value findings (as for any sheet) and how many
 * there are; the households themselves were loaded by loadHouseholdTables.
 */
export async function householdSheetFindings(
  layout: SheetLayout,
  rows: AsyncIterable<RawRow>,
): Promise<{ findings: Finding[]; dataRows: number }> {
  const build = createRecordBuilder(layout);
  const findings: Finding[] = [];
  let dataRows = 0;
  for await (const raw of rows) {
    const built = build(raw);
    if (built.record) dataRows += 1;
    findings.push(...built.findings);
  }
  return { findings, dataRows };
}
