/**
 * Renders the HTML report of the demo ledger in headless Chromium and saves the screenshot shown in the README:
 * docs/images/html-report.png (Chinese) and docs/images/html-report-en.png (English).
 *
 *   npm run screenshot
 *
 * Needs Debian's chromium (/usr/bin/chromium; `apt-get install -y chromium`) and, for Chinese glyphs, a CJK font
 * such as fonts-noto-cjk. The report is built in-process from the demo ledger, written to a temporary file and
 * opened from a file:// URL, exactly as a user opens it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCheck } from '../src/commands/check.js';
import type { Lang } from '../src/i18n/types.js';
import { htmlReporter } from '../src/reporters/html.js';
import { launchChromium } from '../test/helpers/browser.js';
import { renderReport } from '../src/reporters/types.js';

const DEMO = 'fixtures/demo/demo-county.xlsx';
const OUT = 'docs/images';

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ledgerlint-screenshot-'));
  const browser = await launchChromium();
  try {
    for (const [lang, file] of [
      ['zh', 'html-report.png'],
      ['en', 'html-report-en.png'],
    ] as [Lang, string][]) {
      const result = await runCheck({
        inputs: [DEMO],
        packs: ['national-exit', 'data-quality'],
        params: {},
        all: false,
        lang,
      });
      const html = renderReport(htmlReporter, result.report, {
        lang,
        color: false,
        ruleTitles: result.ruleTitles,
      });
      const htmlFile = path.join(dir, `report-${lang}.html`);
      writeFileSync(htmlFile, html, 'utf8');
      const page = await browser.newPage({ viewport: { width: 1280, height: 1500 }, deviceScaleFactor: 1 });
      await page.goto(pathToFileURL(htmlFile).href);
      await page.screenshot({ path: path.join(OUT, file), fullPage: false });
      await page.close();
      process.stdout.write(`${path.join(OUT, file)}\n`);
    }
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
