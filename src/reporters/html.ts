/**
 * The HTML report for people: one self-contained file (inline CSS, SVG and a small ES2017 script; no network,
 * no fonts, no CDN) that opens offline on a county office PC. Headline numbers, the pass rate per standard,
 * failing households by township and standard (inline SVG drawn here, so the charts need no script), the
 * village table (sortable, filterable), the counts by rule, the finding list (searchable, filterable by
 * severity and rule), waived findings and the baseline note.
 *
 * Every label comes from the i18n catalogue (messages/html.ts); every piece of ledger text goes through
 * htmlText (escape.ts). IDs, phones and bank cards arrive masked from the report model (findings/mask.ts).
 * Deterministic: no timestamps, fixed number formatting, output depends on the report and context only.
 *
 * File size: a 300,000-person county may have tens of thousands of findings. The list shows at most
 * MAX_FINDINGS_PER_RULE findings of each rule (the report's order: file, sheet, row), and says how many are
 * left out; counts everywhere else stay exact. About 100 rows of 400 bytes per rule keeps even a report that
 * trips all 80-odd rules at a few megabytes, which an old browser still opens quickly.
 */
import type { ReportView } from '../findings/assemble.js';
import { formatRate } from './format.js';
import type { Report, ReportFinding } from '../findings/report.js';
import { message } from '../i18n/catalogue.js';
import { htmlText } from './escape.js';
import { HTML_SCRIPT } from './html-script.js';
import { HTML_STYLE } from './html-style.js';
import { listedByRule, listedCount } from './listed.js';
import type { Reporter, ReporterContext, Translate } from './types.js';

/** Findings of one rule listed in the HTML file; the rest are counted. */
export const MAX_FINDINGS_PER_RULE = 100;

/** Series colours of the township chart (Tableau 10: distinguishable, also in grey print). */
export const CHART_COLORS = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
] as const;

const SEVERITY_RANK: Readonly<Record<ReportFinding['severity'], number>> = { error: 0, warning: 1, info: 2 };

export const htmlReporter: Reporter = (report, context) => {
  const t: Translate = (id, data = {}) => message(id, context.lang, data);
  const s = report.summary;
  const title = t('html.title');
  const labels = {
    shown: t('html.findings.shown'),
    sortAsc: t('html.sort-asc'),
    sortDesc: t('html.sort-desc'),
  };
  // The listed findings are read once for the rule table and the finding list.
  const sample = sampleFindings(report);
  const sections = [
    headline(report, context, t),
    standardsSection(report, context, t),
    chartSection(report, context, t),
    villageSection(report, context, t),
    ruleSection(report, context, t, sample),
    findingsSection(report, context, t, sample),
    waivedSection(report, context, t),
  ].filter((part) => part !== '');
  // One chunk: the page lists a capped sample of findings (MAX_FINDINGS_PER_RULE), so it stays small.
  return [
    [
      '<!DOCTYPE html>',
      `<html lang="${context.lang === 'zh' ? 'zh-CN' : 'en'}">`,
      '<head>',
      '<meta charset="utf-8">',
      // Defence in depth: even if ledger text slipped through unescaped, nothing could be loaded or sent.
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">`,
      '<meta name="viewport" content="width=device-width, initial-scale=1">',
      '<link rel="icon" href="data:,">',
      `<title>${htmlText(`${title} · ${report.inputs.map((i) => i.file).join('，')}`)}</title>`,
      `<style>${HTML_STYLE}</style>`,
      '</head>',
      '<body>',
      '<header class="page-head">',
      `<h1>${htmlText(title)}</h1>`,
      `<p class="subtitle">${htmlText(
        t('html.subtitle', {
          year: report.params.year,
          date: report.params.assessment_date,
          packs: report.packs.map((p) => `${p.id} ${p.version}`).join(context.lang === 'zh' ? '、' : ', '),
        }),
      )}</p>`,
      inputsList(report, t),
      `<p class="verdict ${s.errors > 0 ? 'bad' : s.warnings > 0 ? 'warn' : 'good'}">${htmlText(
        s.errors + s.warnings + s.infos > 0
          ? t('report.totals', { total: s.errors + s.warnings + s.infos, ...s })
          : t('report.clean', s),
      )}</p>`,
      context.maxWarningsExceeded
        ? `<p class="verdict bad">${htmlText(t('report.max-warnings', context.maxWarningsExceeded))}</p>`
        : '',
      '</header>',
      '<main>',
      ...sections,
      '</main>',
      `<footer>${htmlText(t('html.footer', { version: report.tool.version }))}</footer>`,
      `<script id="ledgerlint-labels" type="application/json">${jsonForScript(labels)}</script>`,
      `<script>${HTML_SCRIPT}</script>`,
      '</body>',
      '</html>',
      '',
    ]
      .filter((line) => line !== '')
      .join('\n'),
  ];
};

function inputsList(report: ReportView, t: Translate): string {
  if (report.inputs.length === 0) return '';
  const items = report.inputs.map((input) => {
    const sheets = input.sheets.map((sh) =>
      sh.name === null
        ? t('html.rows', { rows: sh.dataRows })
        : t('html.sheet-rows', { sheet: sh.name, rows: sh.dataRows }),
    );
    return `<li><span class="file">${htmlText(input.file)}</span>${
      sheets.length > 0 ? ` · ${htmlText(sheets.join('；'))}` : ''
    }</li>`;
  });
  return `<ul class="files" aria-label="${htmlText(t('html.files'))}">${items.join('')}</ul>`;
}

/** Households with at least one error, over every area. */
export function failingHouseholds(report: ReportView): number {
  return report.summary.byArea.reduce((sum, area) => sum + area.failingHouseholds, 0);
}

function headline(report: ReportView, _context: ReporterContext, t: Translate): string {
  const s = report.summary;
  const failing = failingHouseholds(report);
  const card = (id: string, key: string, value: number, tone: string, note = '') =>
    `<div class="card ${tone}" data-metric="${key}"><div class="value">${formatInt(value)}</div>` +
    `<div class="label">${htmlText(t(id))}</div>${note === '' ? '' : `<div class="sub">${htmlText(note)}</div>`}</div>`;
  return [
    '<section class="cards" id="headline">',
    card('html.headline.persons', 'persons', s.persons, ''),
    card('html.headline.households', 'households', s.households, ''),
    card('html.headline.errors', 'errors', s.errors, s.errors > 0 ? 'bad' : 'good'),
    card('html.headline.warnings', 'warnings', s.warnings, s.warnings > 0 ? 'warn' : 'good'),
    card(
      'html.headline.failing',
      'failing-households',
      failing,
      failing > 0 ? 'bad' : 'good',
      s.households > 0 ? t('html.headline.failing-share', { share: formatRate(failing / s.households) }) : '',
    ),
    '</section>',
  ].join('\n');
}

function ruleTitle(context: ReporterContext, ruleId: string): string {
  return context.ruleTitles.get(ruleId)?.[context.lang] ?? ruleId;
}

function standardsSection(report: ReportView, context: ReporterContext, t: Translate): string {
  const standards = report.summary.standards;
  const out = [`<section id="standards">`, `<h2>${htmlText(t('html.standards.title'))}</h2>`];
  if (standards.length === 0) {
    out.push(`<p class="muted">${htmlText(t('html.standards.none'))}</p>`, '</section>');
    return out.join('\n');
  }
  out.push('<div class="std-list">');
  for (const std of standards) {
    const rate = std.passRate;
    const width = rate === null ? 0 : round1(rate * 400);
    const tone = rate === null ? 'none' : rate >= 0.95 ? 'good' : rate >= 0.8 ? 'warn' : 'bad';
    const value =
      rate === null
        ? t('html.standards.not-checked')
        : t('html.standards.bar', {
            rate: formatRate(rate),
            passing: std.checked - std.failing,
            checked: std.checked,
          });
    out.push(
      `<div class="std-row" data-rule="${htmlText(std.ruleId)}" data-pass-rate="${rate === null ? '' : rate}">`,
      `<div class="std-label">${htmlText(ruleTitle(context, std.ruleId))} <code>${htmlText(std.ruleId)}</code></div>`,
      `<svg class="std-bar ${tone}" viewBox="0 0 400 16" width="400" height="16" preserveAspectRatio="none" role="img" aria-label="${htmlText(value)}">` +
        `<rect class="track" x="0" y="0" width="400" height="16" rx="3"></rect>` +
        `<rect class="fill" x="0" y="0" width="${width}" height="16" rx="3"></rect></svg>`,
      `<div class="std-value">${htmlText(value)}</div>`,
      '</div>',
    );
  }
  out.push('</div>', `<p class="muted small">${htmlText(t('html.standards.note'))}</p>`, '</section>');
  return out.join('\n');
}

/** Failing households per township and standard, townships in order of first appearance. */
export function failingByTownship(
  report: ReportView,
  unknown: string,
): { township: string; failing: Map<string, number> }[] {
  const towns = new Map<string, { failing: Map<string, number>; checked: number }>();
  for (const area of report.summary.byArea) {
    const name = area.township ?? unknown;
    let town = towns.get(name);
    if (!town) {
      town = { failing: new Map(), checked: 0 };
      towns.set(name, town);
    }
    for (const [ruleId, count] of Object.entries(area.standards)) {
      town.failing.set(ruleId, (town.failing.get(ruleId) ?? 0) + count.failing);
      town.checked += count.checked;
    }
  }
  return [...towns.entries()]
    .filter(([, town]) => town.checked > 0)
    .map(([township, town]) => ({ township, failing: town.failing }));
}

function chartSection(report: ReportView, context: ReporterContext, t: Translate): string {
  const standards = report.summary.standards;
  if (standards.length === 0) return '';
  const towns = failingByTownship(report, t('summary.unknown'));
  const out = ['<section id="township-chart">', `<h2>${htmlText(t('html.chart.title'))}</h2>`];
  if (towns.length === 0) {
    out.push(`<p class="muted">${htmlText(t('html.chart.none'))}</p>`, '</section>');
    return out.join('\n');
  }
  const max = Math.max(0, ...towns.flatMap((town) => [...town.failing.values()]));
  if (max === 0) out.push(`<p class="muted">${htmlText(t('html.chart.zero'))}</p>`);
  out.push(
    '<ul class="legend">',
    ...standards.map(
      (std, i) =>
        `<li><span class="swatch" style="background:${color(i)}"></span>${htmlText(ruleTitle(context, std.ruleId))}</li>`,
    ),
    '</ul>',
    groupedBarChart(towns, standards, context, t, max),
    '</section>',
  );
  return out.join('\n');
}

/** Horizontal grouped bars: one group per township, one bar per standard; drawn here, no script needed. */
function groupedBarChart(
  towns: readonly { township: string; failing: Map<string, number> }[],
  standards: Report['summary']['standards'],
  context: ReporterContext,
  t: Translate,
  max: number,
): string {
  const width = 800;
  const labelWidth = 130;
  const plotWidth = width - labelWidth - 50;
  const barHeight = 14;
  const barGap = 3;
  const groupGap = 14;
  const top = 8;
  const groupHeight = standards.length * (barHeight + barGap) - barGap;
  const plotHeight = towns.length * (groupHeight + groupGap) - groupGap;
  const height = top + plotHeight + 40;
  const ticks = niceTicks(max);
  const scaleMax = ticks[ticks.length - 1] ?? 1;
  const x = (value: number) => round1(labelWidth + (value / scaleMax) * plotWidth);
  const parts: string[] = [
    `<svg class="chart" id="township-chart-svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${htmlText(t('html.chart.title'))}">`,
  ];
  for (const tick of ticks) {
    parts.push(
      `<line class="grid" x1="${x(tick)}" y1="${top}" x2="${x(tick)}" y2="${top + plotHeight}"></line>`,
      `<text class="tick" x="${x(tick)}" y="${top + plotHeight + 16}" text-anchor="middle">${tick}</text>`,
    );
  }
  parts.push(
    `<text class="axis-label" x="${labelWidth + plotWidth / 2}" y="${top + plotHeight + 34}" text-anchor="middle">${htmlText(t('html.chart.axis'))}</text>`,
  );
  towns.forEach((town, g) => {
    const groupTop = top + g * (groupHeight + groupGap);
    parts.push(
      `<text class="town" x="${labelWidth - 8}" y="${round1(groupTop + groupHeight / 2 + 5)}" text-anchor="end">${htmlText(town.township)}</text>`,
    );
    standards.forEach((std, i) => {
      const value = town.failing.get(std.ruleId) ?? 0;
      const y = groupTop + i * (barHeight + barGap);
      const tip = `${town.township} · ${ruleTitle(context, std.ruleId)}：${value}`;
      parts.push(
        `<g class="bar" data-township="${htmlText(town.township)}" data-rule="${htmlText(std.ruleId)}" data-value="${value}">` +
          `<title>${htmlText(tip)}</title>` +
          `<rect x="${labelWidth}" y="${y}" width="${round1(x(value) - labelWidth)}" height="${barHeight}" fill="${color(i)}"></rect>` +
          `<text class="value${value === 0 ? ' zero' : ''}" x="${round1(x(value) + 4)}" y="${y + barHeight - 3}">${value}</text></g>`,
      );
    });
  });
  parts.push(
    `<line class="axis" x1="${labelWidth}" y1="${top}" x2="${labelWidth}" y2="${top + plotHeight}"></line>`,
    '</svg>',
  );
  return parts.join('\n');
}

function villageSection(report: ReportView, context: ReporterContext, t: Translate): string {
  const areas = report.summary.byArea;
  if (areas.length === 0) return '';
  const standards = report.summary.standards;
  const head = [
    th(t('summary.township'), 'text'),
    th(t('summary.village'), 'text'),
    th(t('summary.persons'), 'number'),
    th(t('summary.households'), 'number'),
    th(t('summary.failing'), 'number'),
    th(t('html.villages.pass-rate'), 'number'),
    th(t('summary.errors'), 'number'),
    th(t('summary.warnings'), 'number'),
    ...standards.map((std) =>
      th(t('html.villages.standard-column', { title: ruleTitle(context, std.ruleId) }), 'number', true),
    ),
  ];
  const rows = areas.map((area, index) => {
    const township = area.township ?? t('summary.unknown');
    const village = area.village ?? t('summary.unknown');
    const rate = area.households > 0 ? (area.households - area.failingHouseholds) / area.households : null;
    const cells = [
      td(township, township),
      td(village, village),
      td(formatInt(area.persons), area.persons),
      td(formatInt(area.households), area.households),
      td(formatInt(area.failingHouseholds), area.failingHouseholds, area.failingHouseholds > 0 ? 'bad' : ''),
      td(formatRate(rate), rate === null ? -1 : round4(rate)),
      td(formatInt(area.errors), area.errors),
      td(formatInt(area.warnings), area.warnings),
      ...standards.map((std) => {
        const count = area.standards[std.ruleId];
        return count
          ? td(`${count.failing} / ${count.checked}`, count.failing, count.failing > 0 ? 'bad' : '')
          : td('—', -1, 'muted');
      }),
    ];
    return `<tr data-index="${index}">${cells.join('')}</tr>`;
  });
  return [
    '<section id="villages">',
    `<h2>${htmlText(t('html.villages.title'))}</h2>`,
    `<div class="controls"><input type="search" id="villages-filter" data-filter-table="villages-table" placeholder="${htmlText(
      t('html.villages.filter'),
    )}" aria-label="${htmlText(t('html.villages.filter'))}"></div>`,
    '<div class="scroll">',
    `<table id="villages-table" class="data" data-sortable="">`,
    `<thead><tr>${head.join('')}</tr></thead>`,
    `<tbody>${rows.join('\n')}</tbody>`,
    '</table>',
    '</div>',
    `<p class="muted small">${htmlText(t('html.villages.hint'))}</p>`,
    '</section>',
  ].join('\n');
}

function th(label: string, type: 'text' | 'number', wrap = false): string {
  return `<th data-type="${type}"${wrap ? ' class="wrap"' : ''}><button type="button">${htmlText(label)}</button></th>`;
}

function td(text: string, value: string | number, className = ''): string {
  return `<td${className === '' ? '' : ` class="${className}"`} data-value="${htmlText(String(value))}">${htmlText(text)}</td>`;
}

/** Rules by severity, then count (most first), then id. */
function rulesInOrder(report: ReportView): [string, Report['summary']['byRule'][string]][] {
  return Object.entries(report.summary.byRule).sort(
    (a, b) =>
      SEVERITY_RANK[a[1].severity] - SEVERITY_RANK[b[1].severity] ||
      b[1].count - a[1].count ||
      (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0),
  );
}

/** The findings listed in the file: at most MAX_FINDINGS_PER_RULE of each rule, in the report's order. */
export function listedFindings(report: ReportView): ReportFinding[] {
  return sampleFindings(report).listed;
}

/** The sample the page lists, taken once per page; counts come from the summary. */
interface FindingSample {
  readonly listed: ReportFinding[];
  /** Findings the report lists in all. */
  readonly total: number;
  /** Findings of each rule the page lists: the summary's listed count, at most MAX_FINDINGS_PER_RULE. */
  readonly byRule: ReadonlyMap<string, number>;
}

/**
 * At most MAX_FINDINGS_PER_RULE findings of each rule, in one pass over the findings (they may be on disk) that
 * stops once every rule has its share: the summary says how many each rule lists.
 */
function sampleFindings(report: ReportView): FindingSample {
  const byRule = new Map<string, number>();
  let wanted = 0;
  for (const [ruleId, n] of listedByRule(report.summary.byRule)) {
    byRule.set(ruleId, Math.min(n, MAX_FINDINGS_PER_RULE));
    wanted += Math.min(n, MAX_FINDINGS_PER_RULE);
  }
  // Each rule's share still to take, counted down as the findings are read.
  const left = new Map(byRule);
  const listed: ReportFinding[] = [];
  if (wanted > 0) {
    for (const f of report.findings) {
      const n = left.get(f.ruleId) ?? 0;
      if (n === 0) continue;
      left.set(f.ruleId, n - 1);
      listed.push(f);
      if (listed.length >= wanted) break;
    }
  }
  return { listed, total: listedCount(report.summary.byRule), byRule };
}

function ruleSection(
  report: ReportView,
  context: ReporterContext,
  t: Translate,
  sample: FindingSample,
): string {
  const rules = rulesInOrder(report);
  if (rules.length === 0) return '';
  const listed = sample.byRule;
  const rows = rules.map(
    ([ruleId, entry]) =>
      `<tr class="${entry.severity}"><td><code>${htmlText(ruleId)}</code></td><td>${htmlText(ruleTitle(context, ruleId))}</td>` +
      `<td><span class="sev ${entry.severity}">${htmlText(t(`report.severity.${entry.severity}`))}</span></td>` +
      `<td class="num">${formatInt(entry.count)}</td><td class="num">${formatInt(entry.households)}</td>` +
      `<td class="num">${formatInt(listed.get(ruleId) ?? 0)}</td></tr>`,
  );
  return [
    '<section id="rules">',
    `<h2>${htmlText(t('html.rules.title'))}</h2>`,
    '<div class="scroll">',
    '<table class="data" id="rules-table">',
    `<thead><tr>${[
      t('report.table.rule'),
      t('report.table.title'),
      t('report.table.severity'),
      t('report.table.count'),
      t('html.rules.households'),
      t('html.rules.listed'),
    ]
      .map((label) => `<th>${htmlText(label)}</th>`)
      .join('')}</tr></thead>`,
    `<tbody>${rows.join('\n')}</tbody>`,
    '</table>',
    '</div>',
    '</section>',
  ].join('\n');
}

function where(f: ReportFinding, t: Translate): string {
  const place = [f.file];
  if (f.sheet !== null) place.push(f.sheet);
  if (f.row !== null)
    place.push(
      f.column !== null
        ? t('report.row-column', { row: f.row, column: f.column })
        : t('report.row', { row: f.row }),
    );
  else if (f.column !== null) place.push(t('report.where.column', { column: f.column }));
  return place.join(' · ');
}

function findingRow(f: ReportFinding, context: ReporterContext, t: Translate, extra: string[] = []): string {
  return (
    `<tr data-severity="${f.severity}" data-rule="${htmlText(f.ruleId)}">` +
    `<td><span class="sev ${f.severity}">${htmlText(t(`report.severity.${f.severity}`))}</span></td>` +
    `<td class="nowrap">${htmlText(f.township ?? '')}</td><td class="nowrap">${htmlText(f.village ?? '')}</td>` +
    `<td class="mono">${htmlText(f.householdId ?? '')}</td>` +
    `<td class="where">${htmlText(where(f, t))}</td>` +
    `<td><code title="${htmlText(ruleTitle(context, f.ruleId))}">${htmlText(f.ruleId)}</code></td>` +
    `<td>${htmlText(f.message)}</td>` +
    extra.map((cell) => `<td>${htmlText(cell)}</td>`).join('') +
    '</tr>'
  );
}

function findingHead(t: Translate, extra: string[] = []): string {
  const labels = [
    t('report.col.severity'),
    t('report.col.township'),
    t('report.col.village'),
    t('report.col.household'),
    t('html.findings.where'),
    t('report.col.rule'),
    t('report.col.message'),
    ...extra,
  ];
  return `<thead><tr>${labels.map((label) => `<th>${htmlText(label)}</th>`).join('')}</tr></thead>`;
}

function findingsSection(
  report: ReportView,
  context: ReporterContext,
  t: Translate,
  sample: FindingSample,
): string {
  const s = report.summary;
  const total = s.errors + s.warnings + s.infos;
  const out = ['<section id="findings">', `<h2>${htmlText(t('html.findings.title'))}</h2>`];
  if (total === 0) {
    out.push(`<p class="muted">${htmlText(t('html.findings.none'))}</p>`);
  }
  const { listed, total: listedTotal } = sample;
  if (listed.length > 0) {
    const severities = (['error', 'warning', 'info'] as const).filter((sev) =>
      listed.some((f) => f.severity === sev),
    );
    const ruleIds = rulesInOrder(report)
      .map(([id]) => id)
      .filter((id) => listed.some((f) => f.ruleId === id));
    out.push(
      '<div class="controls">',
      `<input type="search" id="findings-search" placeholder="${htmlText(t('html.findings.search'))}" aria-label="${htmlText(t('html.findings.search'))}">`,
      `<select id="findings-severity" aria-label="${htmlText(t('report.col.severity'))}"><option value="">${htmlText(
        t('html.findings.all-severities'),
      )}</option>${severities
        .map((sev) => `<option value="${sev}">${htmlText(t(`report.severity.${sev}`))}</option>`)
        .join('')}</select>`,
      `<select id="findings-rule" aria-label="${htmlText(t('report.col.rule'))}"><option value="">${htmlText(
        t('html.findings.all-rules'),
      )}</option>${ruleIds
        .map(
          (id) => `<option value="${htmlText(id)}">${htmlText(`${id} · ${ruleTitle(context, id)}`)}</option>`,
        )
        .join('')}</select>`,
      `<span id="findings-count" class="muted">${htmlText(
        t('html.findings.shown', { shown: listed.length, total: listed.length }),
      )}</span>`,
      '</div>',
      '<div class="scroll">',
      '<table class="data" id="findings-table">',
      findingHead(t),
      `<tbody>${listed.map((f) => findingRow(f, context, t)).join('\n')}</tbody>`,
      '</table>',
      '</div>',
      `<p id="findings-empty" class="muted" hidden>${htmlText(t('html.findings.no-match'))}</p>`,
    );
  }
  if (listedTotal > listed.length)
    out.push(
      `<p class="note" id="findings-capped">${htmlText(
        t('html.findings.capped', {
          max: MAX_FINDINGS_PER_RULE,
          count: listedTotal - listed.length,
        }),
      )}</p>`,
    );
  if (total > listedTotal)
    out.push(
      `<p class="note" id="findings-unlisted">${htmlText(
        t('report.md.unlisted', { count: total - listedTotal }),
      )}</p>`,
    );
  out.push('</section>');
  return out.join('\n');
}

function waivedSection(report: ReportView, context: ReporterContext, t: Translate): string {
  const s = report.summary;
  if (s.waivers === null && s.baseline === null && report.waived.length === 0) return '';
  const out = ['<section id="waivers">'];
  if (s.waivers !== null || report.waived.length > 0) {
    out.push(`<h2>${htmlText(t('html.waived.title'))}</h2>`);
    if (s.waivers !== null) out.push(`<p>${htmlText(t('summary.waivers', s.waivers))}</p>`);
    if (report.waived.length > 0) {
      const extra = [t('html.waived.reason'), t('html.waived.by'), t('html.waived.until')];
      out.push(
        '<div class="scroll">',
        '<table class="data" id="waived-table">',
        findingHead(t, extra),
        `<tbody>${report.waived
          .map((f) => findingRow(f, context, t, [f.waiver.reason, f.waiver.by, f.waiver.until]))
          .join('\n')}</tbody>`,
        '</table>',
        '</div>',
      );
    }
  }
  if (s.baseline !== null)
    out.push(
      `<h2>${htmlText(t('html.baseline.title'))}</h2>`,
      `<p id="baseline-note">${htmlText(t('summary.baseline', s.baseline))}</p>`,
    );
  out.push('</section>');
  return out.join('\n');
}

function color(index: number): string {
  return CHART_COLORS[index % CHART_COLORS.length] ?? '#888888';
}

/** Axis ticks from 0 to a round number ≥ max, steps of 1, 2 or 5 × 10^k, at most 6 ticks. */
export function niceTicks(max: number): number[] {
  if (max <= 0) return [0, 1];
  let step = 1;
  for (let magnitude = 1; ; magnitude *= 10) {
    const found = [1, 2, 5].map((m) => m * magnitude).find((candidate) => Math.ceil(max / candidate) <= 5);
    if (found !== undefined) {
      step = found;
      break;
    }
  }
  const ticks: number[] = [];
  for (let v = 0; v < max + step; v += step) ticks.push(v);
  return ticks;
}

/** Integers with thousands separators, written out here so the output does not depend on ICU data. */
function formatInt(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

function round4(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}

/** JSON inside a <script> element: `<` escaped so no `</script>` can end it early. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}
