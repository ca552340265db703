/**
 * Reporters read the findings (which may stream from disk on a large run) no more than they need: counts come
 * from the summary. SARIF makes one pass (its results), Markdown reads only the findings it lists, HTML takes
 * its sample in one pass that stops once every rule has its share.
 */
import { describe, expect, it } from 'vitest';
import type { ReportView } from '../../src/findings/assemble.js';
import type { Report, ReportFinding } from '../../src/findings/report.js';
import { MAX_FINDINGS_PER_RULE } from '../../src/reporters/html.js';
import { REPORTERS, renderReport } from '../../src/reporters/index.js';
import { MAX_FINDINGS } from '../../src/reporters/markdown.js';
import { contextOf, demo } from './demo.js';

/** The report with its findings behind a counting iterable: passes started and findings read. */
function counted(report: Report, findings: readonly ReportFinding[]) {
  const reads = { passes: 0, findings: 0 };
  const view: ReportView = {
    ...report,
    findings: {
      *[Symbol.iterator]() {
        reads.passes += 1;
        for (const f of findings) {
          reads.findings += 1;
          yield f;
        }
      },
    },
  };
  return { view, reads };
}

/** The demo report plus `extra` more copies of its first finding, the summary counting them. */
async function bigReport(extra: number): Promise<{ report: Report; findings: ReportFinding[] }> {
  const { report } = await demo();
  const first = report.findings[0] as ReportFinding;
  const findings = [...report.findings, ...Array.from({ length: extra }, () => first)];
  const entry = report.summary.byRule[first.ruleId]!;
  const summary = {
    ...report.summary,
    [`${first.severity}s`]: (report.summary[`${first.severity}s` as 'errors'] as number) + extra,
    byRule: { ...report.summary.byRule, [first.ruleId]: { ...entry, count: entry.count + extra } },
  };
  return { report: { ...report, summary, findings }, findings };
}

describe('reporters count from the summary, not by reading the findings', () => {
  it('SARIF reads the findings once, for its results', async () => {
    const { report, findings } = await bigReport(300);
    const { view, reads } = counted(report, findings);
    const sarif = JSON.parse(renderReport(REPORTERS.sarif!, view, contextOf(await demo()))) as {
      runs: { results: unknown[]; properties: Record<string, number> }[];
    };
    expect(reads.passes).toBe(1);
    expect(reads.findings).toBe(findings.length);
    expect(sarif.runs[0]?.results).toHaveLength(findings.length);
    expect(sarif.runs[0]?.properties.unlistedResults).toBeUndefined();
  });

  it('SARIF still counts findings left out by --max-findings-per-rule, from the summary', async () => {
    const { report } = await demo();
    const first = report.findings[0] as ReportFinding;
    const entry = report.summary.byRule[first.ruleId]!;
    const summary = {
      ...report.summary,
      errors: report.summary.errors + 7,
      byRule: { ...report.summary.byRule, [first.ruleId]: { ...entry, count: entry.count + 7, omitted: 7 } },
    };
    const { view } = counted({ ...report, summary }, report.findings);
    const sarif = JSON.parse(renderReport(REPORTERS.sarif!, view, contextOf(await demo()))) as {
      runs: { properties: Record<string, number> }[];
    };
    expect(sarif.runs[0]?.properties.unlistedResults).toBe(7);
  });

  it('Markdown reads only the findings it lists', async () => {
    const { report, findings } = await bigReport(300);
    const { view, reads } = counted(report, findings);
    const md = renderReport(REPORTERS.markdown!, view, contextOf(await demo()));
    expect(reads.passes).toBe(1);
    expect(reads.findings).toBe(MAX_FINDINGS);
    expect(md).toContain(`另有 ${findings.length - MAX_FINDINGS} 个问题未在此列出`);
  });

  it('HTML samples the findings once and stops when every rule has its share', async () => {
    const { report, findings } = await bigReport(300);
    const { view, reads } = counted(report, findings);
    const html = renderReport(REPORTERS.html!, view, contextOf(await demo()));
    expect(reads.passes).toBe(1);
    const wanted = Object.values(report.summary.byRule).reduce(
      (sum, e) => sum + Math.min(e.count - e.omitted, MAX_FINDINGS_PER_RULE),
      0,
    );
    expect(reads.findings).toBeLessThan(findings.length);
    expect((html.match(/<tr data-severity=/g) ?? []).length).toBe(wanted);
  });
});
