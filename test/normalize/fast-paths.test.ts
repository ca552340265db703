/**
 * The fast paths of coercion (normalize/values.ts) against the general case they skip: cleanText's character
 * scan against its regular-expression form over every UTF-16 code unit, the digit fast paths of ID numbers,
 * phones and codes against the same cell with a trailing space (which takes the general path), and the
 * per-column memo of enum and yes/no columns against a fresh coercer for every cell.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIELDS, fieldByKey } from '../../src/dictionary/index.js';
import type { FieldDef } from '../../src/dictionary/index.js';
import { toHalfWidth } from '../../src/normalize/text.js';
import { cleanText, coerceValue, valueCoercerFor, toCoerced } from '../../src/normalize/values.js';

/** cleanText as it was written before its fast path: the reference. */
const NEEDS_CLEANING = /[\u00a0\u00ad\u200b-\u200d\u2060\ufeff\u3000\uff01-\uff5e]/;
const INVISIBLE = /[\u00a0\u00ad\u200b-\u200d\u2060\ufeff]/g;
function cleanTextReference(text: string): string {
  if (!NEEDS_CLEANING.test(text)) return text.trim();
  return toHalfWidth(text).replace(INVISIBLE, '').trim();
}

function field(key: string): FieldDef {
  const f = fieldByKey(key);
  if (!f) throw new Error(key);
  return f;
}

describe('cleanText fast path', () => {
  it('agrees with the general form for every code unit, alone, inside and at either end', () => {
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      for (const text of [ch, `a${ch}b`, `${ch}张三`, `张三${ch}`, `12${ch}${ch}`]) {
        if (cleanText(text) !== cleanTextReference(text)) {
          throw new Error(`U+${c.toString(16)} in ${JSON.stringify(text)}`);
        }
      }
    }
  });

  it('agrees with the general form on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (text) => {
        expect(cleanText(text)).toBe(cleanTextReference(text));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('digit fast paths', () => {
  const digits = fc.stringMatching(/^\d{1,20}[xX]?$/);
  it.each(['id_number', 'phone', 'household_id', 'person_id'])(
    '%s: as the general path reads them',
    (key) => {
      const f = field(key);
      fc.assert(
        fc.property(digits, (text) => {
          // A trailing space makes the cell take the general path; its outcome must be the same.
          const fast = coerceValue(f, text);
          const general = coerceValue(f, `${text} `);
          if (general.ok) expect(fast).toEqual(general);
          else expect(fast).toEqual({ ...general, raw: general.raw.trim() });
        }),
        { numRuns: 500 },
      );
    },
  );
});

describe('per-column memo of enum and yes/no columns', () => {
  const memoized = FIELDS.filter((f) => f.type === 'boolean' || (f.type === 'enum' && f.multi !== true));
  const spellings = fc.oneof(
    fc.constantFrom(
      '是',
      '否',
      '有',
      '无',
      ' 是 ',
      'Y',
      'n',
      '1',
      '0',
      '-',
      '',
      '#N/A',
      '脱贫户',
      '户主',
      '其他',
    ),
    fc.string({ maxLength: 6 }),
  );
  it.each(memoized.map((f) => [f.key, f] as const))('%s: the same outcome as a fresh coercion', (_key, f) => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(spellings, fc.integer({ min: -2, max: 5 })), { maxLength: 40 }),
        (cells) => {
          const column = valueCoercerFor(f);
          for (const cell of [...cells, ...cells])
            expect(toCoerced(column(cell))).toEqual(coerceValue(f, cell));
        },
      ),
      { numRuns: 60 },
    );
  });
});
