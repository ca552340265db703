import { afterAll, describe, expect, it } from 'vitest';
import { readCsv, sniffDelimiter } from '../../src/io/csv.js';
import type { RawRow } from '../../src/io/types.js';
import { makeTempDir, toCsv, writeText, rejectionOf } from '../helpers/files.js';

const tmp = makeTempDir();
afterAll(() => tmp.remove());

const HEADER = ['序号', '户编号', '姓名', '证件号码', '与户主关系'];
const ID = '522623198304084405';

async function rowsOf(path: string, opts = {}): Promise<RawRow[]> {
  const out: RawRow[] = [];
  for await (const row of readCsv(path, 'ledger.csv', opts).rows) out.push(row);
  return out;
}

describe('readCsv encodings', () => {
  const rows = [
    HEADER,
    ['1', '520000000000001', '张三', ID, '户主'],
    ['2', '0123', '李四', '52262319830408440X', '配偶'],
  ];

  it('reads UTF-8 without BOM; every cell a string, IDs byte for byte', async () => {
    const path = writeText(tmp.path('plain.csv'), toCsv(rows));
    const source = readCsv(path, 'plain.csv');
    expect(source).toMatchObject({
      file: 'plain.csv',
      sheet: null,
      encoding: { name: 'utf8', reason: 'utf8-valid' },
    });
    const got = await rowsOf(path);
    expect(got).toEqual(rows.map((cells, i) => ({ row: i + 1, cells })));
    expect(got[1]?.cells[3]).toBe(ID);
    expect(got[2]?.cells[1]).toBe('0123');
  });

  it('strips a UTF-8 BOM from the first header', async () => {
    const path = writeText(tmp.path('bom.csv'), toCsv(rows), 'utf8-bom');
    expect(readCsv(path, 'bom.csv').encoding).toEqual({ name: 'utf8', reason: 'bom' });
    const got = await rowsOf(path);
    expect(got[0]?.cells[0]).toBe('序号');
  });

  it('reads GB18030 (GBK) with four-byte name characters intact', async () => {
    const names = [
      HEADER,
      ['1', '520000000000001', '李𠀾', ID, '户主'],
      ['2', '520000000000001', '王䶮', ID, '之子'],
    ];
    const path = writeText(tmp.path('gbk.csv'), toCsv(names), 'gb18030');
    expect(readCsv(path, 'gbk.csv').encoding).toEqual({ name: 'gb18030', reason: 'fallback' });
    const got = await rowsOf(path);
    expect(got.map((r) => r.cells[2])).toEqual(['姓名', '李𠀾', '王䶮']);
  });

  it('detects GBK whose first 64 KiB are nearly all ASCII', async () => {
    const ascii = Array.from({ length: 3000 }, (_, i) => [
      String(i + 2),
      '520000000000001',
      'Zhang San',
      ID,
      'X',
    ]);
    const text = toCsv([HEADER, ...ascii, ['3002', '520000000000001', '赵六', ID, '户主']]);
    const path = writeText(tmp.path('gbk-ascii.csv'), text, 'gb18030');
    expect(readCsv(path, 'gbk-ascii.csv').encoding).toEqual({ name: 'gb18030', reason: 'fallback' });
    const got = await rowsOf(path);
    expect(got.at(-1)).toEqual({ row: 3002, cells: ['3002', '520000000000001', '赵六', ID, '户主'] });
  });

  it('looks past a pure-ASCII head to the first non-ASCII byte', async () => {
    const ascii = Array.from({ length: 3000 }, (_, i) => [String(i + 1), '520000000000001', 'Zhang San', ID]);
    const text = toCsv([...ascii, ['3001', '520000000000001', '赵六', ID]]);
    expect(text.indexOf('赵')).toBeGreaterThan(64 * 1024);
    const path = writeText(tmp.path('gbk-late.csv'), text, 'gb18030');
    expect(readCsv(path, 'gbk-late.csv').encoding).toEqual({ name: 'gb18030', reason: 'fallback' });
    expect((await rowsOf(path)).at(-1)?.cells[2]).toBe('赵六');
  });

  it('keeps characters that straddle read-chunk boundaries', async () => {
    const many = Array.from({ length: 4000 }, (_, i) => [String(i + 1), '520000000000001', `张𠀾${i}`, ID]);
    const path = writeText(tmp.path('gbk-big.csv'), toCsv(many), 'gb18030');
    const got = await rowsOf(path);
    expect(got).toHaveLength(4000);
    expect(got.every((r, i) => r.cells[2] === `张𠀾${i}`)).toBe(true);
  });

  it('honours an encoding option over detection', async () => {
    const path = writeText(tmp.path('forced.csv'), toCsv(rows), 'gb18030');
    const source = readCsv(path, 'forced.csv', { encoding: 'gb18030' });
    expect(source.encoding).toEqual({ name: 'gb18030', reason: 'option' });
    const utf8 = await rowsOf(writeText(tmp.path('forced-utf8.csv'), toCsv(rows)), { encoding: 'utf8' });
    expect(utf8[1]?.cells[2]).toBe('张三');
  });
});

describe('readCsv dialects', () => {
  it('sniffs tab and semicolon delimiters, ignoring delimiters inside quotes', async () => {
    const tabbed = writeText(
      tmp.path('tabbed.csv'),
      toCsv([HEADER, ['1', '2', '张三, 李四', ID, '户主']], '\t'),
    );
    expect((await rowsOf(tabbed))[1]?.cells).toEqual(['1', '2', '张三, 李四', ID, '户主']);
    const semi = writeText(
      tmp.path('semi.csv'),
      toCsv([HEADER, ['1', '2', '张三,李四,王五', ID, '户主'], ['2', '3', 'a,b,c,d', ID, '配偶']], ';'),
    );
    expect((await rowsOf(semi)).map((r) => r.cells.length)).toEqual([5, 5, 5]);
  });

  it('uses tab for .tsv files', async () => {
    const path = writeText(tmp.path('one-column.tsv'), '姓名,备注\t年龄\n张三,无\t30\n');
    expect((await rowsOf(path))[1]?.cells).toEqual(['张三,无', '30']);
  });

  it('sniffDelimiter prefers the consistent candidate over stray ones', () => {
    expect(sniffDelimiter('某某县台账\n序号,姓名,备注\n1,张三,a;b\n2,李四,c\n')).toBe(',');
    expect(sniffDelimiter('a\tb\tc\n1\t"x\ty"\t3\n')).toBe('\t');
    expect(sniffDelimiter('a;b;c\n"1,5";2;3\n')).toBe(';');
    expect(sniffDelimiter('姓名\n张三\n')).toBe(',');
    expect(sniffDelimiter('a\tb', true)).toBe('\t');
  });

  it('keeps ragged rows as they are', async () => {
    const path = writeText(tmp.path('ragged.csv'), 'a,b,c\n1,2\n1,2,3,4\n');
    expect((await rowsOf(path)).map((r) => r.cells)).toEqual([
      ['a', 'b', 'c'],
      ['1', '2'],
      ['1', '2', '3', '4'],
    ]);
  });

  it('keeps a stray quote inside an unquoted field', async () => {
    const path = writeText(tmp.path('stray.csv'), '姓名,住址\n张"三,某村\n');
    expect((await rowsOf(path))[1]?.cells).toEqual(['张"三', '某村']);
  });
});

describe('readCsv row numbers', () => {
  it('numbers rows by the physical line where the record starts, across embedded newlines and blank lines', async () => {
    const text = [
      '序号,姓名,备注', // 1
      '1,张三,"第一行', // 2
      '第二行', // 3
      '第三行"', // 4
      '', // 5 (skipped)
      '2,李四,无', // 6
      '', // 7
      '', // 8
      '3,"王', // 9
      '五",有', // 10
      ',,', // 11 (blank record, skipped)
      '4,赵六,无', // 12
    ].join('\r\n');
    const path = writeText(tmp.path('lines.csv'), text);
    const got = await rowsOf(path);
    expect(got.map((r) => r.row)).toEqual([1, 2, 6, 9, 12]);
    expect(got[1]?.cells[2]).toBe('第一行\r\n第二行\r\n第三行');
    expect(got[3]?.cells[1]).toBe('王\r\n五');
  });

  it('is not thrown off by CRLF inside quotes in an LF file (csv-parse counts it twice)', async () => {
    const path = writeText(
      tmp.path('mixed-eol.csv'),
      '姓名,备注\n张三,"a\r\nb\r\nc"\n李四,无\n\n王五,"x\ry"\n赵六,无\n',
    );
    expect((await rowsOf(path)).map((r) => r.row)).toEqual([1, 2, 5, 7, 9]);
  });

  it('treats CRLF, LF and CR alike when a file mixes them', async () => {
    const path = writeText(tmp.path('mixed-ends.csv'), '姓名,年龄\n张三,30\r\n\r\n李四,40\r王五,50\n');
    expect(await rowsOf(path)).toEqual([
      { row: 1, cells: ['姓名', '年龄'] },
      { row: 2, cells: ['张三', '30'] },
      { row: 4, cells: ['李四', '40'] },
      { row: 5, cells: ['王五', '50'] },
    ]);
  });

  it('counts blank lines before the first record', async () => {
    const path = writeText(tmp.path('leading.csv'), '\n\n姓名\n张三\n', 'utf8-bom');
    expect((await rowsOf(path)).map((r) => r.row)).toEqual([3, 4]);
  });
});

describe('readCsv malformed input', () => {
  it('reports an unclosed quote at the line where its record starts', async () => {
    const text = '序号,姓名\n1,张三\n\n2,"李四\n3,王五\n4,赵六\n';
    const path = writeText(tmp.path('unclosed.csv'), text);
    const err = await rejectionOf(rowsOf(path));
    expect(err.messageId).toBe('io.csv-malformed');
    expect(err.data).toMatchObject({ file: 'ledger.csv', row: 4 });
    expect(String(err.data.detail)).toMatch(/quote/i);
  });

  it('bounds a runaway quoted field instead of buffering the whole file', async () => {
    const text = '姓名,备注\n"张三,无\n' + '李四,有一些比较长的备注文字\n'.repeat(120_000);
    const path = writeText(tmp.path('runaway.csv'), text);
    const err = await rejectionOf(rowsOf(path));
    expect(err.messageId).toBe('io.csv-malformed');
    expect(err.data.row).toBe(2);
  });

  it('reads text after a closing quote leniently, as written', async () => {
    const path = writeText(tmp.path('closing.csv'), '姓名,备注\n"张三"x,无\n');
    expect((await rowsOf(path))[1]?.cells).toEqual(['"张三"x', '无']);
  });

  it('a missing path or a directory fails with an io error', async () => {
    expect(() => readCsv(tmp.path('missing.csv'), 'missing.csv')).toThrow(
      expect.objectContaining({ messageId: 'io.file-not-found' }),
    );
    expect(() => readCsv(tmp.dir, 'dir')).toThrow(expect.objectContaining({ messageId: 'io.is-directory' }));
  });

  it('stops cleanly when the consumer stops early', async () => {
    const many = Array.from({ length: 5000 }, (_, i) => [String(i), '张三']);
    const path = writeText(tmp.path('early.csv'), toCsv(many));
    const source = readCsv(path, 'early.csv');
    let seen = 0;
    for await (const _ of source.rows) if (++seen === 10) break;
    expect(seen).toBe(10);
    // A second iteration re-reads from the start.
    let again = 0;
    for await (const _ of source.rows) again++;
    expect(again).toBe(5000);
  });
});
