import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EXCLUDED_LIST_MAX,
  EXCLUDED_REASONS,
  inspectFiles,
  renderInspectText,
  type InspectReport,
  type InspectSheet,
} from '../../src/commands/inspect.js';
import { INSPECT_MESSAGES } from '../../src/i18n/messages/inspect.js';
import { makeIdNumber } from '../../src/normalize/idnumber.js';
import { makeTempDir, toCsv, writeText, writeXlsx } from '../helpers/files.js';

const DEMO_XLSX = 'fixtures/demo/demo-county.xlsx';
const DEMO_CSV = 'fixtures/demo/demo-county-gbk.csv';

const tmp = makeTempDir();
afterAll(() => tmp.remove());

function sheetOf(report: InspectReport, name: string | null, file = 0): InspectSheet {
  const sheet = report.files[file]?.sheets.find((s) => s.name === name);
  if (!sheet) throw new Error(`no sheet ${String(name)}`);
  return sheet;
}

function matchOf(sheet: InspectSheet, column: string): [string, string] | undefined {
  const c = sheet.columns.find((col) => col.column === column);
  return c && [c.field, c.match];
}

describe('inspect the demo ledgers', () => {
  let report: InspectReport;
  beforeAll(async () => {
    report = await inspectFiles([DEMO_XLSX, DEMO_CSV]);
  });

  it('reads the xlsx: header rows 3–4, data 5–240, every column mapped, and how', () => {
    const file = report.files[0];
    expect(file).toMatchObject({ file: DEMO_XLSX, format: 'xlsx', encoding: null });
    expect(file?.sheets).toHaveLength(1);
    const sheet = sheetOf(report, '花名册');
    expect(sheet).toMatchObject({
      hidden: false,
      skipped: null,
      headerRows: [3, 4],
      firstDataRow: 5,
      lastDataRow: 240,
      dataRows: 236,
      excluded: [],
      excludedCount: 0,
      unmapped: [],
      sampledRows: 236,
      problems: [],
    });
    // The demo is laid out like a 2016–2020 system export: nfx-2016 wins on its marker headers; it adds no
    // alias, so the mapping is the dictionary's.
    // Score = fields mapped + marker headers found.
    expect(sheet.profile).toMatchObject({ name: 'nfx-2016', reason: 'auto', score: 44 + 6 });
    expect(sheet.profile?.candidates[0]).toMatchObject({ name: 'nfx-2016', fields: 44 });
    expect(sheet.profile?.candidates[0]?.markers).toContain('脱贫属性');
    expect(sheet.columns).toHaveLength(44);
    expect(sheet.columns[0]).toEqual({
      column: 'A',
      header: '省',
      field: 'province',
      fieldLabel: { zh: '省', en: 'Province' },
      level: 'household',
      match: 'exact',
    });
    expect(matchOf(sheet, 'F')).toEqual(['household_id', 'exact']);
    // The income group merged over AA–AG: each sub-label alone names the field.
    expect(sheet.columns.find((c) => c.column === 'AG')).toMatchObject({
      header: '家庭收入情况（元）/人均纯收入',
      field: 'income_per_capita',
      match: 'child',
    });
    expect(sheet.missingFields.household).toContain('head_name');
    expect(sheet.missingFields.household).not.toContain('household_id');
    expect(sheet.missingFields.person).toContain('person_id');
    expect(sheet.missingFields.person).not.toContain('name');
  });

  it('reads the GBK CSV: encoding and why, header row 1, data 2–147, normalized matches', () => {
    const file = report.files[1];
    expect(file).toMatchObject({
      file: DEMO_CSV,
      format: 'csv',
      encoding: { name: 'gb18030', reason: 'fallback' },
    });
    const sheet = sheetOf(report, null, 1);
    expect(sheet).toMatchObject({ headerRows: [1], firstDataRow: 2, lastDataRow: 147, dataRows: 146 });
    expect(matchOf(sheet, 'F')).toEqual(['household_id', 'exact']); // 家庭编号, an alias
    expect(matchOf(sheet, 'S')).toEqual(['work_months', 'normalized']); // 务工时间(月)
  });

  it('is deterministic and JSON-clean', async () => {
    const again = await inspectFiles([DEMO_XLSX, DEMO_CSV]);
    expect(JSON.stringify(again)).toBe(JSON.stringify(report));
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('renders a text view in Chinese and in English', () => {
    const zh = renderInspectText(report, 'zh');
    expect(zh).toContain(`文件 ${DEMO_XLSX}（xlsx）`);
    expect(zh).toContain('表头：第 3–4 行');
    expect(zh).toContain('数据：第 5–240 行，共 236 人');
    expect(zh).toContain('编码：gb18030，内容不是合法的 UTF-8，按 GB18030（GBK）读取');
    expect(zh).toMatch(
      /AG +│ 家庭收入情况（元）\/人均纯收入 +│ 人均纯收入（income_per_capita） +│ 只看最下一行/,
    );
    expect(zh).toContain('共 2 个文件、2 张工作表，其中 2 张是台账，共 382 人');
    const en = renderInspectText(report, 'en');
    expect(en).toContain('Header rows: 3–4');
    expect(en).toContain('Data: rows 5–240, 236 persons');
    expect(en).toContain('Value problems: none in the first 236 person rows');
    expect(en.endsWith('\n')).toBe(true);
  });
});

// A workbook as a county office keeps it: a 说明 page, the roster with its title, unit line, two-row header,
// subtotals, a sign-off block and footnotes, a hidden code list and a 汇总 table.
const id = (born: string, seq: string) => makeIdNumber('451026', born, seq);
const HEADER_UPPER = [
  '序号',
  '乡(镇)',
  '行政村',
  '户编号',
  '户主',
  '家庭成员',
  '证件号码',
  '与户主关系',
  '出生日期',
  '家庭收入情况（元）',
  null,
  '务工时间(月)',
  '备注',
  '身份证号码',
];
const HEADER_LOWER = [null, null, null, null, '姓名', '姓名', null, null, null, '工资性收入', '人均纯收入'];

function person(n: number, hh: string, head: string, name: string, rel: string, born: string, extra = {}) {
  const row: (string | number | null)[] = [
    n,
    '田峰乡',
    '平南村',
    hh,
    head,
    name,
    id(born, String(100 + n)),
    rel,
    `${born.slice(0, 4)}-${born.slice(4, 6)}-${born.slice(6)}`,
    3200,
    4861.21,
    6,
    null,
    null,
  ];
  for (const [k, v] of Object.entries(extra)) row[Number(k)] = v as string | number | null;
  return row;
}

let workbook = '';
beforeAll(async () => {
  workbook = await writeXlsx(tmp.path('县台账.xlsx'), (wb) => {
    const notes = wb.addWorksheet('说明');
    notes.addRow(['填表说明']);
    notes.addRow(['1. 户编号为15位数字，不得重复。']);
    notes.addRow(['2. 证件号码为18位，末位X大写。']);
    // Longer than the header scan: inspect stops reading it there and moves on.
    for (let i = 3; i <= 40; i++) notes.addRow([`${i}. 第${i}项的填写要求。`]);

    const ws = wb.addWorksheet('花名册');
    ws.addRow(['岚溪县2020年建档立卡贫困人口花名册']);
    ws.mergeCells('A1:N1');
    ws.addRow(['填报单位：田峰乡人民政府', null, null, null, null, null, null, null, null, '单位：元、人']);
    ws.addRow(HEADER_UPPER);
    ws.addRow(HEADER_LOWER);
    ws.mergeCells('J3:K3');
    const rows = [
      person(1, '451026101001001', '陈林斌', '陈林斌', '户主', '19670926'), // 5
      person(2, '451026101001001', '陈林斌', '陈英凤', '之女', '20020711', { 8: '2002-13-45' }), // 6
      person(3, '451026101001001', '陈林斌', '陈超', '之子', '19950223', { 10: '#N/A' }), // 7
      person(4, '451026101001002', '韦然', '韦然', '户主', '19520824', { 6: 451026195208246000 }), // 8
      person(5, '451026101001002', '韦然', '杨翠', '配偶', '19570710', { 10: '电话13812345678' }), // 9
      ['平南村小计', null, null, null, null, '5人', null, null, null, 16000, null], // 10
      ['其中：脱贫户', null, null, null, null, '2人', null, null, null, 6400, null], // 11
      person(6, null as unknown as string, '黄明', '黄明', '户主', '19800101'), // 12
      person(7, '451026101002001', '黄明', '黄丽', '配偶', '19820202', { 8: '1982-02-30' }), // 13
      ['合计', null, null, null, null, '7人', null, null, null, 22400, null], // 14
      [' '], // 15
      ['填表人：韦小明', null, null, '审核人：黄志强', null, null, '联系电话：0771-5821234'], // 16
      ['单位负责人（签字）：', null, null, null, null, null, '报出日期：2020年12月31日'], // 17
      ['注：1.本表由村委会填报，乡镇人民政府审核。'], // 18
    ];
    for (const row of rows) ws.addRow(row);

    wb.addWorksheet('码表', { state: 'hidden' }).addRows([
      ['户编号', '姓名', '与户主关系'],
      ['—', '—', '户主'],
    ]);

    const summary = wb.addWorksheet('汇总');
    summary.addRow(['田峰乡脱贫攻坚汇总表']);
    summary.addRow(['乡镇', '行政村', '户数', '人数', '人均纯收入（元）']);
    summary.addRow(['田峰乡', '平南村', 2, 5, 6200]);
  });
});

describe('inspect a county workbook', () => {
  it('skips the 说明 page, the hidden code list and the 汇总 table, each with its reason', async () => {
    const report = await inspectFiles([workbook]);
    expect(report.files[0]?.sheets.map((s) => [s.name, s.hidden, s.skipped])).toEqual([
      ['说明', false, 'no-header'],
      ['花名册', false, null],
      ['码表', true, 'hidden'],
      ['汇总', false, 'not-a-ledger'],
    ]);
    // The 汇总 table's header is shown, so the user sees why it is no ledger.
    const summary = sheetOf(report, '汇总');
    expect(summary.headerRows).toEqual([2]);
    expect(summary.columns.map((c) => c.field)).toEqual([
      'township',
      'village',
      'household_size',
      'income_per_capita',
    ]);
    expect(summary).toMatchObject({ dataRows: 0, firstDataRow: null, problems: [] });
  });

  it('inspects a hidden sheet the user names', async () => {
    const report = await inspectFiles([workbook], { sheet: '码表' });
    expect(report.files[0]?.sheets.map((s) => [s.name, s.hidden, s.skipped])).toEqual([['码表', true, null]]);
    expect(sheetOf(report, '码表')).toMatchObject({ headerRows: [1], firstDataRow: 2, dataRows: 1 });
  });

  it('maps the roster: path and child matches, normalized, a duplicate, a serial and an unknown column', async () => {
    const sheet = sheetOf(await inspectFiles([workbook], { sheet: '花名册' }), '花名册');
    expect(sheet.headerRows).toEqual([3, 4]);
    expect(sheet.columns.map((c) => [c.column, c.header, c.field, c.match])).toEqual([
      ['B', '乡(镇)', 'township', 'exact'],
      ['C', '行政村', 'village', 'exact'],
      ['D', '户编号', 'household_id', 'exact'],
      ['E', '户主/姓名', 'head_name', 'path'],
      ['F', '家庭成员/姓名', 'name', 'path'],
      ['G', '证件号码', 'id_number', 'exact'],
      ['H', '与户主关系', 'relation', 'exact'],
      ['I', '出生日期', 'birth_date', 'exact'],
      ['J', '家庭收入情况（元）/工资性收入', 'income_wage', 'child'],
      ['K', '家庭收入情况（元）/人均纯收入', 'income_per_capita', 'child'],
      ['L', '务工时间(月)', 'work_months', 'normalized'],
    ]);
    expect(sheet.unmapped).toEqual([
      { column: 'A', header: '序号', reason: 'serial', duplicateOf: null },
      { column: 'M', header: '备注', reason: 'unknown', duplicateOf: null },
      {
        column: 'N',
        header: '身份证号码',
        reason: 'duplicate',
        duplicateOf: { field: 'id_number', column: 'G' },
      },
    ]);
    expect(sheet.missingFields.person).not.toContain('birth_date');
    expect(sheet.missingFields.person).toContain('sex');
    expect(sheet.missingFields.household).not.toContain('head_name');
  });

  it('gives the data range and the excluded rows with their reasons', async () => {
    const sheet = sheetOf(await inspectFiles([workbook]), '花名册');
    expect(sheet).toMatchObject({ firstDataRow: 5, lastDataRow: 13, dataRows: 7 });
    expect(sheet.excluded).toEqual([
      { row: 10, reason: 'total' },
      { row: 11, reason: 'total' },
      { row: 14, reason: 'total' },
      { row: 15, reason: 'blank' },
      { row: 16, reason: 'sign-off' },
      { row: 17, reason: 'sign-off' },
      { row: 18, reason: 'footnote' },
    ]);
    expect(sheet.excludedCount).toBe(7);
    expect(sheet.excludedByReason).toEqual({ blank: 1, total: 3, 'sign-off': 2, footnote: 1 });
    expect(Object.keys(sheet.excludedByReason)).toEqual(['blank', 'total', 'sign-off', 'footnote']);
  });

  it('counts the value problems of the sample, most frequent first, with example rows (PII masked)', async () => {
    const sheet = sheetOf(await inspectFiles([workbook]), '花名册');
    expect(sheet.sampledRows).toBe(7);
    expect(
      sheet.problems.map((p) => [p.ruleId, p.messageId, p.field, p.column, p.count, p.examples]),
    ).toEqual([
      [
        'invalid-value',
        'not-a-date',
        'birth_date',
        'I',
        2,
        [
          { row: 6, value: '2002-13-45' },
          { row: 13, value: '1982-02-30' },
        ],
      ],
      ['id-number-damaged', 'stored-as-number', 'id_number', 'G', 1, [{ row: 8, value: '4.51026E+17' }]],
      ['invalid-value', 'excel-error', 'income_per_capita', 'K', 1, [{ row: 7, value: '#N/A' }]],
      ['invalid-value', 'not-a-number', 'income_per_capita', 'K', 1, [{ row: 9, value: '电话138****5678' }]],
      ['missing-household-id', 'missing', 'household_id', 'D', 1, [{ row: 12, value: null }]],
    ]);
    expect(sheet.problems[0]?.fieldLabel).toEqual({ zh: '出生日期', en: 'Date of birth' });
    const shown = sheetOf(await inspectFiles([workbook], { showPii: true }), '花名册');
    expect(shown.problems.find((p) => p.messageId === 'not-a-number')?.examples).toEqual([
      { row: 9, value: '电话13812345678' },
    ]);
  });

  it('counts problems over the first sampleRows person rows only, and still finds the last data row', async () => {
    const sheet = sheetOf(await inspectFiles([workbook], { sampleRows: 2 }), '花名册');
    expect(sheet).toMatchObject({ sampledRows: 2, dataRows: 7, lastDataRow: 13, excludedCount: 7 });
    expect(sheet.problems.map((p) => [p.messageId, p.count])).toEqual([['not-a-date', 1]]);
    const none = sheetOf(await inspectFiles([workbook], { sampleRows: 0 }), '花名册');
    expect(none).toMatchObject({ sampledRows: 0, problems: [], dataRows: 7 });
  });

  it('renders every part in Chinese and English', async () => {
    const report = await inspectFiles([workbook]);
    const zh = renderInspectText(report, 'zh');
    for (const text of [
      '工作表“说明”',
      '前 30 行中没有找到台账表头',
      '工作表“码表”（隐藏）',
      '--sheet "码表"',
      '不是逐户逐人的台账',
      '数据：第 5–13 行，共 7 人',
      '不作为人员检查的行（7 行）：',
      '合计、小计、其中行：第 10–11、14 行',
      '落款（填表人、审核人、报出日期等）：第 16–17 行',
      '注释与说明：第 18 行',
      'A 列“序号”：序号列，不含数据',
      'N 列“身份证号码”：与 G 列同为“证件号码”，只读取 G 列',
      '取值问题（抽查前 7 个人员行）：',
      '出生日期（I 列）不是日期：2 处，如 第 6 行“2002-13-45”、第 13 行“1982-02-30”',
      '户编号（D 列）为空：1 处，如 第 12 行',
      '配置档：不用配置档，只用数据字典',
    ]) {
      expect(zh).toContain(text);
    }
    const en = renderInspectText(report, 'en');
    for (const text of [
      'Sheet "码表" (hidden)',
      'Rows not checked as persons (7):',
      'Total, subtotal and "of which" rows: 10–11, 14',
      'Column N "身份证号码": also "ID number", like column G; only G is read',
      'Date of birth (column I) is not a date: 2, e.g. row 6 "2002-13-45", row 13 "1982-02-30"',
      'Profile: none, the dictionary alone',
    ]) {
      expect(en).toContain(text);
    }
    // No Chinese message text leaks into the English view (Chinese headers and sheet names are data).
    for (const text of Object.values(INSPECT_MESSAGES)) {
      for (const fragment of text.zh.split(/\{\{[^}]*\}\}/)) {
        if ((fragment.match(/\p{Script=Han}/gu) ?? []).length >= 2) expect(en).not.toContain(fragment);
      }
    }
  });
});

describe('inspect limits', () => {
  it('lists the first 50 excluded rows and counts them all; reads the whole file for the data range', async () => {
    const rows: string[][] = [['户编号', '姓名', '证件号码', '出生日期']];
    for (let i = 0; i < 60; i++) {
      const hh = `4510261010${String(i).padStart(5, '0')}`;
      rows.push([
        hh,
        `韦${i}`,
        id('19800101', String(100 + i).slice(-3)),
        i % 2 === 0 ? '不详' : '1980-01-01',
      ]);
      rows.push([`${hh}小计`, '1人']);
    }
    const path = writeText(tmp.path('long.csv'), toCsv(rows), 'utf8-bom');
    const sheet = sheetOf(await inspectFiles([path], { sampleRows: 10 }), null);
    expect(sheet).toMatchObject({ firstDataRow: 2, lastDataRow: 120, dataRows: 60, excludedCount: 60 });
    expect(sheet.excluded).toHaveLength(EXCLUDED_LIST_MAX);
    expect(sheet.excluded[49]).toEqual({ row: 101, reason: 'total' });
    expect(sheet.problems.map((p) => [p.messageId, p.count, p.examples.map((e) => e.row)])).toEqual([
      ['not-a-date', 5, [2, 6, 10]],
    ]);
    expect(renderInspectText(await inspectFiles([path]), 'zh')).toContain(
      '（只列出前 50 行，另有 10 行未列出）',
    );
  });

  it('fails on a file it cannot read, as check does', async () => {
    await expect(inspectFiles([tmp.path('missing.xlsx')])).rejects.toMatchObject({
      messageId: 'io.file-not-found',
    });
  });
});

describe('inspect messages', () => {
  const placeholders = (s: string) => [...s.matchAll(/\{\{\s*([\w.-]+)\s*\}\}/g)].map((m) => m[1]).sort();

  it('are bilingual with the same placeholders', () => {
    for (const [key, text] of Object.entries(INSPECT_MESSAGES)) {
      expect(key.startsWith('inspect.'), key).toBe(true);
      expect(text.zh.trim(), key).not.toBe('');
      expect(text.en.trim(), key).not.toBe('');
      expect(placeholders(text.en), key).toEqual(placeholders(text.zh));
    }
  });

  it('cover every reason, match kind, skip reason and encoding reason', () => {
    const keys = [
      ...EXCLUDED_REASONS.map((r) => `inspect.reason.${r}`),
      ...['exact', 'normalized', 'path', 'child'].map((m) => `inspect.match.${m}`),
      ...['hidden', 'no-header', 'not-a-ledger'].map((s) => `inspect.skipped.${s}`),
      ...['bom', 'utf8-valid', 'fallback', 'option'].map((e) => `inspect.encoding-reason.${e}`),
      ...['unknown', 'serial', 'duplicate'].map((u) => `inspect.unmapped.${u}`),
    ];
    for (const key of keys) expect(INSPECT_MESSAGES[key], key).toBeDefined();
  });
});
