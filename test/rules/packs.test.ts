/**
 * Every rule of every shipped pack has a passing and a failing case (rules/<pack>/tests/<rule-id>.yaml), and
 * every case behaves as written. Cases name rows and message ids, never message wording.
 */
import { describe, expect, it } from 'vitest';
import { compareCaseFindings, packsUnderTest, runCase } from '../helpers/rule-cases.js';

const packs = packsUnderTest();

describe.each(packs.map((p) => [p.id, p] as const))('pack %s', (_id, pack) => {
  it('has a test file for every rule of its own, and no test file without a rule', () => {
    // A pack that extends another is tested on its own rules; inherited rules are tested in their pack.
    const ruleIds = [...(pack.parsed.ownRuleIds ?? pack.parsed.pack.rules.map((r) => r.id))].sort();
    expect([...pack.tests.keys()].sort()).toEqual(ruleIds);
    for (const [name, test] of pack.tests) expect(test.data.rule, test.file).toBe(name);
  });

  it('has a passing case for every rule except manual ones (which never pass on their own)', () => {
    const own = new Set(pack.parsed.ownRuleIds ?? pack.parsed.pack.rules.map((r) => r.id));
    for (const rule of pack.parsed.pack.rules.filter((r) => own.has(r.id))) {
      const valid = pack.tests.get(rule.id)?.data.valid ?? [];
      if (rule.manual) expect(valid, rule.id).toEqual([]);
      else expect(valid.length, rule.id).toBeGreaterThan(0);
    }
  });

  for (const [ruleId, test] of pack.tests) {
    describe(ruleId, () => {
      for (const c of test.data.valid) {
        it(`valid: ${c.name}`, () => {
          const { mine, other } = runCase(pack.parsed, ruleId, c);
          expect(
            other.filter((f) => ['missing-column', 'rule-error', 'population-missing'].includes(f.ruleId)),
          ).toEqual([]);
          expect(mine).toEqual([]);
        });
      }
      for (const c of test.data.invalid) {
        it(`invalid: ${c.name}`, () => {
          const { mine, other } = runCase(pack.parsed, ruleId, c);
          expect(other.filter((f) => f.ruleId === 'rule-error')).toEqual([]);
          const want = c.errors
            .map((e) => ({ row: e.row, group: e.group, messageId: e.messageId, field: e.field }))
            .sort(compareCaseFindings);
          expect(
            mine.map((f, i) => ({
              row: f.row,
              group: f.group,
              messageId: want[i]?.messageId === undefined ? undefined : f.messageId,
              field: want[i]?.field === undefined ? undefined : f.field,
            })),
          ).toEqual(want);
        });
      }
    });
  }
});
