/**
 * A Markdown summary for a CI job page (GitHub job summary, GitLab, Azure DevOps) or an email: the verdict and
 * headline numbers, the files checked, a table by rule, and the first MAX_FINDINGS findings with their place.
 * Labels in the report language (Chinese by default). Ledger text is escaped (escape.ts): masked IDs such as
 * 4510**********0223 would otherwise render as bold, a `|` would split a table cell.
 */
import { formatRate } from './format.js';
import type { ReportFinding } from '../findings/report.js';
import { message } from '../i18n/catalogue.js';
import { markdownCode, markdownText } from './escape.js';
import { groupPlace } from './group.js';
import { listedCount } from './listed.js';
import type { Reporter } from './types.js';

/** Findings listed in full; the rest are counted. */
export const MAX_FINDINGS = 50;

const SEVERITY_RANK: Readonly<Record<ReportFinding['severity'], number>> = { error: 0, warning: 1, info: 2 };

export const markdownReporter: Reporter = (report, context) => {
  const t = (id: string, data: Record<string, unknown> = {}) => message(id, context.lang, data);
  const s = report.summary;
  const total = s.errors + s.warnings + s.infos;
  const out: string[] = [`# ${markdownText(t('report.md.title'))}`, ''];

  out.push(
    total > 0
      ? `**${s.errors > 0 ? '✖' : '⚠'} ${markdownText(t('report.totals', { total, ...s }))}**`
      : `**✔ ${markdownText(t('report.clean', s))}**`,
  );
  if (context.maxWarningsExceeded)
    out.push('', `**${markdownText(t('report.max-warnings', context.maxWarningsExceeded))}**`);
  out.push(
    '',
    row(['persons', 'households', 'errors', 'warnings', 'infos'].map((k) => t(`report.md.${k}`))),
    row(['---:', '---:', '---:', '---:', '---:'], false),
    row([s.persons, s.households, s.errors, s.warnings, s.infos].map(String)),
    '',
  );

  if (report.inputs.length > 0) {
    out.push(`## ${markdownText(t('report.md.inputs'))}`, '');
    for (const input of report.inputs) {
      const sheets = input.sheets.map((sh) =>
        sh.name === null
          ? t('report.md.rows', { rows: sh.dataRows })
          : t('report.md.sheet-rows', { sheet: sh.name, rows: sh.dataRows }),
      );
      out.push(
        `- ${markdownText(input.file)}${sheets.length > 0 ? ` · ${markdownText(sheets.join('，'))}` : ''}`,
      );
    }
    out.push('');
  }

  const rules = Object.entries(s.byRule).sort(
    (a, b) =>
      SEVERITY_RANK[a[1].severity] - SEVERITY_RANK[b[1].severity] ||
      b[1].count - a[1].count ||
      (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0),
  );
  if (rules.length > 0) {
    out.push(
      `## ${markdownText(t('report.md.by-rule'))}`,
      '',
      row([
        t('report.table.rule'),
        t('report.table.title'),
        t('report.table.severity'),
        t('report.table.count'),
      ]),
      row(['---', '---', '---', '---:'], false),
    );
    for (const [ruleId, entry] of rules) {
      out.push(
        row(
          [
            markdownCode(ruleId),
            markdownText(context.ruleTitles.get(ruleId)?.[context.lang] ?? ''),
            markdownText(t(`report.severity.${entry.severity}`)),
            String(entry.count),
          ],
          false,
        ),
      );
    }
    out.push('');
  }

  if (s.standards.length > 0) {
    out.push(
      `## ${markdownText(t('summary.standards-title'))}`,
      '',
      row([
        t('summary.standard'),
        t('report.table.rule'),
        t('summary.checked'),
        t('summary.standard-failing'),
        t('summary.pass-rate'),
      ]),
      row(['---', '---', '---:', '---:', '---:'], false),
    );
    for (const std of s.standards) {
      out.push(
        row(
          [
            markdownText(context.ruleTitles.get(std.ruleId)?.[context.lang] ?? ''),
            markdownCode(std.ruleId),
            String(std.checked),
            String(std.failing),
            formatRate(std.passRate),
          ],
          false,
        ),
      );
    }
    out.push('');
  }

  // The first MAX_FINDINGS listed findings; the rest are only counted, from the summary (the list may be read
  // from disk: it is read no further than needed).
  const listedTotal = listedCount(report.summary.byRule);
  const shown: ReportFinding[] = [];
  if (listedTotal > 0) {
    for (const f of report.findings) {
      shown.push(f);
      if (shown.length >= MAX_FINDINGS) break;
    }
  }
  if (listedTotal > 0) {
    out.push(
      `## ${markdownText(
        shown.length < total
          ? t('report.md.findings-first', { shown: shown.length, total })
          : t('report.md.findings-all', { total }),
      )}`,
      '',
      row(
        ['file', 'sheet', 'row', 'column', 'household', 'rule', 'severity', 'message'].map((c) =>
          t(`report.col.${c}`),
        ),
      ),
      row(['---', '---', '---:', '---', '---', '---', '---', '---'], false),
    );
    for (const f of shown) {
      out.push(
        row(
          [
            markdownText(f.file),
            markdownText(f.sheet ?? ''),
            f.row === null ? '' : String(f.row),
            markdownText(f.column ?? ''),
            markdownText(f.householdId ?? groupPlace(f, context.lang) ?? ''),
            markdownCode(f.ruleId),
            markdownText(t(`report.severity.${f.severity}`)),
            markdownText(f.message),
          ],
          false,
        ),
      );
    }
    out.push('');
    if (listedTotal > shown.length)
      out.push(markdownText(t('report.md.more', { count: listedTotal - shown.length })), '');
  }
  if (total > listedTotal)
    out.push(markdownText(t('report.md.unlisted', { count: total - listedTotal })), '');

  return [`${out.join('\n').trimEnd()}\n`];
};

/** A table row; cells are escaped unless they already are. */
function row(cells: readonly string[], escape = true): string {
  return `| ${cells.map((c) => (escape ? markdownText(c) : c)).join(' | ')} |`;
}
