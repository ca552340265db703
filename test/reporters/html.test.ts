/**
 * The HTML reporter as a pure function over the demo report: structure, numbers, escaping, the per-rule cap,
 * waivers and baseline, determinism and the ES2017 script. The browser test (html.browser.test.ts) opens the
 * file in Chromium and works its controls.
 */
import { parse } from 'acorn';
import { describe, expect, it } from 'vitest';
import type { Report, ReportFinding } from '../../src/findings/report.js';
import { REPORTERS } from '../../src/reporters/index.js';
import {
  failingByTownship,
  htmlReporter,
  MAX_FINDINGS_PER_RULE,
  niceTicks,
} from '../../src/reporters/html.js';
import { HTML_SCRIPT } from '../../src/reporters/html-script.js';
import { checksumFinding, cleanReport, contextOf, demo, runDemo, withFindings } from './demo.js';
import { renderReport } from '../../src/reporters/types.js';

/** Every match of a regular expression's first group. */
function all(html: string, re: RegExp): string[] {
  return [...html.matchAll(re)].map((m) => m[1] ?? '');
}

function tableRows(html: string, id: string): string[] {
  const table = new RegExp(`<table[^>]*id="${id}"[^>]*>([\\s\\S]*?)</table>`).exec(html)?.[1] ?? '';
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(table)?.[1] ?? '';
  return all(body, /<tr[^>]*>([\s\S]*?)<\/tr>/g);
}

describe('html reporter', () => {
  it('is registered', () => {
    expect(REPORTERS.html).toBe(htmlReporter);
  });

  it('has the headline numbers, pass rates, the township chart, villages, rules and findings', async () => {
    const result = await demo('zh');
    const report = result.report;
    const s = report.summary;
    const html = renderReport(htmlReporter, report, contextOf(result));
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="zh-CN">')).toBe(true);
    expect(html).toContain('<title>台账体检报告 · fixtures/demo/demo-county.xlsx</title>');
    expect(html).toContain(
      `共 ${s.errors + s.warnings + s.infos} 个问题（错误 ${s.errors}，警告 ${s.warnings}，提示 ${s.infos}）· 检查了 ${s.persons} 人、${s.households} 户`,
    );

    const metric = (key: string) =>
      new RegExp(`data-metric="${key}"><div class="value">([\\d,]+)</div>`).exec(html)?.[1];
    const failing = s.byArea.reduce((n, a) => n + a.failingHouseholds, 0);
    expect(failing).toBeGreaterThan(0);
    expect([
      metric('persons'),
      metric('households'),
      metric('errors'),
      metric('warnings'),
      metric('failing-households'),
    ]).toEqual([
      String(s.persons),
      String(s.households),
      String(s.errors),
      String(s.warnings),
      String(failing),
    ]);

    // One bar per standard, in pack order, with its pass rate.
    expect(all(html, /<div class="std-row" data-rule="([^"]+)"/g)).toEqual(s.standards.map((x) => x.ruleId));
    expect(all(html, /data-pass-rate="([^"]*)"/g)).toEqual(s.standards.map((x) => String(x.passRate)));
    expect(html).toContain('人均纯收入超过国家扶贫标准');
    expect(html).toContain('98.0%（50/51 户达标）');
    const education = s.standards.find((x) => x.ruleId === 'exit-compulsory-education');
    const passed = (education?.checked ?? 0) - (education?.failing ?? 0);
    expect(html).toContain(
      `${(((education?.passRate ?? 0) * 1000) / 10).toFixed(1)}%（${passed}/${education?.checked} 户达标）`,
    );

    // Township × standard bars with the failing counts summed over the villages.
    const bars = [
      ...html.matchAll(/<g class="bar" data-township="([^"]+)" data-rule="([^"]+)" data-value="(\d+)">/g),
    ].map((m) => `${m[1]}|${m[2]}|${m[3]}`);
    const expected = failingByTownship(report, '（未填）').flatMap((town) =>
      s.standards.map((std) => `${town.township}|${std.ruleId}|${town.failing.get(std.ruleId) ?? 0}`),
    );
    expect(bars).toEqual(expected);
    expect(bars).toContain('田峰乡|exit-compulsory-education|1');
    expect(bars).toContain('兴东乡|exit-income-above-line|0');
    expect(bars).toContain('塘六镇|exit-safe-housing|1');
    const totalFailing = s.standards.reduce((n, x) => n + x.failing, 0);
    expect(bars.reduce((n, b) => n + Number(b.split('|')[2]), 0)).toBe(totalFailing);

    // The village table: one row per area, standard columns failing / checked.
    const villages = tableRows(html, 'villages-table');
    expect(villages).toHaveLength(s.byArea.length);
    expect(villages[0]).toContain('data-value="平南村">平南村</td>');
    expect(villages[0]).toContain('>1 / 4</td>');

    expect(tableRows(html, 'rules-table')).toHaveLength(Object.keys(s.byRule).length);
    const findings = tableRows(html, 'findings-table');
    expect(findings).toHaveLength(report.findings.length);
    expect(html).toContain('<option value="id-number-checksum">id-number-checksum · 证件号码校验位</option>');
    // IDs stay masked as in every other format.
    const checksum = report.findings.find((f) => f.ruleId === 'id-number-checksum')?.message ?? '';
    expect(checksum).toMatch(/^证件号码“4510\*{10}\d{3}[\dX]”校验位错误$/);
    expect(html).toContain(checksum);
    expect(html).not.toContain('findings-capped');
    expect(html).not.toContain('id="waivers"');
  });

  it('loads nothing: no external URL, and a Content-Security-Policy that forbids it', async () => {
    const result = await demo('zh');
    const html = renderReport(htmlReporter, result.report, contextOf(result));
    expect(html).toContain(
      `content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"`,
    );
    expect(all(html, /\b(?:src|href)="([^"]*)"/g).every((url) => url.startsWith('data:'))).toBe(true);
    expect(html).not.toMatch(/url\(|@import|https?:\/\//);
    expect(html).toContain(`<script>${HTML_SCRIPT}</script>`);
  });

  it('uses English labels with --lang en', async () => {
    const result = await demo('en');
    const html = renderReport(htmlReporter, result.report, contextOf(result, 'en'));
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<h1>Ledger check report</h1>');
    expect(html).toContain('Pass rate per standard');
    expect(html).toContain('98.0% (50 of 51 households)');
    expect(html).toContain('Households failing each standard, by township');
    expect(html).not.toContain('台账体检报告');
    expect(html).not.toContain('各项标准通过率');
  });

  it('escapes ledger text: a village named <script> is text', async () => {
    const result = await demo('zh');
    const base = checksumFinding(result.report);
    const evil = '<script>alert(1)</script>';
    const report: Report = {
      ...result.report,
      inputs: [{ ...result.report.inputs[0]!, file: '"><img src=x onerror=alert(2)>.xlsx' }],
      summary: {
        ...result.report.summary,
        byArea: result.report.summary.byArea.map((a, i) =>
          i === 0 ? { ...a, township: evil, village: evil } : a,
        ),
      },
      findings: [
        { ...base, village: evil, township: `'${evil}`, householdId: '&amp;', message: `</td>${evil}` },
      ],
    };
    const html = renderReport(htmlReporter, report, contextOf(result));
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;.xlsx');
    expect(html).toContain('<td class="mono">&amp;amp;</td>');
    expect(html).toContain('&lt;/td&gt;&lt;script&gt;');
    // Only the two script elements of the report itself.
    expect(html.match(/<script/g)).toHaveLength(2);
  });

  it(`lists at most ${MAX_FINDINGS_PER_RULE} findings of a rule and says how many are left out`, async () => {
    const result = await demo('zh');
    const base = checksumFinding(result.report);
    const many: ReportFinding[] = Array.from({ length: MAX_FINDINGS_PER_RULE + 40 }, (_, n) => ({
      ...base,
      row: n + 5,
    }));
    const entry = result.report.summary.byRule['id-number-checksum']!;
    const summary = {
      ...result.report.summary,
      byRule: { 'id-number-checksum': { ...entry, count: MAX_FINDINGS_PER_RULE + 45, omitted: 5 } },
      errors: MAX_FINDINGS_PER_RULE + 45,
      warnings: 0,
      infos: 0,
    };
    const html = renderReport(htmlReporter, withFindings(result.report, many, summary), contextOf(result));
    expect(tableRows(html, 'findings-table')).toHaveLength(MAX_FINDINGS_PER_RULE);
    expect(html).toContain(`每条规则最多列出前 ${MAX_FINDINGS_PER_RULE} 个问题；另有 40 个问题未在此列出`);
    expect(html).toContain('另有 5 个问题按 --quiet 或 --max-findings-per-rule 未列入报告');
    const ruleRow = tableRows(html, 'rules-table')[0] ?? '';
    expect(ruleRow).toContain(`<td class="num">${MAX_FINDINGS_PER_RULE + 45}</td>`);
    expect(ruleRow).toContain(`<td class="num">${MAX_FINDINGS_PER_RULE}</td></tr>`.replace('</tr>', ''));
  });

  it('shows waived findings with their reason and the baseline note', async () => {
    const result = await demo('zh');
    const base = checksumFinding(result.report);
    const report: Report = {
      ...result.report,
      summary: {
        ...result.report.summary,
        waivers: { applied: 1, expired: 2, unused: 0 },
        baseline: { matched: 4, disappeared: 3 },
      },
      waived: [{ ...base, waiver: { reason: '已核实<属实>', by: '韦统计', until: '2021-06-30' } }],
    };
    const html = renderReport(htmlReporter, report, contextOf(result));
    expect(html).toContain('<h2>已豁免的问题</h2>');
    expect(html).toContain('豁免：已豁免 1 个，已过期重新报告 2 个，未用到的豁免 0 条');
    const waived = tableRows(html, 'waived-table');
    expect(waived).toHaveLength(1);
    expect(waived[0]).toContain('<td>已核实&lt;属实&gt;</td><td>韦统计</td><td>2021-06-30</td>');
    expect(html).toContain('基线已接受 4 个问题（未列出），基线中有 3 个问题已不再出现');
  });

  it('reports a clean run and the --max-warnings verdict', async () => {
    const result = await demo('zh');
    const html = renderReport(htmlReporter, cleanReport(result.report), {
      ...contextOf(result),
      maxWarningsExceeded: { warnings: 3, max: 1 },
    });
    const { persons, households } = result.report.summary;
    expect(html).toContain(`<p class="verdict good">未发现问题 · 检查了 ${persons} 人、${households} 户</p>`);
    expect(html).toContain('警告数 3 超过了 --max-warnings 1');
    expect(html).toContain('未发现问题。');
    expect(html).not.toContain('id="findings-table"');
  });

  it('is byte-identical across runs', async () => {
    const a = await runDemo('zh');
    const b = await runDemo('zh');
    expect(b.report).not.toBe(a.report);
    expect(renderReport(htmlReporter, a.report, contextOf(a))).toBe(
      renderReport(htmlReporter, b.report, contextOf(b)),
    );
  });

  it('has a script an ES2017 browser can parse', () => {
    expect(() => parse(HTML_SCRIPT, { ecmaVersion: 2017, sourceType: 'script' })).not.toThrow();
    expect(() => parse('a?.b', { ecmaVersion: 2017, sourceType: 'script' })).toThrow();
  });

  it('draws axis ticks at round steps', () => {
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(niceTicks(1)).toEqual([0, 1]);
    expect(niceTicks(5)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(niceTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(23)).toEqual([0, 5, 10, 15, 20, 25]);
    expect(niceTicks(31)).toEqual([0, 10, 20, 30, 40]);
    expect(niceTicks(480)).toEqual([0, 100, 200, 300, 400, 500]);
  });
});
