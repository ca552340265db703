/**
 * Merged cells, as township offices lay out a 花名册 by hand: the 乡镇 merged down the whole sheet, the 村
 * down its households, 户编号, 户主姓名, 家庭人口数 and the household incomes merged down each household's
 * member rows; a title merged across the width, a header of two rows with labels merged over both rows and
 * a group label ("家庭收入情况（元）") merged across its sub-labels, and a footnote merged across the sheet.
 * Only the top-left cell of a range holds the value, as Excel stores it.
 */
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { FIXED_DATE, pinZipTimestamps } from '../../fixtures/generator/write-xlsx.js';
import { makeIdNumber } from '../../src/normalize/idnumber.js';
import type { LayoutFixture } from '../layout-fixture.js';

export const MERGED_FILE = 'merged-cells.xlsx';

interface Member {
  readonly name: string;
  readonly id: string;
  readonly relation: string;
}

interface Household {
  readonly village: string;
  readonly id: string;
  readonly head: string;
  readonly wage: number;
  readonly transfer: number;
  readonly members: readonly Member[];
}

/** The households of the fixture (also read by test/layouts/merged.test.ts). */
export const MERGED_HOUSEHOLDS: readonly Household[] = [
  {
    village: '平南村',
    id: '451026103001001',
    head: '韦明德',
    wage: 18600,
    transfer: 2400,
    members: [
      { name: '韦明德', id: makeIdNumber('451026', '19680312', '031'), relation: '户主' },
      { name: '黄秀兰', id: makeIdNumber('451026', '19700805', '042'), relation: '配偶' },
      { name: '韦志强', id: makeIdNumber('451026', '19950116', '053'), relation: '之子' },
    ],
  },
  {
    village: '平南村',
    id: '451026103001002',
    head: '陆春燕',
    wage: 9800,
    transfer: 5100,
    members: [
      { name: '陆春燕', id: makeIdNumber('451026', '19750620', '062'), relation: '户主' },
      { name: '农海波', id: makeIdNumber('451026', '20080909', '071'), relation: '之子' },
    ],
  },
  {
    village: '百云村',
    id: '451026103002001',
    head: '蒙桂生',
    wage: 22000,
    transfer: 1200,
    members: [
      { name: '蒙桂生', id: makeIdNumber('451026', '19620101', '013'), relation: '户主' },
      { name: '覃月娥', id: makeIdNumber('451026', '19640228', '024'), relation: '配偶' },
      { name: '蒙小丽', id: makeIdNumber('451026', '19900417', '086'), relation: '之女' },
      { name: '蒙天佑', id: makeIdNumber('451026', '20150503', '097'), relation: '之孙子' },
    ],
  },
];

export const MERGED_FIRST_DATA_ROW = 5;
export const MERGED_FOOTNOTE = '注：家庭收入为2020年度数据，乡镇、村、户编号等户级信息按户合并单元格填写。';

async function build(dir: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.created = wb.modified = FIXED_DATE;
  const ws = wb.addWorksheet('花名册');
  // A 序号, B 乡(镇), C 行政村, D 户编号, E 户主姓名, F 家庭人口数, G 姓名, H 证件号码, I 与户主关系,
  // J 家庭收入情况（元）/工资性收入, K 家庭收入情况（元）/转移性收入
  ws.getCell('A1').value = '岚溪县田峰乡2020年脱贫户家庭成员花名册';
  ws.mergeCells('A1:K1');
  ws.getCell('A2').value = '填报单位：田峰乡人民政府';
  ws.mergeCells('A2:F2');
  ws.getCell('J2').value = '单位：元、人';
  ws.mergeCells('J2:K2');
  const single = [
    '序号',
    '乡(镇)',
    '行政村',
    '户编号',
    '户主姓名',
    '家庭人口数',
    '姓名',
    '证件号码',
    '与户主关系',
  ];
  single.forEach((label, i) => {
    const col = String.fromCharCode(65 + i);
    ws.getCell(`${col}3`).value = label;
    ws.mergeCells(`${col}3:${col}4`);
  });
  ws.getCell('J3').value = '家庭收入情况（元）';
  ws.mergeCells('J3:K3');
  ws.getCell('J4').value = '工资性收入';
  ws.getCell('K4').value = '转移性收入';

  let row = MERGED_FIRST_DATA_ROW;
  let serial = 1;
  const lastRow = MERGED_FIRST_DATA_ROW + MERGED_HOUSEHOLDS.reduce((n, h) => n + h.members.length, 0) - 1;
  ws.getCell(`B${row}`).value = '田峰乡';
  ws.mergeCells(`B${row}:B${lastRow}`);
  let villageStart = row;
  MERGED_HOUSEHOLDS.forEach((h, index) => {
    const first = row;
    const last = row + h.members.length - 1;
    for (const m of h.members) {
      ws.getCell(`A${row}`).value = serial++;
      ws.getCell(`G${row}`).value = m.name;
      ws.getCell(`H${row}`).value = m.id;
      ws.getCell(`I${row}`).value = m.relation;
      row++;
    }
    ws.getCell(`D${first}`).value = h.id;
    ws.getCell(`E${first}`).value = h.head;
    ws.getCell(`F${first}`).value = h.members.length;
    ws.getCell(`J${first}`).value = h.wage;
    ws.getCell(`K${first}`).value = h.transfer;
    for (const col of ['D', 'E', 'F', 'J', 'K']) ws.mergeCells(`${col}${first}:${col}${last}`);
    const next = MERGED_HOUSEHOLDS[index + 1];
    if (next === undefined || next.village !== h.village) {
      ws.getCell(`C${villageStart}`).value = h.village;
      ws.mergeCells(`C${villageStart}:C${last}`);
      villageStart = last + 1;
    }
  });
  ws.getCell(`A${row}`).value = MERGED_FOOTNOTE;
  ws.mergeCells(`A${row}:K${row}`);
  const file = join(dir, MERGED_FILE);
  await wb.xlsx.writeFile(file);
  await pinZipTimestamps(file);
}

export const layouts: LayoutFixture[] = [{ name: 'merged-cells', build }];
