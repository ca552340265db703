/**
 * Renders the README screenshots of the annotated workbook (`--format xlsx`) of the demo ledger:
 * docs/images/xlsx-annotated.png (the copied 花名册 with filled cells) and docs/images/xlsx-findings.png
 * (问题清单). Needs LibreOffice Calc and poppler-utils (Debian: libreoffice-calc-nogui poppler-utils, and
 * fonts-noto-cjk for the Chinese text).
 *
 *   npm run build && npx tsx scripts/render-xlsx-screenshot.ts
 *
 * Only a temporary copy is changed for the picture (rows and columns away from some annotated cells hidden,
 * landscape, fit to width); the workbook itself is what `ledgerlint check --format xlsx` writes.
 * Comments (批注) are not printed by LibreOffice: the picture shows the fills.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';

const dir = mkdtempSync(path.join(tmpdir(), 'ledgerlint-shot-'));
try {
  const annotated = path.join(dir, 'demo-county.ledgerlint.xlsx');
  const run = spawnSync(process.execPath, [
    'bin/ledgerlint.js',
    'check',
    'fixtures/demo/demo-county.xlsx',
    '--format',
    `xlsx=${annotated}`,
  ]);
  if (run.status !== 0 && run.status !== 1) throw new Error(`ledgerlint failed: ${String(run.stderr)}`);

  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(annotated);
  const fit = { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } as const;
  for (const ws of workbook.worksheets) ws.state = 'hidden';
  const ledger = workbook.getWorksheet('花名册');
  const findings = workbook.getWorksheet('问题清单');
  if (!ledger || !findings) throw new Error('unexpected sheets');
  ledger.state = 'visible';
  // Show rows 1–44 and columns C–P of the ledger (some annotated cells), rows 1–23 and columns A–L of the list:
  // the rest is hidden, so not printed.
  const only = (ws: ExcelJS.Worksheet, lastRow: number, firstCol: number, lastCol: number) => {
    for (let r = lastRow + 1; r <= ws.rowCount; r++) ws.getRow(r).hidden = true;
    for (let c = 1; c <= ws.columnCount; c++) if (c < firstCol || c > lastCol) ws.getColumn(c).hidden = true;
    ws.pageSetup = { ...ws.pageSetup, ...fit };
  };
  only(ledger, 44, 3, 16);
  findings.state = 'visible';
  only(findings, 23, 1, 12);
  const printable = path.join(dir, 'shot.xlsx');
  await workbook.xlsx.writeFile(printable);

  execFileSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', dir, printable], {
    stdio: 'ignore',
  });
  execFileSync('pdftoppm', ['-png', '-r', '110', path.join(dir, 'shot.pdf'), path.join(dir, 'page')]);
  mkdirSync('docs/images', { recursive: true });
  copyFileSync(path.join(dir, 'page-1.png'), 'docs/images/xlsx-annotated.png');
  copyFileSync(path.join(dir, 'page-2.png'), 'docs/images/xlsx-findings.png');
  console.log('wrote docs/images/xlsx-annotated.png, docs/images/xlsx-findings.png');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
