/**
 * Report assembly from findings in report order, in bounded memory: one pass computes the summary (counts by
 * severity, by rule with exact distinct households, by area, waivers, baseline, omitted counts) without holding
 * the findings; the report's `findings` is then a lazy, re-iterable list that walks the sorted findings again
 * and renders each listed one as it goes. `buildReport` (report.ts) is this with everything in memory.
 *
 * Both walks apply the same steps in the same order — waivers, then the baseline, then --quiet and
 * --max-findings-per-rule — so the summary and the listed findings always agree.
 */
import { interpolate } from '../i18n/interpolate.js';
import { baselineMatcher } from './baseline.js';
import { maskPii } from './mask.js';
import { cmpStr, sortKeys } from './order.js';
import type { Report, ReportFinding, ReportParts } from './report.js';
import type { StoredFinding } from './store.js';
import type { FindingData, Severity } from './types.js';
import { waiverMatcher, type WaiverNote } from './waivers.js';

/**
 * The report as reporters receive it: the JSON contract (Report), except that `findings` may be a lazy list
 * that can be iterated several times (JSON.stringify of it still gives the array, through toJSON).
 */
export type ReportView = Omit<Report, 'findings'> & { readonly findings: Iterable<ReportFinding> };

/** What assembly needs besides the findings themselves. */
export type AssemblyParts = Omit<ReportParts, 'findings' | 'sheetOrder'>;

/** A report whose findings are in memory (for callers that need an array, and for the library API). */
export function materializeReport(view: ReportView): Report {
  return { ...view, findings: [...view.findings] };
}

/**
 * Assemble the report from findings already in report order. `sorted` is iterated once now (the summary) and
 * once more each time the report's findings are iterated.
 */
export function assembleReport(parts: AssemblyParts, sorted: Iterable<StoredFinding>): ReportView {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const byRule = new Map<string, { severity: Severity; count: number; omitted: number }>();
  const ruleHouseholds = new DistinctHouseholds();
  const areaFailing = new DistinctHouseholds();
  const areaKey = (township: string | null, village: string | null) =>
    `${township ?? ''}\u0000${village ?? ''}`;
  const newArea = (a: {
    township: string | null;
    village: string | null;
    persons: number;
    households: number;
  }) => ({
    township: a.township,
    village: a.village,
    persons: a.persons,
    households: a.households,
    key: areaKey(a.township, a.village),
    errors: 0,
    warnings: 0,
    infos: 0,
    standards: new Map<string, { checked: number; failing: number }>(),
  });
  const areas = new Map(parts.areas.map((a) => [areaKey(a.township, a.village), newArea(a)]));
  const totals = new Map<string, { checked: number; failing: number }>();
  for (const c of parts.standards ?? []) {
    const key = areaKey(c.township, c.village);
    let area = areas.get(key);
    if (!area) {
      area = newArea({ township: c.township, village: c.village, persons: 0, households: 0 });
      areas.set(key, area);
    }
    area.standards.set(c.ruleId, { checked: c.checked, failing: c.failing });
    const total = totals.get(c.ruleId) ?? { checked: 0, failing: 0 };
    total.checked += c.checked;
    total.failing += c.failing;
    totals.set(c.ruleId, total);
  }

  const waived: Report['waived'] = [];
  const walked = walk(parts, sorted);
  for (const step of walked.steps) {
    const f = step.finding;
    if (step.fate === 'waived') {
      waived.push({ ...serialize(f, parts), waiver: step.waiver });
      continue;
    }
    counts[f.severity] += 1;
    let entry = byRule.get(f.ruleId);
    if (!entry) {
      entry = { severity: f.severity, count: 0, omitted: 0 };
      byRule.set(f.ruleId, entry);
    }
    entry.count += 1;
    if (f.householdId !== null) ruleHouseholds.add(f.ruleId, f.file, f.householdId);
    const area = areas.get(areaKey(f.township, f.village));
    if (area && f.scope !== 'input') {
      area[f.severity === 'error' ? 'errors' : f.severity === 'warning' ? 'warnings' : 'infos'] += 1;
      if (f.severity === 'error' && f.householdId !== null) areaFailing.add(area.key, f.file, f.householdId);
    }
    if (step.fate === 'omitted') entry.omitted += 1;
  }
  const end = walked.end();

  const findings: Iterable<ReportFinding> & { toJSON(): ReportFinding[] } = {
    *[Symbol.iterator]() {
      for (const step of walk(parts, sorted).steps)
        if (step.fate === 'listed') yield serialize(step.finding, parts);
    },
    toJSON() {
      return [...this];
    },
  };
  return {
    schemaVersion: 1,
    tool: { name: 'ledgerlint', version: parts.version },
    params: parts.params,
    packs: [...parts.packs],
    inputs: [...parts.inputs],
    summary: {
      persons: parts.persons,
      households: parts.households,
      errors: counts.error,
      warnings: counts.warning,
      infos: counts.info,
      byRule: Object.fromEntries(
        [...byRule.entries()]
          .sort((a, b) => cmpStr(a[0], b[0]))
          .map(([id, e]) => [
            id,
            {
              severity: e.severity,
              count: e.count,
              households: ruleHouseholds.count(id),
              omitted: e.omitted,
            },
          ]),
      ),
      byArea: [...areas.values()].map((a) => ({
        township: a.township,
        village: a.village,
        persons: a.persons,
        households: a.households,
        failingHouseholds: areaFailing.count(a.key),
        errors: a.errors,
        warnings: a.warnings,
        infos: a.infos,
        standards: sortKeys(Object.fromEntries(a.standards)),
      })),
      standards: (parts.standardRules ?? []).map(({ ruleId, pack }) => {
        const { checked, failing } = totals.get(ruleId) ?? { checked: 0, failing: 0 };
        return { ruleId, pack, checked, failing, passRate: passRate(checked, failing) };
      }),
      byStatus: sortKeys(parts.byStatus),
      waivers: end.waivers ? { applied: waived.length, ...end.waivers } : null,
      baseline: end.baseline,
    },
    findings,
    waived,
  };
}

type Step =
  | { readonly fate: 'waived'; readonly finding: StoredFinding; readonly waiver: WaiverNote }
  | { readonly fate: 'listed' | 'omitted'; readonly finding: StoredFinding };

/**
 * The fate of each finding, in order: waived (a valid waiver), dropped (accepted by the baseline: no step),
 * omitted (--quiet, --max-findings-per-rule) or listed. `end()` after the steps: the waiver and baseline tallies.
 */
function walk(
  parts: AssemblyParts,
  sorted: Iterable<StoredFinding>,
): {
  steps: Iterable<Step>;
  end(): {
    waivers: { expired: number; unused: number } | null;
    baseline: { matched: number; disappeared: number } | null;
  };
} {
  const waivers = parts.waivers ? waiverMatcher(parts.waivers, parts.params.assessment_date) : undefined;
  const baseline = parts.baseline ? baselineMatcher(parts.baseline) : undefined;
  const perRule = new Map<string, number>();
  function* steps(): Generator<Step> {
    for (const finding of sorted) {
      const waiver = waivers?.match(finding);
      if (waiver) {
        yield { fate: 'waived', finding, waiver };
        continue;
      }
      if (baseline?.match(finding.fingerprint)) continue;
      const n = (perRule.get(finding.ruleId) ?? 0) + 1;
      perRule.set(finding.ruleId, n);
      const capped = parts.maxFindingsPerRule !== undefined && n > parts.maxFindingsPerRule;
      const omitted = (parts.quiet === true && finding.severity !== 'error') || capped;
      yield { fate: omitted ? 'omitted' : 'listed', finding };
    }
  }
  return {
    steps: steps(),
    end: () => ({
      waivers: waivers ? { expired: waivers.expired(), unused: waivers.unused() } : null,
      baseline: baseline ? { matched: baseline.matched(), disappeared: baseline.disappeared() } : null,
    }),
  };
}

/**
 * Distinct households per key (a rule, an area) over findings in report order, exactly, without a string per
 * (key, household). Findings come file by file (report order sorts by file first), so household ids are only
 * told apart within the current file: each gets a small number there, and each key keeps a set of numbers for
 * the current file; at the next file the sets' sizes are added to the totals and everything is dropped.
 */
class DistinctHouseholds {
  private file: string | null = null;
  private readonly ids = new Map<string, number>();
  private readonly current = new Map<string, Set<number>>();
  private readonly totals = new Map<string, number>();

  add(key: string, file: string, householdId: string): void {
    if (file !== this.file) {
      this.flush();
      this.file = file;
    }
    let id = this.ids.get(householdId);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(householdId, id);
    }
    let set = this.current.get(key);
    if (!set) this.current.set(key, (set = new Set()));
    set.add(id);
  }

  count(key: string): number {
    return (this.totals.get(key) ?? 0) + (this.current.get(key)?.size ?? 0);
  }

  private flush(): void {
    for (const [key, set] of this.current) this.totals.set(key, (this.totals.get(key) ?? 0) + set.size);
    this.current.clear();
    this.ids.clear();
  }
}

/** A finding as the report shows it: message rendered in the report language, PII masked unless --show-pii. */
function serialize(finding: StoredFinding, parts: AssemblyParts): ReportFinding {
  const f = parts.showPii ? finding : { ...finding, data: maskData(finding.data, finding.field) };
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    messageId: f.messageId,
    message: renderMessage(f, parts),
    data: sortKeys(f.data),
    scope: f.scope,
    file: f.file,
    sheet: f.sheet,
    row: f.row,
    column: f.column,
    field: f.field,
    householdId: f.householdId,
    township: f.township,
    village: f.village,
    name: f.name ?? null,
    headName: f.headName ?? null,
    fingerprint: f.fingerprint,
  };
}

function passRate(checked: number, failing: number): number | null {
  return checked === 0 ? null : Math.round(((checked - failing) / checked) * 10_000) / 10_000;
}

function maskData(data: FindingData, field: string | null): FindingData {
  const masked: FindingData = {};
  for (const [key, value] of Object.entries(data))
    masked[key] = typeof value === 'string' ? maskPii(value, field) : value;
  return masked;
}

function renderMessage(f: StoredFinding, parts: AssemblyParts): string {
  const template = parts.messages(f.ruleId, f.messageId);
  if (!template) return `${f.ruleId}/${f.messageId}`;
  const label = f.field ? parts.fieldLabel(f.field, parts.lang) : undefined;
  const data = label ? { ...f.data, fieldLabel: label } : f.data;
  return interpolate(template[parts.lang], data);
}
