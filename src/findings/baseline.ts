/**
 * Fingerprints and baselines. A fingerprint identifies a finding across re-exports and re-sorted files: rule,
 * message, field and the household and person it is about (a hash of the ID number, never the number, and never
 * the row). A baseline records the fingerprints of an accepted run; later runs report only what is new.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Finding } from './types.js';

export function fingerprint(f: Finding): string {
  const about =
    f.scope === 'input'
      ? `sheet:${f.sheet ?? ''}|${stableData(f)}`
      : `household:${f.householdId ?? ''}|person:${f.subject ?? (f.householdId === null ? `${f.file}:${f.row}` : '')}`;
  return createHash('sha256')
    .update([f.ruleId, f.messageId, f.field ?? '', f.scope, about].join('\u0000'))
    .digest('hex')
    .slice(0, 20);
}

function stableData(f: Finding): string {
  return Object.entries(f.data)
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map(([k, v]) => `${k}=${String(v)}`)
    .join('&');
}

/** The person a finding is about, for fingerprints: a hash of the ID number (the number itself is never kept). */
export function subjectOf(idNumber: unknown, name: unknown): string | undefined {
  if (typeof idNumber === 'string' && idNumber !== '') {
    return `id:${createHash('sha256').update(idNumber).digest('hex').slice(0, 24)}`;
  }
  if (typeof name === 'string' && name !== '')
    return `name:${createHash('sha256').update(name).digest('hex').slice(0, 24)}`;
  return undefined;
}

export const baselineSchema = z.strictObject({
  schemaVersion: z.literal(1),
  tool: z.literal('ledgerlint'),
  /** Fingerprint → how many findings carry it. */
  fingerprints: z.record(z.string().regex(/^[0-9a-f]{20}$/), z.number().int().positive()),
});
export type Baseline = z.infer<typeof baselineSchema>;

export function createBaseline(fingerprints: Iterable<string>): Baseline {
  const counts = new Map<string, number>();
  for (const fp of fingerprints) counts.set(fp, (counts.get(fp) ?? 0) + 1);
  return {
    schemaVersion: 1,
    tool: 'ledgerlint',
    fingerprints: Object.fromEntries([...counts.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))),
  };
}

/**
 * The baseline applied one finding at a time, in report order (so a report can be assembled in one pass): each
 * fingerprint in the baseline accepts as many findings as it counts.
 */
export function baselineMatcher(baseline: Baseline): {
  /** True when the baseline accepts this finding (it is then not reported). */
  match(fingerprint: string): boolean;
  matched(): number;
  disappeared(): number;
} {
  const left = new Map(Object.entries(baseline.fingerprints));
  let matched = 0;
  return {
    match(fingerprint) {
      const n = left.get(fingerprint) ?? 0;
      if (n <= 0) return false;
      left.set(fingerprint, n - 1);
      matched += 1;
      return true;
    },
    matched: () => matched,
    disappeared: () => {
      let disappeared = 0;
      for (const n of left.values()) disappeared += n;
      return disappeared;
    },
  };
}
