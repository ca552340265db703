import { describe, expect, it } from 'vitest';
import type { ReportFinding } from '../../src/findings/report.js';
import { REPORTERS } from '../../src/reporters/index.js';
import { markdownReporter, MAX_FINDINGS } from '../../src/reporters/markdown.js';
import { checksumFinding, contextOf, demo, DEMO, runDemo, withFindings, cleanReport } from './demo.js';
import { renderReport } from '../../src/reporters/types.js';

/** The cells of a Markdown table row, unescaping `\|`. */
function cells(line: string): string[] {
  return line
    .slice(2, -2)
    .split(/(?<!\\) \| /)
    .map((c) => c.trim());
}

function section(md: string, heading: string): string[] {
  const lines = md.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`## ${heading}`));
  if (start < 0) return [];
  const end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
  return lines.slice(start, end < 0 ? undefined : end);
}

describe('markdown reporter', () => {
  it('is registered', () => {
    expect(REPORTERS.markdown).toBe(markdownReporter);
  });

  it('has the headline numbers, the files, a table by rule and the findings, in Chinese', async () => {
    const result = await demo('zh');
    const s = result.report.summary;
    const md = renderReport(markdownReporter, result.report, contextOf(result));
    const lines = md.split('\n');
    expect(lines[0]).toBe('# ledgerlint 台账体检报告');
    expect(md).toContain(
      `**✖ 共 ${s.errors + s.warnings + s.infos} 个问题（错误 ${s.errors}，警告 ${s.warnings}`,
    );
    const head = lines.indexOf('| 人数 | 户数 | 错误 | 警告 | 提示 |');
    expect(head).toBeGreaterThan(0);
    expect(lines[head + 2]).toBe(
      `| ${s.persons} | ${s.households} | ${s.errors} | ${s.warnings} | ${s.infos} |`,
    );
    expect(md).toContain(`- ${DEMO} · 花名册（236 行数据）`);

    const byRule = section(md, '按规则统计').filter((l) => l.startsWith('| '));
    expect(cells(byRule[0] ?? '')).toEqual(['规则', '说明', '严重程度', '数量']);
    const rows = byRule.slice(2).map(cells);
    expect(rows).toHaveLength(Object.keys(s.byRule).length);
    expect(rows).toContainEqual(['`id-number-checksum`', '证件号码校验位', '错误', '1']);
    expect(rows[0]?.[2]).toBe('错误');
    expect(rows[rows.length - 1]?.[2]).toBe('警告');

    const findings = section(md, '问题明细').filter((l) => l.startsWith('| '));
    expect(section(md, '问题明细')[0]).toBe(`## 问题明细（共 ${result.report.findings.length} 个）`);
    expect(cells(findings[0] ?? '')).toEqual([
      '文件',
      '工作表',
      '行',
      '列',
      '户编号',
      '规则',
      '严重程度',
      '说明',
    ]);
    expect(findings.slice(2)).toHaveLength(result.report.findings.length);
    const known = checksumFinding(result.report);
    expect(findings.map(cells)).toContainEqual([
      DEMO,
      '花名册',
      '39',
      'I',
      known.householdId,
      '`id-number-checksum`',
      '错误',
      '证件号码“4510\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*4964”校验位错误',
    ]);
    expect(md).not.toContain('另有');
  });

  it('uses English labels with --lang en', async () => {
    const result = await demo('en');
    const md = renderReport(markdownReporter, result.report, contextOf(result, 'en'));
    expect(md.split('\n')[0]).toBe('# ledgerlint ledger check report');
    expect(md).toContain('| Persons | Households | Errors | Warnings | Infos |');
    expect(md).toContain('## By rule');
    expect(md).toContain('| `id-number-checksum` | ID number check digit | error | 1 |');
    expect(md).toContain(`- ${DEMO} · 花名册 (236 data rows)`);
  });

  it('lists the first MAX_FINDINGS findings and says how many more, and how many were left out', async () => {
    const result = await demo('zh');
    const base = checksumFinding(result.report);
    const findings: ReportFinding[] = Array.from({ length: MAX_FINDINGS + 12 }, (_, n) => ({
      ...base,
      row: n + 5,
    }));
    const entry = result.report.summary.byRule['id-number-checksum'];
    if (!entry) throw new Error('no byRule entry');
    const summary = {
      ...result.report.summary,
      byRule: { 'id-number-checksum': { ...entry, count: MAX_FINDINGS + 15, omitted: 3 } },
      errors: MAX_FINDINGS + 15,
      warnings: 0,
      infos: 0,
    };
    const md = renderReport(
      markdownReporter,
      withFindings(result.report, findings, summary),
      contextOf(result),
    );
    const part = section(md, '问题明细');
    expect(part[0]).toBe(`## 问题明细（前 ${MAX_FINDINGS} 个，共 ${MAX_FINDINGS + 15} 个）`);
    expect(part.filter((l) => l.startsWith('| ')).slice(2)).toHaveLength(MAX_FINDINGS);
    expect(md).toContain('另有 12 个问题未在此列出');
    expect(md).toContain('另有 3 个问题按 --quiet 或 --max-findings-per-rule 未列入报告');
    expect(md).toContain(`| \`id-number-checksum\` | 证件号码校验位 | 错误 | ${MAX_FINDINGS + 15} |`);
  });

  it('escapes ledger text so it cannot break the table or inject markup', async () => {
    const result = await demo('zh');
    const base = checksumFinding(result.report);
    const md = renderReport(
      markdownReporter,
      withFindings(result.report, [
        {
          ...base,
          file: 'a|b.xlsx',
          sheet: '<img src=x onerror=alert(1)>',
          message: '第一行\n| 第二行 [链接](http://e)',
        },
      ]),
      contextOf(result),
    );
    const row = section(md, '问题明细').filter((l) => l.startsWith('| '))[2] ?? '';
    expect(cells(row)).toHaveLength(8);
    expect(row).toContain('a\\|b.xlsx');
    expect(row).toContain('\\<img src=x onerror=alert(1)\\>');
    expect(row).toContain('第一行 \\| 第二行 \\[链接\\](http://e)');
  });

  it('reports a clean run and the --max-warnings verdict', async () => {
    const result = await demo('zh');
    const clean = cleanReport(result.report);
    const md = renderReport(markdownReporter, clean, {
      ...contextOf(result),
      maxWarningsExceeded: { warnings: 3, max: 1 },
    });
    expect(md).toContain('**✔ 未发现问题 · 检查了 236 人、60 户**');
    expect(md).toContain('**警告数 3 超过了 --max-warnings 1**');
    expect(md).not.toContain('## 按规则统计');
    expect(md).not.toContain('## 问题明细');
  });

  it('is byte-identical across runs', async () => {
    const a = await runDemo('zh');
    const b = await runDemo('zh');
    expect(b.report).not.toBe(a.report);
    expect(renderReport(markdownReporter, a.report, contextOf(a))).toBe(
      renderReport(markdownReporter, b.report, contextOf(b)),
    );
  });
});
