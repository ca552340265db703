import { Readable } from 'node:stream';
import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { SharedStringsLoader, SharedStringsParser } from '../../src/io/xlsx-shared-strings.js';
import { readXlsx } from '../../src/io/xlsx.js';
import { makeTempDir, rejectionOf, writeRawXlsx } from '../helpers/files.js';

const tmp = makeTempDir();
afterAll(() => tmp.remove());

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

function sst(strings: readonly string[]): string {
  return `<?xml version="1.0"?><sst xmlns="${MAIN_NS}">${strings.map((s) => `<si><t>${s}</t></si>`).join('')}</sst>`;
}

/** The part's bytes in chunks of `size`, counting how many were read. */
function chunked(text: string, size: number, read: { chunks: number }): () => Promise<Readable> {
  const bytes = Buffer.from(text, 'utf8');
  return () =>
    Promise.resolve(
      Readable.from(
        (function* () {
          for (let i = 0; i < bytes.length; i += size) {
            read.chunks += 1;
            yield bytes.subarray(i, i + size);
          }
        })(),
      ),
    );
}

describe('SharedStringsLoader', () => {
  const strings = Array.from({ length: 5000 }, (_, i) => `村民${i}`);

  it('parses only as far as the strings asked for, then on to the end', async () => {
    const read = { chunks: 0 };
    const loader = new SharedStringsLoader('xl/sharedStrings.xml', chunked(sst(strings), 1000, read));
    await loader.ensure(3);
    expect(loader.strings.slice(0, 4)).toEqual(['村民0', '村民1', '村民2', '村民3']);
    expect(loader.strings.length).toBeLessThan(200);
    expect(loader.complete).toBe(false);
    const early = read.chunks;
    await loader.ensure(4999);
    expect(loader.strings.length).toBeGreaterThanOrEqual(5000);
    expect(read.chunks).toBeGreaterThan(early);
    await loader.ensure(Infinity);
    expect(loader.complete).toBe(true);
    expect(loader.strings).toEqual(strings);
  });

  it('a damaged table fails when the parse reaches the damage, naming the part', async () => {
    const broken = sst(strings.slice(0, 100)).replace('<si><t>村民50</t></si>', '<si><t>村民50</si>');
    const loader = new SharedStringsLoader('xl/sharedStrings.xml', chunked(broken, 64, { chunks: 0 }));
    await loader.ensure(10);
    expect(loader.strings[10]).toBe('村民10');
    await expect(loader.ensure(Infinity)).rejects.toThrow(/xl\/sharedStrings\.xml: /);
  });
});

describe('SharedStringsParser', () => {
  /** The strings of `xml` written in pieces of `size`, or the error; tag by tag when `plain` is false. */
  function strings(xml: string, size: number, plain: boolean): unknown {
    const parser = new SharedStringsParser();
    // Without its `plainString` the parser gets every string tag by tag, as the scanner reads any other form.
    if (!plain) Object.defineProperty(parser, 'plainString', { value: undefined });
    try {
      for (let i = 0; i < xml.length; i += size) parser.write(xml.slice(i, i + size));
      parser.end();
      return parser.strings;
    } catch (error) {
      return { error: (error as Error).message };
    }
  }

  it('takes plain strings (<si><t>…</t></si>) whole, with the same result as tag by tag', () => {
    const taken = vi.spyOn(SharedStringsParser.prototype, 'plainString');
    const xml = sst([
      '户主',
      ' 两端有空格 ',
      'a &amp; b&#x4E00;',
      'x\r\ny',
      '',
      '一个很长很长很长很长很长的字符串值',
    ]);
    expect(strings(xml, xml.length, true)).toEqual([
      '户主',
      ' 两端有空格 ',
      'a & b一',
      'x\ny',
      '',
      '一个很长很长很长很长很长的字符串值',
    ]);
    expect(taken).toHaveBeenCalledTimes(6);
    taken.mockRestore();
  });

  it('gives the same strings or the same error with and without plain strings, on generated tables', () => {
    const text = fc.constantFrom(
      '甲',
      '',
      ' x ',
      'a &amp; b',
      '&bogus;',
      'a & b',
      'x\r\ny',
      '<![CDATA[<c>]]>',
      '1',
    );
    const item = fc.oneof(
      text.map((t) => `<si><t>${t}</t></si>`),
      text.map((t) => `<si><t xml:space="preserve">${t}</t></si>`),
      fc.tuple(text, text).map(([a, b]) => `<si><r><t>${a}</t></r><r><rPr/><t>${b}</t></r></si>`),
      text.map((t) => `<si><t>${t}</t><rPh sb="0" eb="1"><t>ふり</t></rPh></si>`),
      text.map((t) => `<rPh><si><t>${t}</t></si></rPh>`),
      text.map((t) => `<si><si><t>${t}</t></si><t>after</t></si>`),
      text.map((t) => `<x:si><x:t>${t}</x:t></x:si>`),
      fc.constantFrom('<si><t>unclosed</si>', '<si><t>a</t></si></si>', '<si/>', '<si><t/></si>'),
    );
    const table = fc.array(item, { maxLength: 8 }).map((items) => `<sst>${items.join('')}</sst>`);
    fc.assert(
      fc.property(table, fc.integer({ min: 1, max: 120 }), (xml, size) => {
        const expected = strings(xml, xml.length, false);
        expect(strings(xml, xml.length, true)).toEqual(expected);
        expect(strings(xml, size, true)).toEqual(expected);
      }),
      { numRuns: 3000, seed: 20261122 },
    );
  });
});

describe('readXlsx with the shared strings parsed as the rows need them', () => {
  /** One sheet of `rows` (cells as shared-string indexes or inline numbers) and the table `table`. */
  function workbook(name: string, rows: readonly (readonly (number | string)[])[], table: string): string {
    const col = (i: number) => String.fromCharCode(65 + i);
    const sheetData = rows
      .map(
        (cells, r) =>
          `<row r="${r + 1}">` +
          cells
            .map((c, i) =>
              typeof c === 'number'
                ? `<c r="${col(i)}${r + 1}" t="s"><v>${c}</v></c>`
                : `<c r="${col(i)}${r + 1}"><v>${c}</v></c>`,
            )
            .join('') +
          '</row>',
      )
      .join('');
    return writeRawXlsx(tmp.path(name), {
      sheets: [{ name: 'S', sheetData }],
      sharedStringsXml: table,
      order: 'strings-first',
    });
  }

  async function rowsOf(path: string) {
    const out: unknown[] = [];
    for await (const source of readXlsx(path, 'lazy.xlsx')) {
      for await (const row of source.rows) out.push(row);
    }
    return out;
  }

  const many = Array.from({ length: 20_000 }, (_, i) => `户${i}`);

  it('gives the same rows whatever the table order: first strings first, or the last ones first', async () => {
    const rows = [
      [19_999, '1', 0],
      [1, 19_998],
      [5, '2', 10_000],
    ];
    const path = workbook('order.xlsx', rows, sst(many));
    expect(await rowsOf(path)).toEqual([
      { row: 1, cells: ['户19999', 1, '户0'] },
      { row: 2, cells: ['户1', '户19998'] },
      { row: 3, cells: ['户5', 2, '户10000'] },
    ]);
  });

  it('a string index past the table reads as empty: trailing cells left out, a row of nothing else dropped', async () => {
    const rows = [[0, 99_999], [99_998], ['7', 99_997, 1]];
    const path = workbook('past.xlsx', rows, sst(many.slice(0, 100)));
    expect(await rowsOf(path)).toEqual([
      { row: 1, cells: ['户0'] },
      { row: 3, cells: [7, null, '户1'] },
    ]);
  });

  it('a table damaged after every string the sheet uses still makes the workbook unreadable', async () => {
    const table = sst(many.slice(0, 3000)).replace('</sst>', '<si><t>坏</si></sst>');
    const path = workbook('damaged-late.xlsx', [[0, 1]], table);
    const err = await rejectionOf(rowsOf(path));
    expect(err.messageId).toBe('io.xlsx-unreadable');
    expect(String(err.data.detail)).toMatch(/sharedStrings\.xml/);
  });
});
