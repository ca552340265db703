/**
 * JUnit XML for CI test tabs (Jenkins, GitLab, Azure DevOps, GitHub test-report actions).
 *
 * - One <testsuite> per input file, in input order, holding the person, household and input-level (file and
 *   header) findings of that file; then one suite for what belongs to no single file: dataset-level findings
 *   (a duplicate ID across files) and the findings --quiet / --max-findings-per-rule left out of the report.
 * - Test cases: the report does not say which rules ran on which file (a rule without findings may have run
 *   and passed, or been skipped, or not apply to the file), so rules without findings are NOT invented as
 *   passing tests. Each suite has one passing "ledgerlint" test case (the file was read and checked), one test
 *   case per rule id with findings in it, and a <skipped> test case for each rule a `missing-column` finding
 *   says was not run on that file (unless the rule has findings there from another sheet).
 * - Errors and warnings are <failure> (type = severity); infos are passing test cases whose findings are in
 *   <system-out>: an unmapped column should not turn the test tab red. The failure's message attribute has the
 *   exact count, its text lists at most MAX_LISTED findings (row, column, 户编号, message) and says how many more.
 * - XML 1.0: characters it forbids (C0 controls, lone surrogates) are removed; markup characters escaped.
 * No timestamps or durations: byte-identical for identical reports.
 */
import type { ReportView } from '../findings/assemble.js';
import type { ReportFinding } from '../findings/report.js';
import { message } from '../i18n/catalogue.js';
import type { Lang } from '../i18n/types.js';
import { xmlAttr, xmlText } from './escape.js';
import { groupPlace } from './group.js';
import type { Reporter, ReporterContext } from './types.js';

/** Findings listed in one failure's text; the message attribute always has the exact count. */
export const MAX_LISTED = 100;
const PASSING_CASE = 'ledgerlint';

type Severity = ReportFinding['severity'];

interface TestCase {
  readonly ruleId: string;
  severity: Severity;
  /** The first MAX_LISTED findings of the case (the only ones its text lists). */
  readonly findings: ReportFinding[];
  /** Listed findings of the case: `findings` plus those past MAX_LISTED, only counted. */
  listed: number;
  /** Findings of this rule left out of the report (only in the last suite). */
  unlisted: number;
}

interface Suite {
  readonly name: string;
  /** Null for the suite of dataset-level and unlisted findings: its lines name their file. */
  readonly file: string | null;
  readonly properties: [string, string][];
  readonly cases: Map<string, TestCase>;
  /** Rules a missing-column finding says were not run on this file. */
  readonly skippedRules: Set<string>;
}

export const junitReporter: Reporter = (report, context) => {
  const suites = buildSuites(report, context.lang);
  let tests = 0;
  let failures = 0;
  let skipped = 0;
  const body: string[] = [];
  for (const suite of suites) {
    const rendered = renderSuite(suite, context);
    tests += rendered.tests;
    failures += rendered.failures;
    skipped += rendered.skipped;
    body.push(rendered.xml);
  }
  // One chunk: each test case keeps at most MAX_LISTED findings, so the XML stays small.
  return [
    [
      '<?xml version="1.0" encoding="UTF-8"?>',
      `<testsuites name="ledgerlint" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}">`,
      ...body,
      '</testsuites>',
      '',
    ].join('\n'),
  ];
};

function buildSuites(report: ReportView, lang: Lang): Suite[] {
  const byFile = new Map<string, Suite>();
  const fileSuite = (file: string, properties: [string, string][] = []): Suite => {
    let suite = byFile.get(file);
    if (!suite) {
      suite = { name: file, file, properties, cases: new Map(), skippedRules: new Set() };
      byFile.set(file, suite);
    }
    return suite;
  };
  for (const input of report.inputs) {
    const sheets = input.sheets.map((s) => s.name).filter((n): n is string => n !== null);
    const rows = input.sheets.reduce((sum, s) => sum + s.dataRows, 0);
    fileSuite(input.file, [
      ...(sheets.length > 0 ? [['sheets', sheets.join(', ')] as [string, string]] : []),
      ['dataRows', String(rows)],
    ]);
  }
  const rest: Suite = {
    name: message('report.junit.dataset-suite', lang),
    file: null,
    properties: [],
    cases: new Map(),
    skippedRules: new Set(),
  };

  const listed = new Map<string, number>();
  for (const f of report.findings) {
    listed.set(f.ruleId, (listed.get(f.ruleId) ?? 0) + 1);
    const suite = f.scope === 'dataset' ? rest : fileSuite(f.file);
    const c = testCase(suite, f.ruleId, f.severity);
    c.listed += 1;
    if (c.findings.length < MAX_LISTED) c.findings.push(f);
    if (f.ruleId === 'missing-column' && typeof f.data.rule === 'string') suite.skippedRules.add(f.data.rule);
  }
  for (const [ruleId, entry] of Object.entries(report.summary.byRule)) {
    const unlisted = entry.count - (listed.get(ruleId) ?? 0);
    if (unlisted > 0) testCase(rest, ruleId, entry.severity).unlisted = unlisted;
  }
  return [...byFile.values(), rest];
}

function testCase(suite: Suite, ruleId: string, severity: Severity): TestCase {
  let c = suite.cases.get(ruleId);
  if (!c) {
    c = { ruleId, severity, findings: [], listed: 0, unlisted: 0 };
    suite.cases.set(ruleId, c);
  }
  return c;
}

interface RenderedSuite {
  readonly xml: string;
  readonly tests: number;
  readonly failures: number;
  readonly skipped: number;
}

function renderSuite(suite: Suite, context: ReporterContext): RenderedSuite {
  const classname = xmlAttr(suite.name);
  const lines: string[] = [`    <testcase classname="${classname}" name="${PASSING_CASE}"/>`];
  let failures = 0;
  let skipped = 0;
  const ruleIds = new Set([...suite.cases.keys(), ...suite.skippedRules]);
  for (const ruleId of [...ruleIds].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const open = `    <testcase classname="${classname}" name="${xmlAttr(ruleId)}">`;
    const c = suite.cases.get(ruleId);
    if (!c) {
      skipped += 1;
      lines.push(
        open,
        `      <skipped message="${xmlAttr(message('report.junit.skipped', context.lang))}"/>`,
        '    </testcase>',
      );
      continue;
    }
    const text = xmlText(caseText(c, suite, context));
    if (c.severity === 'info') {
      lines.push(open, `      <system-out>${text}</system-out>`, '    </testcase>');
      continue;
    }
    failures += 1;
    const count = message('report.junit.count', context.lang, { count: c.listed + c.unlisted });
    lines.push(
      open,
      `      <failure message="${xmlAttr(count)}" type="${c.severity}">${text}</failure>`,
      '    </testcase>',
    );
  }
  const tests = ruleIds.size + 1;
  const properties =
    suite.properties.length === 0
      ? []
      : [
          '    <properties>',
          ...suite.properties.map(
            ([name, value]) => `      <property name="${xmlAttr(name)}" value="${xmlAttr(value)}"/>`,
          ),
          '    </properties>',
        ];
  const xml = [
    `  <testsuite name="${xmlAttr(suite.name)}" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}">`,
    ...properties,
    ...lines,
    '  </testsuite>',
  ].join('\n');
  return { xml, tests, failures, skipped };
}

/** The rule title (the test case is named by the rule id), then one line per finding (at most MAX_LISTED), then how many more. */
function caseText(c: TestCase, suite: Suite, context: ReporterContext): string {
  const lang = context.lang;
  const title = context.ruleTitles.get(c.ruleId)?.[lang];
  const lines = title ? [title] : [];
  for (const f of c.findings) lines.push(findingLine(f, suite.file === null, lang));
  if (c.listed > MAX_LISTED) lines.push(message('report.junit.more', lang, { count: c.listed - MAX_LISTED }));
  if (c.unlisted > 0) lines.push(message('report.junit.unlisted', lang, { count: c.unlisted }));
  return lines.join('\n');
}

function findingLine(f: ReportFinding, withFile: boolean, lang: Lang): string {
  const at =
    f.row === null
      ? ''
      : f.column === null
        ? message('report.row', lang, { row: f.row })
        : message('report.row-column', lang, { row: f.row, column: f.column });
  return [
    withFile ? f.file : '',
    f.sheet ?? '',
    at,
    f.householdId === null ? '' : message('report.household', lang, { id: f.householdId }),
    groupPlace(f, lang) ?? '',
    f.message,
  ]
    .filter((part) => part !== '')
    .join(' · ');
}
