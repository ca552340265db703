import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fieldByKey } from '../../src/dictionary/index.js';
import type { FieldDef } from '../../src/dictionary/index.js';
import type { CellValue } from '../../src/io/types.js';
import { makeIdNumber } from '../../src/normalize/idnumber.js';
import {
  cleanText,
  coerceValue,
  excelGeneralNumber,
  isoFromExcelSerial,
  parseDateText,
  parseNumberText,
} from '../../src/normalize/values.js';
import type { Coerced } from '../../src/normalize/values.js';

function field(key: string): FieldDef {
  const f = fieldByKey(key);
  if (!f) throw new Error(`test setup: no field ${key}`);
  return f;
}

/** A minimal field of a given type, for the type-generic tests. */
function def(type: FieldDef['type'], extra: Partial<FieldDef> = {}): FieldDef {
  return { key: `t_${type}`, zh: '测试', en: 'test', level: 'person', type, aliases: [], ...extra };
}

const ok = (value: unknown): Coerced => ({ ok: true, value }) as Coerced;
const EMPTY = ok(undefined);
const invalid = (messageId: string, raw: string): Coerced => ({
  ok: false,
  ruleId: 'invalid-value',
  messageId,
  raw,
});
const damaged = (raw: string): Coerced => ({
  ok: false,
  ruleId: 'id-number-damaged',
  messageId: 'stored-as-number',
  raw,
});

// Synthetic IDs only (fake region 450000).
const ID = makeIdNumber('450000', '19800101', '001');
const ID_X = (() => {
  for (let s = 0; s < 1000; s++) {
    const v = makeIdNumber('450000', '19800101', s);
    if (v.endsWith('X')) return v;
  }
  throw new Error('no X');
})();

describe('cleanText', () => {
  it('trims, folds full width and drops invisible characters', () => {
    expect(cleanText('  张\u00a0三\u200b ')).toBe('张三');
    expect(cleanText('１２３４\u3000')).toBe('1234');
    expect(cleanText('\ufeff是')).toBe('是');
  });
});

describe('every type: empty cells, placeholders, Excel errors, formulas', () => {
  const types: FieldDef[] = [
    def('string'),
    def('string', { format: 'id-number' }),
    def('string', { format: 'phone' }),
    def('string', { format: 'code' }),
    def('number'),
    def('integer'),
    def('boolean'),
    def('date'),
    def('enum', { codeList: 'relation' }),
    def('enum', { codeList: 'health', multi: true }),
  ];
  const empties: CellValue[] = [
    null,
    '',
    '   ',
    '\u00a0',
    '\u200b',
    '\u3000',
    '-',
    '—',
    '——',
    '/',
    '／',
    'NULL',
    'nan',
  ];

  it.each(types.map((t) => [`${t.type}${t.format ? `/${t.format}` : ''}`, t] as const))(
    '%s: blanks and placeholders are empty; errors fail',
    (_name, f) => {
      for (const cell of empties) expect(coerceValue(f, cell)).toEqual(EMPTY);
      expect(coerceValue(f, undefined)).toEqual(EMPTY);
      expect(coerceValue(f, { error: '#N/A' })).toEqual(invalid('excel-error', '#N/A'));
      expect(coerceValue(f, { error: '#DIV/0!' })).toEqual(invalid('excel-error', '#DIV/0!'));
      expect(coerceValue(f, '#REF!')).toEqual(invalid('excel-error', '#REF!'));
      const formula = { error: '', formula: 'SUM(H3:K3)' } as CellValue;
      expect(coerceValue(f, formula)).toEqual(invalid('formula-without-value', 'SUM(H3:K3)'));
    },
  );

  it('无 is empty where it cannot be a value, false for yes/no, kept for strings', () => {
    expect(coerceValue(def('number'), '无')).toEqual(EMPTY);
    expect(coerceValue(def('date'), '无')).toEqual(EMPTY);
    expect(coerceValue(field('id_number'), '无')).toEqual(EMPTY);
    expect(coerceValue(field('phone'), '无')).toEqual(EMPTY);
    expect(coerceValue(field('household_id'), '无')).toEqual(EMPTY);
    expect(coerceValue(def('boolean'), '无')).toEqual(ok(false));
    expect(coerceValue(field('work_place'), '无')).toEqual(ok('无'));
  });
});

describe('number', () => {
  const f = def('number');
  it.each<[CellValue, number]>([
    [1234.5, 1234.5],
    [0, 0],
    [-0, 0],
    ['1234', 1234],
    ['1,234.5', 1234.5],
    ['1,234.5元', 1234.5],
    ['￥1,234', 1234],
    ['¥ 1234', 1234],
    ['1 234', 1234],
    ['１２３４', 1234],
    ['１，２３４．５', 1234.5],
    ['-0', 0],
    ['－0', 0],
    ['−12', -12],
    ['12%', 12],
    ['12.5 %', 12.5],
    ['12.0', 12],
    ['3.5亩', 3.5],
    ['120平方米', 120],
    ['+8', 8],
    ['.5', 0.5],
    ['1.5E+3', 1500],
    ['  8000  ', 8000],
  ])('%j → %d', (cell, expected) => {
    const r = coerceValue(f, cell);
    expect(r).toEqual(ok(expected));
    if (r.ok) expect(Object.is(r.value, -0)).toBe(false);
  });

  it.each<[CellValue, string]>([
    ['abc', 'abc'],
    ['1,23', '1,23'],
    ['1,234 567', '1,234 567'],
    ['3万元', '3万元'],
    ['12-3', '12-3'],
    ['1.2.3', '1.2.3'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
    [true, 'TRUE'],
    [new Date(Date.UTC(2020, 0, 1)), '2020-01-01'],
  ])('%j → not-a-number', (cell, raw) => {
    expect(coerceValue(f, cell)).toEqual(invalid('not-a-number', raw));
  });

  it('property: an integer written with thousands separators parses back', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.constantFrom(',', ' ', '，'), (n, sep) => {
        const grouped = Math.abs(n)
          .toString()
          .replace(/\B(?=(\d{3})+(?!\d))/g, sep);
        const text = (n < 0 ? '-' : '') + grouped;
        expect(parseNumberText(cleanText(text))).toBe(n === 0 ? 0 : n);
      }),
    );
  });

  it('property: any finite double written by JS, with optional 元 or full-width digits, parses back', () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 }),
        fc.boolean(),
        (n, yuan) => {
          const text = String(n) + (yuan ? '元' : '');
          const expected = n === 0 ? 0 : n;
          expect(coerceValue(f, text)).toEqual(ok(expected));
          const fullWidth = String(n).replace(/[-0-9.]/g, (c) =>
            String.fromCharCode(c.charCodeAt(0) + 0xfee0),
          );
          expect(coerceValue(f, fullWidth)).toEqual(ok(expected));
        },
      ),
    );
  });
});

describe('integer', () => {
  const f = field('household_size');
  it('accepts whole numbers in any number spelling', () => {
    expect(coerceValue(f, 5)).toEqual(ok(5));
    expect(coerceValue(f, '5')).toEqual(ok(5));
    expect(coerceValue(f, '5.0')).toEqual(ok(5));
    expect(coerceValue(f, '５人')).toEqual(ok(5));
    expect(coerceValue(f, '1,000')).toEqual(ok(1000));
  });
  it('rejects fractions and text with not-an-integer', () => {
    expect(coerceValue(f, 2.5)).toEqual(invalid('not-an-integer', '2.5'));
    expect(coerceValue(f, '2.5')).toEqual(invalid('not-an-integer', '2.5'));
    expect(coerceValue(f, '五')).toEqual(invalid('not-an-integer', '五'));
  });
});

describe('boolean', () => {
  const f = field('dibao');
  it.each<[CellValue, boolean]>([
    ['是', true],
    ['否', false],
    ['有', true],
    ['无', false],
    ['√', true],
    ['×', false],
    ['✓', true],
    ['✗', false],
    ['Y', true],
    ['n', false],
    ['yes', true],
    ['No', false],
    ['TRUE', true],
    ['false', false],
    ['1', true],
    ['0', false],
    [' 是 ', true],
    [1, true],
    [0, false],
    [true, true],
    [false, false],
  ])('%j → %s', (cell, expected) => {
    expect(coerceValue(f, cell)).toEqual(ok(expected));
  });

  it.each<[CellValue, string]>([
    ['不确定', '不确定'],
    ['已享受', '已享受'],
    [2, '2'],
    ['是否', '是否'],
  ])('%j → not-yes-no', (cell, raw) => {
    expect(coerceValue(f, cell)).toEqual(invalid('not-yes-no', raw));
  });
});

describe('date', () => {
  const f = field('birth_date');
  it.each<[CellValue, string]>([
    [new Date(Date.UTC(1980, 0, 5)), '1980-01-05'],
    [new Date(Date.UTC(1980, 0, 4, 23, 59, 59, 999)), '1980-01-05'],
    [43831, '2020-01-01'],
    [43831.75, '2020-01-01'],
    [1, '1900-01-01'],
    [59, '1900-02-28'],
    [61, '1900-03-01'],
    [29225, '1980-01-05'],
    [19800105, '1980-01-05'],
    ['2020-01-05', '2020-01-05'],
    ['2020/1/5', '2020-01-05'],
    ['2020.1.5', '2020-01-05'],
    ['2020年1月5日', '2020-01-05'],
    ['2020年01月05号', '2020-01-05'],
    ['２０２０年１月５日', '2020-01-05'],
    ['20200105', '2020-01-05'],
    ['2020-01-05 00:00:00', '2020-01-05'],
    ['2020/1/5 8:30', '2020-01-05'],
    ['2020-01-05T00:00:00.000Z', '2020-01-05'],
    ['2000-02-29', '2000-02-29'],
  ])('%j → %s', (cell, expected) => {
    expect(coerceValue(f, cell)).toEqual(ok(expected));
  });

  it.each<[CellValue, string]>([
    [60, '60'],
    [0, '0'],
    [-5, '-5'],
    [99999, '99999'],
    [19801305, '19801305'],
    ['2020-02-30', '2020-02-30'],
    ['1900-02-29', '1900-02-29'],
    ['2021-13-01', '2021-13-01'],
    ['1799-12-31', '1799-12-31'],
    ['2020-01/05', '2020-01/05'],
    ['2020-1-5日', '2020-1-5日'],
    ['2020年1月', '2020年1月'],
    ['1/5/2020', '1/5/2020'],
    ['43831', '43831'],
    ['明年', '明年'],
    [true, 'TRUE'],
    [new Date(Number.NaN), 'Invalid Date'],
  ])('%j → not-a-date', (cell, raw) => {
    expect(coerceValue(f, cell)).toEqual(invalid('not-a-date', raw));
  });

  it('reads dates before 1900 typed as text (Excel has no such dates), but no serial before 1900', () => {
    expect(coerceValue(f, '1899-12-31')).toEqual(ok('1899-12-31'));
    expect(coerceValue(f, '1896年3月5日')).toEqual(ok('1896-03-05'));
    expect(coerceValue(f, '18960305')).toEqual(ok('1896-03-05'));
    expect(coerceValue(f, '1899-02-29')).toEqual(invalid('not-a-date', '1899-02-29'));
    expect(coerceValue(f, 0)).toEqual(invalid('not-a-date', '0'));
  });

  it('Excel serials follow the 1900 system (with its 1900-02-29)', () => {
    expect(isoFromExcelSerial(45658)).toBe('2025-01-01');
    expect(isoFromExcelSerial(73050)).toBe('2099-12-31');
    expect(isoFromExcelSerial(73051)).toBeUndefined();
  });

  const dateArb = fc.date({
    min: new Date(Date.UTC(1900, 2, 1)),
    max: new Date(Date.UTC(2099, 11, 31)),
    noInvalidDate: true,
  });

  it('property: a date in any supported spelling normalizes to the same ISO string', () => {
    fc.assert(
      fc.property(dateArb, fc.boolean(), (d, time) => {
        const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
        const iso = day.toISOString().slice(0, 10);
        const [y, m, dd] = [day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate()];
        const p = (n: number): string => String(n).padStart(2, '0');
        const suffix = time ? ' 00:00:00' : '';
        const spellings: CellValue[] = [
          day,
          `${iso}${suffix}`,
          `${y}/${m}/${dd}${suffix}`,
          `${y}.${m}.${dd}`,
          `${y}年${m}月${dd}日`,
          `${y}年${p(m)}月${p(dd)}日`,
          `${y}${p(m)}${p(dd)}`,
          Number(`${y}${p(m)}${p(dd)}`),
          // Serial in the 1900 system (dates after 1900-02-28).
          (day.getTime() - Date.UTC(1899, 11, 30)) / 86_400_000,
        ];
        for (const cell of spellings) expect(coerceValue(f, cell)).toEqual(ok(iso));
      }),
    );
  });

  it('property: an impossible day of a month never parses', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2099 }), fc.integer({ min: 1, max: 12 }), (y, m) => {
        const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
        expect(parseDateText(`${y}-${m}-${last}`)).toBeDefined();
        expect(parseDateText(`${y}-${m}-${last + 1}`)).toBeUndefined();
      }),
    );
  });
});

describe('id-number', () => {
  const f = field('id_number');
  it('cleans text IDs without validating them', () => {
    expect(coerceValue(f, ID)).toEqual(ok(ID));
    expect(coerceValue(f, ` ${ID.slice(0, 6)} ${ID.slice(6, 14)} ${ID.slice(14)} `)).toEqual(ok(ID));
    expect(coerceValue(f, ID_X.toLowerCase())).toEqual(ok(ID_X));
    expect(coerceValue(f, ID_X.slice(0, 17) + 'ｘ')).toEqual(ok(ID_X));
    expect(coerceValue(f, `'${ID}`)).toEqual(ok(ID));
    expect(coerceValue(f, `="${ID}"`)).toEqual(ok(ID));
    expect(coerceValue(f, `${ID}41`)).toEqual(ok(`${ID}41`));
    // Wrong checksum: still only cleaned; the checksum is a rule.
    expect(coerceValue(f, '450000198001010010')).toEqual(ok('450000198001010010'));
  });

  it('reports IDs stored as numbers as damaged, as Excel displays them', () => {
    expect(coerceValue(f, 410101198001010000)).toEqual(damaged('4.10101E+17'));
    expect(coerceValue(f, 450000198001010000)).toEqual(damaged('4.5E+17'));
    expect(coerceValue(f, '4.10101E+17')).toEqual(damaged('4.10101E+17'));
    expect(coerceValue(f, '4.1e17')).toEqual(damaged('4.1E17'));
    expect(coerceValue(f, '410101198001010000.0')).toEqual(damaged('410101198001010000.0'));
  });

  it('converts 15-digit first-generation IDs to 18 characters (GB 11643), also from numbers', () => {
    const upgraded = (raw: string, value: string) => ({
      ok: true,
      value,
      notice: { ruleId: 'id-number-upgraded', messageId: 'upgraded', raw },
    });
    // 19 inserted before the 2-digit year 80; check character computed over the 17 digits.
    expect(coerceValue(f, 450000800101001)).toEqual(upgraded('450000800101001', '450000198001010017'));
    expect(coerceValue(f, '450000800101001.0')).toEqual(upgraded('450000800101001', '450000198001010017'));
    expect(coerceValue(f, ' 452122 800101 011 ')).toEqual(upgraded('452122800101011', '452122198001010119'));
  });

  it('keeps a 15-digit ID whose birth date is not a date (the ID-format rule reports it)', () => {
    expect(coerceValue(f, '452122801301011')).toEqual(ok('452122801301011'));
    expect(coerceValue(f, '452122800230011')).toEqual(ok('452122800230011'));
    // A first-generation ID has no check character: an X makes it no 15-digit ID at all.
    expect(coerceValue(f, '45212280010101X')).toEqual(ok('45212280010101X'));
  });

  it('reports characters that do not belong in an ID', () => {
    expect(coerceValue(f, '4500001980-0101001X')).toEqual(
      invalid('id-number-malformed', '4500001980-0101001X'),
    );
    expect(coerceValue(f, '无身份证号')).toEqual(invalid('id-number-malformed', '无身份证号'));
    expect(coerceValue(f, 12.5)).toEqual(invalid('id-number-malformed', '12.5'));
  });
});

describe('phone', () => {
  const f = field('phone');
  it.each<[CellValue, string]>([
    [13812345678, '13812345678'],
    ['13812345678', '13812345678'],
    ['13812345678.0', '13812345678'],
    ['138 1234 5678', '13812345678'],
    ['138-1234-5678', '13812345678'],
    ['１３８１２３４５６７８', '13812345678'],
    ['0771-1234567', '07711234567'],
    ['1381234', '1381234'],
  ])('%j → %s', (cell, expected) => {
    expect(coerceValue(f, cell)).toEqual(ok(expected));
  });
});

describe('code (户编号, 人编号)', () => {
  const f = field('household_id');
  it.each<[CellValue, string]>([
    ['0045000101', '0045000101'],
    [45000101, '45000101'],
    ['45000101.0', '45000101'],
    [' 4500 0101 ', '45000101'],
    ['HH-001', 'HH-001'],
    [999999999999999, '999999999999999'],
  ])('%j → %s', (cell, expected) => {
    expect(coerceValue(f, cell)).toEqual(ok(expected));
  });

  it('flags numbers Excel has cut to 15 digits, and fractions', () => {
    expect(coerceValue(f, 4521221301000123)).toEqual(damaged('4.52122E+15'));
    expect(coerceValue(f, '4.52122E+15')).toEqual(damaged('4.52122E+15'));
    expect(coerceValue(f, 12.5)).toEqual(invalid('not-an-integer', '12.5'));
  });
});

describe('enum', () => {
  const relation = field('relation');
  it('resolves labels and codes to the canonical label', () => {
    expect(coerceValue(relation, '之子')).toEqual(ok('之子'));
    expect(coerceValue(relation, '03')).toEqual(ok('之子'));
    expect(coerceValue(relation, 3)).toEqual(ok('之子'));
    expect(coerceValue(relation, '3.0')).toEqual(ok('之子'));
    expect(coerceValue(relation, ' 户主 ')).toEqual(ok('户主'));
  });

  it('keeps unknown values as cleaned text, without a finding', () => {
    expect(coerceValue(relation, ' 表舅 ')).toEqual(ok('表舅'));
    expect(coerceValue(relation, '99')).toEqual(ok('99'));
    expect(coerceValue(relation, '无')).toEqual(ok('无'));
  });

  it('sex codes and labels', () => {
    expect(coerceValue(field('sex'), 1)).toEqual(ok('男'));
    expect(coerceValue(field('sex'), '女')).toEqual(ok('女'));
  });

  const health = field('health');
  it.each<[CellValue, string[]]>([
    ['残疾,长期慢性病', ['残疾', '长期慢性病']],
    ['长期慢性病，残疾', ['长期慢性病', '残疾']],
    ['患有大病、残疾', ['患有大病', '残疾']],
    ['残疾;残疾', ['残疾']],
    ['残疾；慢性病', ['残疾', '长期慢性病']],
    ['01/04', ['健康', '残疾']],
    ['健康', ['健康']],
    [4, ['残疾']],
    ['残疾,,', ['残疾']],
    ['残疾,不明', ['残疾', '不明']],
  ])('multi %j → %j', (cell, expected) => {
    expect(coerceValue(health, cell)).toEqual(ok(expected));
  });
});

describe('plain string', () => {
  const f = field('name');
  it('cleans text and keeps meaningful words', () => {
    expect(coerceValue(f, '  李\u00a0四  ')).toEqual(ok('李四'));
    expect(coerceValue(f, 'ＡＢＣ')).toEqual(ok('ABC'));
    expect(coerceValue(f, '无')).toEqual(ok('无'));
    expect(coerceValue(f, 123)).toEqual(ok('123'));
  });
});

describe('excelGeneralNumber', () => {
  it('formats like Excel General in a default-width column', () => {
    expect(excelGeneralNumber(522623198304084400)).toBe('5.22623E+17');
    expect(excelGeneralNumber(1e15)).toBe('1E+15');
    expect(excelGeneralNumber(12345)).toBe('12345');
  });
});
