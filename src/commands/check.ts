/**
 * `ledgerlint check`: read each input, stream its rows through header mapping, normalization, household
 * assembly and the rules, and build one report. The single place where I/O meets the pure layers.
 */
import { fieldByKey } from '../dictionary/index.js';
import { compilePacks, type CompiledRule } from '../engine/compile.js';
import { Checker } from '../engine/checker.js';
import {
  anchorOf,
  areaOf,
  HouseholdAssembler,
  SplitCollector,
  type HouseholdGroup,
  type SplitAt,
} from '../engine/households.js';
import { LedgerlintError } from '../errors.js';
import { fingerprint, subjectOf, type Baseline } from '../findings/baseline.js';
import { HeadNames } from '../findings/people.js';
import { BUILTIN_FINDINGS } from '../findings/catalogue.js';
import type { Waiver } from '../findings/waivers.js';
import { buildReport, type AreaCount, type Report, type ReportInput } from '../findings/report.js';
import type { Finding } from '../findings/types.js';
import { lookup } from '../i18n/catalogue.js';
import type { Lang, LocalizedText } from '../i18n/types.js';
import { openLedger } from '../io/open.js';
import type { OpenOptions, RawRow, TextEncoding } from '../io/types.js';
import { openSheet } from '../normalize/sheet.js';
import { StandardTally } from '../engine/standards.js';
import { describeSkipped, noLedgerError } from './no-ledger.js';
import { profileRequest, type ProfileRequest } from '../profiles/registry.js';
import { householdSheetFindings, loadHouseholdTables, type HouseholdJoin } from '../normalize/join.js';
import { createRecordBuilder, textOf, type RecordBuilder } from '../normalize/records.js';
import type { SheetLayout } from '../normalize/types.js';
import { builtinRuleIds, loadPacks } from '../packs/registry.js';
import { ruleDocPath, type ParsedPack } from '../packs/load.js';
import { DEFAULT_YEAR, latestYear, resolveParams, type ResolvedParams } from '../packs/params.js';
import { configParamOverrides } from '../config/params.js';
import { applyRuleSettings, type RuleSettings } from '../config/rules.js';
import type { ConfigParams } from '../config/schema.js';
import { readPopulationTable } from '../population/table.js';
import { VERSION } from '../version.js';

export interface CheckOptions {
  readonly inputs: readonly string[];
  readonly packs: readonly string[];
  readonly year?: number;
  readonly params: Readonly<Record<string, string>>;
  readonly all: boolean;
  readonly sheet?: string;
  readonly encoding?: TextEncoding;
  /**
   * Column profile by name or path (--profile, or `profile` of the project config file); absent: the
   * best-fitting built-in profile per sheet.
   */
  readonly profile?: string;
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
  /** Population reference table (--population): CSV/xlsx path, for village/township/county rules. */
  readonly population?: string;
  /** Called now and then with the number of rows read so far. */
  readonly onProgress?: (rows: number) => void;
  /** Rules turned off or given another severity (`rules:` of the project config file). */
  readonly ruleSettings?: RuleSettings;
  /** Param values of the project config file (plain, byYear, byProvince); `params` (--param) wins over them. */
  readonly configParams?: ConfigParams;
}

export interface CheckResult {
  readonly report: Report;
  readonly ruleTitles: ReadonlyMap<string, LocalizedText>;
  /** Fingerprints of every finding of the run, baseline or not (for --update-baseline). */
  readonly fingerprints: readonly string[];
  /** Rule id → its documentation page (docs/rules/<pack>/<rule>.md), for reporters that link rules. */
  readonly ruleDocs: ReadonlyMap<string, string>;
}

/** Load the packs, resolve their params for the year and compile their rules (pack errors: exit 2). */
export async function loadRules(
  options: Pick<CheckOptions, 'packs' | 'year' | 'params' | 'configParams' | 'ruleSettings'>,
  all: boolean,
): Promise<{ parsed: ParsedPack[]; params: ResolvedParams; rules: CompiledRule[] }> {
  const parsed = await loadPacks(options.packs);
  const packDefs = parsed.map((p) => p.pack);
  const params = resolveParams(packDefs, {
    year: options.year,
    overrides: configParamOverrides(
      options.configParams,
      options.year ?? latestYear(packDefs) ?? DEFAULT_YEAR,
      options.params,
    ),
  });
  const rules = applyRuleSettings(
    compilePacks(parsed, params, { all }),
    options.ruleSettings,
    options.ruleSettings ? builtinRuleIds() : new Set(),
  );
  return { parsed, params, rules };
}

export async function runCheck(options: CheckOptions): Promise<CheckResult> {
  const { parsed, params, rules } = await loadRules(options, options.all);
  if (rules.length > 0 && rules.every((r) => r.scope === 'diff')) {
    throw new LedgerlintError('cli.check-diff-pack', { packs: options.packs.join(', ') });
  }
  const population = options.population
    ? await readPopulationTable(options.population, { encoding: options.encoding })
    : undefined;
  const checker = new Checker(rules, {
    year: params.year,
    assessmentDate: params.assessmentDate,
    population,
  });

  const findings: Finding[] = [];
  const inputs: ReportInput[] = [];
  let persons = 0;
  let households = 0;
  let rowsRead = 0;
  const tally = new AreaTally();
  const headNames = new HeadNames();
  const standards = new StandardTally();
  const countOutcomes = standards.sink();
  const sheetOrder = new Map<string, (string | null)[]>();
  const openOptions: OpenOptions = { sheet: options.sheet, encoding: options.encoding };
  const profiles = profileRequest(options.profile);
  // Household tables (2021+ exports) are loaded first and joined onto the person rows (normalize/join.ts).
  const join = await loadHouseholdTables(options.inputs, (f, o) => openLedger(f, f, o), openOptions);

  for (const file of options.inputs) {
    const sheets: ReportInput['sheets'] = [];
    let csv: Pick<ReportInput, 'encoding' | 'dialect'> = { encoding: null, dialect: null };
    /** Findings that depend on a whole household, kept apart so split households can be re-checked. */
    const householdFindings: Finding[] = [];
    const splits = new Map<string | null, Map<string, SplitAt>>();

    const order: (string | null)[] = [];
    const skippedSheets: string[] = [];
    sheetOrder.set(file, order);
    for await (const source of openLedger(file, file, openOptions)) {
      order.push(source.sheet);
      if (source.encoding) csv = { encoding: { ...source.encoding }, dialect: source.dialect ?? null };
      const opened = await openSheet(source, options.sheet !== undefined, profiles);
      if (opened.skipped !== null) {
        findings.push(sheetSkipped(file, source.sheet, opened.skipped));
        skippedSheets.push(describeSkipped(source.sheet, opened, options.lang));
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
          const name = textOf(record?.values.name);
          for (const f of built.findings) findings.push({ ...f, ...(subject ? { subject } : {}), name });
        }
        if (!record) return;
        dataRows += 1;
        const datasetFindings = checker.observe(record);
        if (datasetFindings.length > 0) findings.push(...datasetFindings);
        for (const group of assembler.push(record)) {
          tally.add(group);
          headNames.add(group);
          householdFindings.push(...checker.checkHousehold(group, group.repeat ? undefined : countOutcomes));
        }
      };
      for await (const raw of opened.rows) onRow(raw);
      for (const group of assembler.end()) {
        tally.add(group);
        headNames.add(group);
        householdFindings.push(...checker.checkHousehold(group, group.repeat ? undefined : countOutcomes));
      }

      persons += dataRows;
      households += assembler.householdCount;
      if (assembler.splits.size > 0) splits.set(source.sheet, new Map(assembler.splits));
      sheets.push(sheetInfo(layout, dataRows));
    }

    if (sheets.length === 0) throw noLedgerError(file, skippedSheets, options.lang);
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
          standards,
          profiles,
          join,
        )),
      );
      findings.push(...kept);
    } else {
      findings.push(...householdFindings);
    }
    inputs.push({ file, ...csv, sheets });
  }
  if (join) findings.push(...join.emptyHouseholds());
  findings.push(...checker.finish());

  const report = buildReport({
    ...reportFrame(parsed, params, rules, options),
    inputs,
    persons,
    households,
    areas: tally.areas(),
    standards: standards.counted(),
    standardRules: rules.filter((r) => r.standard).map((r) => ({ ruleId: r.id, pack: r.packId })),
    byStatus: tally.statuses(),
    findings: headNames.fill(findings),
    sheetOrder,
  });
  return {
    report,
    ruleTitles: ruleTitles(rules),
    fingerprints: findings.map(fingerprint),
    ruleDocs: new Map(parsed.flatMap((p) => p.pack.rules.map((r) => [r.id, ruleDocPath(p, r.id)] as const))),
  };
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
  standards: StandardTally,
  profiles: ProfileRequest,
  join: HouseholdJoin | null,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  for await (const source of openLedger(file, file, openOptions)) {
    const ids = splits.get(source.sheet);
    if (!ids) continue;
    const opened = await openSheet(source, sheetAsked, profiles);
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
      // The first read counted the household's first part (the rows before it came back) in the pass rates:
      // take that back and count the whole household instead.
      const againRow = ids.get(group.id ?? '')?.againRow ?? Infinity;
      const firstPart = group.members.filter((m) => m.row < againRow);
      if (firstPart.length > 0)
        checker.checkHousehold({ id: group.id, members: firstPart }, standards.sink(-1));
      findings.push(...checker.checkHousehold(group, standards.sink()));
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
export class AreaTally {
  private readonly byArea = new Map<string, AreaCount>();
  private readonly byStatus = new Map<string, number>();

  add(group: HouseholdGroup): void {
    const anchor = anchorOf(group.members);
    const { township, village } = areaOf(group.members);
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

export function sheetSkipped(file: string, sheet: string | null, messageId = 'no-header'): Finding {
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

export function sheetInfo(layout: SheetLayout, dataRows: number): ReportInput['sheets'][number] {
  return {
    name: layout.sheet,
    headerRows: [...layout.headerRows],
    firstDataRow: layout.firstDataRow,
    dataRows,
    columns: layout.columns.map((c) => ({ column: c.column, header: c.header, field: c.field })),
    profile:
      layout.profile === undefined
        ? null
        : { name: layout.profile.name, reason: layout.profile.reason, score: layout.profile.score },
  };
}

/** What `check` and `diff` put in a report alike: tool and params, packs, list options, message rendering. */
export function reportFrame(
  parsed: readonly ParsedPack[],
  params: ResolvedParams,
  rules: readonly CompiledRule[],
  options: Pick<
    CheckOptions,
    'lang' | 'showPii' | 'quiet' | 'maxFindingsPerRule' | 'baseline' | 'waivers'
  > & { readonly all: boolean },
) {
  return {
    version: VERSION,
    params: {
      year: params.year,
      assessment_date: params.assessmentDate,
      province: params.province,
      all: options.all,
      byPack: Object.fromEntries([...params.byPack.entries()]),
    },
    packs: parsed.map((p) => ({
      id: p.pack.id,
      version: p.pack.version,
      ...(p.bases?.length ? { extends: [...p.bases] } : {}),
    })),
    quiet: options.quiet,
    maxFindingsPerRule: options.maxFindingsPerRule,
    baseline: options.baseline,
    waivers: options.waivers,
    lang: options.lang,
    messages: messageLookup(rules),
    fieldLabel: (field: string, lang: Lang) => fieldByKey(field)?.[lang],
    showPii: options.showPii === true,
  };
}

function messageLookup(rules: readonly CompiledRule[]) {
  const byRule = new Map(rules.map((r) => [r.id, r.messages]));
  return (ruleId: string, messageId: string): LocalizedText | undefined =>
    byRule.get(ruleId)?.[messageId] ?? lookup(`${ruleId}.${messageId}`);
}

export function ruleTitles(rules: readonly CompiledRule[]): Map<string, LocalizedText> {
  const titles = new Map<string, LocalizedText>();
  for (const [id, def] of Object.entries(BUILTIN_FINDINGS)) titles.set(id, def.title);
  for (const rule of rules) titles.set(rule.id, rule.title);
  return titles;
}
