/**
 * A household table and a person table joined by 户编号, as 2021+ 防返贫监测 exports come: once as two sheets
 * of one workbook (the member sheet first, as some exports order them), once as two CSV files. One member
 * points to a 户编号 the household table lacks (an orphan), and one household row has no members.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { FIXED_DATE, pinZipTimestamps } from '../../fixtures/generator/write-xlsx.js';
import { makeIdNumber } from '../../src/normalize/idnumber.js';
import type { LayoutFixture } from '../layout-fixture.js';

export const TABLES_XLSX = 'tables-2021.xlsx';
export const TABLES_HOUSEHOLDS_CSV = 'tables-2021-households.csv';
export const TABLES_MEMBERS_CSV = 'tables-2021-members.csv';

export const HOUSEHOLD_HEADER = [
  '县',
  '乡镇',
  '行政村',
  '户编号',
  '户主姓名',
  '家庭人口数',
  '人均纯收入',
  '脱贫年度',
];
/** Household rows (data from row 2). The last one has no members. */
export const HOUSEHOLD_ROWS: readonly (readonly (string | number)[])[] = [
  ['岚溪县', '田峰乡', '平南村', '451026103001001', '韦明德', 3, 9210, 2016],
  ['岚溪县', '田峰乡', '平南村', '451026103001002', '陆春燕', 2, 7430, 2017],
  ['岚溪县', '田峰乡', '百云村', '451026103002001', '蒙桂生', 2, 11020, 2018],
  ['岚溪县', '田峰乡', '百云村', '451026103002009', '覃大勇', 1, 8800, 2019],
];
export const EMPTY_HOUSEHOLD = { id: '451026103002009', row: 5 };

export const MEMBER_HEADER = ['户编号', '姓名', '证件号码', '与户主关系', '性别'];
/** Member rows (data from row 2). Row 9 is an orphan: its 户编号 is in no household row. */
export const MEMBER_ROWS: readonly (readonly string[])[] = [
  ['451026103001001', '韦明德', makeIdNumber('451026', '19680312', '031'), '户主', '男'],
  ['451026103001001', '黄秀兰', makeIdNumber('451026', '19700805', '042'), '配偶', '女'],
  ['451026103001001', '韦志强', makeIdNumber('451026', '19950116', '053'), '之子', '男'],
  ['451026103001002', '陆春燕', makeIdNumber('451026', '19750620', '062'), '户主', '女'],
  ['451026103001002', '农海波', makeIdNumber('451026', '20080909', '071'), '之子', '男'],
  ['451026103002001', '蒙桂生', makeIdNumber('451026', '19620101', '013'), '户主', '男'],
  ['451026103002001', '覃月娥', makeIdNumber('451026', '19640228', '024'), '配偶', '女'],
  ['451026103003005', '罗金凤', makeIdNumber('451026', '19810707', '088'), '户主', '女'],
];
export const ORPHAN = { id: '451026103003005', row: 9 };

async function buildWorkbook(dir: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.created = wb.modified = FIXED_DATE;
  const members = wb.addWorksheet('家庭成员');
  members.addRow(MEMBER_HEADER);
  for (const row of MEMBER_ROWS) members.addRow([...row]);
  const households = wb.addWorksheet('户信息');
  households.addRow(HOUSEHOLD_HEADER);
  for (const row of HOUSEHOLD_ROWS) households.addRow([...row]);
  const file = join(dir, TABLES_XLSX);
  await wb.xlsx.writeFile(file);
  await pinZipTimestamps(file);
}

function csv(rows: readonly (readonly (string | number)[])[]): string {
  return '\uFEFF' + rows.map((r) => r.join(',')).join('\r\n') + '\r\n';
}

async function buildCsv(dir: string): Promise<void> {
  writeFileSync(join(dir, TABLES_HOUSEHOLDS_CSV), csv([HOUSEHOLD_HEADER, ...HOUSEHOLD_ROWS]));
  writeFileSync(join(dir, TABLES_MEMBERS_CSV), csv([MEMBER_HEADER, ...MEMBER_ROWS]));
  return Promise.resolve();
}

export const layouts: LayoutFixture[] = [
  { name: 'tables-workbook', build: buildWorkbook },
  { name: 'tables-csv', build: buildCsv },
];
