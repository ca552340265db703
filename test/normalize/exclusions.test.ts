import { describe, expect, it } from 'vitest';
import type { CellValue, RawRow } from '../../src/io/types.js';
import { detectHeader } from '../../src/normalize/header.js';
import { makeIdNumber } from '../../src/normalize/idnumber.js';
import { createRecordBuilder, type RowResult } from '../../src/normalize/records.js';

const CTX = { file: '台账.xlsx', sheet: '花名册' };

function r(row: number, ...cells: CellValue[]): RawRow {
  return { row, cells };
}

// A 花名册 as county offices export it: title, 填报单位 / 单位 line, two header rows (the income group merged
// over two columns), column numbers, then people.
// A 序号, B 乡(镇), C 行政村, D 户编号, E 姓名, F 证件号码, G 与户主关系, H 工资性收入, I 转移性收入,
// J 人均纯收入（元）, K 联系电话, L 备注
const HEADER_UPPER = [
  '序号',
  '乡(镇)',
  '行政村',
  '户编号',
  '姓名',
  '证件号码',
  '与户主关系',
  '家庭收入情况（元）',
  null,
  '人均纯收入（元）',
  '联系电话',
  '备注',
];
const HEADER_LOWER = [null, null, null, null, null, null, null, '工资性收入', '转移性收入'];
const NUMBERS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
const HEAD_ROWS = [
  r(1, '岚溪县2020年建档立卡贫困人口花名册'),
  r(2, '填报单位：田峰乡人民政府（盖章）', null, null, null, null, null, null, null, null, '单位：元、人'),
  r(3, ...HEADER_UPPER),
  r(4, ...HEADER_LOWER),
  r(5, ...NUMBERS),
];
const LAYOUT = detectHeader(HEAD_ROWS, CTX)!.layout;

let serial = 0;
function person(row: number, householdId: string, name: string, relation: string, born: string): RawRow {
  serial++;
  const id = makeIdNumber('451026', born, String(100 + serial).slice(-3));
  return r(
    row,
    serial,
    '田峰乡',
    '平南村',
    householdId,
    name,
    id,
    relation,
    3200,
    1573.85,
    4861.21,
    '19735314081',
  );
}

/** Every row through one builder, as check does: the reason per row, and what came out. */
function run(rows: readonly RawRow[]) {
  const build = createRecordBuilder(LAYOUT);
  const results = rows.map((row) => [row.row, build(row)] as const);
  return {
    excluded: results.flatMap(([row, res]) => (res.excluded ? [[row, res.excluded]] : [])),
    people: results.flatMap(([row, res]) => (res.record ? [row] : [])),
    findings: results.flatMap(([, res]) => res.findings),
    results: new Map<number, RowResult>(results),
  };
}

describe('excluded rows', () => {
  it('finds the layout this file is built on', () => {
    expect(LAYOUT.headerRows).toEqual([3, 4, 5]);
    expect(LAYOUT.firstDataRow).toBe(6);
  });

  it('excludes a unit line, a 合计 and a 其中 row, a sign-off block and footnotes, keeping every person', () => {
    const { excluded, people, findings } = run([
      ...HEAD_ROWS,
      r(6, null, null, null, null, null, null, null, null, null, null, null, '单位：元、人'),
      person(7, '451026101001001', '陈林斌', '户主', '19670926'),
      person(8, '451026101001001', '陈英凤', '之女', '20020711'),
      r(9, '平南村小计', null, null, null, '2人', null, null, 6400, 3147.7, null),
      person(10, '451026101001002', '韦然', '户主', '19520824'),
      r(11, '合计', null, null, null, '3人', null, null, 9600, 4721.55, null),
      r(12, '其中：脱贫户', null, null, null, '1人', null, null, 3200, 1573.85, null),
      r(13),
      r(14, '填表人：韦小明', null, null, '审核人：黄志强', null, null, '联系电话：0771-5821234'),
      r(15, '单位负责人（签字）：', null, null, null, null, '报出日期：2020年12月31日'),
      r(16, '注：1.本表由村委会填报，乡镇人民政府审核。'),
      r(17, '2.收入为2020年度家庭纯收入，单位为元。'),
      r(18, '说明：证件号码须为18位，末位X大写。'),
    ]);
    expect(excluded).toEqual([
      [6, 'unit'],
      [9, 'total'],
      [11, 'total'],
      [12, 'total'],
      [13, 'blank'],
      [14, 'sign-off'],
      [15, 'sign-off'],
      [16, 'footnote'],
      [17, 'footnote'],
      [18, 'footnote'],
    ]);
    expect(people).toEqual([7, 8, 10]);
    expect(findings).toEqual([]);
  });

  it('excludes a sign-off written in one merged cell, and the lines under it', () => {
    const { excluded, findings } = run([
      ...HEAD_ROWS,
      person(6, '451026101001001', '陈林斌', '户主', '19670926'),
      r(
        7,
        '填表人：韦小明          审核人：黄志强          联系电话：07715821234          报出日期：2020-12-31',
      ),
      r(8, null, null, null, '（盖章）'),
      r(9, '制表日期：2020年12月31日'),
    ]);
    expect(excluded).toEqual([
      [7, 'sign-off'],
      [8, 'sign-off'],
      [9, 'sign-off'],
    ]);
    expect(findings).toEqual([]);
  });

  it('excludes the header stated again after a page break, with its column numbers', () => {
    const { excluded, people, findings } = run([
      ...HEAD_ROWS,
      person(6, '451026101001001', '陈林斌', '户主', '19670926'),
      r(7, '岚溪县2020年建档立卡贫困人口花名册'),
      r(8, ...HEADER_UPPER),
      r(9, ...HEADER_LOWER),
      r(10, ...NUMBERS),
      person(11, '451026101001002', '韦然', '户主', '19520824'),
    ]);
    // The repeated title lands in 序号, which maps nowhere: a row with nothing to check.
    expect(excluded).toEqual([
      [7, 'blank'],
      [8, 'subheader'],
      [9, 'subheader'],
      [10, 'subheader'],
    ]);
    expect(people).toEqual([6, 11]);
    expect(findings).toEqual([]);
  });

  it('excludes a header restated as CSV text, with line breaks inside cells', () => {
    const rows = [
      r(1, '户编号', '家庭成员\n姓名', '证件号码', '与户主关系'),
      r(2, '4510261010010010', '陈林斌', makeIdNumber('451026', '19670926', '509'), '户主'),
      r(3, '户编号', '家庭成员\n姓名', '证件号码', '与户主关系'),
    ];
    const layout = detectHeader(rows, CTX)!.layout;
    const build = createRecordBuilder(layout);
    expect(build(rows[1]!).excluded).toBeUndefined();
    expect(build(rows[2]!)).toEqual({ record: null, findings: [], excluded: 'subheader' });
  });

  it('keeps people whose cells merely look like markers', () => {
    const id = makeIdNumber('451026', '19800101', '123');
    const { excluded, people, findings } = run([
      ...HEAD_ROWS,
      // Village and township names that start like markers; a 备注 with 注： at the end of the row.
      r(
        6,
        1,
        '联合乡',
        '审定村',
        '451026101001001',
        '单丽',
        id,
        '户主',
        0,
        0,
        0,
        '13800000000',
        '注：外出务工',
      ),
      // A person row without 户编号 is still a person (and gets its finding) — even right after a footnote.
      r(7, '注：以下为新识别户'),
      r(8, 2, '田峰乡', '平南村', null, '韦甲', makeIdNumber('451026', '19900101', '234'), '户主', 1, 2, 3),
      // A full row whose first cell happens to say 联系人: many cells filled, so it is data.
      r(
        9,
        '联系人：韦乙',
        '田峰乡',
        '平南村',
        '451026101001003',
        '韦乙',
        makeIdNumber('451026', '19910101', '345'),
        '户主',
        1,
        2,
        3,
        '13800000001',
      ),
    ]);
    expect(excluded).toEqual([[7, 'footnote']]);
    expect(people).toEqual([6, 8, 9]);
    expect(findings.map((f) => [f.ruleId, f.row])).toEqual([['missing-household-id', 8]]);
  });

  it('ends a footnote block at the next person row', () => {
    const { excluded, people } = run([
      ...HEAD_ROWS,
      r(6, '备注：本页为田峰乡'),
      person(7, '451026101001001', '陈林斌', '户主', '19670926'),
      r(8, '2.此行不属于注释'),
    ]);
    // Row 8 no longer continues the footnote: its text lands in 序号, which maps nowhere.
    expect(excluded).toEqual([
      [6, 'footnote'],
      [8, 'blank'],
    ]);
    expect(people).toEqual([7]);
  });

  it('keeps the total rule: 合计 in the 户编号 column, or a short label in the first three cells', () => {
    const { excluded } = run([
      ...HEAD_ROWS,
      r(6, null, null, null, '合  计', null, null, null, 1, 2, 3),
      r(7, null, '田峰乡', '总计：', null, null, null, null, 1, 2, 3),
    ]);
    expect(excluded).toEqual([
      [6, 'total'],
      [7, 'total'],
    ]);
  });
});
