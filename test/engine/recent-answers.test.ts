import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RULE_FUNCTIONS, recentAnswers } from '../../src/engine/cel.js';
import { makeIdNumber } from '../../src/normalize/idnumber.js';

describe('recentAnswers', () => {
  it('answers as the function does, whatever the order and collisions of its arguments', () => {
    const args = fc.oneof(
      fc.string({ maxLength: 22 }),
      fc.constantFrom(
        '',
        'a',
        'ab',
        '451026196709265096',
        '45102619670926509X',
        '451026196709265096'.slice(0, 17),
      ),
    );
    fc.assert(
      fc.property(fc.array(args, { maxLength: 300 }), (calls) => {
        const fn = (s: string) => `${s.length}:${s}`;
        const cached = recentAnswers(fn);
        for (const arg of calls) expect(cached(arg)).toBe(fn(arg));
      }),
      { numRuns: 300 },
    );
  });

  it('computes each ID of a household once across rules that ask member after member', () => {
    let calls = 0;
    const cached = recentAnswers((id: string) => {
      calls += 1;
      return id.length;
    });
    const household = [1, 2, 3, 4, 5, 6].map((n) => makeIdNumber('451026', '19800101', 100 + n));
    for (let rule = 0; rule < 10; rule++) for (const id of household) cached(id);
    expect(calls).toBe(household.length);
  });

  it('backs the ID functions of rule expressions, same answers as uncached', () => {
    const id = makeIdNumber('451026', '19670926', 509);
    const byName = new Map(RULE_FUNCTIONS.map((f) => [f.name, f.handler as (s: string) => unknown]));
    const other = makeIdNumber('451026', '20020711', 668);
    for (const value of [id, other, id, 'bad', other, `${id.slice(0, 17)}0`]) {
      // A wrong check character still has a birth date and a sex (the digits are read unchecked).
      expect(byName.get('idBirthDate')?.(value)).toBe(
        value === 'bad' ? '' : value === other ? '2002-07-11' : '1967-09-26',
      );
      expect(byName.get('idSex')?.(value)).toBe(value === 'bad' ? '' : value === other ? '女' : '男');
      expect(byName.get('idValid')?.(value)).toBe(value === id || value === other);
    }
  });
});
