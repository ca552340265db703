/**
 * Evaluating compiled rules over households: person rules once per member, household rules once per
 * household, dataset checks across every input. Domain code only: records in, findings out, no I/O.
 *
 * Semantics of an empty value: a rule whose `when`/`assert` reads a value that is empty on this row, without
 * guarding it with has() or `.?`, does not apply to that row (CEL raises `no such key`, the engine counts the
 * rule as not applicable). Emptiness is reported by the `required-*` rules, not by every rule that reads it.
 */
import { codeListById, fieldByKey, isKnownCode } from '../dictionary/index.js';
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
import { inMemoryDuplicates, uniqueRules, UniqueKeyLog, type UniqueKeySink } from './unique.js';
import type { OutcomeSink } from './standards.js';
import { evaluateData } from './finding-data.js';
import {
  emptyPersonObject,
  HOUSEHOLD_FIELDS,
  householdObject,
  offerHouseholdValues,
  runAbsentAware,
  withoutAbsent,
} from './shapes.js';

/** Household field → its index in HOUSEHOLD_FIELDS. */
const HOUSEHOLD_INDEX = new Map(HOUSEHOLD_FIELDS.map((key, i) => [key, i]));
const TOWNSHIP_INDEX = HOUSEHOLD_INDEX.get('township');
const VILLAGE_INDEX = HOUSEHOLD_INDEX.get('village');

export type CelObject = Record<string, unknown>;

const NO_FINDINGS: readonly Finding[] = Object.freeze([]);

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

type Closure = (ctx: CelObject) => unknown;

/** A rule that runs on the current sheet, with what its evaluations need, worked out once per sheet. */
interface ActiveRule {
  readonly rule: CompiledRule;
  readonly params: CelObject;
  /** Index of the rule's pack (for the per-household appliesTo and context caches). */
  readonly pack: number;
  /**
   * The rule's expressions as closures without the per-evaluation variable check (Evaluator.unchecked), where
   * the contexts this checker builds for them pass that check (checked once, here); else undefined.
   */
  readonly appliesTo: Closure | undefined;
  readonly when: Closure | undefined;
  readonly assert: Closure | undefined;
  readonly where: Closure | undefined;
  /** Index among the standard rules (pass rates), -1 for a rule that is not counted. */
  readonly standard: number;
  /** The fields of a required/code-list check that the layout `fieldsOf` has, worked out per layout. */
  fieldsOf: SheetLayout | undefined;
  fields: readonly FieldCheck[];
}

/** One field of a required/code-list check on a sheet that has its column. */
interface FieldCheck {
  readonly key: string;
  readonly label: string;
  readonly codeList: string | undefined;
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
  /** Unique rules not disabled on the current sheet. */
  private activeUniqueRules: { readonly rule: CompiledRule; readonly field: string }[] = [];
  /** Ids of the standard rules, by their ActiveRule.standard index. */
  private readonly standardIds: string[] = [];
  /** Per household and standard rule: did the household fail it (undefined: not evaluated)? */
  private readonly failedByStandard: (boolean | undefined)[] = [];
  /** Standard indexes in the order of their first outcome on the household. */
  private readonly outcomeOrder: number[] = [];
  /** Per household field (HOUSEHOLD_FIELDS order): the value chosen for `h` and the member it came from. */
  private readonly chosen: (FieldValue | undefined)[] = HOUSEHOLD_FIELDS.map(() => undefined);
  private readonly chosenFrom: (PersonRecord | undefined)[] = HOUSEHOLD_FIELDS.map(() => undefined);
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
  /**
   * Per pack: the member contexts, reused from household to household (`p` and `h` replaced; nothing keeps a
   * context past its household), so that a household allocates none.
   */
  private readonly contextPool: CelObject[][] = [];
  /** Per household and pack: the household context `{h, params, year}`, shared by the pack's household rules. */
  private readonly householdContextByPack: (CelObject | undefined)[] = [];

  constructor(
    readonly rules: readonly CompiledRule[],
    private readonly options: CheckerOptions,
  ) {
    this.personRules = rules.filter((r) => r.scope === 'person');
    this.householdRules = rules.filter((r) => r.scope === 'household');
    this.uniqueRules = uniqueRules(rules);
    for (const rule of rules) {
      if (!this.paramsByPack.has(rule.packId)) this.paramsByPack.set(rule.packId, rule.params);
      if (!this.packIndex.has(rule.packId)) this.packIndex.set(rule.packId, this.packIndex.size);
    }
    for (const rule of [...this.householdRules, ...this.personRules]) {
      if (rule.standard) this.standardIds.push(rule.id);
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
    const year = this.options.year;
    const standards = new Map(this.standardIds.map((id, i) => [id, i]));
    const active = (rules: readonly CompiledRule[]): ActiveRule[] =>
      rules
        .filter((rule) => !this.disabled.has(rule.id))
        .map((rule) => {
          const params = this.paramsByPack.get(rule.packId) ?? {};
          // Stand-ins of the types of the contexts built in checkHousehold: p, h and m are always plain objects.
          const household = { h: {}, params, year };
          const scoped = rule.scope === 'person' ? { ...household, p: {} } : household;
          return {
            rule,
            params,
            pack: this.packIndex.get(rule.packId) ?? 0,
            appliesTo: fastClosure(rule.appliesTo, household),
            when: fastClosure(rule.when, scoped),
            assert: fastClosure(rule.assert, scoped),
            where:
              rule.check?.type === 'exactly-one'
                ? fastClosure(rule.check.where, { ...household, m: {} })
                : undefined,
            standard: rule.standard ? (standards.get(rule.id) ?? -1) : -1,
            fieldsOf: undefined,
            fields: [],
          };
        });
    this.activeHouseholdRules = active(this.householdRules);
    this.activePersonRules = active(this.personRules);
    this.activeUniqueRules = this.uniqueRules.flatMap((rule) =>
      rule.check?.type === 'unique' && !this.disabled.has(rule.id) ? [{ rule, field: rule.check.field }] : [],
    );
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
  observe(record: PersonRecord): readonly Finding[] {
    for (const { rule, field } of this.activeUniqueRules) {
      const value = record.values[field];
      if (typeof value !== 'string' || value === '') continue;
      this.keySink(record.layout.file).add(rule, value, record);
    }
    return NO_FINDINGS;
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
    const counting = outcomes !== undefined;
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
    this.householdContextByPack.fill(undefined);
    const year = this.options.year;

    for (const active of this.activeHouseholdRules) {
      const { rule, params } = active;
      if (rule.appliesTo && !this.applies(active, rule.appliesTo, view)) continue;
      const ctx = this.householdContext(active, view);
      if (rule.when && this.test(rule, rule.when, active.when, ctx, view.anchor) !== true) continue;
      if (rule.assert) {
        const result = this.test(rule, rule.assert, active.assert, ctx, view.anchor);
        if (counting && typeof result === 'boolean') this.outcome(active, !result);
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
          if (
            member &&
            this.test(rule, check.where, active.where, { h: view.h, m, params, year }, member) === true
          ) {
            matching.push(member);
          }
        }
        if (counting) this.outcome(active, matching.length !== 1);
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
        this.fieldChecks(active, check.type, view.h, view.anchor, view, findings);
        if (counting) this.outcome(active, findings.length > before);
      }
    }

    // One evaluation context per member and pack, shared by the pack's rules (not one per rule and member).
    const persons = view.persons;
    const members = view.members;
    for (const active of this.activePersonRules) {
      const { rule, params } = active;
      if (rule.appliesTo && !this.applies(active, rule.appliesTo, view)) continue;
      let packContexts = this.contextsByPack[active.pack];
      if (!packContexts) {
        packContexts = this.contextPool[active.pack] ??= [];
        for (let i = 0; i < persons.length; i++) {
          const ctx = packContexts[i];
          if (ctx === undefined) packContexts.push({ p: persons[i], h: view.h, params, year });
          else {
            ctx.p = persons[i];
            ctx.h = view.h;
          }
        }
        this.contextsByPack[active.pack] = packContexts;
      }
      const check = rule.check;
      for (let i = 0; i < persons.length; i++) {
        const member = members[i];
        const ctx = packContexts[i];
        if (!member || !ctx) continue;
        if (rule.when && this.test(rule, rule.when, active.when, ctx, member) !== true) continue;
        if (rule.assert) {
          const result = this.test(rule, rule.assert, active.assert, ctx, member);
          if (counting && typeof result === 'boolean') this.outcome(active, !result);
          if (result === false) {
            findings.push(
              this.finding(rule, rule.defaultMessageId, this.data(rule, ctx), view, member, rule.fields[0]),
            );
          }
        } else if (check?.type === 'required' || check?.type === 'code-list') {
          const before = findings.length;
          this.fieldChecks(active, check.type, persons[i] as CelObject, member, view, findings);
          if (counting) this.outcome(active, findings.length > before);
        }
      }
    }
    if (outcomes) {
      // In the order of each rule's first outcome on the household, as pass-rate rows appear in the report.
      const failed = this.failedByStandard;
      for (const index of this.outcomeOrder) {
        outcomes(this.standardIds[index] as string, failed[index] === true, view.township, view.village);
        failed[index] = undefined;
      }
      this.outcomeOrder.length = 0;
    }
    return findings;
  }

  /** Whether a standard rule failed on the household (any member failing fails it), for pass rates. */
  private outcome(active: ActiveRule, failed: boolean): void {
    const index = active.standard;
    if (index < 0) return;
    const before = this.failedByStandard[index];
    if (before === undefined) this.outcomeOrder.push(index);
    this.failedByStandard[index] = before === true || failed;
  }

  /** Does the pack's appliesTo hold for the household (evaluated once per household and pack)? */
  private applies(active: ActiveRule, appliesTo: Evaluator, view: HouseholdView): boolean {
    let value = this.appliesByPack[active.pack];
    if (value === undefined) {
      const ctx = this.householdContext(active, view);
      value = this.test(active.rule, appliesTo, active.appliesTo, ctx, view.anchor) === true;
      this.appliesByPack[active.pack] = value;
    }
    return value;
  }

  /** The household's `{h, params, year}` for the rule's pack (one object per household and pack). */
  private householdContext(active: ActiveRule, view: HouseholdView): CelObject {
    let ctx = this.householdContextByPack[active.pack];
    if (ctx === undefined) {
      ctx = { h: view.h, params: active.params, year: this.options.year };
      this.householdContextByPack[active.pack] = ctx;
    }
    return ctx;
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
    return this.test(rule, evaluator, undefined, ctx, at);
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
    // Read from the members' fixed-shape objects field by field (HOUSEHOLD_FIELDS order), the choice kept per
    // field index; `h` is then one fixed-shape object of the choices, the members and member_count.
    const persons = members.map((m) => this.personObject(m));
    const chosen = this.chosen;
    const from = this.chosenFrom;
    const anchorIndex = members.indexOf(anchor);
    let disagree = offerHouseholdValues(persons[anchorIndex] as CelObject, anchor, chosen, from, sameValue);
    for (let i = 0; i < members.length; i++) {
      if (
        i !== anchorIndex &&
        offerHouseholdValues(persons[i] as CelObject, members[i] as PersonRecord, chosen, from, sameValue)
      )
        disagree = true;
    }
    if (disagree) this.conflicts(group, chosen, from, findings);

    const h = householdObject(chosen, persons, members.length);
    chosen.fill(undefined);
    from.fill(undefined);
    return {
      id: group.id,
      h,
      persons,
      members,
      anchor,
      township: textOf(h.township),
      village: textOf(h.village),
    };
  }

  /**
   * The household-conflict findings of a household whose members disagree on a household field: by field
   * (HOUSEHOLD_FIELDS order), then member; each names the 乡镇/村 as far as `h` was built at that field.
   */
  private conflicts(
    group: HouseholdGroup,
    chosen: readonly (FieldValue | undefined)[],
    from: readonly (PersonRecord | undefined)[],
    findings: Finding[],
  ): void {
    const built = (at: number | undefined, i: number): FieldValue | undefined =>
      at !== undefined && at <= i ? chosen[at] : undefined;
    for (let i = 0; i < chosen.length; i++) {
      const headValue = chosen[i];
      const source = from[i];
      if (headValue === undefined || !source) continue;
      const key = HOUSEHOLD_FIELDS[i] as string;
      for (const m of group.members) {
        const value = m.values[key];
        if (value === undefined || m === source || sameValue(value, headValue)) continue;
        findings.push({
          subject: subjectOf(m.values.id_number, m.values.name),
          ruleId: 'household-conflict',
          severity: BUILTIN_FINDINGS['household-conflict'].severity,
          messageId: 'conflict',
          data: {
            fieldLabel: fieldLabel(key),
            value: show(value),
            headValue: show(headValue),
            headRow: source.row,
          },
          scope: 'household',
          file: m.layout.file,
          sheet: m.layout.sheet,
          row: m.row,
          column: m.layout.fieldColumns.get(key)?.column ?? null,
          field: key,
          householdId: group.id,
          township: textOf(built(TOWNSHIP_INDEX, i) ?? m.values.township),
          village: textOf(built(VILLAGE_INDEX, i) ?? m.values.village),
        });
      }
    }
  }

  private personObject(record: PersonRecord): CelObject {
    // The record's filled fields copied into an object of the one person shape (shapes.ts): the rules' field
    // reads then meet one hidden class, whatever set of cells the row filled.
    const p = emptyPersonObject();
    const values = record.values;
    for (const key in values) p[key] = values[key];
    p.age = this.ageOf(record);
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
    let y: number | undefined;
    let m: number | undefined;
    let d: number | undefined;
    // The usual 'YYYY-MM-DD' read digit by digit (no strings or arrays per person); anything else as
    // split('-').map(Number) reads it.
    if (birth.length === 10 && birth.charCodeAt(4) === 45 && birth.charCodeAt(7) === 45) {
      y = digitsAt(birth, 0, 4);
      m = digitsAt(birth, 5, 7);
      d = digitsAt(birth, 8, 10);
    }
    if (y === undefined || y < 0 || (m as number) < 0 || (d as number) < 0) [y, m, d] = dateParts(birth);
    if (y === undefined || m === undefined || d === undefined) return undefined;
    const a = this.assessment;
    const age = a.y - y - (a.m < m || (a.m === m && a.d < d) ? 1 : 0);
    return age >= 0 ? age : undefined;
  }

  /**
   * Run one expression; undefined when it does not apply (an empty value) or failed (tallied). `fast` is the
   * expression's unchecked closure when the context is known to pass its variable check (see ActiveRule): its
   * value stands as it is; on ERROR or DEFER the full evaluation runs (cel-js: the exact result or error).
   */
  private test(
    rule: CompiledRule,
    evaluator: Evaluator,
    fast: Closure | undefined,
    ctx: CelObject,
    at: PersonRecord,
  ): unknown {
    if (fast !== undefined) {
      const value = fast(ctx);
      if (typeof value !== 'symbol') return value;
      if (value === NO_SUCH_KEY) return undefined;
    }
    try {
      // cel-js gets the filled fields only (shapes.ts).
      // (`fast` failed already: cel-js alone, without running the generated function again)
      const value =
        fast !== undefined ? evaluator.reference(withoutAbsent(ctx)) : runAbsentAware(evaluator, ctx);
      return value === NO_SUCH_KEY ? undefined : value;
    } catch (error) {
      // run() returns NO_SUCH_KEY for an absent value: what it throws is an error of the rule.
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
    active: ActiveRule,
    type: 'required' | 'code-list',
    values: CelObject,
    at: PersonRecord,
    view: HouseholdView,
    findings: Finding[],
  ): void {
    const rule = active.rule;
    if (active.fieldsOf !== at.layout) {
      active.fields = fieldChecksOn(rule, at.layout);
      active.fieldsOf = at.layout;
    }
    for (const { key, label, codeList: list } of active.fields) {
      const value = values[key];
      if (type === 'required') {
        if (value === undefined)
          findings.push(this.finding(rule, rule.defaultMessageId, { fieldLabel: label }, view, at, key));
        continue;
      }
      if (value === undefined || !list) continue;
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
            { fieldLabel: label, value: unknown.join('、'), list: codeListById(list)?.zh ?? list },
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

/** The fields of a required/code-list rule that the layout has a column for, in the rule's order. */
function fieldChecksOn(rule: CompiledRule, layout: SheetLayout): FieldCheck[] {
  const check = rule.check;
  if (check?.type !== 'required' && check?.type !== 'code-list') return [];
  return check.fields
    .filter((key) => layout.fieldColumns.has(key))
    .map((key) => ({ key, label: fieldLabel(key), codeList: fieldByKey(key)?.codeList }));
}

/**
 * An expression's closure without the per-evaluation variable check, when the contexts that `sample` stands
 * for (same variables, same types) pass it; else undefined (the checked path, Evaluator.run).
 */
function fastClosure(evaluator: Evaluator | undefined, sample: CelObject): Closure | undefined {
  return evaluator?.unchecked && evaluator.accepts(sample) ? evaluator.unchecked : undefined;
}

function fieldLabel(key: string): string {
  if (key === 'age') return '年龄';
  return fieldByKey(key)?.zh ?? key;
}

/** 'YYYY-MM-DD' as numbers, as split('-').map(Number) gives them. */
function dateParts(text: string): (number | undefined)[] {
  return text.split('-').map(Number);
}

/** The value of the ASCII digits text[from..to), or -1 when one of them is not a digit. */
function digitsAt(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
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
