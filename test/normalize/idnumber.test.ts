import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  birthDateFromId,
  checksumChar,
  idNumberProblem,
  isValidIdNumber,
  makeIdNumber,
  sexFromId,
  upgrade15to18,
} from '../../src/normalize/idnumber.js';

// Synthetic region code (not a real person): every ID below is generated, never copied.
const REGION = '450000';

/** A valid birth date YYYYMMDD between 1900 and 2024. */
const birthArb = fc
  .date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2024, 11, 31)), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10).replaceAll('-', ''));
const regionArb = fc.integer({ min: 110000, max: 659999 }).map(String);
const seqArb = fc.integer({ min: 0, max: 999 });
const idArb = fc.tuple(regionArb, birthArb, seqArb).map(([r, b, s]) => makeIdNumber(r, b, s));

describe('checksumChar', () => {
  it('follows GB 11643 (weights 7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2; mod 11 → 10X98765432)', () => {
    // Worked by hand: 11010519491231002 → sum 167, 167 mod 11 = 2 → 'X'.
    expect(checksumChar('11010519491231002')).toBe('X');
    expect(checksumChar('00000000000000000')).toBe('1');
  });

  it('rejects anything but 17 digits', () => {
    expect(() => checksumChar('1234')).toThrow(RangeError);
    expect(() => checksumChar('1101051949123100X')).toThrow(RangeError);
  });
});

describe('isValidIdNumber', () => {
  const id = makeIdNumber(REGION, '19800101', '001');

  it('accepts a generated ID and its 残疾人证号 forms', () => {
    expect(isValidIdNumber(id)).toBe(true);
    expect(isValidIdNumber(`${id}41`)).toBe(true);
    expect(isValidIdNumber(`${id}74`)).toBe(true);
  });

  it.each([
    ['too short', id.slice(0, 17), 'length'],
    ['15 digits', '450000800101001', 'length'],
    ['19 characters', `${id}4`, 'length'],
    ['letters', `${id.slice(0, 10)}A${id.slice(11)}`, 'characters'],
    ['x in the middle', `${id.slice(0, 5)}X${id.slice(6)}`, 'characters'],
    ['残疾类别 8', `${id}81`, 'disability-suffix'],
    ['残疾等级 5', `${id}15`, 'disability-suffix'],
    ['残疾类别 0', `${id}01`, 'disability-suffix'],
    ['month 13', makeIdNumber(REGION, '19801301', '001'), 'birth-date'],
    ['Feb 30', makeIdNumber(REGION, '19800230', '001'), 'birth-date'],
    ['Feb 29 in 1900', makeIdNumber(REGION, '19000229', '001'), 'birth-date'],
    ['year 1899', makeIdNumber(REGION, '18991231', '001'), 'birth-date'],
    ['wrong check char', id.slice(0, 17) + (id[17] === '0' ? '1' : '0'), 'checksum'],
  ])('%s → %s', (_label, value, problem) => {
    expect(idNumberProblem(value)).toBe(problem);
    expect(isValidIdNumber(value)).toBe(false);
  });

  it('accepts Feb 29 of a leap year, including 2000', () => {
    expect(isValidIdNumber(makeIdNumber(REGION, '20000229', '002'))).toBe(true);
    expect(isValidIdNumber(makeIdNumber(REGION, '19840229', '002'))).toBe(true);
  });

  it('rejects a birth date after the reference date only when one is given', () => {
    const baby = makeIdNumber(REGION, '20240615', '002');
    expect(isValidIdNumber(baby)).toBe(true);
    expect(isValidIdNumber(baby, { referenceDate: '2024-06-15' })).toBe(true);
    expect(idNumberProblem(baby, { referenceDate: '2024-06-14' })).toBe('birth-date');
  });

  it('property: every generated ID validates', () => {
    fc.assert(fc.property(idArb, (v) => isValidIdNumber(v)));
  });

  it('property: changing any one of the first 17 digits breaks the checksum', () => {
    fc.assert(
      fc.property(idArb, fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (v, pos, delta) => {
        const d = (Number(v[pos]) + delta) % 10;
        const changed = v.slice(0, pos) + String(d) + v.slice(pos + 1);
        expect(checksumChar(changed.slice(0, 17))).not.toBe(changed[17]);
        expect(isValidIdNumber(changed)).toBe(false);
      }),
    );
  });

  it('property: any other check character is rejected', () => {
    fc.assert(
      fc.property(idArb, fc.constantFrom(...'0123456789X'), (v, c) => {
        fc.pre(c !== v[17]);
        expect(isValidIdNumber(v.slice(0, 17) + c)).toBe(false);
      }),
    );
  });
});

describe('birthDateFromId / sexFromId', () => {
  it('reads the birth date and sex of 18- and 20-character IDs', () => {
    const man = makeIdNumber(REGION, '19800105', '013');
    const woman = makeIdNumber(REGION, '19921231', '024');
    expect(birthDateFromId(man)).toBe('1980-01-05');
    expect(sexFromId(man)).toBe('男');
    expect(birthDateFromId(woman)).toBe('1992-12-31');
    expect(sexFromId(woman)).toBe('女');
    expect(birthDateFromId(`${woman}42`)).toBe('1992-12-31');
    expect(sexFromId(`${woman}42`)).toBe('女');
  });

  it('reads 15-digit IDs (year 19xx, sex from the last digit)', () => {
    expect(birthDateFromId('450000800105013')).toBe('1980-01-05');
    expect(sexFromId('450000800105013')).toBe('男');
    expect(sexFromId('450000800105014')).toBe('女');
  });

  it('returns undefined for impossible dates and other lengths', () => {
    expect(birthDateFromId(makeIdNumber(REGION, '19800231', '001'))).toBeUndefined();
    expect(birthDateFromId('12345')).toBeUndefined();
    expect(sexFromId('12345')).toBeUndefined();
  });

  it('property: round-trips the parts makeIdNumber was given', () => {
    fc.assert(
      fc.property(birthArb, seqArb, (b, s) => {
        const v = makeIdNumber(REGION, b, s);
        expect(birthDateFromId(v)).toBe(`${b.slice(0, 4)}-${b.slice(4, 6)}-${b.slice(6)}`);
        expect(sexFromId(v)).toBe(s % 2 === 1 ? '男' : '女');
      }),
    );
  });
});

describe('upgrade15to18', () => {
  it('inserts 19 and appends the check character', () => {
    const up = upgrade15to18('450000800105013');
    expect(up).toBe(makeIdNumber(REGION, '19800105', '013'));
    expect(up && isValidIdNumber(up)).toBe(true);
  });

  it('rejects anything but 15 digits', () => {
    expect(upgrade15to18('45000080010501')).toBeUndefined();
    expect(upgrade15to18('45000080010501X')).toBeUndefined();
  });

  it('property: an 18-character ID of a 19xx birth, shortened to 15 digits, upgrades back to itself', () => {
    const birth19xx = birthArb.filter((b) => b.startsWith('19'));
    fc.assert(
      fc.property(regionArb, birth19xx, seqArb, (r, b, s) => {
        const v = makeIdNumber(r, b, s);
        const id15 = v.slice(0, 6) + v.slice(8, 17);
        expect(upgrade15to18(id15)).toBe(v);
        expect(birthDateFromId(id15)).toBe(birthDateFromId(v));
        expect(sexFromId(id15)).toBe(sexFromId(v));
      }),
    );
  });
});

describe('makeIdNumber', () => {
  it('pads a numeric sequence and rejects malformed parts', () => {
    expect(makeIdNumber(REGION, '19800101', 7).slice(14, 17)).toBe('007');
    expect(() => makeIdNumber('4500', '19800101', '001')).toThrow(RangeError);
    expect(() => makeIdNumber(REGION, '1980-01-01', '001')).toThrow(RangeError);
  });
});
