import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HouseholdGroup } from '../../src/engine/households.js';
import { HeadNames } from '../../src/findings/people.js';
import type { Finding } from '../../src/findings/types.js';
import type { FieldValue, PersonRecord, SheetLayout } from '../../src/normalize/types.js';

const layoutOf = (file: string, sheet: string | null): SheetLayout => ({
  file,
  sheet,
  headerRows: [1],
  firstDataRow: 2,
  columns: [],
  fieldColumns: new Map(),
});

const member = (layout: SheetLayout, values: Record<string, FieldValue>): PersonRecord => ({
  layout,
  row: 2,
  values,
});

const household = (layout: SheetLayout, id: string, head: string): HouseholdGroup => ({
  id,
  members: [
    member(layout, { relation: '之子', name: `${head}子` }),
    member(layout, { relation: '户主', name: head }),
  ],
});

const finding = (file: string, sheet: string | null, householdId: string | null): Finding => ({
  ruleId: 'r',
  severity: 'error',
  messageId: 'm',
  data: {},
  scope: 'household',
  file,
  sheet,
  row: 2,
  column: null,
  field: null,
  householdId,
  township: null,
  village: null,
});

describe('HeadNames', () => {
  it('fills the 户主 of the finding’s household from the tables of the files read (merged, as a run does)', () => {
    const reading = new HeadNames();
    const a = layoutOf('a.xlsx', '花名册');
    const b = layoutOf('a.xlsx', '补录');
    reading.add(household(a, '45102610100102', '陈林'));
    reading.add(household(a, '45102610100101', '李芳'));
    reading.add(household(b, '45102610100101', '王强'));

    const run = new HeadNames();
    run.merge(reading.entries());
    expect(run.fillOne(finding('a.xlsx', '花名册', '45102610100101')).headName).toBe('李芳');
    expect(run.fillOne(finding('a.xlsx', '花名册', '45102610100102')).headName).toBe('陈林');
    expect(run.fillOne(finding('a.xlsx', '补录', '45102610100101')).headName).toBe('王强');
    expect(run.fillOne(finding('a.xlsx', '花名册', '45102610100103')).headName).toBeUndefined();
    expect(run.fillOne(finding('b.xlsx', '花名册', '45102610100101')).headName).toBeUndefined();
    expect(run.fillOne(finding('a.xlsx', '花名册', null)).headName).toBeUndefined();
  });

  it('keeps a CSV’s (sheet null) names apart from a sheet’s', () => {
    const reading = new HeadNames();
    reading.add(household(layoutOf('c.csv', null), '1', '赵一'));
    const run = new HeadNames();
    run.merge(reading.entries());
    expect(run.fillOne(finding('c.csv', null, '1')).headName).toBe('赵一');
  });

  it('prefers the part of a split household that has its 户主', () => {
    const reading = new HeadNames();
    const l = layoutOf('s.csv', null);
    reading.add({ id: '9', members: [member(l, { relation: '之女', head_name: '户主姓名栏' })] });
    reading.add({ id: '9', members: [member(l, { relation: '户主', name: '孙九' })], repeat: true });
    reading.add({ id: '9', members: [member(l, { relation: '之子', head_name: '别的' })], repeat: true });
    const run = new HeadNames();
    run.merge(reading.entries());
    expect(run.fillOne(finding('s.csv', null, '9')).headName).toBe('孙九');
  });

  it('finds every household of a table by binary search, whatever the ids (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 20 }), { maxLength: 60 }),
        fc.string({ maxLength: 20 }),
        (ids, absent) => {
          const reading = new HeadNames();
          const l = layoutOf('p.csv', null);
          ids.forEach((id, i) => reading.add(household(l, id, `名${i}`)));
          const run = new HeadNames();
          run.merge(reading.entries());
          ids.forEach((id, i) => {
            const expected = id.includes('\u0001') ? undefined : `名${i}`;
            expect(run.fillOne(finding('p.csv', null, id)).headName).toBe(expected);
          });
          if (!ids.includes(absent))
            expect(run.fillOne(finding('p.csv', null, absent)).headName).toBeUndefined();
        },
      ),
    );
  });

  it('gives the same names as a Map of the old rules, in order or not, split or not (property)', () => {
    // Reference: a part with the 户主 overwrites, one without only fills a gap; U+0001 in id or name: no name.
    const parts = fc.array(
      fc.record({
        id: fc.oneof(fc.integer({ min: 1, max: 40 }).map(String), fc.constantFrom('a\u0001b', '10')),
        name: fc.oneof(fc.constantFrom('张三', '李四', '王五'), fc.constant('坏\u0001名')),
        head: fc.boolean(),
      }),
      { maxLength: 80 },
    );
    fc.assert(
      fc.property(parts, fc.boolean(), (list, sortFirst) => {
        const ordered = sortFirst ? [...list].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) : list;
        const reference = new Map<string, string>();
        for (const p of ordered)
          if (p.head || !reference.has(p.id))
            if (!p.id.includes('\u0001') && !p.name.includes('\u0001')) reference.set(p.id, p.name);
        const reading = new HeadNames();
        const l = layoutOf('q.csv', null);
        for (const p of ordered)
          reading.add({
            id: p.id,
            members: [member(l, p.head ? { relation: '户主', name: p.name } : { head_name: p.name })],
          });
        const run = new HeadNames();
        run.merge(reading.entries());
        for (const p of ordered) {
          const got = run.fillOne(finding('q.csv', null, p.id)).headName;
          expect(got).toBe(reference.get(p.id));
        }
      }),
    );
  });

  it('keeps tens of thousands of households over many chunks, through a worker message and the cache', () => {
    const l = layoutOf('big.csv', null);
    const m = layoutOf('big.csv', '乱序');
    const reading = new HeadNames();
    const count = 20_000;
    const idOf = (i: number) => String(451026101001000 + i);
    for (let i = 0; i < count; i++) reading.add(household(l, idOf(i), `户${i}`));
    // Out of order, and a household split over chunk boundaries whose second part has the 户主.
    for (let i = count - 1; i >= 0; i--) reading.add(household(m, idOf(i), `乱${i}`));
    reading.add({ id: idOf(7), members: [member(m, { head_name: '后来的' })], repeat: true });
    reading.add({ id: idOf(8), members: [member(m, { relation: '户主', name: '真户主' })], repeat: true });
    const tables = reading.entries();
    expect(tables.map((t) => t.sheet)).toEqual([null, '乱序']);
    expect(tables[0]?.ids.split('\u0001')).toHaveLength(count);
    expect(tables[1]?.ids.split('\u0001')).toEqual(Array.from({ length: count }, (_, i) => idOf(i)));

    for (const copy of [structuredClone(tables), JSON.parse(JSON.stringify(tables)) as typeof tables]) {
      const run = new HeadNames();
      run.merge(copy);
      for (const i of [0, 1, 4095, 4096, 4097, 12_345, count - 1]) {
        expect(run.fillOne(finding('big.csv', null, idOf(i))).headName).toBe(`户${i}`);
        if (i !== 8) expect(run.fillOne(finding('big.csv', '乱序', idOf(i))).headName).toBe(`乱${i}`);
      }
      expect(run.fillOne(finding('big.csv', '乱序', idOf(7))).headName).toBe('乱7');
      expect(run.fillOne(finding('big.csv', '乱序', idOf(8))).headName).toBe('真户主');
      expect(run.fillOne(finding('big.csv', null, idOf(count))).headName).toBeUndefined();
    }
  });
});
