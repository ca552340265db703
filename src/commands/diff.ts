/**
 * `ledgerlint diff <old> <new>`: read two drops of the same ledger, compare them (engine/diff.ts) and build one
 * report, located in the new drop (removed households and members in the old one). The same reporters, gates,
 * baselines and waivers as `check`.
 */
import { configPacks } from '../config/flags.js';
import type { LoadedConfig } from '../config/load.js';
import { builtinFindingSettings, ruleSettingsOf, type RuleSettings } from '../config/rules.js';
import { fieldByKey } from '../dictionary/index.js';
import { Checker } from '../engine/checker.js';
import { DiffEngine, DropIndex } from '../engine/diff.js';
import { LedgerlintError } from '../errors.js';
import { fingerprint } from '../findings/baseline.js';
import { BUILTIN_FINDINGS } from '../findings/catalogue.js';
import { buildReport, type ReportInput } from '../findings/report.js';
import type { Finding } from '../findings/types.js';
import { openLedger } from '../io/open.js';
import type { OpenOptions } from '../io/types.js';
import { createRecordBuilder } from '../normalize/records.js';
import { openSheet } from '../normalize/sheet.js';
import { ruleDocPath } from '../packs/load.js';
import { builtinRuleIds, loadPacks } from '../packs/registry.js';
import { profileRequest } from '../profiles/registry.js';
import {
  AreaTally,
  loadRules,
  reportFrame,
  ruleTitles,
  sheetInfo,
  sheetSkipped,
  type CheckOptions,
  type CheckResult,
} from './check.js';

/** The pack `ledgerlint diff` runs when none is named. */
export const DEFAULT_DIFF_PACKS = ['monitoring-diff'] as const;

export interface DiffOptions extends Pick<
  CheckOptions,
  | 'packs'
  | 'year'
  | 'params'
  | 'sheet'
  | 'encoding'
  | 'lang'
  | 'showPii'
  | 'quiet'
  | 'maxFindingsPerRule'
  | 'baseline'
  | 'waivers'
  | 'profile'
  | 'configParams'
  | 'ruleSettings'
> {
  /** The earlier drop (one or more files read as one ledger). */
  readonly old: readonly string[];
  /** The later drop. */
  readonly new: readonly string[];
}

export async function runDiff(options: DiffOptions): Promise<CheckResult> {
  const loaded = await loadRules(options, true);
  const { parsed, params } = loaded;
  const rules = loaded.rules.filter((r) => r.scope === 'diff');
  if (rules.length === 0) {
    throw new LedgerlintError('cli.diff-no-rules', { packs: options.packs.join(', ') });
  }
  const checker = new Checker([], { year: params.year, assessmentDate: params.assessmentDate });
  const fields = new Set(
    rules.flatMap((r) => [...r.needs, ...r.needsOneOf, ...(r.def.optionalFields ?? [])]),
  );
  for (const f of [...fields]) if (!fieldByKey(f)) fields.delete(f);

  const openOptions: OpenOptions = { sheet: options.sheet, encoding: options.encoding };
  const profiles = profileRequest(options.profile);
  const findings: Finding[] = [];
  const inputs: ReportInput[] = [];
  const sheetOrder = new Map<string, (string | null)[]>();
  const read = async (files: readonly string[], drop: DropIndex, tally?: AreaTally): Promise<void> => {
    for (const file of files) {
      const sheets: ReportInput['sheets'] = [];
      const order: (string | null)[] = [];
      sheetOrder.set(file, order);
      for await (const source of openLedger(file, file, openOptions)) {
        order.push(source.sheet);
        const opened = await openSheet(source, options.sheet !== undefined, profiles);
        if (opened.skipped !== null) {
          findings.push(sheetSkipped(file, source.sheet, opened.skipped));
          continue;
        }
        drop.beginSheet(opened.layout);
        const build = createRecordBuilder(opened.layout);
        let rows = 0;
        for await (const raw of opened.rows) {
          const record = build(raw).record;
          if (!record) continue;
          rows += 1;
          drop.add(record);
        }
        sheets.push(sheetInfo(opened.layout, rows));
      }
      if (sheets.length === 0) throw new LedgerlintError('cli.no-ledger', { file });
      inputs.push({ file, sheets });
    }
    if (tally) for (const [id, members] of drop.households) tally.add({ id, members });
  };

  const oldDrop = new DropIndex(fields);
  const newDrop = new DropIndex(fields);
  const tally = new AreaTally();
  // The new drop first: the report is about it, its findings come first.
  await read(options.new, newDrop, tally);
  await read(options.old, oldDrop);
  findings.push(...new DiffEngine(rules, checker, params.year).compare(oldDrop, newDrop));
  findings.push(...checker.finish());
  // The config's settings of built-in finding types (missing-column: warning …), as check applies them.
  const settle = builtinFindingSettings(options.ruleSettings);
  if (settle) settleInPlace(findings, settle);

  const report = buildReport({
    ...reportFrame(parsed, params, rules, { ...options, all: true }),
    inputs,
    persons: newDrop.persons,
    households: newDrop.households.size,
    areas: tally.areas(),
    byStatus: tally.statuses(),
    findings,
    sheetOrder,
  });
  return {
    report,
    ruleTitles: ruleTitles(rules),
    fingerprints: findings.map(fingerprint),
    ruleDocs: new Map(
      parsed.flatMap((p) =>
        p.pack.rules.filter((r) => r.scope === 'diff').map((r) => [r.id, ruleDocPath(p, r.id)] as const),
      ),
    ),
  };
}

/**
 * The config's `rules:` settings for a diff run. A diff run loads its own packs (diff --pack, `diffPacks`), not
 * the config's `packs` (check's): a setting of a rule of those packs is not an unknown id, and applies to no rule
 * of the diff run (a diff rule of the same id keeps its setting). Check's packs are loaded only when some setting
 * names neither a built-in pack's rule nor a built-in finding type (a pack of the project's own), so a diff run
 * neither pays for nor fails on check's packs otherwise.
 */
export async function diffRuleSettings(config: LoadedConfig | null): Promise<RuleSettings | undefined> {
  const settings = ruleSettingsOf(config);
  const checkPacks = config === null ? undefined : configPacks(config, 'packs');
  if (settings === undefined || checkPacks === undefined) return settings;
  const builtin = builtinRuleIds();
  const needsCheckPacks = Object.keys(settings.rules).some(
    (id) => !builtin.has(id) && !Object.hasOwn(BUILTIN_FINDINGS, id),
  );
  if (!needsCheckPacks) return settings;
  const checkRuleIds = new Set(
    (await loadPacks(checkPacks)).flatMap(({ pack }) => pack.rules.map((r) => r.id)),
  );
  return { ...settings, otherKnownRuleIds: checkRuleIds };
}

/**
 * Replace each finding by what `settle` makes of it (null: left out), in place. Not splice(0, n, ...all): a
 * spread passes every finding as an argument, past the call stack's limit at some hundred thousand findings.
 */
export function settleInPlace(findings: Finding[], settle: (finding: Finding) => Finding | null): void {
  let kept = 0;
  for (const finding of findings) {
    const settled = settle(finding);
    if (settled !== null) findings[kept++] = settled;
  }
  findings.length = kept;
}
