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
  it('fills the 户主 of the finding’s household, in the file being read and from merged tables', () => {
    const reading = new HeadNames();
    const a = layoutOf('a.xlsx', '花名册');
    const b = layoutOf('a.xlsx', '补录');
    reading.add(household(a, '45102610100102', '陈林'));
    reading.add(household(a, '45102610100101', '李芳'));
    reading.add(household(b, '45102610100101', '王强'));
    expect(reading.fillOne(finding('a.xlsx', '花名册', '45102610100101')).headName).toBe('李芳');

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
});
