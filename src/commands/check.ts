/**
 * `ledgerlint check`: read each input, stream its rows through header mapping, normalization, household
 * assembly and the rules, and build one report. The single place where I/O meets the pure layers.
 */
import { fieldByKey } from '../dictionary/index.js';
import { compilePacks, type CompiledRule } from '../engine/compile.js';
import { Checker } from '../engine/checker.js';
import {
  anchorOf,
  HouseholdAssembler,
  SplitCollector,
  type HouseholdGroup,
  type SplitAt,
} from '../engine/households.js';
import { LedgerlintError } from '../errors.js';
import { fingerprint, subjectOf, type Baseline } from '../findings/baseline.js';
import { BUILTIN_FINDINGS } from '../findings/catalogue.js';
import type { Waiver } from '../findings/waivers.js';
import { buildReport, type AreaCount, type Report, type ReportInput } from '../findings/report.js';
import type { Finding } from '../findings/types.js';
import { lookup } from '../i18n/catalogue.js';
import type { Lang, LocalizedText } from '../i18n/types.js';
import { openLedger } from '../io/open.js';
import type { OpenOptions, RawRow, TextEncoding } from '../io/types.js';
import { openSheet } from '../normalize/sheet.js';
import { householdSheetFindings, loadHouseholdTables, type HouseholdJoin } from '../normalize/join.js';
import { createRecordBuilder, textOf, type RecordBuilder } from '../normalize/records.js';
import type { SheetLayout } from '../normalize/types.js';
import { loadPacks } from '../packs/registry.js';
import { resolveParams } from '../packs/params.js';
import { VERSION } from '../version.js';

export interface CheckOptions {
  readonly inputs: readonly string[];
  readonly packs: readonly string[];
  readonly year?: number;
  readonly params: Readonly<Record<string, string>>;
  readonly all: boolean;
  readonly sheet?: string;
  readonly encoding?: TextEncoding;
  readonly lang: Lang;
  /** Keep ID numbers and phones unmasked in the report. */
  readonly showPii?: boolean;
  /** Keep only errors in the finding list (counts stay exact). */
  readonly quiet?: boolean;
  /** Keep at most this many findings per rule in the list (counts stay exact). */
  readonly maxFindingsPerRule?: number;
  /** Findings of an accepted run: only new ones are reported. */
  readonly baseline?: Baseline;
  /** Accepted exceptions (--waivers). */
  readonly waivers?: readonly Waiver[];
  /** Called now and then with the number of rows read so far. */
  readonly onProgress?: (rows: number) => void;
}

export interface CheckResult {
  readonly report: Report;
  readonly ruleTitles: ReadonlyMap<string, LocalizedText>;
  /** Fingerprints of every finding of the run, baseline or not (for --update-baseline). */
  readonly fingerprints: readonly string[];
}

export async function runCheck(options: CheckOptions): Promise<CheckResult> {
  const parsed = await loadPacks(options.packs);
  const params = resolveParams(
    parsed.map((p) => p.pack),
    { year: options.year, overrides: options.params },
  );
  const rules = compilePacks(parsed, params, { all: options.all });
  const checker = new Checker(rules, { year: params.year, assessmentDate: params.assessmentDate });

  const findings: Finding[] = [];
  const inputs: ReportInput[] = [];
  let persons = 0;
  let households = 0;
  let rowsRead = 0;
  const tally = new AreaTally();
  const sheetOrder = new Map<string, (string | null)[]>();
  const openOptions: OpenOptions = { sheet: options.sheet, encoding: options.encoding };
  // Household tables (2021+ exports) are loaded first and joined onto the person rows (normalize/join.ts).
  const join = await loadHouseholdTables(options.inputs, (f, o) => openLedger(f, f, o), openOptions);

  for (const file of options.inputs) {
    const sheets: ReportInput['sheets'] = [];
    /** Findings that depend on a whole household, kept apart so split households can be re-checked. */
    const householdFindings: Finding[] = [];
    const splits = new Map<string | null, Map<string, SplitAt>>();

    const order: (string | null)[] = [];
    sheetOrder.set(file, order);
    for await (const source of openLedger(file, file, openOptions)) {
      order.push(source.sheet);
      const opened = await openSheet(source, options.sheet !== undefined);
      if (opened.skipped !== null) {
        findings.push(sheetSkipped(file, source.sheet, opened.skipped));
        continue;
      }
      if (join?.isHouseholdSheet(file, source.sheet)) {
        const table = await householdSheetFindings(opened.layout, opened.rows);
        findings.push(...opened.findings, ...table.findings);
        sheets.push(sheetInfo(opened.layout, table.dataRows));
        continue;
      }
      const layout = join ? join.layoutFor(opened.layout) : opened.layout;
      findings.push(...opened.findings, ...checker.beginSheet(layout));
      if (!layout.fieldColumns.has('household_id')) findings.push(noHouseholdColumn(file, source.sheet));
      const build = joinedBuilder(createRecordBuilder(layout), join);
      const assembler = new HouseholdAssembler();
      let dataRows = 0;
      const onRow = (raw: RawRow): void => {
        rowsRead += 1;
        if (options.onProgress && rowsRead % 2000 === 0) options.onProgress(rowsRead);
        const built = build(raw);
        const record = built.record;
        if (built.findings.length > 0) {
          const subject = record ? subjectOf(record.values.id_number, record.values.name) : undefined;
          for (const f of built.findings) findings.push(subject ? { ...f, subject } : f);
        }
        if (!record) return;
        dataRows += 1;
        const datasetFindings = checker.observe(record);
        if (datasetFindings.length > 0) findings.push(...datasetFindings);
        for (const group of assembler.push(record)) {
          tally.add(group);
          householdFindings.push(...checker.checkHousehold(group));
        }
      };
      for await (const raw of opened.rows) onRow(raw);
      for (const group of assembler.end()) {
        tally.add(group);
        householdFindings.push(...checker.checkHousehold(group));
      }

      persons += dataRows;
      households += assembler.householdCount;
      if (assembler.splits.size > 0) splits.set(source.sheet, new Map(assembler.splits));
      sheets.push(sheetInfo(layout, dataRows));
    }

    if (sheets.length === 0) throw new LedgerlintError('cli.no-ledger', { file });
    if (splits.size > 0) {
      const isSplit = (f: Finding) =>
        f.householdId !== null && splits.get(f.sheet)?.has(f.householdId) === true && f.file === file;
      const kept = householdFindings.filter((f) => !isSplit(f));
      kept.push(
        ...(await recheckSplitHouseholds(
          file,
          openOptions,
          splits,
          checker,
          options.sheet !== undefined,
          join,
        )),
      );
      findings.push(...kept);
    } else {
      findings.push(...householdFindings);
    }
    inputs.push({ file, sheets });
  }
  if (join) findings.push(...join.emptyHouseholds());
  findings.push(...checker.finish());

  const report = buildReport({
    version: VERSION,
    params: {
      year: params.year,
      assessment_date: params.assessmentDate,
      province: params.province,
      all: options.all,
      byPack: Object.fromEntries([...params.byPack.entries()]),
    },
    packs: parsed.map((p) => ({ id: p.pack.id, version: p.pack.version })),
    inputs,
    persons,
    households,
    areas: tally.areas(),
    byStatus: tally.statuses(),
    findings,
    quiet: options.quiet,
    maxFindingsPerRule: options.maxFindingsPerRule,
    baseline: options.baseline,
    waivers: options.waivers,
    sheetOrder,
    lang: options.lang,
    messages: messageLookup(rules),
    fieldLabel: (field, lang) => fieldByKey(field)?.[lang],
    showPii: options.showPii === true,
  });
  return { report, ruleTitles: ruleTitles(rules), fingerprints: findings.map(fingerprint) };
}

/**
 * Second read of a file whose households were not contiguous: gather just those households' rows and check
 * each whole. Normalization findings of these rows were already reported in the first read.
 */
async function recheckSplitHouseholds(
  file: string,
  openOptions: OpenOptions,
  splits: ReadonlyMap<string | null, ReadonlyMap<string, SplitAt>>,
  checker: Checker,
  sheetAsked: boolean,
  join: HouseholdJoin | null,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  for await (const source of openLedger(file, file, openOptions)) {
    const ids = splits.get(source.sheet);
    if (!ids) continue;
    const opened = await openSheet(source, sheetAsked);
    if (opened.skipped !== null) continue;
    const layout = join ? join.layoutFor(opened.layout) : opened.layout;
    checker.beginSheet(layout);
    const build = createRecordBuilder(layout);
    const collector = new SplitCollector(ids.keys());
    for await (const raw of opened.rows) {
      const record = build(raw).record;
      if (record) collector.push(join ? join.apply(record).record : record);
    }
    for (const group of collector.groups()) {
      const first = group.members[0];
      if (first) {
        findings.push({
          ruleId: 'household-split',
          severity: BUILTIN_FINDINGS['household-split'].severity,
          messageId: 'split',
          data: { householdId: group.id, firstRow: ids.get(group.id ?? '')?.firstRow ?? first.row },
          scope: 'household',
          file,
          sheet: source.sheet,
          row: ids.get(group.id ?? '')?.againRow ?? first.row,
          column: layout.fieldColumns.get('household_id')?.column ?? null,
          field: 'household_id',
          householdId: group.id,
          township: textOf(first.values.township),
          village: textOf(first.values.village),
        });
      }
      findings.push(...checker.checkHousehold(group));
    }
  }
  return findings;
}

/** The record builder with the household table joined on; orphan members are reported with the row's findings. */
function joinedBuilder(build: RecordBuilder, join: HouseholdJoin | null): RecordBuilder {
  if (!join) return build;
  return (raw) => {
    const built = build(raw);
    if (!built.record) return built;
    const joined = join.apply(built.record);
    const findings = joined.finding ? [...built.findings, joined.finding] : built.findings;
    return { ...built, record: joined.record, findings };
  };
}

/**
 * Persons and households by township/village and households by 脱贫属性, counted as households complete. The
 * later parts of a split household add persons but not another household.
 */
class AreaTally {
  private readonly byArea = new Map<string, AreaCount>();
  private readonly byStatus = new Map<string, number>();

  add(group: HouseholdGroup): void {
    const anchor = anchorOf(group.members);
    const township = textOf(anchor?.values.township);
    const village = textOf(anchor?.values.village);
    const key = `${township ?? ''}\u0000${village ?? ''}`;
    let area = this.byArea.get(key);
    if (!area) {
      area = { township, village, persons: 0, households: 0 };
      this.byArea.set(key, area);
    }
    area.persons += group.members.length;
    if (group.repeat) return;
    area.households += 1;
    const status = textOf(anchor?.values.poverty_status) ?? '';
    this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
  }

  areas(): AreaCount[] {
    return [...this.byArea.values()];
  }

  statuses(): Record<string, number> {
    return Object.fromEntries(this.byStatus);
  }
}

function noHouseholdColumn(file: string, sheet: string | null): Finding {
  return {
    ...sheetSkipped(file, sheet),
    ruleId: 'missing-household-id',
    severity: BUILTIN_FINDINGS['missing-household-id'].severity,
    messageId: 'no-column',
    field: 'household_id',
  };
}

function sheetSkipped(file: string, sheet: string | null, messageId = 'no-header'): Finding {
  return {
    ruleId: 'sheet-skipped',
    severity: BUILTIN_FINDINGS['sheet-skipped'].severity,
    messageId,
    data: {},
    scope: 'input',
    file,
    sheet,
    row: null,
    column: null,
    field: null,
    householdId: null,
    township: null,
    village: null,
  };
}

function sheetInfo(layout: SheetLayout, dataRows: number): ReportInput['sheets'][number] {
  return {
    name: layout.sheet,
    headerRows: [...layout.headerRows],
    firstDataRow: layout.firstDataRow,
    dataRows,
    columns: layout.columns.map((c) => ({ column: c.column, header: c.header, field: c.field })),
  };
}

function messageLookup(rules: readonly CompiledRule[]) {
  const byRule = new Map(rules.map((r) => [r.id, r.messages]));
  return (ruleId: string, messageId: string): LocalizedText | undefined =>
    byRule.get(ruleId)?.[messageId] ?? lookup(`${ruleId}.${messageId}`);
}

function ruleTitles(rules: readonly CompiledRule[]): Map<string, LocalizedText> {
  const titles = new Map<string, LocalizedText>();
  for (const [id, def] of Object.entries(BUILTIN_FINDINGS)) titles.set(id, def.title);
  for (const rule of rules) titles.set(rule.id, rule.title);
  return titles;
}
