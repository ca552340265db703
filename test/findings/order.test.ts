/**
 * compareFindings compares field by field (no key strings per comparison) and must order exactly as the
 * string-building comparison it replaced: reports stay byte-identical. The reference below is that old code.
 */
import { describe, expect, it } from 'vitest';
import { compareData, compareFindings, inputOrder, sortKeys } from '../../src/findings/order.js';
import type { Finding, FindingData } from '../../src/findings/types.js';

function referenceCompare(
  a: Finding,
  b: Finding,
  file: Map<string, number>,
  sheet: Map<string, number>,
): number {
  const cmp = (x: number, y: number) => x - y;
  const cmpStr = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  const rank = (c: string | null) => {
    let n = 0;
    for (const ch of c ?? '') n = n * 26 + (ch.charCodeAt(0) - 64);
    return n;
  };
  return (
    cmp(file.get(a.file) ?? Infinity, file.get(b.file) ?? Infinity) ||
    cmpStr(a.file, b.file) ||
    cmp(
      sheet.get(`${a.file}\u0000${a.sheet ?? ''}`) ?? -1,
      sheet.get(`${b.file}\u0000${b.sheet ?? ''}`) ?? -1,
    ) ||
    cmp(a.row ?? 0, b.row ?? 0) ||
    cmp(rank(a.column), rank(b.column)) ||
    cmpStr(a.ruleId, b.ruleId) ||
    cmpStr(a.messageId, b.messageId) ||
    cmpStr(a.field ?? '', b.field ?? '') ||
    cmpStr(JSON.stringify(sortKeys(a.data)), JSON.stringify(sortKeys(b.data)))
  );
}

/** A seeded generator (mulberry32) so a failure can be reproduced. */
function random(seed: number): () => number {
  let t = seed;
  return () => {
    t = (t + 0x6d2b79f5) | 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

describe('compareFindings', () => {
  it('orders exactly as the JSON-key comparison it replaced, data ties included', () => {
    const next = random(20261122);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
    const values = [
      '',
      'a',
      'ab',
      'ab c',
      'ab!',
      'ab"',
      'a\nb',
      '户主',
      1,
      10,
      9,
      -1,
      2.5,
      0,
      true,
      false,
      null,
    ];
    const data = (): FindingData => {
      const d: FindingData = {};
      for (const key of ['a', 'ab', 'b', 'count', 'raw', 'z_1']) if (next() < 0.4) d[key] = pick(values);
      return d;
    };
    const finding = (): Finding => ({
      ruleId: pick(['invalid-value', 'id-number-checksum', 'a']),
      severity: 'error',
      messageId: pick(['x', 'y']),
      data: data(),
      scope: 'person',
      file: pick(['a.xlsx', 'b.csv', 'unlisted.xlsx']),
      sheet: pick([null, 'S1', 'S2', 'gone']),
      row: pick([null, 1, 2, 10]),
      column: pick([null, 'A', 'B', 'Z', 'AA']),
      field: pick([null, 'id_number', 'name']),
      householdId: null,
      township: null,
      village: null,
    });
    const order = inputOrder(
      [
        { file: 'a.xlsx', sheets: [{ name: 'S1' }, { name: 'S2' }] },
        { file: 'b.csv', sheets: [{ name: null }] },
      ],
      new Map([['a.xlsx', ['S2', 'S1']]]),
    );
    const sheetKeys = new Map([
      ['a.xlsx\u0000S2', 0],
      ['a.xlsx\u0000S1', 1],
      ['b.csv\u0000', 0],
    ]);
    for (let i = 0; i < 20_000; i++) {
      const a = finding();
      const b = next() < 0.3 ? { ...a, data: data() } : finding();
      expect(Math.sign(compareFindings(a, b, order))).toBe(
        Math.sign(referenceCompare(a, b, order.file, sheetKeys)),
      );
    }
  });

  it('compares data as its sorted JSON text would, without building it', () => {
    expect(compareData({}, { a: 1 })).toBeGreaterThan(0);
    expect(compareData({ a: 1 }, { a: 1, b: 2 })).toBeGreaterThan(0); // '}' after ','
    expect(compareData({ a: 'ab' }, { a: 'ab c' })).toBeGreaterThan(0); // '"' after ' '
    expect(compareData({ b: 1, a: 2 }, { a: 2, b: 1 })).toBe(0);
    expect(compareData({ a: 10 }, { a: 9 })).toBeLessThan(0);
  });
});
