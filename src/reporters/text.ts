/**
 * The terminal report: findings grouped by file and household, then a summary table by rule.
 * Pure: colour is decided by the caller (NO_COLOR, --no-color, TTY) and passed in.
 */
import type { ReportView } from '../findings/assemble.js';
import { formatRate } from './format.js';
import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import type { Report, ReportFinding } from '../findings/report.js';
import { message } from '../i18n/catalogue.js';
import type { Lang } from '../i18n/types.js';
import { groupName } from './group.js';
import type { Reporter, ReporterContext, Translate } from './types.js';

/**
 * Findings of one rule listed in the terminal report, the first ones in report order. A province can have a
 * million findings: beyond this the report says how many more there are and which formats list them all (the
 * counts stay exact). Small runs list everything.
 */
export const TEXT_MAX_PER_RULE = 1000;

export const textReporter: Reporter = (report, context) => {
  const chalk = new Chalk({ level: context.color ? 1 : 0 });
  const t = (id: string, data: Record<string, unknown> = {}) => message(id, context.lang, data);
  const lines: string[] = [];

  const perRule = new Map<string, number>();
  const listed: ReportFinding[] = [];
  let capped = 0;
  for (const f of report.findings) {
    const n = (perRule.get(f.ruleId) ?? 0) + 1;
    perRule.set(f.ruleId, n);
    if (n <= TEXT_MAX_PER_RULE) listed.push(f);
    else capped += 1;
  }
  for (const [, findings] of groupBy(listed, (f) => `${f.file}\u0000${f.sheet ?? ''}`)) {
    const first = findings[0];
    if (!first) continue;
    lines.push(chalk.underline(first.sheet === null ? first.file : `${first.file} · ${first.sheet}`));
    for (const [, group] of groupBy(findings, groupKey)) {
      const head = group[0];
      if (!head) continue;
      lines.push(`  ${chalk.bold(groupTitle(head, t))}`);
      for (const f of group) lines.push(`    ${formatFinding(f, chalk, context.lang, t)}`);
    }
    lines.push('');
  }

  const s = report.summary;
  if (context.summary) {
    lines.push(areaTable(report, context, t), '');
    if (s.standards.length > 0) lines.push(standardTable(report, context, t), '');
  }
  const total = s.errors + s.warnings + s.infos;
  if (total > 0) {
    const rows = Object.entries(s.byRule).sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1));
    lines.push(
      textTable(
        ['report.table.rule', 'report.table.title', 'report.table.severity', 'report.table.count'],
        rows.map(([ruleId, entry]) => [
          ruleId,
          context.ruleTitles.get(ruleId)?.[context.lang] ?? '',
          t(`report.severity.${entry.severity}`),
          entry.count,
        ]),
        context,
        t,
      ),
    );
    const totals = t('report.totals', { total, ...s });
    lines.push(s.errors > 0 ? chalk.red.bold(`✖ ${totals}`) : chalk.yellow.bold(`⚠ ${totals}`));
  } else {
    lines.push(chalk.green.bold(`✔ ${t('report.clean', s)}`));
  }
  const omitted = Object.values(s.byRule).reduce((n, r) => n + r.omitted, 0);
  if (omitted > 0) lines.push(chalk.dim(t('summary.omitted', { omitted })));
  if (capped > 0) lines.push(chalk.dim(t('summary.text-capped', { max: TEXT_MAX_PER_RULE, count: capped })));
  if (s.baseline) lines.push(chalk.dim(t('summary.baseline', s.baseline)));
  if (report.waived.length > 0) {
    lines.push('', chalk.bold(t('summary.waived-title', { count: report.waived.length })));
    for (const f of report.waived) {
      const where = [f.file, f.sheet, f.row === null ? null : t('report.row', { row: f.row })]
        .filter(Boolean)
        .join(' · ');
      lines.push(
        `  ${t('summary.waived-line', { where, message: f.message, ruleId: f.ruleId, ...f.waiver })}`,
      );
    }
  }
  if (s.waivers) lines.push(chalk.dim(t('summary.waivers', s.waivers)));
  if (context.maxWarningsExceeded) {
    lines.push(chalk.red(t('report.max-warnings', context.maxWarningsExceeded)));
  }
  return [`${lines.join('\n')}\n`];
};

/** Persons, households and households with errors by township and village, with the pass rate. */
function areaTable(report: ReportView, context: ReporterContext, t: Translate): string {
  const rate = (households: number, failing: number) =>
    formatRate(households === 0 ? null : (households - failing) / households);
  const total = { persons: 0, households: 0, failing: 0, errors: 0, warnings: 0 };
  const rows: TableRow[] = [];
  for (const a of report.summary.byArea) {
    rows.push([
      a.township ?? t('summary.unknown'),
      a.village ?? t('summary.unknown'),
      a.persons,
      a.households,
      a.failingHouseholds,
      rate(a.households, a.failingHouseholds),
      a.errors,
      a.warnings,
    ]);
    total.persons += a.persons;
    total.households += a.households;
    total.failing += a.failingHouseholds;
    total.errors += a.errors;
    total.warnings += a.warnings;
  }
  rows.push([
    t('summary.total'),
    '',
    total.persons,
    total.households,
    total.failing,
    rate(total.households, total.failing),
    total.errors,
    total.warnings,
  ]);
  const head = [
    'summary.township',
    'summary.village',
    'summary.persons',
    'summary.households',
    'summary.failing',
    'summary.pass-rate',
    'summary.errors',
    'summary.warnings',
  ];
  const statuses = Object.entries(report.summary.byStatus)
    .map(([status, n]) => `${status || t('summary.unknown')} ${n}`)
    .join('，');
  return `${t('summary.title')}\n${textTable(head, rows, context, t)}\n${t('summary.by-status', { statuses })}`;
}

/** Households checked and failing for each rule of a standard pack, with the pass rate. */
function standardTable(report: ReportView, context: ReporterContext, t: Translate): string {
  const head = [
    'summary.standard',
    'report.table.rule',
    'summary.checked',
    'summary.standard-failing',
    'summary.pass-rate',
  ];
  const rows = report.summary.standards.map((std): TableRow => [
    context.ruleTitles.get(std.ruleId)?.[context.lang] ?? std.ruleId,
    std.ruleId,
    std.checked,
    std.failing,
    formatRate(std.passRate),
  ]);
  return `${t('summary.standards-title')}\n${textTable(head, rows, context, t)}`;
}

function groupKey(f: ReportFinding): string {
  if (f.scope === 'input') return '\u0000input';
  const group = groupName(f);
  if (group !== null) return `\u0000${f.scope}:${group}`;
  return f.householdId === null ? `\u0001row${f.row ?? ''}` : `h:${f.householdId}`;
}

function groupTitle(f: ReportFinding, t: Translate): string {
  if (f.scope === 'input') return t('report.input-level');
  const group = groupName(f);
  if (group !== null) return t(`report.group.${f.scope}`, { group });
  const place = [f.township, f.village].filter(Boolean).join(' ');
  const who =
    f.householdId === null ? t('report.no-household') : t('report.household', { id: f.householdId });
  return place ? `${who} · ${place}` : who;
}

function formatFinding(f: ReportFinding, chalk: ChalkInstance, lang: Lang, t: Translate): string {
  const where =
    f.row === null
      ? ''
      : f.column === null
        ? t('report.row', { row: f.row })
        : t('report.row-column', { row: f.row, column: f.column });
  const severity = t(`report.severity.${f.severity}`);
  const color = f.severity === 'error' ? chalk.red : f.severity === 'warning' ? chalk.yellow : chalk.blue;
  const pad = lang === 'zh' ? 2 : 7;
  return [
    chalk.dim(where.padEnd(lang === 'zh' ? 12 : 18)),
    color(severity.padEnd(pad)),
    f.message,
    chalk.dim(f.ruleId),
  ]
    .filter((part) => part !== '')
    .join('  ');
}

/** Groups consecutive items with the same key, keeping order (the report is already sorted). */
function groupBy<T>(items: readonly T[], key: (item: T) => string): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return [...groups.entries()];
}

export type { Report };

type TableRow = (string | number)[];

/**
 * A table of the terminal report: headers (message ids, in the language), rows, and cli-table3's colours (cyan
 * headers and grey borders, none without colour).
 */
function textTable(
  headIds: readonly string[],
  rows: readonly TableRow[],
  context: ReporterContext,
  t: Translate,
): string {
  const table = new Table({
    head: headIds.map((id) => t(id)),
    style: { head: context.color ? ['cyan'] : [], border: context.color ? ['grey'] : [] },
  });
  table.push(...rows);
  return table.toString();
}
