import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isHouseholdTable, loadHouseholdTables } from '../../src/normalize/join.js';
import { openLedger } from '../../src/io/open.js';
import {
  EMPTY_HOUSEHOLD,
  HOUSEHOLD_ROWS,
  MEMBER_ROWS,
  ORPHAN,
  TABLES_HOUSEHOLDS_CSV,
  TABLES_MEMBERS_CSV,
  TABLES_XLSX,
} from '../../scripts/layouts/tables.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { openSheet } from '../../src/normalize/sheet.js';

const DIR = join(ROOT, 'fixtures', 'layouts');
const XLSX = join(DIR, TABLES_XLSX);
const HOUSEHOLDS = join(DIR, TABLES_HOUSEHOLDS_CSV);
const MEMBERS = join(DIR, TABLES_MEMBERS_CSV);

interface Report {
  summary: {
    persons: number;
    households: number;
    byArea: { village: string | null; persons: number; households: number }[];
  };
  inputs: { file: string; sheets: { name: string | null; dataRows: number }[] }[];
  findings: {
    ruleId: string;
    file: string;
    sheet: string | null;
    row: number | null;
    column: string | null;
    householdId: string | null;
    field: string | null;
  }[];
}

function check(...inputs: string[]): Report {
  const run = runCli(['check', ...inputs, '--format', 'json', '--pack', 'data-quality']);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(1);
  return JSON.parse(run.stdout) as Report;
}

function joinFindings(report: Report) {
  return report.findings
    .filter((f) => f.ruleId === 'orphan-member' || f.ruleId === 'empty-household')
    .map((f) => ({
      ruleId: f.ruleId,
      file: f.file,
      sheet: f.sheet,
      row: f.row,
      column: f.column,
      householdId: f.householdId,
    }));
}

describe('household table + person table', () => {
  it('tells a household table from a person sheet by the fields its header maps', async () => {
    const kinds: [string | null, boolean][] = [];
    for await (const source of openLedger(XLSX, TABLES_XLSX)) {
      const opened = await openSheet(source, false);
      if (opened.skipped === null) kinds.push([source.sheet, isHouseholdTable(opened.layout)]);
    }
    expect(kinds).toEqual([
      ['家庭成员', false],
      ['户信息', true],
    ]);
  });

  it('two sheets of one workbook (members first): household fields joined, orphan and empty household reported', () => {
    const report = check(XLSX);
    expect(report.summary.persons).toBe(MEMBER_ROWS.length);
    expect(report.inputs[0]?.sheets.map((s) => [s.name, s.dataRows])).toEqual([
      ['家庭成员', MEMBER_ROWS.length],
      ['户信息', HOUSEHOLD_ROWS.length],
    ]);
    expect(joinFindings(report)).toEqual([
      {
        ruleId: 'orphan-member',
        file: XLSX,
        sheet: '家庭成员',
        row: ORPHAN.row,
        column: 'A',
        householdId: ORPHAN.id,
      },
      {
        ruleId: 'empty-household',
        file: XLSX,
        sheet: '户信息',
        row: EMPTY_HOUSEHOLD.row,
        column: 'D',
        householdId: EMPTY_HOUSEHOLD.id,
      },
    ]);
    // The villages come from the household table: persons are counted under them.
    const byVillage = Object.fromEntries(report.summary.byArea.map((a) => [a.village ?? '', a.persons]));
    expect(byVillage).toEqual({ 平南村: 5, 百云村: 2, '': 1 });
    // Rules needing 人均纯收入 or 脱贫年度 are not reported as missing their column.
    const missing = report.findings.filter((f) => f.ruleId === 'missing-column').map((f) => f.field);
    expect(missing).not.toContain('income_per_capita');
    expect(missing).not.toContain('exit_year');
    expect(missing).not.toContain('household_size');
  });

  it('two CSV files, in either order', () => {
    for (const inputs of [
      [HOUSEHOLDS, MEMBERS],
      [MEMBERS, HOUSEHOLDS],
    ]) {
      const report = check(...inputs);
      expect(report.summary.persons).toBe(MEMBER_ROWS.length);
      // Listed in input order; compared by rule here.
      const found = joinFindings(report).sort((a, b) => a.ruleId.localeCompare(b.ruleId));
      expect(found).toEqual([
        {
          ruleId: 'empty-household',
          file: HOUSEHOLDS,
          sheet: null,
          row: EMPTY_HOUSEHOLD.row,
          column: 'D',
          householdId: EMPTY_HOUSEHOLD.id,
        },
        {
          ruleId: 'orphan-member',
          file: MEMBERS,
          sheet: null,
          row: ORPHAN.row,
          column: 'A',
          householdId: ORPHAN.id,
        },
      ]);
    }
  });

  it('holds the household rows and joins them, the member row winning', async () => {
    const join = await loadHouseholdTables([HOUSEHOLDS, MEMBERS], (f, o) => openLedger(f, f, o), {});
    expect(join).not.toBeNull();
    expect(join!.sheets.map((s) => [s.file, s.households])).toEqual([[HOUSEHOLDS, 4]]);
    const layout = join!.sheets[0]!.layout;
    const member = {
      layout,
      row: 2,
      values: { household_id: '451026103001001', name: '韦明德', village: '自填村' },
    };
    const joined = join!.apply(member);
    expect(joined.finding).toBeNull();
    expect(joined.record.values).toMatchObject({
      name: '韦明德',
      village: '自填村',
      township: '田峰乡',
      head_name: '韦明德',
      household_size: 3,
      income_per_capita: 9210,
    });
  });

  it('a household table given alone is checked as before (no join, no empty households)', async () => {
    expect(await loadHouseholdTables([HOUSEHOLDS], (f, o) => openLedger(f, f, o), {})).toBeNull();
    const report = check(HOUSEHOLDS);
    expect(joinFindings(report)).toEqual([]);
  });
});
