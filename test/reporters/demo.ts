/** The real report of the demo ledger, built once per language, for the reporter tests. */
import { runCheck, type CheckResult } from '../../src/commands/check.js';
import type { Report, ReportFinding } from '../../src/findings/report.js';
import type { Lang } from '../../src/i18n/types.js';
import type { ReporterContext } from '../../src/reporters/index.js';

export const DEMO = 'fixtures/demo/demo-county.xlsx';

const cache = new Map<Lang, Promise<CheckResult>>();

/** A fresh run of the library on the demo ledger (for determinism: two runs, not one result twice). */
export function runDemo(lang: Lang = 'zh'): Promise<CheckResult> {
  return runCheck({ inputs: [DEMO], packs: ['national-exit', 'data-quality'], params: {}, all: false, lang });
}

/** The demo's result, run once per language and shared by the tests. */
export function demo(lang: Lang = 'zh'): Promise<CheckResult> {
  let result = cache.get(lang);
  if (!result) {
    result = runDemo(lang);
    cache.set(lang, result);
  }
  return result;
}

export function contextOf(result: CheckResult, lang: Lang = 'zh'): ReporterContext {
  return { lang, color: false, ruleTitles: result.ruleTitles, ruleDocs: result.ruleDocs };
}

/** The demo's id-number-checksum finding: 花名册 row 39, column I. */
export function checksumFinding(report: Report): ReportFinding {
  const f = report.findings.find((x) => x.ruleId === 'id-number-checksum');
  if (!f) throw new Error('the demo lost its id-number-checksum finding');
  return f;
}

/** The demo report with no findings at all: what a clean run looks like. */
export function cleanReport(report: Report): Report {
  return withFindings(report, [], { ...report.summary, byRule: {}, errors: 0, warnings: 0, infos: 0 });
}

/** A copy of the report with other findings (summary left as it is unless given). */
export function withFindings(
  report: Report,
  findings: readonly ReportFinding[],
  summary: Report['summary'] = report.summary,
): Report {
  return { ...report, summary, findings: [...findings] };
}
