/**
 * A legacy .xls (BIFF8, Excel 97–2003) ledger, as many county offices still send: a title, a two-row header,
 * 户编号 and 村 merged down each household, a date cell, a formula with its cached result, an Excel error
 * value, and a hidden lookup sheet. Built as xlsx with exceljs, then converted by LibreOffice
 * (`soffice --headless --convert-to xls`), so the file is a real BIFF8 workbook written by another program
 * than the reader. Without soffice on the PATH the committed file is kept and a note is printed.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { FIXED_DATE } from '../../fixtures/generator/write-xlsx.js';
import { makeIdNumber } from '../../src/normalize/idnumber.js';
import type { LayoutFixture } from '../layout-fixture.js';

export const LEGACY_XLS_FILE = 'legacy-2016.xls';

/** The persons of the fixture, in row order from row 5 (also read by test/layouts/legacy-xls.test.ts). */
export const LEGACY_PERSONS = [
  {
    village: '平南村',
    household: '451026103001001',
    name: '韦明德',
    id: makeIdNumber('451026', '19680312', '031'),
    relation: '户主',
    birth: '1968-03-12',
    income: 4210.5,
  },
  {
    village: '平南村',
    household: '451026103001001',
    name: '黄秀兰',
    id: makeIdNumber('451026', '19700805', '042'),
    relation: '配偶',
    birth: '1970-08-05',
    income: 4210.5,
  },
  {
    village: '平南村',
    household: '451026103001002',
    name: '陆春燕',
    id: makeIdNumber('451026', '19750620', '062'),
    relation: '户主',
    birth: '1975-06-20',
    income: 3890,
  },
  {
    village: '百云村',
    household: '451026103002001',
    name: '蒙桂生',
    id: makeIdNumber('451026', '19620101', '013'),
    relation: '户主',
    birth: '1962-01-01',
    income: 5120,
  },
  {
    village: '百云村',
    household: '451026103002001',
    name: '覃月娥',
    id: makeIdNumber('451026', '19640228', '024'),
    relation: '配偶',
    birth: '1964-02-28',
    income: 5120,
  },
] as const;

function soffice(): string | null {
  for (const bin of ['soffice', 'libreoffice']) {
    const probe = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    if (probe.status === 0) return bin;
  }
  return null;
}

async function buildXlsx(file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.created = wb.modified = FIXED_DATE;
  const ws = wb.addWorksheet('花名册');
  ws.getCell('A1').value = '岚溪县2016年建档立卡贫困人口花名册';
  ws.mergeCells('A1:H1');
  ws.getCell('A2').value = '填报单位：田峰乡';
  // A 村, B 户编号, C 姓名, D 证件号码, E 与户主关系, F 出生日期, G 人均纯收入（元）, H 备注
  const labels = [
    '行政村',
    '户编号',
    '姓名',
    '证件号码',
    '与户主关系',
    '出生日期',
    '人均纯收入（元）',
    '备注',
  ];
  labels.forEach((label, i) => {
    const col = String.fromCharCode(65 + i);
    ws.getCell(`${col}3`).value = label;
    ws.mergeCells(`${col}3:${col}4`);
  });
  let row = 5;
  for (const p of LEGACY_PERSONS) {
    ws.getCell(`A${row}`).value = p.village;
    ws.getCell(`B${row}`).value = p.household;
    ws.getCell(`C${row}`).value = p.name;
    ws.getCell(`D${row}`).value = p.id;
    ws.getCell(`E${row}`).value = p.relation;
    const [y, m, d] = p.birth.split('-').map(Number) as [number, number, number];
    ws.getCell(`F${row}`).value = new Date(Date.UTC(y, m - 1, d));
    ws.getCell(`F${row}`).numFmt = 'yyyy-mm-dd';
    ws.getCell(`G${row}`).value = p.income;
    row++;
  }
  // The income of the first household as a formula over its cached result; an error value typed in.
  ws.getCell('G6').value = { formula: 'G5', result: 4210.5 };
  ws.getCell('H7').value = { error: '#N/A' };
  // Households and villages merged down (only the top-left cell keeps the value).
  for (const [top, bottom] of [
    [5, 6],
    [8, 9],
  ] as const) {
    ws.getCell(`B${bottom}`).value = null;
    ws.mergeCells(`B${top}:B${bottom}`);
  }
  ws.getCell('A6').value = null;
  ws.getCell('A7').value = null;
  ws.mergeCells('A5:A7');
  ws.getCell('A9').value = null;
  ws.mergeCells('A8:A9');
  const codes = wb.addWorksheet('码表', { state: 'hidden' });
  codes.addRow(['代码', '名称']);
  codes.addRow(['01', '户主']);
  await wb.xlsx.writeFile(file);
}

async function build(dir: string): Promise<void> {
  const bin = soffice();
  if (bin === null) {
    console.log(`  soffice not found: ${LEGACY_XLS_FILE} kept as committed`);
    return;
  }
  const work = mkdtempSync(join(tmpdir(), 'ledgerlint-xls-'));
  try {
    const xlsx = join(work, 'legacy-2016.xlsx');
    await buildXlsx(xlsx);
    const run = spawnSync(bin, ['--headless', '--convert-to', 'xls', '--outdir', work, xlsx], {
      encoding: 'utf8',
      env: { ...process.env, HOME: work },
      timeout: 120_000,
    });
    const out = join(work, 'legacy-2016.xls');
    if (run.status !== 0 || !existsSync(out)) {
      throw new Error(`soffice failed (${run.status}): ${run.stderr || run.stdout}`);
    }
    copyFileSync(out, join(dir, LEGACY_XLS_FILE));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export const layouts: LayoutFixture[] = [{ name: 'legacy-xls', build }];
