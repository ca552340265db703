/**
 * CSV dialects and encodings detected from content (fixtures/layouts/*.csv), with the decision reported by
 * the reader (and so by inspect and the JSON report).
 */
import { describe, expect, it } from 'vitest';
import { openLedger } from '../../src/io/open.js';
import { inspectFiles } from '../../src/commands/inspect.js';
import { brief, layoutFile, mapping, readLayout } from './read.js';

async function sourceOf(name: string) {
  for await (const source of openLedger(layoutFile(name), name)) return source;
  throw new Error('no source');
}

const CASES = [
  {
    file: 'tab-separated.csv',
    encoding: { name: 'utf8', reason: 'utf8-valid' },
    delimiter: '\t',
    header: [1],
    rows: [2, 3, 5],
  },
  {
    file: 'semicolon-bom.csv',
    encoding: { name: 'utf8', reason: 'bom' },
    delimiter: ';',
    header: [1],
    rows: [2, 3, 5],
  },
  {
    file: 'gbk-comma.csv',
    encoding: { name: 'gb18030', reason: 'fallback' },
    delimiter: ',',
    header: [2],
    rows: [3, 4, 6],
  },
  {
    file: 'utf8-comma.csv',
    encoding: { name: 'utf8', reason: 'utf8-valid' },
    delimiter: ',',
    header: [1],
    rows: [2, 3, 5],
  },
] as const;

describe.each(CASES)('$file', ({ file, encoding, delimiter, header, rows }) => {
  it('detects encoding and delimiter from the content and says why', async () => {
    const source = await sourceOf(file);
    expect(source.encoding).toEqual(encoding);
    expect(source.dialect).toEqual({ delimiter, quote: '"', reason: 'sniffed' });
  });

  it('maps the header and reads the rows at their physical lines (a quoted line break spans two)', async () => {
    const [sheet] = await readLayout(file);
    expect(sheet?.layout?.headerRows).toEqual(header);
    expect(mapping(sheet?.layout ?? null)).toEqual({
      A: 'household_id',
      B: 'name',
      C: 'id_number',
      D: 'relation',
      E: 'sex',
      F: 'birth_date',
      G: 'member_phone',
    });
    expect(sheet?.records.map((r) => r.row)).toEqual(rows);
    const [first, second, third] = sheet?.records ?? [];
    expect(first?.values).toMatchObject({ name: '甘一', relation: '户主', birth_date: '1970-01-01' });
    expect(second?.values).toMatchObject({
      relation: '之子',
      birth_date: '1972-02-02',
      member_phone: '13800002222',
      sex: '女',
    });
    expect(third?.values).toMatchObject({ name: '欧三', sex: '男', birth_date: '1980-03-03' });
    // 备注 is unmapped (its #N/A is not read); nothing else is reported.
    expect(brief(sheet?.findings ?? [])).toEqual([`unmapped-column/unmapped@${header[0]}:H`]);
  });
});

describe('the decision in inspect', () => {
  it('lists encoding and dialect per file, in data and in text', async () => {
    const report = await inspectFiles([layoutFile('semicolon-bom.csv'), layoutFile('form-2014.xlsx')]);
    expect(report.files[0]).toMatchObject({
      encoding: { name: 'utf8', reason: 'bom' },
      dialect: { delimiter: ';', quote: '"', reason: 'sniffed' },
    });
    expect(report.files[1]).toMatchObject({ encoding: null, dialect: null });
    const { renderInspectText } = await import('../../src/commands/inspect.js');
    expect(renderInspectText(report, 'zh')).toContain(
      'CSV 格式：分隔符 分号，引号 "，依据前 20 条记录中各分隔符的个数',
    );
    expect(renderInspectText(report, 'en')).toContain(
      'CSV dialect: delimiter semicolon, quote ", from the delimiter counts',
    );
  });
});
