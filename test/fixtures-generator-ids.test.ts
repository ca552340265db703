/**
 * ID numbers of very large generated ledgers: once the 500 sequence numbers of a (region, birth date, sex) are
 * taken, the generator moves the birth date within the year instead of drawing for ever (it never finished a
 * 10-million-person ledger before).
 */
import { describe, expect, it } from 'vitest';
import { buildId, hasValidChecksum, sexOfId, ymdDigits, type Ymd } from '../fixtures/generator/idcard.js';
import { newId, type GenContext } from '../fixtures/generator/household.js';
import { Rng } from '../fixtures/generator/prng.js';

const REGION = '451026';

function context(): GenContext {
  return {
    rng: new Rng(7),
    usedIds: new Set(),
    idCursors: new Map(),
    countyCode: REGION,
    neighbourCodes: [],
  };
}

/** Marks every ID of `birth` for `sex` taken (500 sequence numbers). */
function fill(ctx: GenContext, birth: Ymd, sex: '男' | '女'): void {
  for (let seq = 0; seq < 1000; seq++) ctx.usedIds.add(buildId(REGION, birth, sex, seq));
}

describe('newId', () => {
  it('keeps the birth date while a sequence number is free', () => {
    const ctx = context();
    const birth = { y: 2018, m: 9, d: 14 };
    const { id, birth: encoded } = newId(ctx, new Set(), REGION, birth, '男');
    expect(encoded).toEqual(birth);
    expect(id.slice(6, 14)).toBe('20180914');
    expect(ctx.idCursors.size).toBe(0);
  });

  it('moves a full birth date to the first free day of the same year, with a valid ID of the right sex', () => {
    const ctx = context();
    const birth = { y: 2018, m: 9, d: 14 };
    fill(ctx, birth, '女');
    fill(ctx, { y: 2018, m: 1, d: 1 }, '女');
    const local = new Set<string>();
    const a = newId(ctx, local, REGION, birth, '女');
    const b = newId(ctx, local, REGION, birth, '女');
    for (const { id, birth: encoded } of [a, b]) {
      expect(encoded.y).toBe(2018);
      expect(id.slice(6, 14)).toBe(ymdDigits(encoded));
      expect(hasValidChecksum(id)).toBe(true);
      expect(sexOfId(id)).toBe('女');
      expect(ctx.usedIds.has(id)).toBe(false);
    }
    expect(a.birth).toEqual({ y: 2018, m: 1, d: 2 });
    expect(b.id).not.toBe(a.id);
    expect(local.has(a.id) && local.has(b.id)).toBe(true);
  });

  it('says so when a whole birth year is taken', () => {
    const ctx = context();
    for (let day = 0; day < 365; day++) {
      const t = new Date(Date.UTC(2019, 0, 1 + day));
      fill(ctx, { y: 2019, m: t.getUTCMonth() + 1, d: t.getUTCDate() }, '男');
    }
    expect(() => newId(ctx, new Set(), REGION, { y: 2019, m: 3, d: 1 }, '男')).toThrow(/born 2019/);
  });
});
