/**
 * Waivers: accepted exceptions, written by the people who own the ledger (a YAML file, --waivers). A waiver
 * names a rule and a household or a person, with a reason, who accepted it and until when. Waived findings are
 * listed apart with their reason; a waiver past its date no longer applies, so its findings come back.
 *
 * "Past its date" is judged at the assessment date (params.assessment_date), not the clock: the same inputs give
 * the same report, and a waiver accepted for the 2020 assessment covers the 2020 data.
 */
import { z } from 'zod';
import { subjectOf } from './baseline.js';
import type { Finding } from './types.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'expected a date such as 2021-06-30' });

export const waiverSchema = z
  .strictObject({
    /** Rule id (or built-in finding type) the waiver accepts. */
    rule: z
      .string()
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: 'a rule id such as exit-income-above-line' }),
    /** 户编号: every finding of the rule about this household. */
    household: z.union([z.string(), z.number()]).transform(String).optional(),
    /** 证件号码 of one person (matched by its hash; the number is never copied into a report). */
    person: z.union([z.string(), z.number()]).transform(String).optional(),
    reason: z.string().min(1),
    by: z.string().min(1),
    until: isoDate,
  })
  .refine((w) => w.household !== undefined || w.person !== undefined, {
    error: 'a waiver names a household (户编号) or a person (证件号码)',
  });

export const waiverFileSchema = z.strictObject({ waivers: z.array(waiverSchema) });
export type Waiver = z.infer<typeof waiverSchema>;

export interface WaiverNote {
  readonly reason: string;
  readonly by: string;
  readonly until: string;
}

/**
 * The waivers applied one finding at a time, in report order (so a report can be assembled in one pass):
 * `match` gives the waiver note of a finding a valid waiver accepts, else undefined (an expired waiver's finding
 * is kept and counted as expired).
 */
export function waiverMatcher(
  waivers: readonly Waiver[],
  asOf: string,
): { match(f: Finding): WaiverNote | undefined; expired(): number; unused(): number } {
  const prepared = waivers.map((w) => ({
    w,
    subject: w.person !== undefined ? subjectOf(w.person.trim().toUpperCase(), undefined) : undefined,
    valid: w.until >= asOf,
    used: false,
  }));
  let expired = 0;
  return {
    match(f) {
      const match = prepared.find(
        (p) =>
          p.w.rule === f.ruleId &&
          (p.subject !== undefined ? p.subject === f.subject : p.w.household === f.householdId),
      );
      if (!match) return undefined;
      if (!match.valid) {
        expired += 1;
        return undefined;
      }
      match.used = true;
      return { reason: match.w.reason, by: match.w.by, until: match.w.until };
    },
    expired: () => expired,
    unused: () => prepared.filter((p) => p.valid && !p.used).length,
  };
}
