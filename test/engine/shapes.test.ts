/**
 * The fixed-shape objects expressions read (`p`, `m`, `h`): every key present, absent = undefined, and cel-js
 * never handed an undefined-valued key when an expression falls back to it.
 */
import { describe, expect, it } from 'vitest';
import { FIELDS } from '../../src/dictionary/index.js';
import { DEFER, ERROR, NO_SUCH_KEY, type Evaluator } from '../../src/engine/closure.js';
import {
  emptyPersonObject,
  HOUSEHOLD_FIELDS,
  householdObject,
  offerHouseholdValues,
  runAbsentAware,
  withoutAbsent,
} from '../../src/engine/shapes.js';

type Ctx = Record<string, unknown>;

/** An evaluator whose closures answer `closureValue` and whose run() records the contexts it was given. */
function fakeEvaluator(closureValue: unknown, seen: Ctx[], withClosure = true): Evaluator {
  return {
    run: (ctx: Ctx) => {
      seen.push(ctx);
      return 'from run';
    },
    reference: (ctx: Ctx) => {
      seen.push(ctx);
      return 'from run';
    },
    closure: withClosure ? () => closureValue : undefined,
    unchecked: withClosure ? () => closureValue : undefined,
    accepts: () => withClosure,
  } as unknown as Evaluator;
}

describe('fixed-shape objects', () => {
  it('person objects: every dictionary field, then age, all undefined, plain and distinct', () => {
    const a = emptyPersonObject();
    const b = emptyPersonObject();
    expect(Object.keys(a)).toEqual([...FIELDS.map((f) => f.key), 'age']);
    expect(Object.values(a).every((v) => v === undefined)).toBe(true);
    expect(Object.getPrototypeOf(a)).toBe(Object.prototype);
    expect(a).not.toBe(b);
    a.name = '张三';
    expect(b.name).toBeUndefined();
  });

  it('household objects: the chosen values by HOUSEHOLD_FIELDS index, the members and their count', () => {
    const chosen: unknown[] = HOUSEHOLD_FIELDS.map(() => undefined);
    chosen[HOUSEHOLD_FIELDS.indexOf('village')] = '一村';
    const members = [emptyPersonObject()];
    const h = householdObject(chosen, members, 1);
    expect(Object.keys(h)).toEqual([...HOUSEHOLD_FIELDS, 'members', 'member_count']);
    expect(h.village).toBe('一村');
    expect(h.township).toBeUndefined();
    expect(h.members).toBe(members);
    expect(h.member_count).toBe(1);
  });

  it('offers household fields: the first value stays, a different later one is a disagreement', () => {
    const chosen: unknown[] = HOUSEHOLD_FIELDS.map(() => undefined);
    const from: (string | undefined)[] = HOUSEHOLD_FIELDS.map(() => undefined);
    const same = (x: unknown, y: unknown) => x === y;
    const head = { ...emptyPersonObject(), township: '甲镇', name: '户主' };
    const child = { ...emptyPersonObject(), township: '甲镇', village: '一村' };
    const other = { ...emptyPersonObject(), township: '乙镇' };
    const t = HOUSEHOLD_FIELDS.indexOf('township');
    const v = HOUSEHOLD_FIELDS.indexOf('village');
    expect(offerHouseholdValues(head, 'head', chosen, from, same)).toBe(false);
    expect(offerHouseholdValues(child, 'child', chosen, from, same)).toBe(false);
    expect([chosen[t], from[t], chosen[v], from[v]]).toEqual(['甲镇', 'head', '一村', 'child']);
    expect(offerHouseholdValues(other, 'other', chosen, from, same)).toBe(true);
    expect([chosen[t], from[t]]).toEqual(['甲镇', 'head']);
    // Person fields are not household fields.
    expect(chosen.includes('户主')).toBe(false);
  });
});

describe('runAbsentAware', () => {
  const p = { ...emptyPersonObject(), name: '张三' };
  const h = householdObject(
    HOUSEHOLD_FIELDS.map((key) => (key === 'village' ? '一村' : undefined)),
    [p],
    1,
  );
  const params = { limit: undefined, other: 1 };
  const ctx: Ctx = { p, h, params, year: 2020 };

  it('returns the closures value without calling run()', () => {
    const seen: Ctx[] = [];
    expect(runAbsentAware(fakeEvaluator(true, seen), ctx)).toBe(true);
    expect(runAbsentAware(fakeEvaluator(NO_SUCH_KEY, seen), ctx)).toBe(NO_SUCH_KEY);
    expect(seen).toEqual([]);
  });

  it.each([
    ['ERROR', ERROR, true],
    ['DEFER', DEFER, true],
    ['no closures', undefined, false],
  ])('on %s hands run() the filled fields only', (_name, value, withClosure) => {
    const seen: Ctx[] = [];
    expect(runAbsentAware(fakeEvaluator(value, seen, withClosure), ctx)).toBe('from run');
    expect(seen).toHaveLength(1);
    const given = seen[0] as Ctx;
    expect(Object.keys(given.p as Ctx)).toEqual(['name']);
    expect(Object.keys(given.h as Ctx)).toEqual(['village', 'members', 'member_count']);
    expect(Object.keys(((given.h as Ctx).members as Ctx[])[0] as Ctx)).toEqual(['name']);
    // params and scalars as they are; the original objects untouched.
    expect(given.params).toBe(params);
    expect(given.year).toBe(2020);
    expect(Object.keys(p)).toHaveLength(FIELDS.length + 1);
  });

  it('withoutAbsent copies only plain-object variables', () => {
    const list = ['a'];
    const copy = withoutAbsent({ p: { a: 1, b: undefined }, l: list, n: null });
    expect(copy).toStrictEqual({ p: { a: 1 }, l: list, n: null });
  });
});
