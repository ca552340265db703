/**
 * Property-based tests of the normalizers on arbitrary input: whatever a cell holds, coercion never throws
 * and either yields a value of the field's type or a finding that carries the raw text; and the canonical
 * forms (IDs, dates, numbers, yes/no) survive the spellings ledgers really use.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIELDS, fieldByKey } from '../../src/dictionary/index.js';
import type { CellValue } from '../../src/io/types.js';
import { isValidIdNumber, makeIdNumber } from '../../src/normalize/idnumber.js';
import { coerceValue, parseDateText, parseNumberText } from '../../src/normalize/values.js';

/** Any cell a reader may produce, including the odd ones (NaN, an invalid Date, Excel errors). */
const cellArb: fc.Arbitrary<CellValue> = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.date({ noInvalidDate: false }),
  fc.record({ error: fc.constantFrom('#N/A', '#REF!', '#DIV/0!', '', '#ERROR!'), formula: fc.string() }),
);

const idArb = fc
  .tuple(
    fc.constantFrom('450123', '110101', '532628', '610502'),
    fc.date({
      min: new Date(Date.UTC(1920, 0, 1)),
      max: new Date(Date.UTC(2024, 11, 31)),
      noInvalidDate: true,
    }),
    fc.integer({ min: 0, max: 999 }),
  )
  .map(([region, d, seq]) => makeIdNumber(region, d.toISOString().slice(0, 10).replace(/-/g, ''), seq));

const FULL_WIDTH_DIGITS = '０１２３４５６７８９';

describe('coercion never throws, whatever the cell', () => {
  it.each(FIELDS.map((f) => [f.key, f] as const))('%s', (_key, field) => {
    fc.assert(
      fc.property(cellArb, (cell) => {
        const result = coerceValue(field, cell);
        if (!result.ok) {
          expect(typeof result.raw).toBe('string');
          expect(result.messageId).not.toBe('');
          return;
        }
        const v = result.value;
        if (v === undefined) return;
        switch (field.type) {
          case 'boolean':
            expect(typeof v).toBe('boolean');
            break;
          case 'number':
          case 'integer':
            expect(typeof v === 'number' && Number.isFinite(v)).toBe(true);
            if (field.type === 'integer') expect(Number.isInteger(v)).toBe(true);
            break;
          case 'date':
            expect(v).toMatch(/^\d{4}-\d{2}-\d{2}$/);
            expect(parseDateText(v as string)).toBe(v);
            break;
          default:
            expect(typeof v === 'string' || Array.isArray(v)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('canonical forms', () => {
  const idField = fieldByKey('id_number')!;

  it('ID numbers: padding, a lower-case x and full-width digits give the canonical ID', () => {
    fc.assert(
      fc.property(idArb, fc.constantFrom('', ' ', '\u3000', '\t'), fc.boolean(), (id, pad, fullWidth) => {
        const spelled = (
          fullWidth ? id.replace(/\d/g, (d) => FULL_WIDTH_DIGITS[Number(d)]!) : id
        ).toLowerCase();
        const result = coerceValue(idField, `${pad}${spelled}${pad}`);
        expect(result).toEqual({ ok: true, value: id });
        expect(isValidIdNumber(id)).toBe(true);
      }),
    );
  });

  it('ID numbers stored as numbers above 15 digits are reported as damaged, never silently kept', () => {
    fc.assert(
      fc.property(idArb, (id) => {
        fc.pre(!id.endsWith('X'));
        const result = coerceValue(idField, Number(id));
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.ruleId).toBe('id-number-damaged');
      }),
    );
  });

  it('dates: ISO, 年月日 and compact spellings of one day parse to the same ISO date', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date(Date.UTC(1900, 0, 1)),
          max: new Date(Date.UTC(2099, 11, 31)),
          noInvalidDate: true,
        }),
        (d) => {
          const iso = d.toISOString().slice(0, 10);
          const [y, m, day] = iso.split('-').map(Number) as [number, number, number];
          for (const text of [
            iso,
            `${y}年${m}月${day}日`,
            iso.replace(/-/g, ''),
            `${y}/${m}/${day}`,
            `${y}.${m}.${day}`,
          ])
            expect(parseDateText(text), text).toBe(iso);
        },
      ),
    );
  });

  it('numbers: any finite number printed by JavaScript parses back to itself', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }), (n) => {
        fc.pre(!Object.is(n, -0));
        expect(parseNumberText(String(n))).toBe(n);
      }),
    );
  });

  it('yes/no: 是/否 in any padding, 1/0 and true/false cells are booleans; other text is a finding', () => {
    const yesNo = FIELDS.find((f) => f.type === 'boolean')!;
    fc.assert(
      fc.property(fc.boolean(), fc.constantFrom('', ' ', '\u3000', '\u00a0'), (yes, pad) => {
        expect(coerceValue(yesNo, `${pad}${yes ? '是' : '否'}${pad}`)).toEqual({ ok: true, value: yes });
        expect(coerceValue(yesNo, yes ? 1 : 0)).toEqual({ ok: true, value: yes });
        expect(coerceValue(yesNo, yes)).toEqual({ ok: true, value: yes });
      }),
    );
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'甲乙丙丁abc123'), minLength: 2, maxLength: 6 }),
        (text) => {
          const result = coerceValue(yesNo, text);
          if (result.ok) expect(typeof result.value === 'boolean' || result.value === undefined).toBe(true);
          else expect(result.messageId).toBe('not-yes-no');
        },
      ),
    );
  });
});
