import { describe, expect, it } from 'vitest';
import type { CellValue, RawRow } from '../../src/io/types.js';
import { detectHeader } from '../../src/normalize/header.js';
import type { SheetLayout } from '../../src/normalize/types.js';

const CTX = { file: 'demo.xlsx', sheet: '花名册' };

function r(row: number, ...cells: CellValue[]): RawRow {
  return { row, cells };
}

function fieldsOf(layout: SheetLayout): Record<string, string | null> {
  return Object.fromEntries(layout.columns.map((c) => [c.column, c.field]));
}

describe('detectHeader', () => {
  it('finds the header in row 3 below a title and a 填报单位 row', () => {
    const rows = [
      r(1, 'XX县2020年建档立卡贫困人口花名册'),
      r(2, '填报单位：XX乡人民政府', null, null, null, null, '单位：元'),
      r(3, '序号', '户编号', '姓名', '证件号码', '与户主关系', '人均纯收入（元）', '备注'),
      r(4, 1, '4500010001', '韦甲', '450000198001010011', '户主', 5200, null),
    ];
    const result = detectHeader(rows, CTX);
    expect(result).not.toBeNull();
    const { layout, findings } = result!;
    expect(layout.headerRows).toEqual([3]);
    expect(layout.firstDataRow).toBe(4);
    expect(layout.file).toBe('demo.xlsx');
    expect(layout.sheet).toBe('花名册');
    expect(fieldsOf(layout)).toEqual({
      A: null,
      B: 'household_id',
      C: 'name',
      D: 'id_number',
      E: 'relation',
      F: 'income_per_capita',
      G: null,
    });
    expect(layout.fieldColumns.get('name')).toEqual({
      index: 2,
      column: 'C',
      header: '姓名',
      field: 'name',
      match: 'exact',
    });
    // 序号 is silent; 备注 is reported once, as info.
    expect(findings).toEqual([
      {
        ruleId: 'unmapped-column',
        severity: 'info',
        messageId: 'unmapped',
        data: { header: '备注' },
        scope: 'input',
        file: 'demo.xlsx',
        sheet: '花名册',
        row: 3,
        column: 'G',
        field: null,
        householdId: null,
        township: null,
        village: null,
      },
    ]);
  });

  it('flattens a two-row header whose group label is merged over several columns', () => {
    const rows = [
      r(1, '2020年度贫困户收入台账'),
      r(2, '序号', '户编号', '姓名', '证件号码', '家庭收入情况（元）', null, null, '备注'),
      r(3, null, null, null, null, '工资性收入', '生产经营性收入', '转移性收入'),
      r(4, 1, '4500010001', '韦甲', '450000198001010011', 3000, 1200, 800, null),
    ];
    const { layout } = detectHeader(rows, CTX)!;
    expect(layout.headerRows).toEqual([2, 3]);
    expect(layout.firstDataRow).toBe(4);
    expect(layout.columns.map((c) => [c.column, c.header, c.field])).toEqual([
      ['A', '序号', null],
      ['B', '户编号', 'household_id'],
      ['C', '姓名', 'name'],
      ['D', '证件号码', 'id_number'],
      ['E', '家庭收入情况（元）/工资性收入', 'income_wage'],
      ['F', '家庭收入情况（元）/生产经营性收入', 'income_business'],
      ['G', '家庭收入情况（元）/转移性收入', 'income_transfer'],
      ['H', '备注', null],
    ]);
  });

  it('reads a group over person columns by its full path (户主/姓名 is the head, not the member)', () => {
    const rows = [
      r(1, '户编号', '户主', null, '家庭成员', null, null),
      r(2, null, '姓名', '联系电话', '姓名', '证件号码', '与户主关系'),
      r(3, '4500010001', '韦甲', '13800000000', '韦甲', '450000198001010011', '户主'),
    ];
    const { layout, findings } = detectHeader(rows, CTX)!;
    expect(layout.headerRows).toEqual([1, 2]);
    expect(fieldsOf(layout)).toMatchObject({
      A: 'household_id',
      B: 'head_name',
      D: 'name',
      E: 'id_number',
      F: 'relation',
    });
    expect(layout.columns[1]?.header).toBe('户主/姓名');
    expect(findings.filter((f) => f.ruleId === 'duplicate-column')).toEqual([]);
  });

  it('joins a header cell broken over lines and ignores full-width brackets', () => {
    const rows = [
      r(1, '户编号', '家庭成员\n姓名', '证件号码', '人均纯收入（元）', '家庭人口数\r\n（人）'),
      r(2, '4500010001', '韦甲', '450000198001010011', 5200, 3),
    ];
    const { layout } = detectHeader(rows, CTX)!;
    expect(layout.columns.map((c) => [c.header, c.field])).toEqual([
      ['户编号', 'household_id'],
      ['家庭成员姓名', 'name'],
      ['证件号码', 'id_number'],
      ['人均纯收入（元）', 'income_per_capita'],
      ['家庭人口数（人）', 'household_size'],
    ]);
  });

  it('returns null when no row names three fields', () => {
    expect(detectHeader([], CTX)).toBeNull();
    const rows = [
      r(1, 'XX县2020年建档立卡贫困人口花名册'),
      r(2, '4500010001', '韦甲', '450000198001010011'),
      r(3, '4500010001', '韦乙', '450000198501010021'),
      r(4, '姓名', '备注', '其他'),
    ];
    expect(detectHeader(rows, CTX)).toBeNull();
  });

  it('looks at the first 30 rows only', () => {
    const rows = Array.from({ length: 30 }, (_, i) => r(i + 1, `说明第${i + 1}行`));
    rows.push(r(31, '户编号', '姓名', '证件号码'));
    expect(detectHeader(rows, CTX)).toBeNull();
    expect(detectHeader(rows.slice(1), CTX)?.layout.headerRows).toEqual([31]);
  });

  it('keeps the first of two columns mapping one field and reports the second', () => {
    const rows = [r(1, '户编号', '姓名', '证件号码', '成员姓名', '身份证号')];
    const { layout, findings } = detectHeader(rows, CTX)!;
    expect(fieldsOf(layout)).toEqual({ A: 'household_id', B: 'name', C: 'id_number', D: null, E: null });
    expect(layout.fieldColumns.get('name')?.column).toBe('B');
    expect(findings.map((f) => [f.ruleId, f.severity, f.column, f.field, f.data])).toEqual([
      [
        'duplicate-column',
        'warning',
        'D',
        'name',
        { header: '成员姓名', otherColumn: 'B', fieldLabel: '姓名' },
      ],
      [
        'duplicate-column',
        'warning',
        'E',
        'id_number',
        { header: '身份证号', otherColumn: 'C', fieldLabel: '证件号码' },
      ],
    ]);
  });

  it('counts a printed column-number row under the header as part of the header', () => {
    const rows = [
      r(1, '户编号', '姓名', '证件号码', '与户主关系'),
      r(2, 1, 2, '3', 4),
      r(3, '4500010001', '韦甲', '450000198001010011', '户主'),
    ];
    const { layout } = detectHeader(rows, CTX)!;
    expect(layout.headerRows).toEqual([1, 2]);
    expect(layout.firstDataRow).toBe(3);
  });

  it('prefers the single row when the row above adds nothing, even with a blank row skipped', () => {
    const rows = [
      r(1, '附件2'),
      r(3, 'XX村建档立卡户花名册'),
      r(4, '户编号', '姓名', '证件号码', '联系电话'),
      r(5, '4500010001', '韦甲', '450000198001010011', '13800000000'),
    ];
    const { layout } = detectHeader(rows, CTX)!;
    expect(layout.headerRows).toEqual([4]);
    expect(layout.firstDataRow).toBe(5);
  });

  it('does not take the first data row as sub-labels', () => {
    const rows = [
      r(1, '户编号', '姓名', '证件号码', '与户主关系', '健康状况'),
      r(2, '4500010001', '韦甲', '450000198001010011', '户主', '健康'),
    ];
    expect(detectHeader(rows, CTX)?.layout.headerRows).toEqual([1]);
  });
});

describe('detectHeader: three-row headers, blank and repeated headers', () => {
  it('flattens a three-row merged header and maps each column by its most specific part', () => {
    const rows = [
      r(1, '户编号', '姓名', '证件号码', '家庭收入情况（元）', null, null),
      r(2, null, null, null, '工资性收入', '转移性收入', null),
      r(3, null, null, null, null, '其中：低保金', '其中：特困供养金'),
      r(4, '4500010001', '韦甲', '450000198001010011', 3000, 1200, 0),
    ];
    const { layout } = detectHeader(rows, CTX)!;
    expect(layout.headerRows).toEqual([1, 2, 3]);
    expect(layout.columns.map((c) => [c.header, c.field])).toEqual([
      ['户编号', 'household_id'],
      ['姓名', 'name'],
      ['证件号码', 'id_number'],
      ['家庭收入情况（元）/工资性收入', 'income_wage'],
      ['家庭收入情况（元）/转移性收入/其中：低保金', 'transfer_dibao'],
      ['家庭收入情况（元）/转移性收入/其中：特困供养金', 'transfer_tekun'],
    ]);
  });

  it('keeps two rows when a third adds nothing (a title above a two-row header)', () => {
    const rows = [
      r(1, 'XX县花名册'),
      r(2, '户编号', '姓名', '家庭收入情况（元）', null),
      r(3, null, null, '工资性收入', '人均纯收入'),
      r(4, '4500010001', '韦甲', 3000, 3000),
    ];
    expect(detectHeader(rows, CTX)!.layout.headerRows).toEqual([2, 3]);
  });

  it('reports a column without header text and two unmapped columns with the same header', () => {
    const rows = [
      r(1, '户编号', '姓名', null, '证件号码', '备注', '备注'),
      r(2, '4500010001', '韦甲', '？', '450000198001010011', 'a', 'b'),
    ];
    const { findings } = detectHeader(rows, CTX)!;
    expect(findings.map((f) => [f.ruleId, f.messageId, f.column, f.data])).toEqual([
      ['blank-header', 'blank', 'C', {}],
      ['unmapped-column', 'unmapped', 'E', { header: '备注' }],
      ['duplicate-column', 'same-header', 'F', { header: '备注', otherColumn: 'E' }],
    ]);
  });
});
