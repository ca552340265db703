/** `ledgerlint inspect` and sheet selection in `check`, through the built CLI. */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cleanLedgerRows, runCli, tempDir } from '../helpers/cli.js';
import { writeXlsx } from '../helpers/files.js';

let workbook: string;

beforeAll(async () => {
  workbook = await writeXlsx(path.join(tempDir(), 'county.xlsx'), (wb) => {
    const notes = wb.addWorksheet('说明');
    notes.addRow(['本表为演示用']);
    const ledger = wb.addWorksheet('花名册');
    for (const row of cleanLedgerRows()) ledger.addRow(row);
    const hidden = wb.addWorksheet('码表', { state: 'hidden' });
    for (const row of cleanLedgerRows()) hidden.addRow(row);
    const totals = wb.addWorksheet('汇总');
    totals.addRow(['乡(镇)', '行政村', '家庭人口数', '人均纯收入']);
    totals.addRow(['青山乡', '石桥村', 5, 5000]);
  });
});

describe('ledgerlint inspect', () => {
  it('shows how the demo ledger is read, as data', () => {
    const run = runCli(['inspect', 'fixtures/demo/demo-county.xlsx', '--format', 'json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    const sheet = report.files[0].sheets[0];
    expect(sheet).toMatchObject({ headerRows: [3, 4], firstDataRow: 5, lastDataRow: 240, dataRows: 236 });
    const income = sheet.columns.find((c: { field: string }) => c.field === 'income_wage');
    expect(income.header).toContain('家庭收入情况');
    expect(income.match).toBe('child');
  });

  it('renders a Chinese text view and exits 2 on a missing file', () => {
    const run = runCli(['inspect', 'fixtures/demo/demo-county-gbk.csv']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('gb18030');
    expect(run.stdout).toContain('证件号码（id_number）');
    expect(runCli(['inspect', 'no-such.xlsx']).code).toBe(2);
  });
});

describe('sheet selection in check', () => {
  it('checks the ledger sheet and skips hidden and non-ledger sheets with a note', () => {
    const report = JSON.parse(runCli(['check', workbook, '--format', 'json']).stdout);
    expect(report.inputs[0].sheets.map((s: { name: string }) => s.name)).toEqual(['花名册']);
    expect(report.summary.persons).toBe(5);
    const skipped = report.findings
      .filter((f: { ruleId: string }) => f.ruleId === 'sheet-skipped')
      .map((f: { sheet: string; messageId: string }) => [f.sheet, f.messageId]);
    expect(skipped).toEqual([
      ['说明', 'no-header'],
      ['码表', 'hidden'],
      ['汇总', 'not-a-ledger'],
    ]);
    const named = JSON.parse(runCli(['check', workbook, '--sheet', '码表', '--format', 'json']).stdout);
    expect(named.inputs[0].sheets.map((s: { name: string }) => s.name)).toEqual(['码表']);
  });
});
