/**
 * The generated rule functions (engine/codegen.ts, through closure.ts's Evaluator) against cel-js, their
 * reference: every expression of every built-in pack compiles to a generated function, and both evaluators agree — same value and JS type, or both the same kind of error — over the
 * contexts the real engine builds from fixture files and rule cases, over generated records (absent keys,
 * empty strings, wrong types, lists), and over a table of tricky cases.
 */
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codeListById, FIELDS, type FieldDef } from '../../src/dictionary/index.js';
import { baseEnvironment, RULE_FUNCTIONS } from '../../src/engine/cel.js';
import { Checker } from '../../src/engine/checker.js';
import { compileEvaluator, DEFER, ERROR, NO_SUCH_KEY, type Evaluator } from '../../src/engine/closure.js';
import type { PropertyAccess } from '../../src/engine/codegen.js';
import { compilePacks, type CompiledRule } from '../../src/engine/compile.js';
import { HouseholdAssembler } from '../../src/engine/households.js';
import { makeIdNumber } from '../../src/normalize/idnumber.js';
import type { PersonRecord, SheetLayout } from '../../src/normalize/types.js';
import { resolveParams } from '../../src/packs/params.js';
import { caseRecords, packsUnderTest } from '../helpers/rule-cases.js';
import { readLayout } from '../layouts/read.js';

type Ctx = Record<string, unknown>;

interface Outcome {
  readonly value?: unknown;
  readonly error?: string;
}

/** cel-js's outcome: its value, or the code of its error. */
function celOutcome(e: Evaluator, ctx: Ctx): Outcome {
  try {
    return { value: e.cel(ctx) };
  } catch (error) {
    return { error: (error as { code?: string }).code ?? 'error' };
  }
}

/** A disagreement between the closures and cel-js, described; undefined when they agree. */
function disagreement(e: Evaluator, ctx: Ctx, stats?: Stats): string | undefined {
  if (!e.closure) return `${e.cel.ast.input}: not compiled (${e.unsupported})`;
  const mine = e.closure(ctx);
  const cel = celOutcome(e, ctx);
  if (stats) {
    stats.evaluations += 1;
    if (mine === DEFER || mine === ERROR) stats.deferred += 1;
    if (mine === NO_SUCH_KEY) stats.noSuchKey += 1;
  }
  let agree: boolean;
  if (mine === NO_SUCH_KEY) agree = cel.error === 'no_such_key';
  // ERROR: cel-js raises an error other than no_such_key (it is then asked for it). DEFER (cannot tell) is
  // for values other than plain data, which neither fixtures nor generated records hold.
  else if (mine === ERROR) agree = cel.error !== undefined && cel.error !== 'no_such_key';
  else agree = cel.error === undefined && isDeepStrictEqual(mine, cel.value);
  if (agree) return undefined;
  const shown = (v: unknown) => (typeof v === 'symbol' ? v.description : show(v));
  return `${e.cel.ast.input}\n  closures: ${shown(mine)}\n  cel-js:   ${cel.error ?? show(cel.value)}\n  ctx: ${show(ctx).slice(0, 600)}`;
}

function show(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x)) ?? String(v);
}

interface Stats {
  evaluations: number;
  deferred: number;
  noSuchKey: number;
  /** Evaluations through the unchecked fast path. */
  unchecked: number;
  readonly problems: string[];
}

const newStats = (): Stats => ({ evaluations: 0, deferred: 0, noSuchKey: 0, unchecked: 0, problems: [] });

/**
 * An evaluator that compares closures and cel-js on every evaluation the engine makes, through `run` and
 * through the unchecked fast path alike; the fast path also asserts that the engine only takes it for a
 * context that passes the variable check it skips.
 */
function watched(e: Evaluator, stats: Stats): Evaluator {
  const note = (problem: string | undefined) => {
    if (problem && stats.problems.length < 10) stats.problems.push(problem);
  };
  const run = (ctx: Ctx): unknown => {
    note(disagreement(e, ctx, stats));
    return e.run(ctx);
  };
  const fast = e.unchecked;
  const unchecked =
    fast &&
    ((ctx: Ctx): unknown => {
      stats.unchecked += 1;
      if (!e.accepts(ctx)) note(`${e.cel.ast.input}: unchecked closure on a context that fails the check`);
      note(disagreement(e, ctx, stats));
      const value = fast(ctx);
      if (!isDeepStrictEqual(value, e.closure?.(ctx)))
        note(`${e.cel.ast.input}: unchecked and checked closures differ`);
      return value;
    });
  return { ...e, run, unchecked };
}

function watchedRule(rule: CompiledRule, stats: Stats): CompiledRule {
  const w = (e: Evaluator | undefined) => (e ? watched(e, stats) : undefined);
  return {
    ...rule,
    appliesTo: w(rule.appliesTo),
    when: w(rule.when),
    assert: w(rule.assert),
    data: rule.data.map(([name, e]) => [name, watched(e, stats)] as const),
    check:
      rule.check?.type === 'exactly-one'
        ? { ...rule.check, where: watched(rule.check.where, stats) }
        : rule.check,
    aggregate: rule.aggregate && {
      ...rule.aggregate,
      facts: rule.aggregate.facts.map((f) => ({ ...f, evaluator: watched(f.evaluator, stats) })),
    },
  };
}

const packs = packsUnderTest();

/** Every pack compiled alone (with its own params), as `check --pack <id>` does. */
function compiled(year?: number): { id: string; rules: CompiledRule[] }[] {
  return packs.map((pack) => {
    const params = resolveParams([pack.parsed.pack], { year, overrides: {} });
    return { id: pack.id, rules: compilePacks([pack.parsed], params, { all: false }) };
  });
}

function evaluatorsOf(rule: CompiledRule): Evaluator[] {
  const all = [rule.appliesTo, rule.when, rule.assert, ...rule.data.map(([, e]) => e)];
  if (rule.check?.type === 'exactly-one') all.push(rule.check.where);
  for (const fact of rule.aggregate?.facts ?? []) all.push(fact.evaluator);
  return all.filter((e): e is Evaluator => e !== undefined);
}

/** Run the real checker over records, every expression watched. */
function checkWatched(
  rules: readonly CompiledRule[],
  layout: SheetLayout,
  records: readonly PersonRecord[],
  stats: Stats,
) {
  const watchedRules = rules.map((r) => watchedRule(r, stats));
  const first = watchedRules[0];
  if (!first) return;
  const year = new Date(String(first.params.assessment_date)).getUTCFullYear();
  const checker = new Checker(watchedRules, { year, assessmentDate: String(first.params.assessment_date) });
  checker.beginSheet(layout);
  const assembler = new HouseholdAssembler();
  for (const record of records) {
    checker.observe(record);
    for (const group of assembler.push(record)) checker.checkHousehold(group);
  }
  for (const group of assembler.end()) checker.checkHousehold(group);
  checker.finish();
}

describe('closure compiler', () => {
  it('compiles every expression of every built-in pack without falling back to cel-js', () => {
    const unsupported: string[] = [];
    let count = 0;
    for (const { rules } of compiled()) {
      for (const rule of rules) {
        for (const e of evaluatorsOf(rule)) {
          count += 1;
          if (!e.closure) unsupported.push(`${rule.id}: ${e.cel.ast.input} (${e.unsupported})`);
        }
      }
    }
    expect(unsupported).toEqual([]);
    expect(count).toBeGreaterThan(600);
  });

  const fixtureFiles = [
    '../demo/demo-county.xlsx',
    '../demo/demo-county-gbk.csv',
    '../county/county.csv',
    'form-2014.xlsx',
    'monitoring-2021.xlsx',
    'nfx-2016.xlsx',
    'township-handmade.xlsx',
    'merged-cells.xlsx',
    'utf8-comma.csv',
    'tables-2021-members.csv',
  ];
  it.each(fixtureFiles)('agrees with cel-js on every evaluation of every pack over %s', async (name) => {
    const stats = newStats();
    for (const sheet of await readLayout(name)) {
      const layout = sheet.layout;
      if (!layout || sheet.records.length === 0) continue;
      const records: PersonRecord[] = sheet.records.map((r) => ({ layout, row: r.row, values: r.values }));
      for (const { rules } of compiled()) checkWatched(rules, layout, records, stats);
    }
    expect(stats.problems).toEqual([]);
    expect(stats.evaluations).toBeGreaterThan(50);
    // Deferring is for errors: the closures answer nearly everything themselves.
    expect(stats.deferred).toBeLessThan(stats.evaluations / 50);
    // The checker's contexts pass the variable check: it takes the unchecked fast path.
    expect(stats.unchecked).toBeGreaterThan(stats.evaluations / 2);
  });

  it('agrees with cel-js on every evaluation of the rule cases (rules/*/tests)', () => {
    const stats = newStats();
    for (const pack of packs) {
      for (const [ruleId, test] of pack.tests) {
        for (const c of [...test.data.valid, ...test.data.invalid]) {
          const sheet = caseRecords(c);
          if (!sheet) continue;
          const params = resolveParams([pack.parsed.pack], { year: c.year, overrides: c.params ?? {} });
          const rules = compilePacks([pack.parsed], params, { all: c.all === true }).filter(
            (r) => r.id === ruleId,
          );
          checkWatched(rules, sheet.layout, sheet.records, stats);
        }
      }
    }
    expect(stats.problems).toEqual([]);
    expect(stats.evaluations).toBeGreaterThan(1000);
    expect(stats.noSuchKey).toBeGreaterThan(0);
    expect(stats.unchecked).toBeGreaterThan(1000);
  });

  describe('generated records', () => {
    const rules = compiled().flatMap((p) => p.rules);
    const targets = rules.flatMap((rule) => evaluatorsOf(rule).map((e) => ({ e, params: rule.params })));
    const factNames = [...new Set(rules.flatMap((r) => r.aggregate?.facts.map((f) => f.name) ?? []))];

    it('agrees with cel-js for every expression over generated contexts', () => {
      fc.assert(
        fc.property(world(factNames), (w) => {
          for (const { e, params } of targets) {
            const ctx = { ...w, params };
            const problem = disagreement(e, ctx);
            if (problem) throw new Error(problem);
            // The fast path, where the context passes the check it skips, answers as the checked closure.
            if (e.accepts(ctx) && !isDeepStrictEqual(e.unchecked?.(ctx), e.closure?.(ctx)))
              throw new Error(`${e.cel.ast.input}: unchecked and checked closures differ`);
          }
        }),
        { numRuns: 150, seed: 20201231 },
      );
    });
  });
});

// ——— generated contexts ———

const other = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
  fc.bigInt({ min: -3n, max: 3n }),
  fc.boolean(),
  fc.string({ maxLength: 4 }),
  fc.array(fc.string({ maxLength: 2 }), { maxLength: 2 }),
  fc.constant(null),
);

const isoDate = fc
  .tuple(
    fc.integer({ min: 1920, max: 2025 }),
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 1, max: 28 }),
  )
  .map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);

const idNumber = fc
  .tuple(isoDate, fc.integer({ min: 0, max: 999 }))
  .map(([date, seq]) => makeIdNumber('450121', date.replace(/-/g, ''), seq));

function typedValue(field: FieldDef): fc.Arbitrary<unknown> {
  switch (field.type) {
    case 'integer':
    case 'number':
      return fc.oneof(
        fc.integer({ min: -2, max: 100 }),
        fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e5, max: 1e5 }),
        fc.constantFrom(0, 1, 6, 16, 60, 4000, 2020, 2021, 202012),
      );
    case 'boolean':
      return fc.boolean();
    case 'date':
      return isoDate;
    case 'enum': {
      const labels = codeListById(field.codeList ?? '')?.entries.map((e) => e.label) ?? ['x'];
      return field.multi ? fc.subarray(labels, { maxLength: 3 }) : fc.constantFrom(...labels);
    }
    case 'string':
      if (field.format === 'id-number') return fc.oneof(idNumber, fc.string({ maxLength: 20 }));
      return fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('户主', '本村', '2020', '202012'));
  }
}

function fieldValue(field: FieldDef): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(undefined) },
    { weight: 5, arbitrary: typedValue(field) },
    { weight: 1, arbitrary: fc.constant('') },
    { weight: 1, arbitrary: other },
  );
}

function objectOf(fields: readonly FieldDef[], extra: Record<string, fc.Arbitrary<unknown>> = {}) {
  const arbs: Record<string, fc.Arbitrary<unknown>> = {};
  for (const f of fields) arbs[f.key] = fieldValue(f);
  Object.assign(arbs, extra);
  return fc.record(arbs).map((o) => {
    const out: Ctx = {};
    for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
    return out;
  });
}

const householdFields = FIELDS.filter((f) => f.level === 'household');
const person = objectOf(FIELDS, {
  age: fc.oneof(fc.constant(undefined), fc.integer({ min: 0, max: 100 }), other),
});

function world(factNames: readonly string[]): fc.Arbitrary<Ctx> {
  const tally = fc.record(
    {
      count: fc.nat(50),
      known: fc.nat(50),
      share: fc.double({ min: 0, max: 1, noNaN: true }),
      sum: fc.double({ min: 0, max: 1e6, noNaN: true }),
      min: fc.double({ min: 0, max: 1e4, noNaN: true }),
      max: fc.double({ min: 0, max: 1e4, noNaN: true }),
    },
    { requiredKeys: ['count', 'known'] },
  );
  const facts: Record<string, fc.Arbitrary<unknown>> = {};
  for (const name of factNames) facts[name] = tally;
  const group = fc.record(
    {
      households: fc.nat(500),
      persons: fc.nat(2000),
      population: fc.nat(5000),
      county: fc.string({ maxLength: 3 }),
      township: fc.string({ maxLength: 3 }),
      village: fc.string({ maxLength: 3 }),
      facts: fc.record(facts),
    },
    { requiredKeys: ['households', 'persons', 'facts'] },
  );
  return fc
    .record({
      household: objectOf(householdFields),
      members: fc.array(person, { minLength: 1, maxLength: 4 }),
      countOff: fc.constantFrom(0, 0, 0, 1),
      old: person,
      g: group,
      year: fc.constantFrom(2019, 2020, 2021, 2022),
    })
    .map(({ household, members, countOff, old, g, year }) => {
      const h: Ctx = { ...household, members, member_count: members.length + countOff };
      const p = members[0] as Ctx;
      return { h, p, m: members.at(-1), old: { ...old, members }, new: h, g, year };
    });
}

// ——— tricky cases ———

describe('closure compiler: tricky cases', () => {
  const env = baseEnvironment().clone();
  for (const name of ['x', 'y']) env.registerVariable(name, 'dyn');
  env.registerVariable('m', 'map<string, dyn>');
  const compile = (expr: string, access?: PropertyAccess): Evaluator => {
    const checked = env.check(expr);
    if (!checked.valid) throw checked.error;
    const e = compileEvaluator(env.parse(expr), RULE_FUNCTIONS, access);
    if (!e.closure) throw new Error(`${expr} not compiled: ${e.unsupported}`);
    return e;
  };
  const NSK = { error: 'no_such_key' };
  const ERR = { error: 'other' };
  /** The closures cannot tell (maps compared): cel-js answers. */
  const DEFERRED = { deferred: true };
  const cases: [string, Ctx, unknown][] = [
    // && and || absorb errors the CEL way
    ['m.a && false', { m: {} }, false],
    ['false && m.a', { m: {} }, false],
    ['m.a || true', { m: {} }, true],
    ['m.a && true', { m: {} }, NSK],
    ['true && m.a', { m: {} }, NSK],
    ['m.a || m.b', { m: {} }, NSK],
    ['x && true', { x: 's' }, ERR],
    ['x || false', { x: 1 }, ERR],
    ['x && false', { x: 1 }, false],
    ['m.a && m.b == 1', { m: { b: 1 } }, NSK],
    // numbers: int literals are bigint, data are doubles
    ['x == 1', { x: 1 }, true],
    ['x == 1', { x: 1.5 }, false],
    ['x != 2', { x: 2 }, false],
    ['x == 1.0', { x: 1n }, true],
    ['x == "1"', { x: 1 }, false],
    ['x == y', { x: 1n, y: 1 }, true],
    ['x == null', { x: null }, true],
    ['x == null', { x: 'a' }, false],
    ['x < 2', { x: 1.5 }, true],
    ['x >= 2', { x: 2n }, true],
    ['x < "a"', { x: 1 }, ERR],
    ['x < y', { x: 'a', y: 'b' }, true],
    ['x + y', { x: 1n, y: 2 }, ERR],
    ['x + y', { x: 'a', y: 'b' }, 'ab'],
    ['x + y', { x: [1n], y: ['a'] }, [1n, 'a']],
    ['x / y', { x: 1, y: 0 }, Infinity],
    ['x / 0', { x: 1n }, ERR],
    ['x * 2', { x: 4611686018427387904n }, ERR],
    ['-x', { x: 2.5 }, -2.5],
    ['!x', { x: 'a' }, ERR],
    // in
    ['x in []', { x: 'a' }, false],
    ['x in ["a", "b"]', { x: 'a' }, true],
    ['x in ["a", "b"]', { x: 1 }, false],
    ['x in [1, 2]', { x: 2 }, true],
    ['x in y', { x: 2.5, y: [1n, 2.5] }, true],
    ['x in y', { x: 1, y: [1n, 2.5] }, true],
    ['x in y', { x: 1, y: { '1': 'a' } }, true],
    ['x in y', { x: {}, y: [{}] }, DEFERRED],
    ['x == y', { x: { a: 1 }, y: { a: 1 } }, DEFERRED],
    ['"a" in x', { x: ['a'] }, true],
    ['"a" in x', { x: { a: 1 } }, true],
    ['"b" in x', { x: { a: 1 } }, false],
    ['"a" in x', { x: 'abc' }, ERR],
    ['m.a in ["a"]', { m: {} }, NSK],
    // lists compared with ==
    ['x == ["a"]', { x: ['a'] }, true],
    ['x == ["a"]', { x: ['a', 'b'] }, false],
    ['x == ["a"]', { x: 'a' }, false],
    ['x == [1.0]', { x: [1n] }, true],
    // optional access
    ['m.?a.orValue(5.0)', { m: {} }, 5],
    ['m.?a.orValue(5.0)', { m: { a: 2 } }, 2],
    ['m.?a.?b.orValue("z")', { m: { a: 'str' } }, 'z'],
    ['m.?a.?b.orValue("z")', { m: { a: { b: 'y' } } }, 'y'],
    ['m.?a.orValue(m.b)', { m: {} }, NSK],
    ['x.?a.orValue(1.0)', { x: ['a'] }, 1],
    // ternary
    ['m.a ? 1 : 2', { m: {} }, NSK],
    ['x ? 1 : 2', { x: 's' }, ERR],
    ['x ? m.a : 2', { x: false, m: {} }, 2n],
    // has()
    ['has(m.a)', { m: {} }, false],
    ['has(m.a)', { m: { a: '' } }, true],
    ['has(m.a.b)', { m: {} }, NSK],
    ['has(m.a.b)', { m: { a: {} } }, false],
    ['has(m.a.b)', { m: { a: 's' } }, false],
    ['has(x.a)', { x: null }, false],
    // field access on non-maps
    ['x.a', { x: 'abc' }, NSK],
    ['x.a', { x: [1] }, NSK],
    ['x.a', { x: null }, NSK],
    ['x.toString', { x: {} }, NSK],
    ['x.constructor', { x: {} }, NSK],
    // conversions and functions
    ['int(x)', { x: 2.7 }, 2n],
    ['int(x)', { x: -2.7 }, -2n],
    ['int(x)', { x: '12' }, 12n],
    ['int(x)', { x: '1.5' }, ERR],
    ['int(x)', { x: ' 1' }, ERR],
    ['string(x)', { x: 1.5 }, '1.5'],
    ['string(x)', { x: true }, 'true'],
    ['string(x)', { x: 3n }, '3'],
    ['string(x)', { x: ['a'] }, ERR],
    ['size(x)', { x: 'a😀' }, 2n],
    ['x.size()', { x: ['a', 'b'] }, 2n],
    ['size(x)', { x: { a: 1 } }, 1n],
    ['size(x)', { x: 1 }, ERR],
    ['x.contains("b")', { x: 'abc' }, true],
    ['x.contains("b")', { x: ['b'] }, ERR],
    ['x.startsWith("a") && x.endsWith("c")', { x: 'abc' }, true],
    ['x.substring(1)', { x: 'abc' }, 'bc'],
    ['x.substring(1, 2)', { x: 'abc' }, 'b'],
    ['x.substring(5)', { x: 'abc' }, ERR],
    ['x.matches("^a[0-9]+$")', { x: 'a12' }, true],
    ['x.matches("(")', { x: 'a' }, ERR],
    ['sum(x)', { x: [1, 2.5] }, 3.5],
    ['sum(x)', { x: [] }, 0],
    ['sum(x)', { x: ['a'] }, ERR],
    ['abs(x)', { x: -2 }, 2],
    ['abs(x)', { x: -2n }, ERR],
    ['idFormatOk(x)', { x: 1 }, ERR],
    ['near(x, 1.0, 0.5)', { x: 1.4 }, true],
    ['monthIndex(x)', { x: '202012' }, 2020 * 12 + 11],
    // macros
    ['x.exists(e, e > 1)', { x: [1, 'a', 2] }, true],
    ['x.exists(e, e > 1)', { x: [1, 'a'] }, ERR],
    ['x.exists(e, e.k == 1)', { x: [{}, { k: 1 }] }, true],
    ['x.exists(e, e.k == 1)', { x: [{}, { k: 2 }] }, NSK],
    ['x.all(e, e.k == 1)', { x: [{ k: 1 }, {}] }, NSK],
    ['x.all(e, e.k == 1)', { x: [{}, { k: 2 }] }, false],
    ['x.all(e, e > 0)', { x: [] }, true],
    ['x.exists(e, e == "a")', { x: { a: 1 } }, true],
    ['x.exists(e, true)', { x: 'abc' }, ERR],
    ['x.filter(e, e > 1)', { x: [1, 2.5] }, [2.5]],
    ['x.filter(e, e.k > 1)', { x: [{ k: 2 }, {}] }, NSK],
    ['x.map(e, e * 2.0)', { x: [1, 2.5] }, [2, 5]],
    ['x.map(e, e > 1, e * 2.0)', { x: [1, 2.5] }, [5]],
    ['x.exists(e, x.exists(f, f == e + 1.0))', { x: [1, 2] }, true],
    ['x.exists(x, x == 2.0)', { x: [1, 2] }, true],
    ['sum(x.map(e, e.v))', { x: [{ v: 1 }, { v: 2 }] }, 3],
    ['sum(x.map(e, e.v))', { x: [{ v: 1 }, {}] }, NSK],
  ];

  const titled = cases.map(([expr, ctx, want]) => [`${expr} with ${show(ctx)}`, expr, ctx, want] as const);
  it.each(titled)('%s', (_title, expr, ctx, want) => {
    // Both ways of reading properties give the same answers.
    const keyed = compile(expr, 'keyed');
    expect(keyed.closure?.(ctx)).toStrictEqual(compile(expr, 'named').closure?.(ctx));
    const e = compile(expr);
    if (want !== DEFERRED) expect(disagreement(e, ctx)).toBeUndefined();
    const mine = e.closure?.(ctx);
    if (want === DEFERRED) {
      expect(mine).toBe(DEFER);
      expect(e.run(ctx)).toStrictEqual(e.cel(ctx));
      return;
    }
    if (want === NSK) expect(mine).toBe(NO_SUCH_KEY);
    else if (want === ERR) expect(mine).toBe(ERROR);
    else expect(mine).toStrictEqual(want);
    // run(): the answer, with cel-js's error thrown where the closures defer
    if (want === ERR) expect(() => e.run(ctx)).toThrow();
    else expect(e.run(ctx)).toStrictEqual(want === NSK ? NO_SUCH_KEY : want);
  });

  it('an unsupported expression falls back to cel-js whole', () => {
    const e = compileEvaluator(env.parse('x[0]'), RULE_FUNCTIONS);
    expect(e.closure).toBeUndefined();
    expect(e.unsupported).toMatch(/\[\]/);
    expect(e.run({ x: ['a'] })).toBe('a');
    expect(() => e.run({ x: [] })).toThrow(/out of bounds/);
  });
});
