/**
 * The fixture generator: deterministic, clean households really clean, every planted defect in the answer
 * key. A small reference oracle (written here, independent of src/) re-derives the findings from the written
 * CSV and XLSX files and must agree with the key exactly: this checks both the planting logic and the row
 * numbers of each format.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  COLUMNS,
  cellValue,
  createLedger,
  csvCell,
  generateFixture,
  KeyCollector,
  hasValidChecksum,
  PLANTED_RULES,
  PLANTS,
  POVERTY_LINES,
  sexOfId,
  XLSX_FIRST_DATA_ROW,
  ymdDigits,
  type AnswerKey,
  type Household,
  type KeyFinding,
} from '../fixtures/generator/index.js';

const ALL_RULES = [
  'id-number-checksum',
  'id-number-format',
  'id-birth-date-match',
  'id-sex-match',
  'id-number-unique',
  'household-one-head',
  'relation-sex-consistent',
  'household-size-matches-members',
  'income-net-arithmetic',
  'income-per-capita-arithmetic',
  'under-16-no-labor',
  'school-status-age-plausible',
  'required-person-fields',
  'phone-format',
  'value-in-code-list',
  'exit-income-above-line',
  'exit-compulsory-education',
  'exit-basic-medical-insurance',
  'exit-safe-housing',
  'exit-safe-drinking-water',
  'exit-water-criteria',
  'exit-not-in-entry-year',
  'exit-own-income-source',
];

const MALE = new Set(['之子', '之父', '之孙子']);
const FEMALE = new Set(['之女', '之母', '之孙女']);
const RELATIONS = new Set(['户主', '配偶', ...MALE, ...FEMALE, '其他']);
const GRADES = new Set(['小学', '七年级', '八年级', '九年级']);
const PRESCHOOL = new Set(['学龄前儿童', '学前教育']);
const EDUCATION = new Set(['文盲或半文盲', '小学', '初中', '高中', '大专', '本科及以上']);
const PHONE = /^1[3-9]\d{9}$/;
const EXEMPT_FROM_SCHOOL = new Set(['送教上门', '因身体原因不具备学习条件']);

function sortFindings(list: KeyFinding[]): KeyFinding[] {
  return [...list].sort(
    (a, b) => a.row - b.row || a.ruleId.localeCompare(b.ruleId) || a.field.localeCompare(b.field),
  );
}

/** A written row as text: dates YYYYMMDD, yes/no 是/否, numbers as written. */
interface Rec {
  readonly row: number;
  readonly v: Readonly<Record<string, string>>;
}

/** Reference oracle for the 23 planted rules, with the semantics the generator plants against. */
function oracle(recs: readonly Rec[]): KeyFinding[] {
  const out: KeyFinding[] = [];
  const f = (ruleId: string, row: number, field: string) => out.push({ ruleId, row, field });
  const num = (s: string | undefined) => Number(s ?? '');
  const age = (r: Rec) => 2020 - Number((r.v.birth_date ?? '').slice(0, 4));
  const byId = new Map<string, Rec[]>();
  const households = new Map<string, Rec[]>();
  for (const r of recs) {
    const hid = r.v.household_id ?? '';
    households.set(hid, [...(households.get(hid) ?? []), r]);
  }
  for (const r of recs) {
    const id = r.v.id_number ?? '';
    if (!/^\d{17}[\dX]$/.test(id)) f('id-number-format', r.row, 'id_number');
    else if (!hasValidChecksum(id)) f('id-number-checksum', r.row, 'id_number');
    else {
      if (id.slice(6, 14) !== r.v.birth_date) f('id-birth-date-match', r.row, 'birth_date');
      if (sexOfId(id) !== r.v.sex) f('id-sex-match', r.row, 'sex');
      byId.set(id, [...(byId.get(id) ?? []), r]);
    }
    for (const field of ['name', 'id_number', 'sex', 'relation'])
      if (!r.v[field]) f('required-person-fields', r.row, field);
    const rel = r.v.relation ?? '';
    if (!RELATIONS.has(rel)) f('value-in-code-list', r.row, 'relation');
    if ((MALE.has(rel) && r.v.sex !== '男') || (FEMALE.has(rel) && r.v.sex !== '女'))
      f('relation-sex-consistent', r.row, 'relation');
    if (age(r) < 16 && r.v.labor_skill !== '无劳动力') f('under-16-no-labor', r.row, 'labor_skill');
    const status = r.v.school_status ?? '';
    const preschool = PRESCHOOL.has(status);
    if (
      status !== '' &&
      status !== '非在校生' &&
      (age(r) >= 30 || (age(r) >= 7 && preschool) || (age(r) >= 16 && (preschool || status === '小学')))
    )
      f('school-status-age-plausible', r.row, 'school_status');
    if (r.v.poverty_status === '已脱贫') {
      const inSchool = status !== '' && status !== '非在校生' && !preschool;
      const exempt = EXEMPT_FROM_SCHOOL.has(r.v.dropout_reason ?? '') || (preschool && age(r) < 7);
      if (age(r) >= 6 && age(r) <= 15 && !inSchool && !exempt)
        f('exit-compulsory-education', r.row, 'school_status');
      if (
        r.v.resident_medical_insurance === '否' &&
        r.v.employee_medical_insurance === '否' &&
        r.v.active_military !== '是' &&
        age(r) >= 1
      )
        f('exit-basic-medical-insurance', r.row, 'resident_medical_insurance');
    }
  }
  for (const rows of byId.values()) {
    if (new Set(rows.map((r) => r.v.household_id)).size > 1)
      for (const r of rows) f('id-number-unique', r.row, 'id_number');
  }
  for (const members of households.values()) {
    const heads = members.filter((r) => r.v.relation === '户主');
    const first = members[0] as Rec;
    const at = (heads[0] ?? first).row;
    const h = (heads[0] ?? first).v;
    if (heads.length !== 1)
      f('household-one-head', heads.length === 0 ? first.row : (heads[1] as Rec).row, 'relation');
    if (heads.length === 1) {
      const spouse = members.find((r) => r.v.relation === '配偶');
      if (spouse !== undefined && spouse.v.sex === h.sex)
        f('relation-sex-consistent', spouse.row, 'relation');
    }
    if (num(h.household_size) !== members.length) f('household-size-matches-members', at, 'household_size');
    const sum =
      num(h.income_wage) +
      num(h.income_business) +
      num(h.income_property) +
      num(h.income_transfer) -
      num(h.expense_business);
    if (Math.abs(sum - num(h.income_net)) > 1) f('income-net-arithmetic', at, 'income_net');
    if (Math.abs(num(h.income_net) / num(h.household_size) - num(h.income_per_capita)) > 1)
      f('income-per-capita-arithmetic', at, 'income_per_capita');
    if (!PHONE.test(h.phone ?? '')) f('phone-format', at, 'phone');
    if (h.poverty_status === '已脱贫') {
      // The pack compares with the assessment year's line; the exit year's is never higher.
      const line = Math.max(POVERTY_LINES[num(h.exit_year)] ?? Infinity, POVERTY_LINES[2020] ?? 4000);
      if (num(h.income_per_capita) <= line) f('exit-income-above-line', at, 'income_per_capita');
      if (
        (h.house_grade === 'C' || h.house_grade === 'D' || h.is_dangerous_house === '是') &&
        h.relocated !== '是'
      )
        f('exit-safe-housing', at, 'house_grade');
      if (h.water_safe !== '是' || h.water_difficult === '是')
        f('exit-safe-drinking-water', at, 'water_safe');
      const present = (s: string | undefined) => s !== undefined && s !== '';
      if (
        (present(h.water_quantity_lpd) && num(h.water_quantity_lpd) < 35) ||
        (h.water_piped !== '是' && present(h.water_fetch_minutes) && num(h.water_fetch_minutes) > 20) ||
        (present(h.water_shortage_days) && num(h.water_shortage_days) > 36)
      )
        f('exit-water-criteria', at, 'water_quantity_lpd');
      if (present(h.registration_year) && h.registration_year === h.exit_year)
        f('exit-not-in-entry-year', at, 'exit_year');
      const attribute = h.poverty_attribute ?? '';
      if (
        !attribute.includes('低保') &&
        !attribute.includes('特困') &&
        num(h.income_wage) + num(h.income_business) + num(h.income_property) <= 0
      )
        f('exit-own-income-source', at, 'income_wage');
    }
  }
  return sortFindings(out);
}

function parseCsv(text: string): Rec[] {
  const lines = text.split('\r\n').filter((l) => l !== '');
  const header = (lines[0] ?? '').split(',');
  const keys = header.map((h) => COLUMNS.find((c) => c.csv === h)?.key ?? '?');
  return lines.slice(1).map((line, i) => {
    const cells = line.split(',');
    return { row: i + 2, v: Object.fromEntries(keys.map((k, j) => [k, cells[j] ?? ''])) };
  });
}

async function readXlsx(file: string): Promise<{ recs: Rec[]; ws: ExcelJS.Worksheet }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.worksheets[0] as ExcelJS.Worksheet;
  const recs: Rec[] = [];
  for (let r = XLSX_FIRST_DATA_ROW; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const v: Record<string, string> = {};
    COLUMNS.forEach((c, i) => {
      const x = row.getCell(i + 1).value;
      v[c.key] =
        x === null || x === undefined
          ? ''
          : x instanceof Date
            ? ymdDigits({ y: x.getUTCFullYear(), m: x.getUTCMonth() + 1, d: x.getUTCDate() })
            : String(x);
    });
    recs.push({ row: r, v });
  }
  return { recs, ws };
}

/** The rows a CSV of this ledger would hold (header = row 1), and the answer key for them, without files. */
function inMemory(seed: number, households: number): { recs: Rec[]; key: AnswerKey } {
  const collector = new KeyCollector();
  const recs: Rec[] = [];
  let row = 1;
  for (const h of createLedger({ seed, households }).households()) {
    collector.add(h, row + 1);
    for (const p of h.members) {
      row++;
      recs.push({
        row,
        v: Object.fromEntries(COLUMNS.map((c) => [c.key, csvCell(c, cellValue(h, p, c.key))])),
      });
    }
  }
  return { recs, key: collector.build(seed, 'memory') };
}

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ledgerlint-fixtures-'));
});
afterAll(async () => {
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

describe('determinism', () => {
  it('writes byte-identical xlsx and csv for the same seed, different ones for another seed', async () => {
    const run = async (sub: string, seed: number) => {
      const out = join(dir, sub);
      const x = await generateFixture({ seed, households: 60, format: 'xlsx', out, name: 'l' });
      const c = await generateFixture({ seed, households: 40, format: 'csv', out, name: 'c' });
      return Promise.all([x.file, x.keyFile, c.file, c.keyFile].map((p) => readFile(p as string)));
    };
    const a = await run('a', 7);
    const b = await run('b', 7);
    const other = await run('c', 8);
    a.forEach((buf, i) => expect(buf.equals(b[i] as Buffer)).toBe(true));
    expect((a[0] as Buffer).equals(other[0] as Buffer)).toBe(false);
  });

  it('the committed demo files are what the generator writes (run `npm run fixtures` after changing it)', async () => {
    const out = join(dir, 'demo');
    const x = await generateFixture({
      seed: 20201231,
      households: 60,
      format: 'xlsx',
      out,
      name: 'demo-county',
    });
    const c = await generateFixture({
      seed: 20210225,
      households: 40,
      format: 'csv',
      encoding: 'gb18030',
      out,
      name: 'demo-county-gbk',
    });
    const committed = (p: string) => join('fixtures/demo', p.slice(out.length + 1));
    for (const p of [x.keyFile as string, c.file, c.keyFile as string]) {
      expect((await readFile(committed(p))).equals(await readFile(p)), p).toBe(true);
    }
    // XLSX by content: deflate output may differ between zlib builds (Node versions), the cells may not.
    const cells = async (file: string) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(file);
      const ws = wb.worksheets[0] as ExcelJS.Worksheet;
      const rows: unknown[] = [(ws.model as { merges?: string[] }).merges];
      ws.eachRow((row) => rows.push(JSON.stringify(row.values)));
      return rows;
    };
    expect(await cells(committed(x.file))).toEqual(await cells(x.file));
  });
});

describe('clean households', () => {
  const households: Household[] = [
    ...createLedger({
      seed: 99,
      households: Number(process.env.FIXTURE_CLEAN_HOUSEHOLDS ?? 400),
    }).households(),
  ];
  const clean = households.filter((h) => h.plant === null);

  it('has the expected mix', () => {
    expect(clean.length).toBeGreaterThan(300);
    const exited = households.filter((h) => h.povertyStatus === '已脱贫').length / households.length;
    expect(exited).toBeGreaterThan(0.8);
    expect(exited).toBeLessThan(0.9);
    const sizes = new Set(households.map((h) => h.members.length));
    for (let n = 1; n <= 7; n++) expect(sizes.has(n)).toBe(true);
  });

  it('IDs are valid, match 出生日期 and 性别, and are unique except the planted pair', () => {
    const seen = new Map<string, string>();
    for (const h of households) {
      for (const p of h.members) {
        if (h.plant === null) {
          expect(hasValidChecksum(p.idNumber), p.idNumber).toBe(true);
          expect(p.idNumber.slice(6, 14)).toBe(ymdDigits(p.birth));
          expect(sexOfId(p.idNumber)).toBe(p.sex);
          expect(p.idNumber.slice(0, 4)).toBe('4510');
        }
        const before = seen.get(p.idNumber);
        if (before !== undefined) expect(h.plant?.ruleId).toBe('id-number-unique');
        seen.set(p.idNumber, h.householdId);
      }
    }
  });

  it('satisfies the household invariants', () => {
    for (const h of clean) {
      const n = h.members.length;
      expect(h.householdId).toMatch(/^4510\d{11}$/);
      expect(h.declaredSize).toBe(n);
      expect(h.members[0]?.relation).toBe('户主');
      expect(h.members.filter((p) => p.relation === '户主')).toHaveLength(1);
      const head = h.members[0];
      for (const p of h.members) {
        if (MALE.has(p.relation)) expect(p.sex).toBe('男');
        if (FEMALE.has(p.relation)) expect(p.sex).toBe('女');
        if (p.relation === '配偶') expect(p.sex).not.toBe(head?.sex);
        expect(RELATIONS.has(p.relation)).toBe(true);
      }
      const { wage, business, property, transfer, expense, net, perCapita } = h.income;
      expect(wage + business + property + transfer - expense).toBe(net);
      expect(Math.min(wage, business, property, transfer, expense)).toBeGreaterThanOrEqual(0);
      expect(perCapita).toBe(Math.round(net / n));
      if (h.povertyStatus === '已脱贫') {
        expect(h.exitYear).toBeGreaterThanOrEqual(2016);
        expect(h.exitYear).toBeLessThanOrEqual(2020);
        const line = POVERTY_LINES[h.exitYear as number] as number;
        expect(perCapita / 100).toBeGreaterThan(line * 1.05);
      } else {
        expect(h.exitYear).toBeNull();
        // Not within 5 % of any line of 2014–2020.
        expect(perCapita / 100).toBeLessThan(2800 * 0.95);
      }
      expect(['A', 'B']).toContain(h.houseGrade);
      expect(h.dangerousHouse).toBe(false);
      expect(h.waterSafe).toBe(true);
      expect(h.waterDifficult).toBe(false);
      expect(h.phone).toMatch(PHONE);
      // Realistic data for the data-quality catalogue: no 工资性收入 without 务工 (PC 53), no component
      // between 0 and 100 元 (PC 22–24), 脱贫户 attributes on exited households (PC 脱贫标志 ↔ 属性).
      if (!h.members.some((p) => p.workMonths > 0)) expect(wage).toBe(0);
      for (const x of [wage, business, property]) expect(x === 0 || x >= 100_00, String(x)).toBe(true);
      expect(h.povertyAttribute.endsWith(h.povertyStatus === '已脱贫' ? '脱贫户' : '贫困户')).toBe(true);
      // 2018 water criteria met comfortably; 建档年度 before the exit year.
      expect(h.waterQuantity).toBeGreaterThanOrEqual(40);
      expect(h.waterPiped || (h.waterFetchMinutes ?? 99) <= 15).toBe(true);
      expect(h.waterShortageDays).toBeLessThanOrEqual(20);
      expect(h.registrationYear).toBeGreaterThanOrEqual(2014);
      expect(h.registrationYear).toBeLessThan(h.exitYear ?? 2021);
    }
  });

  it('satisfies the person invariants (age at 2020-12-31)', () => {
    for (const h of clean) {
      for (const p of h.members) {
        const age = 2020 - p.birth.y;
        expect([6, 16, 60]).not.toContain(age);
        if (age < 6) {
          expect(PRESCHOOL.has(p.schoolStatus), p.schoolStatus).toBe(true);
          expect(p.education).toBe('');
        } else if (age <= 15) {
          expect(GRADES.has(p.schoolStatus), p.schoolStatus).toBe(true);
          expect(p.education).toBe('');
        } else {
          expect(p.schoolStatus).toBe('非在校生');
          expect(EDUCATION.has(p.education), p.education).toBe(true);
        }
        expect(p.dropoutReason).toBe('');
        if (age < 16) expect(p.laborSkill).toBe('无劳动力');
        else if (age < 60 && p.health === '健康')
          expect(['普通劳动力', '技能劳动力']).toContain(p.laborSkill);
        else if (age >= 60 || p.health === '残疾') expect(['无劳动力', '丧失劳动力']).toContain(p.laborSkill);
        expect(p.residentMedical !== p.employeeMedical).toBe(true);
        expect(p.activeMilitary).toBe(false);
        if (p.relation !== '户主') expect(age).toBeLessThanOrEqual(92);
      }
    }
  });
});

describe('answer key', () => {
  let xlsxKey: AnswerKey;
  let csvKey: AnswerKey;
  let xlsxFile = '';
  let csvFile = '';
  beforeAll(async () => {
    const x = await generateFixture({
      seed: 31,
      households: 90,
      format: 'xlsx',
      out: join(dir, 'key'),
      name: 'k',
    });
    const c = await generateFixture({
      seed: 32,
      households: 70,
      format: 'csv',
      out: join(dir, 'key'),
      name: 'k',
    });
    xlsxKey = x.key;
    csvKey = c.key;
    xlsxFile = x.file;
    csvFile = c.file;
  });

  it('lists every plant and covers all 23 rules', () => {
    for (const key of [xlsxKey, csvKey]) {
      expect(key.assessmentYear).toBe(2020);
      expect(key.planted.map((p) => p.id).sort()).toEqual(PLANTS.map((p) => p.id).sort());
      expect([...new Set(key.findings.map((f) => f.ruleId))].sort()).toEqual([...ALL_RULES].sort());
      expect([...PLANTED_RULES].sort()).toEqual([...ALL_RULES].sort());
      expect(key.findings).toEqual(sortFindings([...key.findings]));
      expect(key.findings.filter((f) => f.ruleId === 'id-number-unique')).toHaveLength(2);
      expect(key.findings).toHaveLength(25);
      for (const p of key.planted.filter((x) => x.expect === 'none')) {
        expect(key.findings.some((f) => f.row >= p.rows[0] && f.row <= p.rows[1])).toBe(false);
      }
    }
  });

  it('matches the reference oracle for many seeds and sizes', () => {
    const seeds = Number(process.env.FIXTURE_SWEEP ?? 25);
    for (let seed = 1; seed <= seeds; seed++) {
      const { recs, key } = inMemory(seed * 7919, 40 + (seed % 90));
      expect(oracle(recs), `seed ${seed * 7919}`).toEqual(key.findings);
    }
  });

  it('matches the reference oracle on the written CSV (GB18030)', async () => {
    const text = iconv.decode(await readFile(csvFile), 'gb18030');
    expect(text.startsWith('省,市,县,乡,村,家庭编号,人数,')).toBe(true);
    expect(oracle(parseCsv(text))).toEqual(csvKey.findings);
  });

  it('matches the reference oracle on the written XLSX', async () => {
    const { recs, ws } = await readXlsx(xlsxFile);
    expect(oracle(recs)).toEqual(xlsxKey.findings);
    expect(String(ws.getCell('A1').value)).toMatch(/县2020年建档立卡贫困人口花名册$/);
    expect(String(ws.getCell('A2').value)).toContain('单位：元、人');
    expect(ws.getCell('AA3').value).toBe('家庭收入情况（元）');
    expect(ws.getCell('AA4').value).toBe('工资性收入');
    expect(ws.getCell('A3').value).toBe('省');
    const merges = (ws.model as { merges?: string[] }).merges ?? [];
    expect(merges).toEqual(expect.arrayContaining(['A1:AR1', 'A3:A4', 'AA3:AG3', 'AM3:AM4', 'AR3:AR4']));
    expect(typeof ws.getCell('I5').value).toBe('string');
    expect(typeof ws.getCell('F5').value).toBe('string');
    expect(ws.getCell('K5').value).toBeInstanceOf(Date);
    expect(typeof ws.getCell('AG5').value).toBe('number');
  });

  it('the committed demo keys agree with the oracle', async () => {
    const csvDemo = JSON.parse(
      await readFile('fixtures/demo/demo-county-gbk.answer-key.json', 'utf8'),
    ) as AnswerKey;
    const text = iconv.decode(await readFile('fixtures/demo/demo-county-gbk.csv'), 'gb18030');
    expect(oracle(parseCsv(text))).toEqual(csvDemo.findings);
    expect(text).toMatch(/[𠀾䶮㛃]/u);
    const xlsxDemo = JSON.parse(
      await readFile('fixtures/demo/demo-county.answer-key.json', 'utf8'),
    ) as AnswerKey;
    expect(oracle((await readXlsx('fixtures/demo/demo-county.xlsx')).recs)).toEqual(xlsxDemo.findings);
  });
});
