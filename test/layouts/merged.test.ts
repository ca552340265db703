import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLedger } from '../../src/io/open.js';
import type { RawRow } from '../../src/io/types.js';
import { createRecordBuilder, type RowResult } from '../../src/normalize/records.js';
import { openSheet } from '../../src/normalize/sheet.js';
import {
  MERGED_FILE,
  MERGED_FIRST_DATA_ROW,
  MERGED_FOOTNOTE,
  MERGED_HOUSEHOLDS,
} from '../../scripts/layouts/merged.js';
import { ROOT, runCli } from '../helpers/cli.js';

const FILE = join(ROOT, 'fixtures', 'layouts', MERGED_FILE);

async function readFixture() {
  for await (const source of openLedger(FILE, MERGED_FILE)) {
    const opened = await openSheet(source, false);
    if (opened.skipped !== null) throw new Error(`sheet skipped: ${opened.skipped}`);
    const build = createRecordBuilder(opened.layout);
    const results: (RowResult & { raw: RawRow })[] = [];
    for await (const raw of opened.rows) results.push({ ...build(raw), raw });
    return { opened, results, ranges: source.mergedRanges ?? [] };
  }
  throw new Error('no sheet');
}

describe('merged cells (fixtures/layouts/merged-cells.xlsx)', () => {
  it('reads the header through its merges: labels over two rows and a group over its sub-labels', async () => {
    const { opened } = await readFixture();
    expect(opened.layout.headerRows).toEqual([3, 4]);
    expect(opened.layout.firstDataRow).toBe(MERGED_FIRST_DATA_ROW);
    expect(opened.layout.columns.map((c) => [c.column, c.header, c.field])).toEqual([
      ['A', '序号', null],
      ['B', '乡(镇)', 'township'],
      ['C', '行政村', 'village'],
      ['D', '户编号', 'household_id'],
      ['E', '户主姓名', 'head_name'],
      ['F', '家庭人口数', 'household_size'],
      ['G', '姓名', 'name'],
      ['H', '证件号码', 'id_number'],
      ['I', '与户主关系', 'relation'],
      ['J', '家庭收入情况（元）/工资性收入', 'income_wage'],
      ['K', '家庭收入情况（元）/转移性收入', 'income_transfer'],
    ]);
  });

  it('gives every member row the values merged down its household, village and township', async () => {
    const { results } = await readFixture();
    const persons = results.filter((r) => r.record !== null).map((r) => r.record!);
    const expected = MERGED_HOUSEHOLDS.flatMap((h) =>
      h.members.map((m) => ({
        township: '田峰乡',
        village: h.village,
        household_id: h.id,
        head_name: h.head,
        household_size: h.members.length,
        name: m.name,
        id_number: m.id,
        relation: m.relation,
        income_wage: h.wage,
        income_transfer: h.transfer,
      })),
    );
    expect(persons.map((p) => p.values)).toEqual(expected);
    expect(persons.map((p) => p.row)).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13]);
    // No row lost its 户编号: the fill is what makes rows 6–7, 9 and 11–13 complete.
    expect(results.flatMap((r) => r.findings)).toEqual([]);
  });

  it('keeps a footnote merged across the sheet a footnote (horizontal merges are not spread)', async () => {
    const { results } = await readFixture();
    const last = results[results.length - 1]!;
    expect(last.raw.row).toBe(14);
    expect(last.excluded).toBe('footnote');
    expect(last.raw.cells).toEqual([MERGED_FOOTNOTE]);
  });

  it('reports what it filled: only the vertical ranges of the data area', async () => {
    const { opened, ranges } = await readFixture();
    expect(ranges).toHaveLength(32);
    expect(opened.merged).toEqual({
      ranges: 32,
      // 乡镇 B5:B13, 村 C5:C9 and C10:C13, and 5 columns for each of the 3 households.
      filledRanges: 1 + 2 + 5 * 3,
      // Cells below the top of each range: 8 + (4 + 3) + 5 × (2 + 1 + 3).
      filledCells: 8 + 4 + 3 + 5 * (2 + 1 + 3),
      examples: expect.arrayContaining(['B5:B13', 'C5:C9', 'D5:D7', 'K10:K13']) as unknown,
    });
  });

  it('checks the households whole from the command line (no missing 户编号, three households)', () => {
    const run = runCli(['check', FILE, '--format', 'json', '--pack', 'data-quality']);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as {
      summary: { persons: number; households: number };
      findings: { ruleId: string; householdId: string | null }[];
    };
    expect(report.summary.persons).toBe(9);
    expect(report.summary.households).toBe(3);
    expect(report.findings.filter((f) => f.ruleId === 'missing-household-id')).toEqual([]);
    expect(report.findings.filter((f) => f.ruleId === 'household-conflict')).toEqual([]);
  });
});
