/**
 * `ledgerlint check`: read each input, stream its rows through header mapping, normalization, household
 * assembly and the rules, and build one report. The single place where I/O meets the pure layers.
 */
import { fieldByKey } from '../dictionary/index.js';
import { runFiles, type FileOutcome } from '../batch/run.js';
import type { CacheSettings } from '../batch/cache.js';
import { compilePacks, type CompiledRule } from '../engine/compile.js';
import { Checker, type CheckerOptions } from '../engine/checker.js';
import { UniqueKeyLog, type UniqueKeyBatch } from '../engine/unique.js';
import {
  newSpillSettings,
  spillingKeyLog,
  UniqueKeyStore,
  type SpillSettings,
} from '../batch/unique-store.js';
import { StandardTally, type StandardCount } from '../engine/standards.js';
import {
  anchorOf,
  areaOf,
  HouseholdAssembler,
  SplitCollector,
  type HouseholdGroup,
  type SplitAt,
} from '../engine/households.js';
import { LedgerlintError } from '../errors.js';
import { subjectOf, type Baseline } from '../findings/baseline.js';
import { HeadNames, type HeadNameTable } from '../findings/people.js';
import { BUILTIN_FINDINGS, inputFinding } from '../findings/catalogue.js';
import type { Waiver } from '../findings/waivers.js';
import type { AreaCount, Report, ReportInput } from '../findings/report.js';
import { assembleReport, materializeReport, type ReportView } from '../findings/assemble.js';
import {
  FindingStore,
  type FindingStoreOptions,
  type InputStream,
  type StoredFinding,
} from '../findings/store.js';
import { pushTo, storeSink, storedWith, type FindingSink } from '../batch/finding-sink.js';
import type { Finding } from '../findings/types.js';
import { lookup } from '../i18n/catalogue.js';
import type { Lang, LocalizedText } from '../i18n/types.js';
import { openLedger } from '../io/open.js';
import { openBuiltSheetsInThread, openLedgerInThread } from '../io/threaded.js';
import type { OpenOptions, SheetSource, TextEncoding } from '../io/types.js';
import { openSheet } from '../normalize/sheet.js';
import { describeSkipped, noLedgerError } from './no-ledger.js';
import { sequentialReason, type SequentialReason } from './sequential-run.js';
import { profileRequest, type ProfileRequest } from '../profiles/registry.js';
import { householdSheetFindings, loadHouseholdTables, type HouseholdJoin } from '../normalize/join.js';
import { createRecordBuilder, textOf, type RecordBuilder, type RowResult } from '../normalize/records.js';
import { createBuiltRowBuilder, openEachSheet, type SheetOpened } from '../normalize/built.js';
import type { SheetLayout } from '../normalize/types.js';
import { builtinRuleIds, loadPacks } from '../packs/registry.js';
import { ruleDocPath, type ParsedPack } from '../packs/load.js';
import { DEFAULT_YEAR, latestYear, resolveParams, type ResolvedParams } from '../packs/params.js';
import { configParamOverrides } from '../config/params.js';
import { applyRuleSettings, builtinFindingSettings, type RuleSettings } from '../config/rules.js';
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
  /** Rules turned off or given another severity (`rules:` of the project config file). */
  readonly ruleSettings?: RuleSettings;
  /** Param values of the project config file (plain, byYear, byProvince); `params` (--param) wins over them. */
  readonly configParams?: ConfigParams;
  /** Called now and then with the rows read and the files done so far. */
  readonly onProgress?: (progress: CheckProgress) => void;
  /** Check this many files at once in worker threads; 1 (the default) checks them in this thread. */
  readonly jobs?: number;
  /**
   * A batch run (folders, globs or several files): a file that cannot be read becomes a `file-unreadable`
   * finding and the other files still complete. Otherwise the first such file stops the run (exit 2).
   */
  readonly batch?: boolean;
  /** --cache: reuse the results of files unchanged since the last run. */
  readonly cache?: CacheSettings;
  /** Stops the run (Ctrl-C): the promise rejects with a LedgerlintError 'cli.interrupted'. */
  readonly signal?: AbortSignal;
  /** Where and when the run's findings spill to disk (findings/store.ts); default: TMPDIR, 25,000 findings. */
  readonly spill?: FindingStoreOptions;
}

export interface CheckProgress {
  readonly rows: number;
  readonly filesDone: number;
  readonly files: number;
  /** Bytes of the files done / of all files: for the ETA. */
  readonly bytesDone: number;
  readonly bytes: number;
}

/** What a worker thread needs to compile the same rules as the main thread: plain, cloneable data. */
export interface RuleOptions {
  readonly packs: readonly string[];
  readonly year?: number;
  readonly params: Readonly<Record<string, string>>;
  readonly all: boolean;
  readonly configParams?: ConfigParams;
  readonly ruleSettings?: RuleSettings;
}

/** How every file of a run is read and checked: cloneable, so worker threads get the same. */
export interface FileOptions {
  readonly sheet?: string;
  readonly encoding?: TextEncoding;
  /** Column profile by name or path (CheckOptions.profile). */
  readonly profile?: string;
  /** Language of the no-ledger error's description of the skipped sheets. */
  readonly lang: Lang;
}

export interface PreparedRules {
  readonly parsed: readonly ParsedPack[];
  readonly params: ResolvedParams;
  readonly rules: readonly CompiledRule[];
}

/**
 * The result of checking one file, on its own: plain data (sent from worker threads, kept in the cache). The
 * run merges these in input order: dataset uniqueness from the keys, rule errors summed.
 */
export interface FileCheck {
  readonly file: string;
  readonly input: ReportInput;
  /** Every sheet in workbook order, skipped ones included. */
  readonly sheetOrder: (string | null)[];
  readonly findings: Finding[];
  /** Rule evaluation errors in this file (rule-error findings, one per rule). */
  readonly ruleErrors: Finding[];
  readonly persons: number;
  readonly households: number;
  readonly rows: number;
  readonly areas: AreaCount[];
  readonly byStatus: Record<string, number>;
  /** Pass-rate counts of standard rules by township, village and rule (summed across files). */
  readonly standards: StandardCount[];
  /** Dataset uniqueness keys of the file, compact (engine/unique.ts); spilled ones name their run files. */
  readonly uniqueKeys: UniqueKeyBatch;
  /** The 户主's name of each household of the file (findings/people.ts), filled into findings after the merge. */
  readonly headNames: HeadNameTable[];
}

export interface CheckResult {
  readonly report: Report;
  readonly ruleTitles: ReadonlyMap<string, LocalizedText>;
  /** Fingerprints of every finding of the run, baseline or not (for --update-baseline). */
  readonly fingerprints: readonly string[];
  /** Files of a batch run that could not be read (each has a file-unreadable finding): exit code 2. */
  readonly unreadable?: number;
  /** Rule id → its documentation page (docs/rules/<pack>/<rule>.md), for reporters that link rules. */
  readonly ruleDocs: ReadonlyMap<string, string>;
  /** Why the files were checked one after another in the main thread (no --jobs, no --cache); null: they were not. */
  readonly sequential?: SequentialReason | null;
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

/** The rules of a run from cloneable options (worker threads compile the same rules as the main thread). */
export function prepareRules(options: RuleOptions): Promise<PreparedRules> {
  return loadRules(options, options.all);
}

/**
 * The result of a run whose findings stay in the finding store (findings/store.ts): the report's findings and
 * the fingerprints are read from it each time they are iterated. dispose() removes its temporary files.
 */
export interface StreamedCheckResult extends Omit<CheckResult, 'report' | 'fingerprints'> {
  readonly report: ReportView;
  /** Fingerprints of every finding of the run, baseline or not (for --update-baseline); re-iterable. */
  readonly fingerprints: Iterable<string>;
  dispose(): void;
}

/** Check the inputs and build the report with every finding in memory (the library API; tests). */
export async function runCheck(options: CheckOptions): Promise<CheckResult> {
  const streamed = await runCheckStreamed(options);
  try {
    return {
      ...streamed,
      report: materializeReport(streamed.report),
      fingerprints: [...streamed.fingerprints],
    };
  } finally {
    streamed.dispose();
  }
}

/**
 * Check the inputs; findings go to a finding store that spills sorted runs to disk past a threshold, and the
 * report is assembled from it in one pass (findings/assemble.ts): memory does not grow with the findings. The
 * caller disposes of the result once its reports are written.
 */
export async function runCheckStreamed(options: CheckOptions): Promise<StreamedCheckResult> {
  const store = new FindingStore(options.spill);
  try {
    return await checkInto(store, options);
  } catch (error) {
    store.dispose();
    throw error;
  }
}

async function checkInto(store: FindingStore, options: CheckOptions): Promise<StreamedCheckResult> {
  const ruleOptions: RuleOptions = {
    packs: options.packs,
    year: options.year,
    params: options.params,
    all: options.all,
    configParams: options.configParams,
    ruleSettings: options.ruleSettings,
  };
  const prepared = await prepareRules(ruleOptions);
  const { parsed, params, rules } = prepared;
  if (rules.length > 0 && rules.every((r) => r.scope === 'diff')) {
    throw new LedgerlintError('cli.check-diff-pack', { packs: options.packs.join(', ') });
  }
  profileRequest(options.profile); // an unknown or invalid --profile stops the run here (exit 2), not per file
  const population = options.population
    ? await readPopulationTable(options.population, { encoding: options.encoding })
    : undefined;
  // Household tables (2021+ exports) are loaded first, from every input, and joined onto the person rows of
  // every file (normalize/join.ts). In a batch run a file that cannot be read is left to its own check, which
  // reports it as file-unreadable.
  const openOptions: OpenOptions = { sheet: options.sheet, encoding: options.encoding };
  const join = await loadHouseholdTables(
    options.inputs,
    options.batch ? openSkippingFailures : (f, o) => openLedger(f, f, o),
    openOptions,
  );
  // Village/township/county rules span files (a county rule covers every input): their facts are gathered by
  // one Checker that sees every household of the run, whose finish() judges each group. The household table
  // join spans files too (a household row in one file, its members in another; empty households are known only
  // at the end). Such runs (and runs with a population table) therefore check their files in this thread, one
  // after another: no worker threads (--jobs) and no --cache (a cached file's households would not reach the
  // aggregates or the join).
  const spill = newSpillSettings();
  const sequential = sequentialReason({
    aggregateRules: rules.some((r) => r.aggregate !== undefined),
    population: population !== undefined,
    householdTable: join !== null,
  });
  const shared =
    sequential !== null
      ? new RunChecker(rules, { year: params.year, assessmentDate: params.assessmentDate, population }, spill)
      : undefined;

  const inputs: ReportInput[] = [];
  let persons = 0;
  let households = 0;
  let unreadable = 0;
  const tally = new AreaTally();
  const uniqueKeys = new UniqueKeyStore(rules, spill);
  const ruleErrors: Finding[] = [];
  const standards = new StandardTally();
  const headNames = new HeadNames();
  // Findings go to the store as they come, with their fingerprint; the 户主's name is filled in as the store is
  // read (a streamed file's findings arrive before its households are complete).
  // Built-in finding types turned off or re-graded by the config's `rules:` (config/rules.ts).
  const settle = builtinFindingSettings(options.ruleSettings);
  const stored = storedWith(settle);
  const add = (found: readonly Finding[]): void => {
    for (const raw of found) {
      const f = stored(raw);
      if (f !== null) store.append(f);
    }
  };
  store.fillOnRead((f) => headNames.fillOne(f) as StoredFinding);
  // The file being checked in this thread streams its findings into the store (batch/finding-sink.ts).
  let streaming: { readonly file: string; readonly stream: InputStream } | undefined;
  const streamFile = (file: string): FindingSink => {
    const stream = store.beginInput(file);
    streaming = { file, stream };
    return storeSink(stream, settle);
  };
  const endStream = (file: string): boolean => {
    if (streaming === undefined) return false;
    if (streaming.file !== file) throw new Error(`findings of ${streaming.file} streamed, ${file} merged`);
    streaming = undefined;
    return true;
  };

  /** Called once per file, in input order, whichever thread or cache the result came from. */
  const merge = (outcome: FileOutcome): void => {
    if ('failure' in outcome) {
      if (!options.batch) throw new LedgerlintError(outcome.failure.messageId, outcome.failure.data);
      unreadable += 1;
      const partial = streaming;
      if (endStream(outcome.file)) partial?.stream.discard();
      inputs.push({ file: outcome.file, sheets: [] });
      store.addInput(outcome.file, []);
      add([fileUnreadable(outcome.file, outcome.failure.messageId, outcome.failure.data)]);
      return;
    }
    const result = outcome.result;
    inputs.push(result.input);
    if (!endStream(result.file)) store.addInput(result.file, result.sheetOrder);
    headNames.merge(result.headNames);
    add(result.findings);
    uniqueKeys.add(result.file, result.uniqueKeys);
    ruleErrors.push(...result.ruleErrors);
    persons += result.persons;
    households += result.households;
    tally.merge(result.areas, result.byStatus);
    standards.merge(result.standards);
  };
  await runFiles({
    files: options.inputs,
    rules: ruleOptions,
    fileOptions: {
      sheet: options.sheet,
      encoding: options.encoding,
      profile: options.profile,
      lang: options.lang,
    },
    prepared,
    jobs: shared ? 1 : (options.jobs ?? 1),
    readerThreads: (options.jobs ?? 1) > 1,
    batch: options.batch === true,
    cache: shared ? undefined : options.cache,
    shared,
    join,
    signal: options.signal,
    onProgress: options.onProgress,
    merge,
    spill,
    sink: streamFile,
  }).catch((error: unknown) => {
    uniqueKeys.close();
    throw error;
  });
  add(uniqueKeys.finishAndClose());
  if (join) add(join.emptyHouseholds());
  add(mergeRuleErrors(ruleErrors));
  // The shared checker's rule errors (of every file, summed) and its village/township/county findings.
  if (shared) add(shared.checker.finish());

  // The store's order is the one registered by store.addInput, file by file as they merged (input order).
  const report = assembleReport(
    {
      ...reportFrame(parsed, params, rules, options),
      inputs,
      persons,
      households,
      areas: tally.areas(),
      standards: standards.counted(),
      standardRules: rules.filter((r) => r.standard).map((r) => ({ ruleId: r.id, pack: r.packId })),
      byStatus: tally.statuses(),
    },
    store,
  );
  return {
    report,
    ruleTitles: ruleTitles(rules),
    fingerprints: {
      *[Symbol.iterator]() {
        for (const f of store) yield f.fingerprint;
      },
    },
    unreadable,
    sequential,
    ruleDocs: new Map(parsed.flatMap((p) => p.pack.rules.map((r) => [r.id, ruleDocPath(p, r.id)] as const))),
    dispose: () => store.dispose(),
  };
}

/**
 * The opener of the household-table look-through in a batch run: a file that cannot be opened or read yields
 * what it could (often nothing); its own check then reports it as file-unreadable.
 */
async function* openSkippingFailures(file: string, opts: OpenOptions): AsyncGenerator<SheetSource> {
  try {
    for await (const source of openLedger(file, file, opts)) {
      const rows = source.rows;
      yield {
        ...source,
        rows: {
          async *[Symbol.asyncIterator]() {
            try {
              yield* rows;
            } catch {
              // A damaged sheet ends here; the file's own check reports it.
            }
          },
        },
      };
    }
  } catch {
    // Not openable: the file's own check reports it.
  }
}

/**
 * One Checker for every file of an in-process run (village/township/county rules: see runCheck). Each file's
 * uniqueness keys still go to that file's result, so the merge is the same as for per-file checkers; its rule
 * errors and aggregate findings come from the caller's `checker.finish()` at the end of the run.
 */
export class RunChecker {
  readonly checker: Checker;
  private keys: UniqueKeyLog;
  private readonly newLog: () => UniqueKeyLog;

  /** With `spill`, a file's keys beyond the limit go to sorted run files (batch/unique-store.ts). */
  constructor(
    rules: readonly CompiledRule[],
    options: Omit<CheckerOptions, 'uniqueKeys'>,
    spill?: SpillSettings,
  ) {
    this.newLog = () => (spill ? spillingKeyLog(rules, spill) : new UniqueKeyLog(rules));
    this.keys = this.newLog();
    this.checker = new Checker(rules, {
      ...options,
      uniqueKeys: { add: (rule, value, record) => this.keys.add(rule, value, record) },
    });
  }

  /** A file starts: the uniqueness keys read from now on are that file's. */
  startFile(): void {
    this.keys = this.newLog();
  }

  /** The keys of the file read since startFile(). */
  endFile(): UniqueKeyBatch {
    return this.keys.batch();
  }
}

export interface FileContext {
  readonly rules: readonly CompiledRule[];
  readonly params: ResolvedParams;
  readonly fileOptions: FileOptions;
  /** Called every 2000 rows with the rows read since the last call. */
  readonly onRows?: (rows: number) => void;
  readonly signal?: AbortSignal;
  /** The run's one checker (aggregate scopes, household tables); absent: a checker of this file's own. */
  readonly shared?: RunChecker;
  /** Read the file in a second thread while this one checks it (io/threaded.ts): --jobs left a core free. */
  readonly readInThread?: boolean;
  /** Household tables of the run's inputs, joined onto the person rows (normalize/join.ts). */
  readonly join?: HouseholdJoin | null;
  /** Where uniqueness keys beyond the limit go (absent: kept in memory). */
  readonly spill?: SpillSettings;
  /** Where the file's findings go as they are made (absent: returned in FileCheck.findings). */
  readonly sink?: FindingSink;
}

/** Read and check one file on its own (in this thread or a worker); throws a LedgerlintError when it cannot. */
export async function checkFile(file: string, context: FileContext): Promise<FileCheck> {
  const { rules, params, signal } = context;
  const options = context.fileOptions;
  const run =
    context.shared ??
    new RunChecker(rules, { year: params.year, assessmentDate: params.assessmentDate }, context.spill);
  run.startFile();
  const checker = run.checker;
  const { sink } = context;
  const findingList: Finding[] = [];
  const findings = pushTo(sink, findingList);
  let persons = 0;
  let households = 0;
  let rowsRead = 0;
  const tally = new AreaTally();
  const headNames = new HeadNames();
  const standards = new StandardTally();
  const countOutcomes = standards.sink();
  const openOptions: OpenOptions = { sheet: options.sheet, encoding: options.encoding };
  const profiles = profileRequest(options.profile);
  const join = context.join ?? null;

  {
    const sheets: ReportInput['sheets'] = [];
    let csv: Pick<ReportInput, 'encoding' | 'dialect'> = { encoding: null, dialect: null };
    /** Findings that depend on a whole household, kept apart so split households can be re-checked. */
    const householdFindingList: Finding[] = [];
    const householdFindings = pushTo(sink, householdFindingList, 'addHousehold');
    const splits = new Map<string | null, Map<string, SplitAt>>();

    const order: (string | null)[] = [];
    const skippedSheets: string[] = [];
    const open = context.readInThread ? openLedgerInThread : openLedger;
    const sheetAsked = options.sheet !== undefined;
    // With a reader thread and no household table to join on, the thread also opens the sheets and builds
    // the records (io/threaded.ts): this one only checks. Joined runs read raw rows here (join.ts rewrites
    // the layout and wraps the builder with this thread's household tables).
    const opening: AsyncIterable<SheetOpened> =
      context.readInThread && join === null
        ? openBuiltSheetsInThread(file, file, openOptions, { sheetAsked, profile: options.profile })
        : openEachSheet(open(file, file, openOptions), sheetAsked, profiles);
    for await (const { source, sheet: opened } of opening) {
      order.push(source.sheet);
      sink?.sheet(source.sheet);
      if (source.encoding) csv = { encoding: { ...source.encoding }, dialect: source.dialect ?? null };
      if (opened.skipped !== null) {
        findings.push(sheetSkipped(file, source.sheet, opened.skipped));
        skippedSheets.push(describeSkipped(source.sheet, opened, options.lang));
        continue;
      }
      if (join?.isHouseholdSheet(file, source.sheet) && 'rows' in opened) {
        const table = await householdSheetFindings(opened.layout, opened.rows);
        findings.push(...opened.findings, ...table.findings);
        sheets.push(sheetInfo(opened.layout, table.dataRows));
        continue;
      }
      const layout = join ? join.layoutFor(opened.layout) : opened.layout;
      findings.push(...opened.findings, ...checker.beginSheet(layout));
      if (!layout.fieldColumns.has('household_id')) findings.push(noHouseholdColumn(layout));
      const assembler = new HouseholdAssembler();
      let dataRows = 0;
      /** One row, built (here or in the reader thread), with its row-longer-than-header finding if any. */
      const onRow = (built: RowResult, extra: Finding | undefined): void => {
        rowsRead += 1;
        if (rowsRead % 2000 === 0) {
          if (signal?.aborted) throw new LedgerlintError('cli.interrupted', {});
          context.onRows?.(2000);
        }
        const record = built.record;
        if (built.findings.length > 0) {
          const subject = record ? subjectOf(record.values.id_number, record.values.name) : undefined;
          const name = textOf(record?.values.name);
          for (const f of built.findings) findings.push({ ...f, ...(subject ? { subject } : {}), name });
        }
        if (!record) return;
        if (extra)
          findings.push({
            ...extra,
            subject: subjectOf(record.values.id_number, record.values.name),
            name: textOf(record.values.name),
          });
        dataRows += 1;
        const datasetFindings = checker.observe(record);
        if (datasetFindings.length > 0) findings.push(...datasetFindings);
        for (const group of assembler.push(record)) {
          tally.add(group);
          headNames.add(group);
          householdFindings.push(...checker.checkHousehold(group, group.repeat ? undefined : countOutcomes));
        }
      };
      if ('batches' in opened) {
        for await (const batch of opened.batches) for (const built of batch) onRow(built, built.extra);
      } else {
        const build = createBuiltRowBuilder(layout, joinedBuilder(createRecordBuilder(layout), join));
        for await (const raw of opened.rows) {
          const built = build(raw);
          onRow(built, built.extra);
        }
      }
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
      // Appended one by one: spreading hundreds of thousands of arguments overflows the call stack.
      for (const f of householdFindingList) if (!isSplit(f)) findings.push(f);
      for (const [sheet, ids] of splits) sink?.withdrawHouseholds(sheet, ids.keys());
      const rechecked = await recheckSplitHouseholds(
        file,
        openOptions,
        splits,
        checker,
        options.sheet !== undefined,
        standards,
        profiles,
        join,
      );
      for (const f of rechecked) findings.push(f);
    } else {
      for (const f of householdFindingList) findings.push(f);
    }
    context.onRows?.(rowsRead % 2000);
    return {
      file,
      input: { file, ...csv, sheets },
      sheetOrder: order,
      findings: findingList,
      ruleErrors: context.shared ? [] : checker.finish(),
      persons,
      households,
      rows: rowsRead,
      areas: tally.areas(),
      byStatus: tally.statuses(),
      standards: standards.counted(),
      uniqueKeys: run.endFile(),
      headNames: headNames.entries(),
    };
  }
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

  /** Add the tally of a later file (per-file tallies merged in input order give the run's). */
  merge(areas: readonly AreaCount[], byStatus: Readonly<Record<string, number>>): void {
    for (const a of areas) {
      const key = `${a.township ?? ''}\u0000${a.village ?? ''}`;
      const area = this.byArea.get(key);
      if (area) {
        area.persons += a.persons;
        area.households += a.households;
      } else this.byArea.set(key, { ...a });
    }
    for (const [status, n] of Object.entries(byStatus))
      this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + n);
  }

  areas(): AreaCount[] {
    return [...this.byArea.values()];
  }

  statuses(): Record<string, number> {
    return Object.fromEntries(this.byStatus);
  }
}

/**
 * Rule errors of each file (one rule-error finding per rule and file, in input order) into one per rule for the
 * run: counts summed, the first file's error and place kept.
 */
function mergeRuleErrors(perFile: readonly Finding[]): Finding[] {
  const byRule = new Map<string, Finding>();
  for (const f of perFile) {
    const rule = String(f.data.rule);
    const first = byRule.get(rule);
    if (!first) byRule.set(rule, f);
    else
      byRule.set(rule, {
        ...first,
        data: { ...first.data, count: Number(first.data.count) + Number(f.data.count) },
      });
  }
  return [...byRule.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([, f]) => f);
}

/** A file of a batch run that could not be read: the reader's error as a finding about the whole file. */
function fileUnreadable(file: string, messageId: string, data: Record<string, unknown>): Finding {
  const plain: Finding['data'] = {};
  for (const [key, value] of Object.entries(data)) {
    if (value === undefined) continue;
    plain[key] =
      typeof value === 'number' || typeof value === 'string' || value === null ? value : String(value);
  }
  return inputFinding('file-unreadable', messageId, plain, { file });
}

/** A sheet without a 户编号 column: one finding at its (first) header row, where the column would be. */
function noHouseholdColumn(layout: SheetLayout): Finding {
  const at = {
    file: layout.file,
    sheet: layout.sheet,
    row: layout.headerRows[0] ?? null,
    field: 'household_id',
  };
  return inputFinding('missing-household-id', 'no-column', {}, at);
}

export function sheetSkipped(file: string, sheet: string | null, messageId = 'no-header'): Finding {
  return inputFinding('sheet-skipped', messageId, {}, { file, sheet });
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
