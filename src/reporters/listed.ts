/**
 * How many findings the report lists, from its summary: each rule's count less the findings --quiet or
 * --max-findings-per-rule left out. Reporters use it instead of a pass over the findings (which may be read
 * from disk) just to count them.
 */
import type { Report } from '../findings/report.js';

type ByRule = Report['summary']['byRule'];

/** Findings listed in the report, over every rule. */
export function listedCount(byRule: ByRule): number {
  let listed = 0;
  for (const entry of Object.values(byRule)) listed += entry.count - entry.omitted;
  return listed;
}

/** Findings listed in the report, by rule id. */
export function listedByRule(byRule: ByRule): Map<string, number> {
  return new Map(Object.entries(byRule).map(([id, entry]) => [id, entry.count - entry.omitted]));
}
