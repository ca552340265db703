import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../src/commands/check.js';
import { StandardTally } from '../../src/engine/standards.js';
import { cleanLedgerRows, tempDir, writeCsv } from '../helpers/cli.js';

const dir = tempDir('ledgerlint-standards-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let seq = 0;

async function check(rows: string[][]) {
  const file = writeCsv(dir, `ledger-${(seq += 1)}.csv`, rows);
  const { report } = await runCheck({
    inputs: [file],
    packs: ['national-exit', 'data-quality'],
    params: {},
    all: false,
    lang: 'zh',
  });
  return report;
}

const HOUSING = 27; // 危房等级

describe('pass rates per standard', () => {
  it('counts every national-exit rule with households checked and failing, also by area', async () => {
    const rows = cleanLedgerRows();
    for (const row of rows.slice(1)) if (row[2] === '450123101001002') row[HOUSING] = 'C';
    const report = await check(rows);
    const byId = Object.fromEntries(report.summary.standards.map((s) => [s.ruleId, s]));
    // Every rule of national-exit (a standard pack, in pack order), none of data-quality (a quality pack).
    expect(report.summary.standards.map((s) => s.ruleId).slice(0, 5)).toEqual([
      'exit-income-above-line',
      'exit-compulsory-education',
      'exit-basic-medical-insurance',
      'exit-safe-housing',
      'exit-safe-drinking-water',
    ]);
    expect(new Set(report.summary.standards.map((s) => s.pack))).toEqual(new Set(['national-exit']));
    expect(byId['exit-safe-housing']).toEqual({
      ruleId: 'exit-safe-housing',
      pack: 'national-exit',
      checked: 2,
      failing: 1,
      passRate: 0.5,
    });
    // Only household 1 has a child of compulsory-school age; a person rule counts the household once.
    expect(byId['exit-compulsory-education']).toMatchObject({ checked: 1, failing: 0, passRate: 1 });
    expect(report.summary.byArea).toHaveLength(1);
    expect(report.summary.byArea[0]?.standards['exit-safe-housing']).toEqual({ checked: 2, failing: 1 });
    // data-quality is a `quality` pack: not a standard.
    expect(byId['id-number-checksum']).toBeUndefined();
  });

  it('counts a split household once, as a whole', async () => {
    const rows = cleanLedgerRows();
    const child = rows.splice(3, 1)[0]; // household 1's third member, moved after household 2
    if (!child) throw new Error('fixture changed');
    rows.push(child);
    const report = await check(rows);
    const byId = Object.fromEntries(report.summary.standards.map((s) => [s.ruleId, s]));
    expect(report.findings.map((f) => f.ruleId)).toContain('household-split');
    expect(byId['exit-income-above-line']).toMatchObject({ checked: 2, failing: 0 });
    expect(byId['exit-compulsory-education']).toMatchObject({ checked: 1, failing: 0 });
  });

  it('reports a standard that nothing was checked against with a null pass rate', async () => {
    const rows = cleanLedgerRows();
    for (const row of rows.slice(1)) row[14] = '未脱贫'; // national-exit applies to 已脱贫 households only
    const report = await check(rows);
    expect(report.summary.standards.every((s) => s.checked === 0 && s.passRate === null)).toBe(true);
    expect(report.summary.byArea[0]?.standards).toEqual({});
  });
});

describe('StandardTally', () => {
  it('takes back what a negative sink adds and drops counts that return to zero', () => {
    const tally = new StandardTally();
    tally.sink()('r', true, '乡', '村');
    tally.sink()('r', false, '乡', '村');
    tally.sink(-1)('r', true, '乡', '村');
    tally.sink()('s', false, '乡', null);
    tally.sink(-1)('s', false, '乡', null);
    expect(tally.counted()).toEqual([{ township: '乡', village: '村', ruleId: 'r', checked: 1, failing: 0 }]);
  });
});
