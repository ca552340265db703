import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectFiles, renderInspectText } from '../../src/commands/inspect.js';
import { MERGED_FILE } from '../../scripts/layouts/merged.js';
import { TABLES_HOUSEHOLDS_CSV, TABLES_MEMBERS_CSV, TABLES_XLSX } from '../../scripts/layouts/tables.js';
import { ROOT } from '../helpers/cli.js';

const DIR = join(ROOT, 'fixtures', 'layouts');

describe('inspect: merged ranges and the household/person join', () => {
  it('shows the merged ranges and which were carried down', async () => {
    const report = await inspectFiles([join(DIR, MERGED_FILE)]);
    const sheet = report.files[0]?.sheets[0];
    expect(sheet?.merged).toMatchObject({ ranges: 32, filledRanges: 18, filledCells: 45 });
    expect(sheet?.merged?.examples.slice(0, 3)).toEqual(['B5:B13', 'C5:C9', 'D5:D7']);
    expect(report.join).toBeNull();
    const text = renderInspectText(report, 'zh');
    expect(text).toContain(
      '合并单元格 32 处；数据区中纵向合并的 18 处已按左上角的值填入每一行（共 45 个单元格）',
    );
  });

  it('shows the household sheet, the person sheet and the orphans (workbook and two files)', async () => {
    const workbook = await inspectFiles([join(DIR, TABLES_XLSX)]);
    expect(workbook.files[0]?.sheets.map((s) => [s.name, s.joinRole, s.dataRows])).toEqual([
      ['家庭成员', 'person', 8],
      ['户信息', 'household', 4],
    ]);
    expect(workbook.join).toEqual({
      householdSheets: [{ file: join(DIR, TABLES_XLSX), sheet: '户信息', households: 4 }],
      orphanMembers: 1,
      emptyHouseholds: 1,
    });
    expect(renderInspectText(workbook, 'en')).toContain(
      '4 households; 1 members without a household row, 1 households without members',
    );

    const files = await inspectFiles([join(DIR, TABLES_MEMBERS_CSV), join(DIR, TABLES_HOUSEHOLDS_CSV)]);
    expect(files.files.map((f) => f.sheets[0]?.joinRole)).toEqual(['person', 'household']);
    expect(files.join?.orphanMembers).toBe(1);
    expect(files.join?.emptyHouseholds).toBe(1);
  });
});
