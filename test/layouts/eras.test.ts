/**
 * The era fixtures in fixtures/layouts (npm run layouts): each read as `check` reads it, asserting the profile
 * chosen, the column mapping, the data row range, excluded rows and a few normalized values.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { brief, mapping, readLayout, type ReadSheet } from './read.js';

function only(sheets: ReadSheet[], name: string | null = null): ReadSheet {
  const sheet = name === null ? sheets[0] : sheets.find((s) => s.name === name);
  if (sheet === undefined) throw new Error(`no sheet ${name}`);
  return sheet;
}

function at(sheet: ReadSheet, row: number): Readonly<Record<string, unknown>> {
  const record = sheet.records.find((r) => r.row === row);
  if (record === undefined) throw new Error(`no record at row ${row}`);
  return record.values;
}

describe('2014 贫困户登记表 roster (form-2014.xlsx)', () => {
  let sheet: ReadSheet;
  beforeAll(async () => {
    sheet = only(await readLayout('form-2014.xlsx'));
  });

  it('is read with the form-2014 profile: labels and the row of item codes under them form the header', () => {
    expect(sheet.layout?.profile).toMatchObject({ name: 'form-2014', reason: 'auto' });
    expect(sheet.layout?.profile?.candidates[0]?.markers).toEqual(
      expect.arrayContaining(['A4', 'A6', '参加新型农村合作医疗']),
    );
    expect(sheet.layout?.headerRows).toEqual([3, 4]);
    expect(mapping(sheet.layout)).toEqual({
      A: 'household_id',
      B: 'name',
      C: 'sex',
      D: 'id_number',
      E: 'relation',
      F: 'ethnicity',
      G: 'education',
      H: 'health',
      I: 'labor_skill',
      J: 'dibao',
      K: 'resident_medical_insurance',
      L: 'income_per_capita',
      M: 'poverty_attribute',
    });
    const name = sheet.layout?.columns.find((c) => c.column === 'B');
    expect(name).toMatchObject({ header: '姓名/A4', match: 'profile' });
  });

  it('reads rows 5–8 as persons and excludes the 合计 and sign-off rows', () => {
    expect(sheet.records.map((r) => r.row)).toEqual([5, 6, 7, 8]);
    expect(sheet.excluded).toEqual([
      { row: 9, reason: 'total' },
      { row: 10, reason: 'sign-off' },
    ]);
  });

  it('upgrades the 15-digit ID, splits the 残疾人证号, reads 五保户 as 特困供养贫困户', () => {
    expect(at(sheet, 6).id_number).toBe('522301196503120420');
    expect(brief(sheet.findings)).toEqual(['id-number-upgraded/upgraded@6:D']);
    expect(sheet.findings[0]?.data).toMatchObject({ raw: '522301650312042', value: '522301196503120420' });
    const son = at(sheet, 7);
    expect(son.id_number).toHaveLength(20);
    expect(son).toMatchObject({ disability_category: '肢体残疾', disability_grade: 2, health: ['残疾'] });
    expect(at(sheet, 8)).toMatchObject({
      poverty_attribute: '特困供养贫困户',
      dibao: true,
      income_per_capita: 1830,
    });
    expect(at(sheet, 6).income_per_capita).toBeUndefined();
  });

  it('without the profile (another one forced) the item-code row is no header', async () => {
    const forced = only(await readLayout('form-2014.xlsx', { profile: 'nfx-2016' }));
    expect(forced.layout?.profile).toMatchObject({ name: 'nfx-2016', reason: 'option' });
    expect(forced.layout?.headerRows).toEqual([3]);
  });
});

describe('2016–2020 system export (nfx-2016.xlsx)', () => {
  let sheet: ReadSheet;
  beforeAll(async () => {
    sheet = only(await readLayout('nfx-2016.xlsx'));
  });

  it('is chosen as nfx-2016 by its code columns and labels, header in row 2 under the title', () => {
    expect(sheet.layout?.profile?.name).toBe('nfx-2016');
    expect(sheet.layout?.profile?.candidates[0]?.markers).toEqual(
      expect.arrayContaining(['AAC001', 'AAB004', 'AAR010', '人编号', '在校生状况']),
    );
    expect(sheet.layout?.headerRows).toEqual([2]);
    expect(mapping(sheet.layout)).toMatchObject({
      D: 'household_id',
      E: 'person_id',
      F: 'name',
      G: 'id_number',
      H: 'sex',
      I: 'relation',
      L: 'health',
      O: 'poverty_status',
      R: 'phone',
      S: 'income_per_capita',
    });
    expect(sheet.records.map((r) => r.row)).toEqual([3, 4, 5, 6, 7, 8, 9]);
  });

  it('reads codes as labels, phones as floats, cached formula results and negative zero', () => {
    expect(at(sheet, 3)).toMatchObject({
      sex: '男',
      relation: '户主',
      school_status: '非在校生',
      health: ['健康'],
      labor_skill: '普通劳动力',
      poverty_status: '已脱贫',
      phone: '13812345678',
      income_per_capita: 4000,
    });
    expect(Object.is(at(sheet, 4).work_months, 0)).toBe(true);
    expect(at(sheet, 5)).toMatchObject({ relation: '之子', school_status: '小学', labor_skill: '无劳动力' });
    expect(at(sheet, 7)).toMatchObject({ relation: '配偶', phone: '13912345678', poverty_status: '未脱贫' });
  });

  it('reports the ID stored as a number, the formula without a result and the #N/A', () => {
    expect(brief(sheet.findings)).toEqual([
      'id-number-damaged/stored-as-number@6:G',
      'invalid-value/formula-without-value@7:S',
      'invalid-value/excel-error@9:S',
    ]);
    expect(sheet.findings[0]?.data.raw).toBe('4.52226E+17');
    expect(sheet.findings[2]?.data.raw).toBe('#N/A');
  });
});

describe('2021+ 防返贫监测 全字段 export (monitoring-2021.xlsx)', () => {
  let sheet: ReadSheet;
  beforeAll(async () => {
    sheet = only(await readLayout('monitoring-2021.xlsx'));
  });

  it('finds the three-row merged header and flattens it to a path mapped by its most specific part', () => {
    expect(sheet.layout?.profile?.name).toBe('monitoring-2021');
    expect(sheet.layout?.headerRows).toEqual([3, 4, 5]);
    const byColumn = new Map(sheet.layout?.columns.map((c) => [c.column, c]));
    expect(byColumn.get('M')).toMatchObject({
      header: '家庭收入情况（元）/工资性收入',
      field: 'income_wage',
    });
    expect(byColumn.get('N')).toMatchObject({
      header: '家庭收入情况（元）/转移性收入/其中：低保金',
      field: 'transfer_dibao',
      match: 'child',
    });
    expect(byColumn.get('O')).toMatchObject({
      header: '家庭收入情况（元）/转移性收入/其中：特困人员救助供养金',
      field: 'transfer_tekun',
    });
    expect(byColumn.get('P')).toMatchObject({ header: '人均纯收入（元）', field: 'income_per_capita' });
    expect(byColumn.get('Q')).toMatchObject({ header: '务工收入占比', field: null });
    expect(brief(sheet.findings)).toEqual(['unmapped-column/unmapped@3:Q']);
  });

  it('reads rows 6–8, multi-valued health and √ as yes', () => {
    expect(sheet.records.map((r) => r.row)).toEqual([6, 7, 8]);
    expect(at(sheet, 6)).toMatchObject({
      household_type: '脱贫户',
      monitoring_category: '脱贫不稳定户',
      health: ['残疾', '长期慢性病'],
      resident_medical_insurance: true,
      income_wage: 12000,
      transfer_dibao: 3600,
      transfer_tekun: 0,
      income_per_capita: 5400,
    });
    expect(at(sheet, 7).resident_medical_insurance).toBe(true);
    expect(at(sheet, 8)).toMatchObject({ health: ['患有大病', '残疾'], resident_medical_insurance: false });
  });
});

describe('hand-made township workbook (township-handmade.xlsx)', () => {
  let sheets: ReadSheet[];
  beforeAll(async () => {
    sheets = await readLayout('township-handmade.xlsx');
  });

  it('reads one sheet per village and skips 说明, the hidden 码表 and the 汇总 table', () => {
    expect(sheets.map((s) => [s.name, s.skipped])).toEqual([
      ['说明', 'no-header'],
      ['平南村', null],
      ['百云村', null],
      ['码表', 'hidden'],
      ['汇总', 'not-a-ledger'],
    ]);
  });

  it('maps the short headers through the township-handmade profile', () => {
    const sheet = only(sheets, '平南村');
    expect(sheet.layout?.profile?.name).toBe('township-handmade');
    expect(sheet.layout?.headerRows).toEqual([3]);
    expect(mapping(sheet.layout)).toEqual({
      B: 'household_id',
      C: 'hamlet',
      D: 'head_name',
      E: 'name',
      F: 'id_number',
      G: 'relation',
      H: 'birth_date',
      I: 'health',
      J: 'labor_skill',
      K: 'dibao',
      L: 'household_size',
      M: 'phone',
      N: 'income_per_capita',
    });
    expect(sheet.records.map((r) => r.row)).toEqual([4, 5, 6, 7]);
    expect(sheet.excluded).toEqual([
      { row: 8, reason: 'total' },
      { row: 9, reason: 'sign-off' },
      { row: 10, reason: 'footnote' },
    ]);
  });

  it('reads the abbreviations of its dialect, √, a phone stored as a number and a date before 1900', () => {
    const sheet = only(sheets, '平南村');
    expect(at(sheet, 4)).toMatchObject({
      household_id: '0101',
      health: ['长期慢性病'],
      labor_skill: '弱劳动力或半劳动力',
      dibao: true,
      phone: '13712345678',
      income_per_capita: 5200,
    });
    expect(at(sheet, 5)).toMatchObject({ labor_skill: '普通劳动力', relation: '配偶' });
    expect(at(sheet, 5).income_per_capita).toBeUndefined();
    expect(at(sheet, 6).health).toEqual(['残疾']);
    expect(at(sheet, 7)).toMatchObject({ birth_date: '1899-11-20', health: ['患有大病'] });
  });

  it('applies the dialect only under its profile', async () => {
    const other = only(await readLayout('township-handmade.xlsx', { profile: 'form-2014' }), '平南村');
    expect(mapping(other.layout).B).toBeUndefined();
    expect(at(other, 4).health).toEqual(['病']);
  });
});
