/**
 * Aggregate scopes (village, township, county): rules over groups of households, grouped by the canonical
 * admin fields 县 (county), 乡镇 (township) and 行政村 (village).
 *
 * The expression surface: a rule declares `householdFacts` (CEL over `h`) and `personFacts` (CEL over `p`
 * and `h`), each giving a bool or a number, and asserts over a group variable `g`:
 *
 *   g.households, g.persons            households and persons of the group (double)
 *   g.population                       total rural population from the --population table (absent without one)
 *   g.county, g.township, g.village    the group's names
 *   g.facts.<name>.count               units where a bool fact is true (a number fact: units with a value)
 *   g.facts.<name>.known               units where the fact could be evaluated (its fields not empty)
 *   g.facts.<name>.share               count ÷ units of the group (households or persons)
 *   g.facts.<name>.sum / min / max     over the units with a value (min/max absent when none has one)
 *
 * so "95% or more of households have safe housing" is `g.facts.safe_housing.share >= 0.95`, and it
 * type-checks like the other scopes: an unknown fact or a misspelt field fails when the pack loads.
 *
 * Why declared facts and not `g.households.filter(h, …).size()`: the CEL macros (cel-js supports them) would
 * need every household of the county in memory at the end of the run (300k persons). Instead each fact is
 * evaluated once per household, when the household is checked, into a small vector of numbers (one per
 * household fact, five per person fact: count, known, sum, min, max over the members); the household records
 * and CEL objects are dropped as usual. Vectors are kept per household (keyed by file, sheet and 户编号) and
 * folded into per-group accumulators at the end of the run, because a split household (rows not contiguous)
 * is checked again whole and must replace its partial contribution — min and max cannot be "subtracted".
 * Facts shared by several rules (same expression) share their slots. That is a few hundred bytes per
 * household, against a few kilobytes for the household itself.
 */
import { ruleErrorFinding, skippedSeverity } from '../findings/catalogue.js';
import type { Environment } from '@marcbachmann/cel-js';
import type { Finding, FindingData } from '../findings/types.js';
import type { AggregateScope } from '../packs/schema.js';
import type { CompiledRule, Evaluator } from './compile.js';
import { NO_SUCH_KEY } from './closure.js';
import { evaluateData } from './finding-data.js';
import { runAbsentAware } from './shapes.js';

export interface CompiledFact {
  readonly name: string;
  readonly per: 'household' | 'person';
  readonly type: 'bool' | 'double';
  readonly expression: string;
  readonly evaluator: Evaluator;
}

export interface CompiledAggregate {
  readonly scope: AggregateScope;
  readonly facts: readonly CompiledFact[];
  /** The assertion reads g.population: the group needs a row in the --population table. */
  readonly needsPopulation: boolean;
  /** Evidence not in ledgers: one info finding per group. */
  readonly manual: boolean;
}

/** The admin names of a household, as read (null when the column is absent or the cell empty). */
export interface GroupNames {
  readonly county: string | null;
  readonly township: string | null;
  readonly village: string | null;
}

/** Total rural population by group (the --population table). */
export interface PopulationLookup {
  /** undefined when the table does not list the group. */
  population(scope: AggregateScope, names: GroupNames): number | undefined;
}

const TALLY_FIELDS = {
  count: 'double',
  known: 'double',
  share: 'double',
  sum: 'double',
  min: 'double',
  max: 'double',
};

/**
 * The environment an aggregate rule's when/assert/data are checked in: the pack's environment plus `g`,
 * typed with the rule's own facts (`typed`), and its untyped twin for evaluation (`fast`).
 */
export function groupEnvironments(
  typedPack: Environment,
  untypedPack: Environment,
  typeSuffix: string,
  facts: readonly Pick<CompiledFact, 'name'>[],
): { typed: Environment; fast: Environment } {
  const typed = typedPack.clone();
  typed.registerType('Tally', { fields: TALLY_FIELDS });
  const factsType = `Facts_${typeSuffix}`;
  typed.registerType(factsType, { fields: Object.fromEntries(facts.map((f) => [f.name, 'Tally'])) });
  const groupType = `Group_${typeSuffix}`;
  typed.registerType(groupType, {
    fields: {
      households: 'double',
      persons: 'double',
      population: 'double',
      county: 'string',
      township: 'string',
      village: 'string',
      facts: factsType,
    },
  });
  typed.registerVariable('g', groupType);
  const fast = untypedPack.clone();
  fast.registerVariable('g', 'map<string, dyn>');
  return { typed, fast };
}

/** Does an expression read g.population? */
export function readsPopulation(expression: string): boolean {
  return /\bg\s*\.\??\s*population\b/.test(expression);
}

type CelObject = Record<string, unknown>;

interface Slot {
  readonly per: 'household' | 'person';
  readonly type: 'bool' | 'double';
  readonly evaluator: Evaluator;
  /** The pack whose params the fact reads. */
  readonly packId: string;
  /** The first rule that declares the fact: its evaluation errors are tallied under this rule. */
  readonly ruleId: string;
  /** Index of the first number of this fact in a household vector. */
  readonly offset: number;
}

/** A household's contribution: its group names, where it was read, and its fact vector. */
interface Contribution {
  readonly names: GroupNames;
  readonly file: string;
  readonly persons: number;
  /** Rules disabled on the household's sheet (missing columns): the group cannot be judged by them. */
  readonly disabled: ReadonlySet<string>;
  readonly vector: Float64Array;
}

/** Per group and fact: count, known, sum, min, max. */
interface GroupAccumulator {
  readonly names: GroupNames;
  readonly file: string;
  households: number;
  persons: number;
  readonly disabledRules: Set<string>;
  readonly values: Float64Array;
}

const PERSON_SLOT_SIZE = 5;

export interface HouseholdFacts {
  /** Identity for split households: same key → the later (whole) household replaces the earlier part. */
  readonly key: string;
  readonly names: GroupNames;
  readonly file: string;
  readonly h: CelObject;
  readonly persons: readonly CelObject[];
  readonly disabled: ReadonlySet<string>;
}

interface RuleErrors {
  count: number;
  first: string;
  file: string;
}

/** Accumulates the facts of aggregate rules while households stream by; judges the groups at the end. */
export class AggregateTally {
  private readonly slots: Slot[] = [];
  /** Rule id → fact name → slot. */
  private readonly ruleSlots = new Map<string, Map<string, Slot>>();
  private readonly size: number;
  private readonly contributions = new Map<string, Contribution>();
  private readonly errors = new Map<string, RuleErrors>();

  constructor(
    private readonly rules: readonly CompiledRule[],
    private readonly year: number,
  ) {
    const shared = new Map<string, Slot>();
    let offset = 0;
    for (const rule of rules) {
      const mine = new Map<string, Slot>();
      for (const fact of rule.aggregate?.facts ?? []) {
        const key = `${rule.packId}\u0000${fact.per}\u0000${fact.expression}`;
        let slot = shared.get(key);
        if (!slot) {
          slot = {
            per: fact.per,
            type: fact.type,
            evaluator: fact.evaluator,
            packId: rule.packId,
            ruleId: rule.id,
            offset,
          };
          offset += fact.per === 'household' ? 1 : PERSON_SLOT_SIZE;
          shared.set(key, slot);
          this.slots.push(slot);
        }
        mine.set(fact.name, slot);
      }
      this.ruleSlots.set(rule.id, mine);
    }
    this.size = offset;
  }

  /** Evaluate the facts of one household (appliesTo does not filter: a village is all its households). */
  add(household: HouseholdFacts, params: (packId: string) => CelObject): void {
    const vector = new Float64Array(this.size);
    // One evaluation context per pack for the household and per pack and member, shared by the facts.
    const householdContexts = new Map<string, CelObject>();
    const personContexts = new Map<string, CelObject[]>();
    for (const slot of this.slots) {
      let base = householdContexts.get(slot.packId);
      if (!base) {
        base = { h: household.h, params: params(slot.packId), year: this.year };
        householdContexts.set(slot.packId, base);
      }
      if (slot.per === 'household') {
        vector[slot.offset] = this.value(slot, base, household.file);
        continue;
      }
      let contexts = personContexts.get(slot.packId);
      if (!contexts) {
        const shared = base;
        contexts = household.persons.map((p) => ({ ...shared, p }));
        personContexts.set(slot.packId, contexts);
      }
      let count = 0;
      let known = 0;
      let sum = 0;
      let min = Infinity;
      let max = -Infinity;
      for (const ctx of contexts) {
        const v = this.value(slot, ctx, household.file);
        if (Number.isNaN(v)) continue;
        known += 1;
        count += slot.type === 'bool' ? v : 1;
        sum += v;
        if (v < min) min = v;
        if (v > max) max = v;
      }
      vector.set([count, known, sum, min, max], slot.offset);
    }
    this.contributions.set(household.key, {
      names: household.names,
      file: household.file,
      persons: household.persons.length,
      disabled: household.disabled,
      vector,
    });
  }

  /** Judge every group of every aggregate rule. */
  finish(population: PopulationLookup | undefined, params: (packId: string) => CelObject): Finding[] {
    const findings: Finding[] = [];
    const byScope = new Map<AggregateScope, Map<string, GroupAccumulator>>();
    for (const rule of this.rules) {
      const scope = rule.aggregate?.scope;
      if (scope && !byScope.has(scope)) byScope.set(scope, this.fold(scope));
    }
    // One population-missing finding per group, listing the rules it stops.
    const skipped = new Map<
      string,
      { scope: AggregateScope; group: GroupAccumulator; rules: CompiledRule[] }
    >();
    for (const rule of this.rules) {
      const agg = rule.aggregate;
      if (!agg) continue;
      const slots = this.ruleSlots.get(rule.id) ?? new Map<string, Slot>();
      for (const [key, group] of byScope.get(agg.scope) ?? []) {
        if (group.disabledRules.has(rule.id)) continue; // missing-column already says why
        const names = scopedNames(agg.scope, group.names);
        if (agg.manual) {
          findings.push(this.finding(rule, rule.defaultMessageId, {}, agg.scope, group));
          continue;
        }
        const g: CelObject = {
          households: group.households,
          persons: group.persons,
          county: names.county ?? '',
          township: names.township ?? '',
          village: names.village ?? '',
          facts: this.factsOf(slots, group),
        };
        const pop = population?.population(agg.scope, names);
        if (pop !== undefined) g.population = pop;
        else if (agg.needsPopulation) {
          const entry = skipped.get(`${agg.scope}\u0000${key}`) ?? { scope: agg.scope, group, rules: [] };
          entry.rules.push(rule);
          skipped.set(`${agg.scope}\u0000${key}`, entry);
          continue;
        }
        const ctx = { g, params: params(rule.packId), year: this.year };
        if (rule.when && this.test(rule, rule.when, ctx, group.file) !== true) continue;
        if (rule.assert && this.test(rule, rule.assert, ctx, group.file) === false)
          findings.push(this.finding(rule, rule.defaultMessageId, this.data(rule, ctx), agg.scope, group));
      }
    }
    for (const { scope, group, rules } of skipped.values()) {
      findings.push({
        ruleId: 'population-missing',
        severity: skippedSeverity(rules),
        messageId: population ? 'not-in-table' : 'no-table',
        data: {
          group: groupLabel(scope, group.names),
          count: rules.length,
          rules: rules.map((r) => r.id).join('、'),
        },
        ...this.location(scope, group),
        field: null,
        subject: subjectOfGroup(scope, group.names),
      });
    }
    for (const [ruleId, e] of [...this.errors.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      findings.push(ruleErrorFinding(ruleId, e));
    }
    return findings;
  }

  // ——— internals ———

  private value(slot: Slot, ctx: CelObject, file: string): number {
    let v: unknown;
    try {
      v = runAbsentAware(slot.evaluator, ctx);
    } catch (error) {
      // run() returns NO_SUCH_KEY for an absent value (NaN below): what it throws is an error of the rule.
      this.tallyError(slot, error, file);
      return NaN;
    }
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (typeof v === 'number') return v;
    if (typeof v === 'bigint') return Number(v);
    return NaN;
  }

  private tallyError(slot: Slot, error: unknown, file: string): void {
    this.tally(slot.ruleId, error, file);
  }

  private tally(ruleId: string, error: unknown, file: string): void {
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
    const e = this.errors.get(ruleId);
    if (e) e.count += 1;
    else this.errors.set(ruleId, { count: 1, first: message, file });
  }

  private fold(scope: AggregateScope): Map<string, GroupAccumulator> {
    const groups = new Map<string, GroupAccumulator>();
    for (const c of this.contributions.values()) {
      const names = scopedNames(scope, c.names);
      const key = `${names.county ?? ''}\u0000${names.township ?? ''}\u0000${names.village ?? ''}`;
      let group = groups.get(key);
      if (!group) {
        group = {
          names,
          file: c.file,
          households: 0,
          persons: 0,
          disabledRules: new Set(),
          values: new Float64Array(this.slots.length * PERSON_SLOT_SIZE),
        };
        for (let i = 0; i < this.slots.length; i++) {
          group.values[i * PERSON_SLOT_SIZE + 3] = Infinity;
          group.values[i * PERSON_SLOT_SIZE + 4] = -Infinity;
        }
        groups.set(key, group);
      }
      group.households += 1;
      group.persons += c.persons;
      for (const id of c.disabled) group.disabledRules.add(id);
      this.slots.forEach((slot, i) => {
        const at = i * PERSON_SLOT_SIZE;
        const acc = group.values;
        if (slot.per === 'household') {
          const v = c.vector[slot.offset] ?? NaN;
          if (Number.isNaN(v)) return;
          acc[at] = (acc[at] ?? 0) + (slot.type === 'bool' ? v : 1);
          acc[at + 1] = (acc[at + 1] ?? 0) + 1;
          acc[at + 2] = (acc[at + 2] ?? 0) + v;
          acc[at + 3] = Math.min(acc[at + 3] ?? Infinity, v);
          acc[at + 4] = Math.max(acc[at + 4] ?? -Infinity, v);
        } else {
          const o = slot.offset;
          acc[at] = (acc[at] ?? 0) + (c.vector[o] ?? 0);
          acc[at + 1] = (acc[at + 1] ?? 0) + (c.vector[o + 1] ?? 0);
          acc[at + 2] = (acc[at + 2] ?? 0) + (c.vector[o + 2] ?? 0);
          acc[at + 3] = Math.min(acc[at + 3] ?? Infinity, c.vector[o + 3] ?? Infinity);
          acc[at + 4] = Math.max(acc[at + 4] ?? -Infinity, c.vector[o + 4] ?? -Infinity);
        }
      });
    }
    return groups;
  }

  private factsOf(slots: ReadonlyMap<string, Slot>, group: GroupAccumulator): CelObject {
    const facts: CelObject = {};
    for (const [name, slot] of slots) {
      const at = this.slots.indexOf(slot) * PERSON_SLOT_SIZE;
      const v = group.values;
      const units = slot.per === 'household' ? group.households : group.persons;
      const count = v[at] ?? 0;
      const tally: CelObject = {
        count,
        known: v[at + 1] ?? 0,
        share: units > 0 ? count / units : 0,
        sum: v[at + 2] ?? 0,
      };
      if ((v[at + 1] ?? 0) > 0) {
        tally.min = v[at + 3];
        tally.max = v[at + 4];
      }
      facts[name] = tally;
    }
    return facts;
  }

  private test(rule: CompiledRule, evaluator: Evaluator, ctx: CelObject, file: string): unknown {
    try {
      const value = evaluator.run(ctx);
      return value === NO_SUCH_KEY ? undefined : value;
    } catch (error) {
      // run() returns NO_SUCH_KEY for an absent value: what it throws is an error of the rule.
      this.tally(rule.id, error, file);
      return undefined;
    }
  }

  private data(rule: CompiledRule, ctx: CelObject): FindingData {
    return evaluateData(rule, ctx, round);
  }

  private finding(
    rule: CompiledRule,
    messageId: string,
    data: FindingData,
    scope: AggregateScope,
    group: GroupAccumulator,
  ): Finding {
    return {
      ruleId: rule.id,
      severity: rule.severity,
      messageId,
      data: { ...data, group: groupLabel(scope, group.names) },
      ...this.location(scope, group),
      field: rule.fields[0] ?? null,
      subject: subjectOfGroup(scope, group.names),
    };
  }

  /** Group findings locate the group (township, village; the county in data.group), not a row. */
  private location(scope: AggregateScope, group: GroupAccumulator) {
    const names = scopedNames(scope, group.names);
    return {
      scope,
      file: group.file,
      sheet: null,
      row: null,
      column: null,
      householdId: null,
      township: names.township,
      village: names.village,
    } as const;
  }
}

/** The names that identify a group of this scope (a township group ignores the village). */
export function scopedNames(scope: AggregateScope, names: GroupNames): GroupNames {
  switch (scope) {
    case 'county':
      return { county: names.county, township: null, village: null };
    case 'township':
      return { county: names.county, township: names.township, village: null };
    case 'village':
      return names;
  }
}

/**
 * "田峰乡平南村" (village: township + village), "田峰乡", "示范县"; （全部） for a county group when the ledger
 * names no county (the whole run is one county).
 */
export function groupLabel(scope: AggregateScope, names: GroupNames): string {
  const parts =
    scope === 'county'
      ? [names.county]
      : scope === 'township'
        ? [names.township]
        : [names.township, names.village];
  const label = parts.filter((s): s is string => s !== null && s !== '').join('');
  return label !== '' ? label : '（全部）';
}

function subjectOfGroup(scope: AggregateScope, names: GroupNames): string {
  const n = scopedNames(scope, names);
  return `group:${scope}:${n.county ?? ''}/${n.township ?? ''}/${n.village ?? ''}`;
}

/** Shares and rates read better rounded: 0.9523809… → 0.9524. */
function round(value: number): number {
  return Math.round(value * 10000) / 10000;
}
