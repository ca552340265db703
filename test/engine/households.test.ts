import { describe, expect, it } from 'vitest';
import { HouseholdAssembler, SplitCollector } from '../../src/engine/households.js';
import type { PersonRecord, SheetLayout } from '../../src/normalize/types.js';
import { cleanLedgerRows, runCli, tempDir, writeCsv } from '../helpers/cli.js';

const layout: SheetLayout = {
  file: 'f.csv',
  sheet: null,
  headerRows: [1],
  firstDataRow: 2,
  columns: [],
  fieldColumns: new Map(),
};
const rec = (row: number, household_id?: string): PersonRecord => ({
  layout,
  row,
  values: household_id === undefined ? {} : { household_id },
});

describe('HouseholdAssembler', () => {
  it('completes a household when the 户编号 changes, holding only the current one', () => {
    const a = new HouseholdAssembler();
    expect(a.push(rec(2, 'A'))).toEqual([]);
    expect(a.push(rec(3, 'A'))).toEqual([]);
    const done = a.push(rec(4, 'B'));
    expect(done.map((g) => [g.id, g.members.map((m) => m.row)])).toEqual([['A', [2, 3]]]);
    expect(a.end().map((g) => g.id)).toEqual(['B']);
    expect(a.householdCount).toBe(2);
    expect(a.splits.size).toBe(0);
  });

  it('checks a row without 户编号 as a household of its own', () => {
    const a = new HouseholdAssembler();
    a.push(rec(2, 'A'));
    const done = a.push(rec(3));
    expect(done.map((g) => g.id)).toEqual(['A', null]);
    expect(a.householdCount).toBe(2);
  });

  it('reports a 户编号 that comes back as a split household, counted once', () => {
    const a = new HouseholdAssembler();
    for (const [row, id] of [
      [2, 'A'],
      [3, 'B'],
      [4, 'A'],
      [5, 'C'],
    ] as const)
      a.push(rec(row, id));
    a.end();
    expect([...a.splits.entries()]).toEqual([['A', { firstRow: 2, againRow: 4 }]]);
    expect(a.householdCount).toBe(3);
    const c = new SplitCollector(['A']);
    for (const [row, id] of [
      [2, 'A'],
      [3, 'B'],
      [4, 'A'],
    ] as const)
      c.push(rec(row, id));
    expect(c.groups().map((g) => [g.id, g.members.map((m) => m.row)])).toEqual([['A', [2, 4]]]);
  });
});

describe('split households through the CLI', () => {
  it('re-checks a household whose rows are not contiguous as one household', () => {
    const rows = cleanLedgerRows();
    // Move the 户主 of household 1 to the end: its members are now on rows 2–3 and 6.
    const [header, head1, ...rest] = rows;
    if (!header || !head1) throw new Error('fixture');
    const file = writeCsv(tempDir(), 'split.csv', [header, ...rest, head1]);
    const run = runCli(['check', file, '--format', 'json']);
    const report = JSON.parse(run.stdout);
    expect(report.summary.households).toBe(2);
    expect(report.summary.errors).toBe(0);
    const ids = report.findings.map((f: { ruleId: string }) => f.ruleId);
    expect(ids).not.toContain('household-one-head');
    expect(report.findings.filter((f: { ruleId: string }) => f.ruleId === 'household-split')).toMatchObject([
      { row: 6, householdId: '450123101001001', data: { firstRow: 2 } },
    ]);
    expect(run.code).toBe(0);
  });
});
