import { describe, expect, it } from 'vitest';
import { fieldByKey } from '../../src/dictionary/index.js';
import type { CellValue, RawRow } from '../../src/io/types.js';
import { detectHeader } from '../../src/normalize/header.js';
import { makeIdNumber } from '../../src/normalize/idnumber.js';
import { createRecordBuilder } from '../../src/normalize/records.js';
import type { SheetLayout } from '../../src/normalize/types.js';

const CTX = { file: 'demo.xlsx', sheet: '花名册' };
const ID_HEAD = makeIdNumber('450000', '19700315', '011');
const ID_CHILD = makeIdNumber('450000', '20050601', '022');

function r(row: number, ...cells: CellValue[]): RawRow {
  return { row, cells };
}

function layoutOf(...header: CellValue[][]): SheetLayout {
  const rows = [r(1, 'XX县建档立卡贫困人口花名册'), ...header.map((cells, i) => r(i + 2, ...cells))];
  const detection = detectHeader(rows, CTX);
  if (!detection) throw new Error('test setup: no header');
  return detection.layout;
}

// A: 序号, B: 乡镇, C: 村, D: 户编号, E: 姓名, F: 证件号码, G: 与户主关系, H: 健康状况, I: 出生日期,
// J: 是否享受低保, K: 人均纯收入（元）, L: 联系电话
const LAYOUT = layoutOf([
  '序号',
  '乡镇',
  '村',
  '户编号',
  '姓名',
  '证件号码',
  '与户主关系',
  '健康状况',
  '出生日期',
  '是否享受低保',
  '人均纯收入（元）',
  '联系电话',
]);

describe('createRecordBuilder', () => {
  const build = createRecordBuilder(LAYOUT);

  it('turns a clean row into canonical values', () => {
    const { record, findings } = build(
      r(
        3,
        1,
        '甲乡',
        '乙村',
        '4500010001',
        ' 韦甲 ',
        ID_HEAD,
        '01',
        '残疾,长期慢性病',
        25642,
        '是',
        '5,200',
        13800000000,
      ),
    );
    expect(findings).toEqual([]);
    expect(record?.row).toBe(3);
    expect(record?.layout).toBe(LAYOUT);
    expect(record?.values).toEqual({
      township: '甲乡',
      village: '乙村',
      household_id: '4500010001',
      name: '韦甲',
      id_number: ID_HEAD,
      relation: '户主',
      health: ['残疾', '长期慢性病'],
      birth_date: '1970-03-15',
      dibao: true,
      income_per_capita: 5200,
      phone: '13800000000',
    });
  });

  it('leaves empty cells out of values', () => {
    const { record } = build(r(4, 2, '甲乡', '乙村', '4500010001', '韦乙', ID_CHILD, '之子', null, '', '-'));
    expect(record?.values).toEqual({
      township: '甲乡',
      village: '乙村',
      household_id: '4500010001',
      name: '韦乙',
      id_number: ID_CHILD,
      relation: '之子',
    });
    expect(Object.keys(record?.values ?? {})).not.toContain('dibao');
  });

  it('reports cells that cannot be read, located and labelled, and keeps the rest of the row', () => {
    const { record, findings } = build(
      r(
        5,
        3,
        '甲乡',
        '乙村',
        '4500010002',
        '韦丙',
        450000198001010000,
        '之女',
        '健康',
        '2020-02-30',
        '也许',
        '#N/A',
      ),
    );
    expect(record?.values).toEqual({
      township: '甲乡',
      village: '乙村',
      household_id: '4500010002',
      name: '韦丙',
      relation: '之女',
      health: ['健康'],
    });
    const where = {
      file: 'demo.xlsx',
      sheet: '花名册',
      row: 5,
      householdId: '4500010002',
      township: '甲乡',
      village: '乙村',
    };
    expect(findings).toEqual([
      {
        ruleId: 'id-number-damaged',
        severity: 'error',
        messageId: 'stored-as-number',
        data: { fieldLabel: '证件号码', raw: '4.5E+17' },
        scope: 'person',
        column: 'F',
        field: 'id_number',
        ...where,
      },
      {
        ruleId: 'invalid-value',
        severity: 'error',
        messageId: 'not-a-date',
        data: { fieldLabel: '出生日期', raw: '2020-02-30' },
        scope: 'person',
        column: 'I',
        field: 'birth_date',
        ...where,
      },
      {
        ruleId: 'invalid-value',
        severity: 'error',
        messageId: 'not-yes-no',
        data: { fieldLabel: fieldByKey('dibao')?.zh ?? '', raw: '也许' },
        scope: 'person',
        column: 'J',
        field: 'dibao',
        ...where,
      },
      {
        ruleId: 'invalid-value',
        severity: 'error',
        messageId: 'excel-error',
        data: { fieldLabel: '人均纯收入', raw: '#N/A' },
        scope: 'person',
        column: 'K',
        field: 'income_per_capita',
        ...where,
      },
    ]);
  });

  it('returns no record for blank rows, placeholder-only rows and total rows, with the reason', () => {
    const blank = { record: null, findings: [], excluded: 'blank' };
    const total = { record: null, findings: [], excluded: 'total' };
    expect(build(r(6))).toEqual(blank);
    expect(build(r(7, null, '', '  ', null))).toEqual(blank);
    expect(build(r(8, null, '/', '—'))).toEqual(blank);
    // Only the serial column is filled: nothing mapped, nothing to check.
    expect(build(r(9, 12))).toEqual(blank);
    expect(build(r(10, '合计', null, null, null, null, null, null, null, null, null, '5,200'))).toEqual(
      total,
    );
    expect(build(r(11, null, '甲乡', '乙村小计', null, '12人'))).toEqual(total);
    expect(build(r(12, null, null, null, '总 计', null))).toEqual(total);
  });

  it('ignores rows above the first data row, without a reason', () => {
    expect(build(r(2, '序号', '乡镇', '村', '户编号', '姓名'))).toEqual({ record: null, findings: [] });
  });

  it('leaves `excluded` off person rows', () => {
    const result = build(r(3, 1, '甲乡', '乙村', '4500010001', '韦甲', ID_HEAD, '户主'));
    expect(result.record).not.toBeNull();
    expect('excluded' in result).toBe(false);
  });

  it('reports a row without 户编号 at the 户编号 column', () => {
    const { record, findings } = build(r(13, 4, '甲乡', '乙村', null, '韦丁', ID_CHILD));
    expect(record?.values).toMatchObject({ name: '韦丁' });
    expect(findings).toEqual([
      {
        ruleId: 'missing-household-id',
        severity: 'error',
        messageId: 'missing',
        data: {},
        scope: 'person',
        file: 'demo.xlsx',
        sheet: '花名册',
        row: 13,
        column: 'D',
        field: 'household_id',
        householdId: null,
        township: '甲乡',
        village: '乙村',
      },
    ]);
  });

  it('does not add missing-household-id when the 户编号 cell is there but damaged', () => {
    const { findings } = build(r(14, 5, '甲乡', '乙村', 4521221301000123, '韦戊'));
    expect(findings.map((f) => [f.ruleId, f.column, f.data])).toEqual([
      ['id-number-damaged', 'D', { fieldLabel: '户编号', raw: '4.52122E+15' }],
    ]);
  });

  it('reports nothing per row when the sheet has no 户编号 column (the sheet gets one finding instead)', () => {
    const layout = layoutOf(['姓名', '证件号码', '与户主关系']);
    const { record, findings } = createRecordBuilder(layout)(r(3, '韦己', ID_HEAD, '户主'));
    expect(record?.values).toEqual({ name: '韦己', id_number: ID_HEAD, relation: '户主' });
    expect(findings).toEqual([]);
  });

  it('reads a two-row header sheet', () => {
    const rows = [
      r(1, '户编号', '姓名', '家庭收入情况（元）', null),
      r(2, null, null, '工资性收入', '转移性收入'),
    ];
    const layout = detectHeader(rows, CTX)!.layout;
    const { record, findings } = createRecordBuilder(layout)(r(3, '4500010001', '韦庚', '3,000元', '－0'));
    expect(findings).toEqual([]);
    expect(record?.values).toEqual({
      household_id: '4500010001',
      name: '韦庚',
      income_wage: 3000,
      income_transfer: 0,
    });
  });
});
