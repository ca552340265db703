import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLedger } from '../../src/io/open.js';
import type { RawRow, SheetSource } from '../../src/io/types.js';
import { createRecordBuilder, type RowResult } from '../../src/normalize/records.js';
import { openSheet } from '../../src/normalize/sheet.js';
import { LEGACY_PERSONS, LEGACY_XLS_FILE } from '../../scripts/layouts/legacy-xls.js';
import { ROOT, runCli } from '../helpers/cli.js';

const FILE = join(ROOT, 'fixtures', 'layouts', LEGACY_XLS_FILE);

describe('legacy .xls (fixtures/layouts/legacy-2016.xls, written by LibreOffice)', () => {
  it('lists its sheets with the hidden flag and the merged ranges', async () => {
    const sheets: Pick<SheetSource, 'sheet' | 'hidden' | 'mergedRanges'>[] = [];
    for await (const s of openLedger(FILE, LEGACY_XLS_FILE)) {
      sheets.push({ sheet: s.sheet, hidden: s.hidden, mergedRanges: s.mergedRanges });
    }
    expect(sheets.map((s) => [s.sheet, s.hidden])).toEqual([
      ['花名册', false],
      ['码表', true],
    ]);
    expect(sheets[0]?.mergedRanges).toContainEqual({ top: 5, left: 1, bottom: 6, right: 1 });
    expect(sheets[0]?.mergedRanges).toContainEqual({ top: 5, left: 0, bottom: 7, right: 0 });
    expect(sheets[0]?.mergedRanges).toContainEqual({ top: 3, left: 0, bottom: 4, right: 0 });
  });

  it('gives raw rows with physical row numbers, dates, numbers and error values', async () => {
    const rows: RawRow[] = [];
    for await (const s of openLedger(FILE, LEGACY_XLS_FILE, { sheet: '花名册' })) {
      for await (const r of s.rows) rows.push(r);
    }
    expect(rows.map((r) => r.row)).toEqual([1, 2, 3, 5, 6, 7, 8, 9]);
    expect(rows[0]?.cells).toEqual(['岚溪县2016年建档立卡贫困人口花名册']);
    expect(rows[3]?.cells).toEqual([
      '平南村',
      '451026103001001',
      '韦明德',
      LEGACY_PERSONS[0].id,
      '户主',
      new Date(Date.UTC(1968, 2, 12)),
      4210.5,
    ]);
    // Row 6: 村 and 户编号 are covered by merges (empty as stored); G6 is a formula (its cached result).
    expect(rows[4]?.cells.slice(0, 2)).toEqual([null, null]);
    expect(rows[4]?.cells[6]).toBe(4210.5);
    expect(rows[5]?.cells[7]).toEqual({ error: '#N/A' });
  });

  it('maps the header and normalizes every person, merged 村 and 户编号 filled', async () => {
    const results: RowResult[] = [];
    let headerRows: readonly number[] = [];
    for await (const source of openLedger(FILE, LEGACY_XLS_FILE)) {
      const opened = await openSheet(source, false);
      if (opened.skipped !== null) continue;
      headerRows = opened.layout.headerRows;
      expect(opened.layout.columns.map((c) => c.field)).toEqual([
        'village',
        'household_id',
        'name',
        'id_number',
        'relation',
        'birth_date',
        'income_per_capita',
        null,
      ]);
      const build = createRecordBuilder(opened.layout);
      for await (const raw of opened.rows) results.push(build(raw));
    }
    // Row 4 holds only the lower halves of labels merged over rows 3–4: blank, so the header is row 3.
    expect(headerRows).toEqual([3]);
    const persons = results.flatMap((r) => (r.record ? [r.record] : []));
    expect(
      persons.map((p) => [
        p.row,
        p.values.village,
        p.values.household_id,
        p.values.name,
        p.values.birth_date,
      ]),
    ).toEqual(LEGACY_PERSONS.map((p, i) => [i + 5, p.village, p.household, p.name, p.birth]));
    expect(persons[1]?.values.income_per_capita).toBe(4210.5);
  });

  it('is checked from the command line like an xlsx; a missing sheet is a clear error (exit 2)', () => {
    const run = runCli(['check', FILE, '--format', 'json', '--pack', 'data-quality']);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as {
      summary: { persons: number; households: number };
      inputs: { sheets: { name: string; firstDataRow: number }[] }[];
      findings: { ruleId: string; messageId: string; sheet: string | null }[];
    };
    expect(report.summary.persons).toBe(5);
    expect(report.summary.households).toBe(3);
    expect(report.inputs[0]?.sheets.map((s) => [s.name, s.firstDataRow])).toEqual([['花名册', 4]]);
    expect(report.findings.filter((f) => f.ruleId === 'missing-household-id')).toEqual([]);
    expect(report.findings).toContainEqual(
      expect.objectContaining({ ruleId: 'sheet-skipped', messageId: 'hidden', sheet: '码表' }),
    );

    const missing = runCli(['check', FILE, '--sheet', '不存在', '--lang', 'en']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/不存在/);
    expect(missing.stderr).not.toMatch(/\bat \w/);
  });
});
