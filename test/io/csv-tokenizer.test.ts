import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CSV_SYNTAX_DETAILS,
  CsvSyntaxError,
  CsvTokenizer,
  MAX_RECORD_BYTES,
} from '../../src/io/csv-tokenizer.js';
import type { RawRow } from '../../src/io/types.js';
import { csvParseRows, type OracleResult } from '../helpers/csv-parse-oracle.js';

/** The tokenizer fed `chunks` one after another, its result in the oracle's shape. */
function tokenize(chunks: readonly string[], delimiter: string): OracleResult {
  const tokenizer = new CsvTokenizer(delimiter);
  const rows: RawRow[] = [];
  try {
    for (const chunk of chunks) {
      tokenizer.push(chunk);
      rows.push(...tokenizer.rows);
      tokenizer.rows = [];
    }
    tokenizer.end();
    rows.push(...tokenizer.rows);
    return { rows };
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    rows.push(...tokenizer.rows);
    return { rows, error: { row: error.row, detail: CSV_SYNTAX_DETAILS[error.problem] } };
  }
}

/** `text` cut at `cuts` (positions, any order), never inside a surrogate pair (a decoder never does). */
function cut(text: string, cuts: readonly number[]): string[] {
  const at = [...new Set(cuts.map((c) => c % (text.length + 1)))]
    .filter((c) => !(c > 0 && c < text.length && /[\ud800-\udbff]/.test(text[c - 1]!)))
    .sort((a, b) => a - b);
  const chunks: string[] = [];
  let from = 0;
  for (const c of at) {
    chunks.push(text.slice(from, c));
    from = c;
  }
  chunks.push(text.slice(from));
  return chunks;
}

/** Pieces CSV text is made of: quotes, delimiters, line ends of every kind, multi-byte text, NUL, BOM. */
const piece = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('"', '""', ',', '\t', ';', '\r', '\n', '\r\n', '\n\n') },
  { weight: 4, arbitrary: fc.constantFrom('a', '张三', '𠀾', ' ', '0123', '52262319830408440X', 'x"y') },
  { weight: 1, arbitrary: fc.constantFrom('\0', '\uFEFF', '"\0', '"\r') },
  { weight: 2, arbitrary: fc.string({ maxLength: 6 }) },
);
const csvText = fc.array(piece, { maxLength: 60 }).map((pieces) => pieces.join(''));
const delimiter = fc.constantFrom(',', '\t', ';');
const cuts = fc.array(fc.nat(), { maxLength: 8 });

describe('CsvTokenizer against csv-parse (differential)', () => {
  it('yields the same records, row numbers and errors for random text cut anywhere', async () => {
    await fc.assert(
      fc.asyncProperty(csvText, delimiter, cuts, async (text, d, at) => {
        const chunks = cut(text, at);
        expect(tokenize(chunks, d)).toEqual(await csvParseRows(chunks, d));
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees on ledger-like rows: quoted fields with delimiters, doubled quotes and line breaks', async () => {
    const cell = fc.oneof(
      fc.constantFrom(
        '',
        '张三',
        '522623198304084405',
        '户主',
        '1,2',
        '说"明"',
        '第一行\r\n第二行',
        'a\rb',
        'c\nd',
      ),
      fc.string({ maxLength: 5 }),
    );
    const field = fc
      .tuple(cell, fc.boolean())
      .map(([v, quote]) => (quote || /[",;\t\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v));
    const line = fc.array(field, { minLength: 1, maxLength: 8 });
    const eol = fc.constantFrom('\n', '\r\n', '\r');
    const file = fc
      .array(fc.tuple(line, eol), { maxLength: 12 })
      .map((lines) => lines.map(([fields, end]) => fields.join(',') + end).join(''));
    await fc.assert(
      fc.asyncProperty(file, cuts, async (text, at) => {
        const chunks = cut(text, at);
        expect(tokenize(chunks, ',')).toEqual(await csvParseRows(chunks, ','));
      }),
      { numRuns: 1000 },
    );
  });

  it('agrees at the record size bound, on both sides of it, in one chunk or many', async () => {
    const big = (n: number, ch = 'a') => ch.repeat(n);
    const cases = [
      `h\n${big(MAX_RECORD_BYTES + 1)}\nnext\n`,
      `h\n${big(MAX_RECORD_BYTES + 2)}\nnext\n`,
      `h\n${big(MAX_RECORD_BYTES)},b\nnext\n`,
      `h\n${big(MAX_RECORD_BYTES - 1)},bc\n`,
      `h\n"${big(MAX_RECORD_BYTES + 1)}"\n`,
      `h\n"${big(MAX_RECORD_BYTES + 3)}`,
      `h\n"unclosed,${big(100)}\n`,
      `h\n${big(Math.floor(MAX_RECORD_BYTES / 3), '张')}张\n`,
      `h\n${big(Math.floor(MAX_RECORD_BYTES / 3) + 1, '张')}\n`,
      `h\n${big(Math.floor(MAX_RECORD_BYTES / 3) + 1, '张')}张\n`,
    ];
    for (const text of cases) {
      const oneChunk = [text];
      const manyChunks = cut(
        text,
        Array.from({ length: 80 }, (_, i) => i * 65_536 + 7),
      );
      const expected = await csvParseRows(oneChunk, ',');
      expect(tokenize(oneChunk, ','), text.slice(0, 20)).toEqual(expected);
      expect(tokenize(manyChunks, ','), text.slice(0, 20)).toEqual(expected);
    }
  });

  it('fails with the detail csv-parse gave, at the first line of the record', () => {
    expect(tokenize(['a\n\nb,"x\ny\n'], ',')).toEqual({
      rows: [{ row: 1, cells: ['a'] }],
      error: { row: 3, detail: 'Quote Not Closed: the parsing is finished with an opening quote' },
    });
  });
});
