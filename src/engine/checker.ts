/**
 * Evaluating compiled rules over households: person rules once per member, household rules once per
 * household, dataset checks across every input. Domain code only: records in, findings out, no I/O.
 *
 * Semantics of an empty value: a rule whose `when`/`assert` reads a value that is empty on this row, without
 * guarding it with has() or `.?`, does not apply to that row (CEL raises `no such key`, the engine counts the
 * rule as not applicable). Emptiness is reported by the `required-*` rules, not by every rule that reads it.
 */
import { FIELDS, codeListById, fieldByKey, isKnownCode } from '../dictionary/index.js';
import { subjectOf } from '../findings/baseline.js';
import { BUILTIN_FINDINGS, inputFinding, ruleErrorFinding, skippedSeverity } from '../findings/catalogue.js';
import type { Finding, FindingData } from '../findings/types.js';
import { birthDateFromId, isValidIdNumber } from '../normalize/idnumber.js';
import { textOf } from '../normalize/records.js';
import type { FieldValue, PersonRecord, SheetLayout } from '../normalize/types.js';
import { AggregateTally, type PopulationLookup } from './aggregate.js';
import type { CompiledRule, Evaluator } from './compile.js';
import { NO_SUCH_KEY } from './closure.js';
import { anchorOf, type HouseholdGroup } from './households.js';
import { inMemoryDuplicates, UniqueKeyLog, type UniqueKeySink } from './unique.js';
import type { OutcomeSink } from './standards.js';
import { evaluateData } from './finding-data.js';

const HOUSEHOLD_FIELDS = FIELDS.filter((f) => f.level === 'household').map((f) => f.key);

export type CelObject = Record<string, unknown>;

/** What `householdObjects` returns. */
export type HouseholdObjects = HouseholdView;

interface HouseholdView {
  readonly id: string | null;
  readonly h: CelObject;
  readonly persons: readonly CelObject[];
  readonly members: readonly PersonRecord[];
  /** The record that locates household findings: the 户主, else the first member. */
  readonly anchor: PersonRecord;
  readonly township: string | null;
  readonly village: string | null;
}

/** A rule that runs on the current sheet, with what its evaluations need, worked out once per sheet. */
interface ActiveRule {
  readonly rule: CompiledRule;
  readonly params: CelObject;
  /** Index of the rule's pack (for the per-household appliesTo and context caches). */
  readonly pack: number;
}

interface RuleErrorTally {
  count: number;
  first: string;
  file: string;
  sheet: string | null;
  row: number | null;
}

export interface CheckerOptions {
  readonly year: number;
  readonly assessmentDate: string;
  /**
   * Where the keys of dataset uniqueness checks go, when they are merged elsewhere (across worker threads and
   * cached files, see engine/unique.ts). Without it the checker keeps the keys in memory and finish() reports.
   */
  readonly uniqueKeys?: UniqueKeySink;
  /** Total rural population by village/township/county (--population), for aggregate rules. */
  readonly population?: PopulationLookup;
}

export class Checker {
  private readonly personRules: CompiledRule[];
  private readonly householdRules: CompiledRule[];
  private readonly uniqueRules: CompiledRule[];
  /** Rules that cannot run on the current sheet (missing columns). */
  private disabled = new Set<string>();
  private readonly errors = new Map<string, RuleErrorTally>();
  /** Keys by file, when no `uniqueKeys` sink is given. */
  private readonly ownKeys = new Map<string, UniqueKeyLog>();
  private readonly assessment: { y: number; m: number; d: number };
  private readonly paramsByPack = new Map<string, CelObject>();
  /** Village/township/county rules: per-household facts, judged per group in finish(). */
  private readonly aggregates: AggregateTally | undefined;
  private readonly packIndex = new Map<string, number>();
  /** Person and household rules not disabled on the current sheet, in rule order. */
  private activeHouseholdRules: ActiveRule[] = [];
  private activePersonRules: ActiveRule[] = [];
  /** Per household and pack: does the pack's appliesTo hold (undefined: not evaluated yet)? */
  private readonly appliesByPack: (boolean | undefined)[] = [];
  /** Per household and pack: one evaluation context per member, shared by the pack's person rules. */
  private readonly contextsByPack: (CelObject[] | undefined)[] = [];

  constructor(
    readonly rules: readonly CompiledRule[],
    private readonly options: CheckerOptions,
  ) {
    this.personRules = rules.filter((r) => r.scope === 'person');
    this.householdRules = rules.filter((r) => r.scope === 'household');
    this.uniqueRules = rules.filter((r) => r.check?.type === 'unique');
    for (const rule of rules) {
      if (!this.paramsByPack.has(rule.packId)) this.paramsByPack.set(rule.packId, rule.params);
      if (!this.packIndex.has(rule.packId)) this.packIndex.set(rule.packId, this.packIndex.size);
    }
    const aggregateRules = rules.filter((r) => r.aggregate !== undefined);
    this.aggregates =
      aggregateRules.length > 0 ? new AggregateTally(aggregateRules, options.year) : undefined;
    const [y, m, d] = options.assessmentDate.split('-').map(Number);
    this.assessment = { y: y ?? options.year, m: m ?? 12, d: d ?? 31 };
    this.activate();
  }

  /** The active rule lists, after `disabled` changed. */
  private activate(): void {
    const active = (rules: readonly CompiledRule[]): ActiveRule[] =>
      rules
        .filter((rule) => !this.disabled.has(rule.id))
        .map((rule) => ({
          rule,
          params: this.paramsByPack.get(rule.packId) ?? {},
          pack: this.packIndex.get(rule.packId) ?? 0,
        }));
    this.activeHouseholdRules = active(this.householdRules);
    this.activePersonRules = active(this.personRules);
  }

  /**
   * Call when a sheet starts: disables the rules that cannot run on it and reports them, one finding per
   * missing column (or set of alternative columns) listing the rules it stops. The finding is a warning when
   * one of those rules is error-level (a standard left unverified), otherwise info.
   */
  beginSheet(layout: SheetLayout): Finding[] {
    this.disabled = new Set();
    const has = (field: string): boolean =>
      field === 'member_count' ||
      layout.fieldColumns.has(field) ||
      (field === 'age' && (layout.fieldColumns.has('birth_date') || layout.fieldColumns.has('id_number')));
    const byColumn = new Map<string, { fields: string[]; rules: CompiledRule[] }>();
    const note = (fields: string[], rule: CompiledRule) => {
      const key = fields.join('/');
      const entry = byColumn.get(key) ?? { fields, rules: [] };
      entry.rules.push(rule);
      byColumn.set(key, entry);
    };
    for (const rule of this.rules) {
      if (rule.scope === 'diff') continue; // run by `ledgerlint diff`, not here
      const missing =
        rule.check?.type === 'required'
          ? rule.check.fields.filter((f) => !has(f))
          : rule.needs.filter((f) => !has(f));
      const noneOf = rule.needsOneOf.length > 0 && !rule.needsOneOf.some(has);
      if (missing.length === 0 && !noneOf) continue;
      if (rule.check?.type !== 'required') this.disabled.add(rule.id);
      if (rule.def.skipIfMissing) continue;
      for (const field of missing) note([field], rule);
      if (noneOf) note([...rule.needsOneOf], rule);
    }
    this.activate();
    return [...byColumn.values()].map(({ fields, rules }) =>
      inputFinding(
        'missing-column',
        'rules-skipped',
        {
          fields: fields.map(fieldLabel).join('/'),
          count: rules.length,
          rules: rules.map((r) => r.id).join('、'),
        },
        { file: layout.file, sheet: layout.sheet, field: fields[0] },
        skippedSeverity(rules),
      ),
    );
  }

  /**
   * Dataset checks see every record once, in reading order (not again when split households are re-read). Their
   * findings come at the end: from the run's key store, or from finish() without a `uniqueKeys` sink.
   */
  observe(record: PersonRecord): Finding[] {
    for (const rule of this.uniqueRules) {
      if (rule.check?.type !== 'unique' || this.disabled.has(rule.id)) continue;
      const value = record.values[rule.check.field];
      if (typeof value !== 'string' || value === '') continue;
      this.keySink(record.layout.file).add(rule, value, record);
    }
    return [];
  }

  private keySink(file: string): UniqueKeySink {
    if (this.options.uniqueKeys) return this.options.uniqueKeys;
    let log = this.ownKeys.get(file);
    if (!log) {
      log = new UniqueKeyLog(this.uniqueRules);
      this.ownKeys.set(file, log);
    }
    return log;
  }

  /**
   * Evaluate person and household rules on one complete household. `outcomes` receives, once per standard rule
   * that was evaluated on the household, whether the household failed it (for pass rates).
   */
  checkHousehold(group: HouseholdGroup, outcomes?: OutcomeSink): Finding[] {
    const findings: Finding[] = [];
    const view = this.view(group, findings);
    const failedByRule = outcomes ? new Map<string, boolean>() : undefined;
    if (this.aggregates) {
      const at = view.anchor.layout;
      this.aggregates.add(
        {
          key: `${at.file}\u0000${at.sheet ?? ''}\u0000${group.id ?? `#${view.anchor.row}`}`,
          names: { county: textOf(view.h.county), township: view.township, village: view.village },
          file: at.file,
          h: view.h,
          persons: view.persons,
          disabled: this.disabled,
        },
        (packId) => this.paramsByPack.get(packId) ?? {},
      );
    }
    this.appliesByPack.fill(undefined);
    this.contextsByPack.fill(undefined);
    const year = this.options.year;

    for (const active of this.activeHouseholdRules) {
      const { rule, params } = active;
      if (rule.appliesTo && !this.applies(active, rule.appliesTo, view)) continue;
      const ctx = { h: view.h, params, year };
      if (rule.when && this.test(rule, rule.when, ctx, view.anchor) !== true) continue;
      if (rule.assert) {
        const result = this.test(rule, rule.assert, ctx, view.anchor);
        if (failedByRule && typeof result === 'boolean') outcome(failedByRule, rule, !result);
        if (result === false) {
          findings.push(
            this.finding(
              rule,
              rule.defaultMessageId,
              this.data(rule, ctx),
              view,
              view.anchor,
              rule.fields[0],
            ),
          );
        }
        continue;
      }
      const check = rule.check;
      if (check?.type === 'exactly-one') {
        const matching: PersonRecord[] = [];
        for (let i = 0; i < view.persons.length; i++) {
          const m = view.persons[i];
          const member = view.members[i];
          if (member && this.test(rule, check.where, { h: view.h, m, params, year }, member) === true) {
            matching.push(member);
          }
        }
        if (failedByRule) outcome(failedByRule, rule, matching.length !== 1);
        if (matching.length === 0) {
          findings.push(
            this.finding(rule, 'none', { count: 0 }, view, view.members[0] ?? view.anchor, rule.fields[0]),
          );
        }
        for (const extra of matching.slice(1)) {
          findings.push(
            this.finding(rule, 'many', { count: matching.length }, view, extra, rule.fields[0], true),
          );
        }
      } else if (check?.type === 'required' || check?.type === 'code-list') {
        const before = findings.length;
        this.fieldChecks(rule, check.type, check.fields, view.h, view.anchor, view, findings);
        if (failedByRule) outcome(failedByRule, rule, findings.length > before);
      }
    }

    // One evaluation context per member and pack, shared by the pack's rules (not one per rule and member).
    const persons = view.persons;
    for (const active of this.activePersonRules) {
      const { rule, params } = active;
      if (rule.appliesTo && !this.applies(active, rule.appliesTo, view)) continue;
      let packContexts = this.contextsByPack[active.pack];
      if (!packContexts) {
        packContexts = persons.map((p) => ({ p, h: view.h, params, year }));
        this.contextsByPack[active.pack] = packContexts;
      }
      for (let i = 0; i < persons.length; i++) {
        const p = persons[i] as CelObject;
        const member = view.members[i];
        const ctx = packContexts[i];
        if (!member || !ctx) continue;
        if (rule.when && this.test(rule, rule.when, ctx, member) !== true) continue;
        if (rule.assert) {
          const result = this.test(rule, rule.assert, ctx, member);
          if (failedByRule && typeof result === 'boolean') outcome(failedByRule, rule, !result);
          if (result === false) {
            findings.push(
              this.finding(rule, rule.defaultMessageId, this.data(rule, ctx), view, member, rule.fields[0]),
            );
          }
        } else if (rule.check?.type === 'required' || rule.check?.type === 'code-list') {
          const before = findings.length;
          this.fieldChecks(rule, rule.check.type, rule.check.fields, p, member, view, findings);
          if (failedByRule) outcome(failedByRule, rule, findings.length > before);
        }
      }
    }
    if (outcomes && failedByRule) {
      for (const [ruleId, failed] of failedByRule) outcomes(ruleId, failed, view.township, view.village);
    }
    return findings;
  }

  /** Does the pack's appliesTo hold for the household (evaluated once per household and pack)? */
  private applies(active: ActiveRule, appliesTo: Evaluator, view: HouseholdView): boolean {
    let value = this.appliesByPack[active.pack];
    if (value === undefined) {
      const ctx = { h: view.h, params: active.params, year: this.options.year };
      value = this.test(active.rule, appliesTo, ctx, view.anchor) === true;
      this.appliesByPack[active.pack] = value;
    }
    return value;
  }

  /**
   * A household as expressions see it — `h` with its household fields, members and counts, and each member as
   * `p` — without evaluating anything (for `ledgerlint diff`, which compares two of them).
   */
  householdObjects(group: HouseholdGroup): HouseholdObjects {
    return this.view(group, []);
  }

  /** Run one expression for a caller outside the checker (diff rules); undefined when not applicable. */
  evaluate(rule: CompiledRule, evaluator: Evaluator, ctx: CelObject, at: PersonRecord): unknown {
    return this.test(rule, evaluator, ctx, at);
  }

  /** The evaluated `data` of a failing rule. */
  findingData(rule: CompiledRule, ctx: CelObject): FindingData {
    return this.data(rule, ctx);
  }

  /** Findings collected over the whole run: rule evaluation errors (and duplicates, without a key sink). */
  finish(): Finding[] {
    const findings: Finding[] = [];
    if (this.ownKeys.size > 0) {
      const logs = [...this.ownKeys].map(([file, log]) => ({ file, batch: log.batch() }));
      findings.push(...inMemoryDuplicates(this.rules, logs));
    }
    for (const [ruleId, tally] of [...this.errors.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
      findings.push(ruleErrorFinding(ruleId, tally));
    }
    if (this.aggregates)
      findings.push(
        ...this.aggregates.finish(this.options.population, (packId) => this.paramsByPack.get(packId) ?? {}),
      );
    return findings;
  }

  // ——— internals ———

  private view(group: HouseholdGroup, findings: Finding[]): HouseholdView {
    const members = group.members;
    const first = members[0];
    if (!first) throw new Error('empty household group');
    const anchor = anchorOf(members) ?? first;

    // Household fields: the 户主's value, else the first member that has one; members that disagree are reported.
    // Built in place (household fields, then members and member_count): one object per household.
    const h: CelObject = {};
    const hValues = h as Record<string, FieldValue>;
    for (const key of HOUSEHOLD_FIELDS) {
      let chosen: FieldValue | undefined = anchor.values[key];
      let source = anchor;
      if (chosen === undefined) {
        for (const m of members) {
          if (m.values[key] !== undefined) {
            chosen = m.values[key];
            source = m;
            break;
          }
        }
      }
      if (chosen === undefined) continue;
      hValues[key] = chosen;
      if (members.length === 1) continue;
      for (const m of members) {
        const value = m.values[key];
        if (value === undefined || m === source || sameValue(value, chosen)) continue;
        findings.push({
          subject: subjectOf(m.values.id_number, m.values.name),
          ruleId: 'household-conflict',
          severity: BUILTIN_FINDINGS['household-conflict'].severity,
          messageId: 'conflict',
          data: {
            fieldLabel: fieldLabel(key),
            value: show(value),
            headValue: show(chosen),
            headRow: source.row,
          },
          scope: 'household',
          file: m.layout.file,
          sheet: m.layout.sheet,
          row: m.row,
          column: m.layout.fieldColumns.get(key)?.column ?? null,
          field: key,
          householdId: group.id,
          township: textOf(hValues.township ?? m.values.township),
          village: textOf(hValues.village ?? m.values.village),
        });
      }
    }
    const persons = members.map((m) => this.personObject(m));
    h.members = persons;
    h.member_count = members.length;
    return {
      id: group.id,
      h,
      persons,
      members,
      anchor,
      township: textOf(hValues.township),
      village: textOf(hValues.village),
    };
  }

  private personObject(record: PersonRecord): CelObject {
    const p: CelObject = { ...record.values };
    const age = this.ageOf(record);
    if (age !== undefined) p.age = age;
    return p;
  }

  /** Full years at the assessment date, from 出生日期, else from a valid ID number. */
  private ageOf(record: PersonRecord): number | undefined {
    let birth = record.values.birth_date;
    if (typeof birth !== 'string') {
      const id = record.values.id_number;
      birth = typeof id === 'string' && isValidIdNumber(id) ? birthDateFromId(id) : undefined;
    }
    if (typeof birth !== 'string') return undefined;
    const [y, m, d] = dateParts(birth);
    if (y === undefined || m === undefined || d === undefined) return undefined;
    const a = this.assessment;
    const age = a.y - y - (a.m < m || (a.m === m && a.d < d) ? 1 : 0);
    return age >= 0 ? age : undefined;
  }

  /** Run one expression; undefined when it does not apply (an empty value) or failed (tallied). */
  private test(rule: CompiledRule, evaluator: Evaluator, ctx: CelObject, at: PersonRecord): unknown {
    try {
      const value = evaluator.run(ctx);
      return value === NO_SUCH_KEY ? undefined : value;
    } catch (error) {
      if ((error as { code?: string }).code === 'no_such_key') return undefined;
      this.tally(rule, error, at);
      return undefined;
    }
  }

  private tally(rule: CompiledRule, error: unknown, at: PersonRecord): void {
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
    const tally = this.errors.get(rule.id);
    if (tally) tally.count += 1;
    else
      this.errors.set(rule.id, {
        count: 1,
        first: message,
        file: at.layout.file,
        sheet: at.layout.sheet,
        row: at.row,
      });
  }

  private data(rule: CompiledRule, ctx: CelObject): FindingData {
    return evaluateData(rule, ctx);
  }

  private fieldChecks(
    rule: CompiledRule,
    type: 'required' | 'code-list',
    fields: readonly string[],
    values: CelObject,
    at: PersonRecord,
    view: HouseholdView,
    findings: Finding[],
  ): void {
    for (const key of fields) {
      if (!at.layout.fieldColumns.has(key)) continue;
      const value = values[key];
      const def = fieldByKey(key);
      if (type === 'required') {
        if (value === undefined)
          findings.push(
            this.finding(rule, rule.defaultMessageId, { fieldLabel: fieldLabel(key) }, view, at, key),
          );
        continue;
      }
      if (value === undefined || !def?.codeList) continue;
      const list = def.codeList;
      // The usual case, a single known label, without the arrays.
      if (!Array.isArray(value) && isKnownCode(list, String(value))) continue;
      const unknown = (Array.isArray(value) ? (value as string[]) : [String(value)]).filter(
        (v) => !isKnownCode(list, v),
      );
      if (unknown.length > 0) {
        findings.push(
          this.finding(
            rule,
            rule.defaultMessageId,
            { fieldLabel: fieldLabel(key), value: unknown.join('、'), list: codeListById(list)?.zh ?? list },
            view,
            at,
            key,
          ),
        );
      }
    }
  }

  private finding(
    rule: CompiledRule,
    messageId: string,
    data: FindingData,
    view: HouseholdView,
    at: PersonRecord,
    field: string | undefined,
    aboutPerson = rule.scope === 'person',
  ): Finding {
    const key = field ?? null;
    return {
      subject: aboutPerson ? subjectOf(at.values.id_number, at.values.name) : undefined,
      ruleId: rule.id,
      severity: rule.severity,
      messageId,
      data,
      scope: rule.scope === 'diff' ? rule.of : rule.scope,
      file: at.layout.file,
      sheet: at.layout.sheet,
      row: at.row,
      column: key ? (at.layout.fieldColumns.get(key)?.column ?? null) : null,
      field: key,
      householdId: view.id,
      township: view.township,
      village: view.village,
      name: textOf(at.values.name),
    };
  }
}

/** Whether a standard rule failed on the household (any member failing fails it), for pass rates. */
function outcome(failedByRule: Map<string, boolean>, rule: CompiledRule, failed: boolean): void {
  if (rule.standard) failedByRule.set(rule.id, failedByRule.get(rule.id) === true || failed);
}

function fieldLabel(key: string): string {
  if (key === 'age') return '年龄';
  return fieldByKey(key)?.zh ?? key;
}

/** 'YYYY-MM-DD' as numbers, as split('-').map(Number) gives them, without the arrays for the usual shape. */
function dateParts(text: string): (number | undefined)[] {
  if (
    text.length === 10 &&
    text.indexOf('-') === 4 &&
    text.indexOf('-', 5) === 7 &&
    text.indexOf('-', 8) === -1
  ) {
    return [Number(text.slice(0, 4)), Number(text.slice(5, 7)), Number(text.slice(8))];
  }
  return text.split('-').map(Number);
}

function sameValue(a: FieldValue, b: FieldValue): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i]);
  return a === b;
}

function show(value: FieldValue): string {
  if (Array.isArray(value)) return value.join('、');
  if (typeof value === 'boolean') return value ? '是' : '否';
  return String(value);
}
