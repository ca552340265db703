/**
 * The values objects of built records encoded for the trip between threads (io/values-codec.ts): whatever
 * the values, decoding gives back equal plain objects with their keys in the same order, batch after batch
 * with one encoder and one decoder per sheet, also through a real structured clone (as postMessage sends it);
 * strings holding a separator and sheets with too many shapes fall back to the objects as they are.
 */
import { deserialize, serialize } from 'node:v8';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FieldValue } from '../../src/normalize/types.js';
import { MAX_SHAPES, ValuesDecoder, ValuesEncoder, type EncodedValues } from '../../src/io/values-codec.js';

type Values = Record<string, FieldValue>;

const KEYS = [
  'household_id',
  'name',
  'id_number',
  'age',
  'income',
  'is_head',
  'status',
  'risks',
  'toString',
  'constructor',
];

const valueArb: fc.Arbitrary<FieldValue> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('', '脱贫户', 'a\u0000b', 'x\u0001y'),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('', '因病', 'p\u0001q')), {
    minLength: 1,
    maxLength: 4,
  }),
);

/** A values object with keys in an arbitrary order, as the builder may insert them. */
const valuesArb: fc.Arbitrary<Values> = fc
  .uniqueArray(fc.constantFrom(...KEYS), { maxLength: KEYS.length })
  .chain((keys) =>
    fc.tuple(...keys.map(() => valueArb)).map((vals) => {
      const v: Values = {};
      keys.forEach((k, i) => (v[k] = vals[i] as FieldValue));
      return v;
    }),
  );

const batchArb = fc.array(fc.option(valuesArb, { nil: null, freq: 5 }), { maxLength: 30 });

/** Everything observable: keys in order, values (NaN and -0 included, as Object.is sees them). */
function observed(batch: readonly (Readonly<Values> | null)[]): unknown {
  return batch.map((v) =>
    v === null ? null : Object.entries(v).map(([k, x]) => [k, Array.isArray(x) ? [...x] : x]),
  );
}

function roundTrip(batches: readonly (Values | null)[][], viaClone: boolean): (Readonly<Values> | null)[][] {
  const encoder = new ValuesEncoder();
  const decoder = new ValuesDecoder();
  return batches.map((batch) => {
    const encoded = encoder.encode(batch);
    const sent = viaClone ? (deserialize(serialize(encoded)) as EncodedValues) : encoded;
    return decoder.decode(sent);
  });
}

describe('values codec', () => {
  it('gives back the same objects, keys in the same order, batch after batch', () => {
    fc.assert(
      fc.property(fc.array(batchArb, { maxLength: 6 }), fc.boolean(), (batches, viaClone) => {
        const decoded = roundTrip(batches, viaClone);
        expect(decoded.map(observed)).toEqual(batches.map(observed));
        for (const batch of decoded) {
          for (const v of batch) if (v !== null) expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('encodes clean batches flat, shapes sent once', () => {
    const row = (i: number): Values => ({
      household_id: `H${i}`,
      name: `张${i}`,
      age: i,
      is_head: i % 2 === 0,
    });
    const encoder = new ValuesEncoder();
    const first = encoder.encode([row(1), null, row(2), { name: '李四', risks: ['因病', '因学'] }]);
    expect('plain' in first).toBe(false);
    expect(first.shapes).toHaveLength(2);
    const second = encoder.encode([row(3), row(4)]);
    expect(second.shapes).toHaveLength(0);
    const decoder = new ValuesDecoder();
    expect(decoder.decode(first)).toEqual([row(1), null, row(2), { name: '李四', risks: ['因病', '因学'] }]);
    expect(decoder.decode(second)).toEqual([row(3), row(4)]);
  });

  it('tables repeated strings, and stops tabling a field whose strings are mostly new', () => {
    const encoder = new ValuesEncoder();
    const decoder = new ValuesDecoder();
    const row = (i: number): Values => ({
      name: `名字${i}`,
      status: i % 3 === 0 ? '脱贫户' : '监测户',
      age: i,
    });
    const batch = (from: number) => Array.from({ length: 100 }, (_, i) => row(from + i));
    const first = encoder.encode(batch(0));
    const second = encoder.encode(batch(100));
    if ('plain' in first || 'plain' in second) throw new Error('not encoded');
    // First batch: both fields tabled (102 distinct strings); then the names go joined, the two labels stay.
    expect(first.tabled).toHaveLength(102);
    expect(first.text).toBe('');
    expect(second.tabled).toHaveLength(0);
    expect(second.codes).toHaveLength(100);
    expect(second.text.split('\u0000')).toEqual(batch(100).map((v) => v.name));
    expect(decoder.decode(first)).toEqual(batch(0));
    expect(decoder.decode(second)).toEqual(batch(100));
  });

  it('keeps an own __proto__ key a key', () => {
    const odd = JSON.parse('{"name":"a","__proto__":"b"}') as Values;
    const encoded = new ValuesEncoder().encode([odd]);
    expect('plain' in encoded).toBe(false);
    const [back] = new ValuesDecoder().decode(encoded);
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.entries(back as Values)).toEqual([
      ['name', 'a'],
      ['__proto__', 'b'],
    ]);
  });

  it('falls back to the objects when a joined string holds a separator', () => {
    const encoder = new ValuesEncoder();
    // Tabled strings may hold anything; list items are joined, so a separator in one sends the objects.
    const batch: Values[] = [{ name: 'bad\u0000name' }, { risks: ['因病', 'x\u0001y'] }];
    const encoded = encoder.encode(batch);
    expect('plain' in encoded).toBe(true);
    const next = encoder.encode([
      { name: 'ok', risks: ['因病'] },
      { name: 'also\u0000', age: 3 },
    ]);
    expect('plain' in next).toBe(false);
    const decoder = new ValuesDecoder();
    expect(decoder.decode(encoded)).toEqual(batch);
    expect(decoder.decode(next)).toEqual([
      { name: 'ok', risks: ['因病'] },
      { name: 'also\u0000', age: 3 },
    ]);
  });

  it('stops adding shapes at MAX_SHAPES: later new shapes go as objects, known ones stay encoded', () => {
    const encoder = new ValuesEncoder();
    const decoder = new ValuesDecoder();
    const shaped = (i: number): Values => {
      const v: Values = {};
      for (let bit = 0; bit < 12; bit++) if ((i >> bit) & 1) v[`f${bit}`] = bit;
      return v;
    };
    const rows = Array.from({ length: MAX_SHAPES + 50 }, (_, i) => shaped(i + 1));
    const out: (Readonly<Values> | null)[] = [];
    const plain: boolean[] = [];
    for (let i = 0; i < rows.length; i += 64) {
      const encoded = encoder.encode(rows.slice(i, i + 64));
      plain.push('plain' in encoded);
      out.push(...decoder.decode(encoded));
    }
    expect(out).toEqual(rows);
    expect(plain.slice(0, MAX_SHAPES / 64)).toEqual(new Array(MAX_SHAPES / 64).fill(false));
    expect(plain.at(-1)).toBe(true);
    const known = encoder.encode([shaped(1), shaped(2)]);
    expect('plain' in known).toBe(false);
    expect(decoder.decode(known)).toEqual([shaped(1), shaped(2)]);
  });
});
