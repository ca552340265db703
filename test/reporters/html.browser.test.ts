/**
 * The HTML report in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core), opened from a
 * file:// URL as a user opens it: no console errors, no network requests, charts with the report's numbers,
 * sorting, filtering and search by clicking and typing, a screenshot; and a hostile ledger whose village is a
 * <script> renders it as text. The reports come from the built CLI (`--format html=…`), one browser launch for
 * the file. Fails, never skips, when Chromium is missing (.ci/run installs it).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/findings/report.js';
import { launchChromium } from '../helpers/browser.js';
import { cleanLedgerRows, runCli, tempDir, writeCsv } from '../helpers/cli.js';
import { DEMO } from './demo.js';

let dir: string;
let browser: Browser;
let demoHtml: string;
let demoReport: Report;

/** The parts of DOM nodes the page functions use (the project compiles without the DOM library). */
interface DomRow {
  readonly hidden: boolean;
  readonly cells: ArrayLike<{ readonly textContent: string | null }>;
}
interface DomBox {
  getBoundingClientRect(): { readonly width: number };
}

interface OpenedPage {
  readonly page: Page;
  /** Console errors and uncaught exceptions. */
  readonly errors: string[];
  /** Every request other than the report file itself. */
  readonly requests: string[];
  readonly dialogs: string[];
}

async function open(file: string): Promise<OpenedPage> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const url = pathToFileURL(file).href;
  const opened: OpenedPage = { page, errors: [], requests: [], dialogs: [] };
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') opened.errors.push(msg.text());
  });
  page.on('pageerror', (error) => opened.errors.push(error.message));
  page.on('request', (request) => {
    if (request.url() !== url) opened.requests.push(request.url());
  });
  page.on('dialog', (dialog) => {
    opened.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(url, { waitUntil: 'load' });
  return opened;
}

/** The visible rows' cell texts of a table. */
async function visibleRows(page: Page, tableId: string): Promise<string[][]> {
  return page.$$eval(`#${tableId} tbody tr`, (rows) =>
    (rows as unknown as DomRow[])
      .filter((row) => !row.hidden)
      .map((row) => Array.from(row.cells, (cell) => cell.textContent ?? '')),
  );
}

beforeAll(async () => {
  dir = tempDir('ledgerlint-html-');
  // --output-dir names the html report ledgerlint-report.html.
  demoHtml = path.join(dir, 'ledgerlint-report.html');
  const json = path.join(dir, 'demo.json');
  const run = runCli(['check', DEMO, '--format', 'html', '--format', `json=${json}`, '--output-dir', dir]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(1);
  demoReport = JSON.parse(readFileSync(json, 'utf8')) as Report;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe('html report in Chromium', () => {
  it('opens offline without errors, draws the report numbers, sorts, filters and searches', async () => {
    const { page, errors, requests, dialogs } = await open(demoHtml);
    const s = demoReport.summary;

    expect(await page.title()).toBe(`台账体检报告 · ${DEMO}`);
    const metrics = await page.$$eval('[data-metric] .value', (nodes) => nodes.map((n) => n.textContent));
    const failing = s.byArea.reduce((n, a) => n + a.failingHouseholds, 0);
    expect(metrics).toEqual([s.persons, s.households, s.errors, s.warnings, failing].map(String));

    // Pass-rate bars: the filled width is the pass rate of the 400-unit track.
    const bars = await page.$$eval('.std-row', (rows) =>
      rows.map((row) => ({
        rule: row.getAttribute('data-rule'),
        fill: Number(row.querySelector('rect.fill')?.getAttribute('width')),
        rendered: (row.querySelector('rect.fill') as unknown as DomBox).getBoundingClientRect().width,
        text: row.querySelector('.std-value')?.textContent,
      })),
    );
    expect(bars.map((b) => b.rule)).toEqual(s.standards.map((x) => x.ruleId));
    s.standards.forEach((std, i) => {
      const bar = bars[i]!;
      expect(bar.fill).toBeCloseTo((std.passRate ?? 0) * 400, 0);
      expect(bar.rendered).toBeGreaterThan(300);
      expect(bar.text).toContain(`${std.checked - std.failing}/${std.checked}`);
    });

    // The township chart: one bar per township and standard, the failing households summed from byArea.
    const chart = await page.$$eval('#township-chart-svg g.bar', (groups) =>
      groups.map((g) => ({
        township: g.getAttribute('data-township'),
        rule: g.getAttribute('data-rule'),
        label: g.querySelector('text')?.textContent,
        width: (g.querySelector('rect') as unknown as DomBox).getBoundingClientRect().width,
      })),
    );
    const townships = [...new Set(s.byArea.map((a) => a.township))];
    expect(chart).toHaveLength(townships.length * s.standards.length);
    for (const bar of chart) {
      const expected = s.byArea
        .filter((a) => a.township === bar.township)
        .reduce((n, a) => n + (a.standards[bar.rule ?? '']?.failing ?? 0), 0);
      expect(bar.label).toBe(String(expected));
      if (expected > 0) expect(bar.width).toBeGreaterThan(100);
      else expect(bar.width).toBe(0);
    }
    expect(chart.filter((b) => b.label !== '0').length).toBeGreaterThan(0);

    // The village table sorts by a click on a header (numbers), again for descending, and on text.
    const persons = async () => (await visibleRows(page, 'villages-table')).map((r) => Number(r[2]));
    expect(await persons()).toEqual(s.byArea.map((a) => a.persons));
    await page.click('#villages-table thead th:nth-child(3) button');
    const ascending = [...s.byArea.map((a) => a.persons)].sort((a, b) => a - b);
    expect(await persons()).toEqual(ascending);
    expect(await page.getAttribute('#villages-table thead th:nth-child(3)', 'aria-sort')).toBe('ascending');
    await page.click('#villages-table thead th:nth-child(3) button');
    expect(await persons()).toEqual([...ascending].reverse());
    await page.click('#villages-table thead th:nth-child(5) button');
    const failingColumn = (await visibleRows(page, 'villages-table')).map((r) => Number(r[4]));
    expect(failingColumn).toEqual([...failingColumn].sort((a, b) => a - b));

    // …and filters by typing.
    await page.fill('#villages-filter', '兴东');
    const eastern = await visibleRows(page, 'villages-table');
    expect(eastern.map((r) => r[0])).toEqual(
      s.byArea.filter((a) => a.township === '兴东乡').map(() => '兴东乡'),
    );
    await page.fill('#villages-filter', '');
    expect(await visibleRows(page, 'villages-table')).toHaveLength(s.byArea.length);

    // The finding list: search, severity and rule filters, and the count line.
    const total = demoReport.findings.length;
    expect(await page.textContent('#findings-count')).toBe(`显示 ${total} / ${total} 条`);
    const household = demoReport.findings.find((f) => f.householdId !== null)!.householdId!;
    await page.fill('#findings-search', household);
    const found = await visibleRows(page, 'findings-table');
    const expectedFound = demoReport.findings.filter(
      (f) => f.householdId === household || f.message.includes(household),
    ).length;
    expect(found).toHaveLength(expectedFound);
    expect(found.every((r) => r[3] === household)).toBe(true);
    expect(await page.textContent('#findings-count')).toBe(`显示 ${expectedFound} / ${total} 条`);
    await page.fill('#findings-search', '');
    await page.selectOption('#findings-severity', 'warning');
    const warnings = await visibleRows(page, 'findings-table');
    expect(warnings).toHaveLength(demoReport.findings.filter((f) => f.severity === 'warning').length);
    expect(warnings.every((r) => r[0] === '警告')).toBe(true);
    await page.selectOption('#findings-severity', '');
    await page.selectOption('#findings-rule', 'id-number-checksum');
    const checksum = await visibleRows(page, 'findings-table');
    expect(checksum).toHaveLength(1);
    expect(checksum[0]?.[6]).toBe(
      demoReport.findings.find((f) => f.ruleId === 'id-number-checksum')?.message,
    );
    await page.fill('#findings-search', '不会出现的文字');
    expect(await visibleRows(page, 'findings-table')).toHaveLength(0);
    expect(await page.isVisible('#findings-empty')).toBe(true);

    const png = await page.screenshot({ fullPage: true, path: path.join(dir, 'demo.png') });
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.length).toBeGreaterThan(20_000);

    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it('renders a village named <script> as text and runs none of the ledger text', async () => {
    const rows = cleanLedgerRows().map((r) => [...r]);
    const header = rows[0]!;
    const village = header.indexOf('行政村');
    const township = header.indexOf('乡(镇)');
    const idColumn = header.indexOf('证件号码');
    const evilVillage = '<script>window.pwned=1;alert(1)</script>';
    const evilTownship = '<img src=x onerror="window.pwned=2">';
    for (const row of rows.slice(1)) {
      row[village] = evilVillage;
      row[township] = evilTownship;
    }
    const id = rows[1]![idColumn]!;
    rows[1]![idColumn] = id.slice(0, 17) + (id.endsWith('0') ? '1' : '0');
    const csv = writeCsv(
      dir,
      'hostile.csv',
      rows.map((r) => r.map((cell) => (/[",]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell))),
    );
    const html = path.join(dir, 'hostile.html');
    const run = runCli(['check', csv, '--format', `html=${html}`, '--lang', 'en']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);

    const { page, errors, requests, dialogs } = await open(html);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.evaluate(() => (globalThis as { pwned?: number }).pwned)).toBeUndefined();
    const villages = await visibleRows(page, 'villages-table');
    expect(villages[0]?.slice(0, 2)).toEqual([evilTownship, evilVillage]);
    const findings = await visibleRows(page, 'findings-table');
    expect(findings.some((r) => r[2] === evilVillage)).toBe(true);
    expect(await page.$$eval('#township-chart-svg .town', (t) => t.map((n) => n.textContent))).toEqual([
      evilTownship,
    ]);
    expect(await page.locator('script').count()).toBe(2);
    expect(await page.locator('img').count()).toBe(0);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    expect(dialogs).toEqual([]);
    await page.close();
  });
});
