/**
 * The sheet tokenizer (src/io/xlsx-sheet-scanner.ts) through SheetXmlParser, the way the reader feeds it: the
 * same XML must give the same rows however it is cut into writes, and markup that is not well-formed must
 * throw rather than lose cells.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import type { RawRow } from '../../src/io/types.js';
import { SheetXmlParser } from '../../src/io/xlsx-sheet.js';

const CONTEXT = { sharedStrings: ['甲', '乙&丙'], dateStyles: [false, true], date1904: false };

function parse(pieces: readonly string[], plainCells = true): RawRow[] {
  const parser = new SheetXmlParser(CONTEXT);
  // Without its `cell` the parser gets every cell tag by tag, as the scanner reads any cell it cannot take whole.
  if (!plainCells) Object.defineProperty(parser, 'cell', { value: undefined });
  const rows: RawRow[] = [];
  for (const piece of pieces) {
    parser.write(piece);
    rows.push(...parser.takeRows());
  }
  parser.end();
  rows.push(...parser.takeRows());
  return rows;
}

function cutEvery(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

const SHEET =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n' +
  '<!-- written by hand --><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<sheetData>' +
  '<row r="1" spans="1:6"><c r="A1" t="s"><v>0</v></c><c r=\'B1\' t = "s" ><v>1</v></c>' +
  '<c r="C1" t="inlineStr"><is><r><t xml:space="preserve"> a &amp; b&#x4E00;&#20108; </t></r>' +
  '<rPh sb="0" eb="1"><t>ふりがな</t></rPh><r><t><![CDATA[<c>&amp;]]></t></r></is></c>' +
  '<c r="D1" t="str"><f>A1&amp;"x"</f><v>line1\r\nline2</v></c><c r="E1" s="1"><v>44197</v></c>' +
  '<c r="F1" s="0"/></row>\n' +
  '<row r="3"><c r="B3" t="b"><v>1</v></c><c t="e"><v>#N/A</v></c><c r="E3"><f>1/0</f></c></row>' +
  '<row r="4"><c r="A4" s="1"/></row>' +
  '</sheetData><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells></worksheet>';

const EXPECTED: RawRow[] = [
  {
    row: 1,
    cells: ['甲', '乙&丙', ' a & b一二 <c>&amp;', 'line1\nline2', new Date(Date.UTC(2021, 0, 1))],
  },
  { row: 3, cells: [null, true, { error: '#N/A' }, null, { error: '', formula: '1/0' }] },
];

describe('SheetXmlParser on the sheet tokenizer', () => {
  it('reads cells of every kind, with references, CDATA, comments and line ends', () => {
    expect(parse([SHEET])).toEqual(EXPECTED);
  });

  it('gives the same rows however the text is cut into writes', () => {
    for (const size of [1, 2, 3, 5, 7, 13, 64])
      expect(parse(cutEvery(SHEET, size)), `size ${size}`).toEqual(EXPECTED);
  });

  it('gives the same rows whether plain cells (<c …><v>…</v></c>) are taken whole or tag by tag', () => {
    const cells = [
      '<c r="A1"><v>12</v></c>',
      '<c r="B1" t="s"><v>1</v></c>',
      '<c r="C1" s="1"><v>44197.5</v></c>',
      '<c r="D1" t="str"><v>a &lt; b</v></c>',
      '<c r="E1" t="str"><v>x\r\ny</v></c>',
      '<c r="F1" t="b"><v>0</v></c>',
      '<c r="G1"><v></v></c>',
      '<c r="H1" t="e"><v>#DIV/0!</v></c>',
      '<c r="I1" t="n"><v> 7 </v></c>',
      '<c r="J1" t="str"><v>一个很长很长很长很长很长的字符串值</v></c>',
      '<c r="K1">\n<v>3</v>\n</c>',
      '<c r="L1" t="d"><v>1983-04-08</v></c>',
      '<c r="M1" t="s"><f>X</f><v>0</v></c>',
    ];
    const xml =
      '<worksheet><sheetData>' +
      [1, 2, 3].map((r) => `<row r="${r}">${cells.join('').replace(/1"/g, `${r}"`)}</row>`).join('') +
      '</sheetData></worksheet>';
    const whole = parse([xml]);
    expect(whole[0]?.cells).toEqual([
      12,
      '乙&丙',
      new Date(Date.UTC(2021, 0, 1, 12)),
      'a < b',
      'x\ny',
      false,
      null,
      { error: '#DIV/0!' },
      7,
      '一个很长很长很长很长很长的字符串值',
      3,
      new Date(Date.UTC(1983, 3, 8)),
      '甲',
    ]);
    expect(whole).toHaveLength(3);
    for (const size of [1, 3, 7, 19, 4096]) {
      expect(parse(cutEvery(xml, size)), `size ${size}`).toEqual(whole);
      expect(parse(cutEvery(xml, size), false), `size ${size}, tag by tag`).toEqual(whole);
    }
  });

  it('takes plain cells whole, however the text is cut, except near the end of a write', () => {
    const cellsTaken = vi.spyOn(SheetXmlParser.prototype, 'cell');
    const row = (r: number) =>
      `<row r="${r}"><c r="A${r}" t="s"><v>0</v></c><c r="B${r}" s="1"><v>44197</v></c><c r="C${r}" s="1"/></row>`;
    const xml = `<worksheet><sheetData>${[1, 2, 3, 4, 5, 6, 7, 8].map(row).join('')}</sheetData></worksheet>`;
    const rows = parse([xml]);
    expect(rows).toHaveLength(8);
    expect(rows[7]).toEqual({ row: 8, cells: ['甲', new Date(Date.UTC(2021, 0, 1))] });
    // All but the cells in the last 256 characters.
    expect(cellsTaken.mock.calls.length).toBeGreaterThanOrEqual(15);
    expect(cellsTaken.mock.calls.length).toBeLessThan(24);
    cellsTaken.mockClear();
    expect(parse(cutEvery(xml, 400))).toEqual(rows);
    expect(cellsTaken.mock.calls.length).toBeGreaterThan(0);
    cellsTaken.mockRestore();
  });

  it('reads elements with a namespace prefix', () => {
    const xml =
      '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>' +
      '<x:row r="2"><x:c r="C2" t="inlineStr"><x:is><x:t>户主</x:t></x:is></x:c><x:c r="D2"><x:v>3.5</x:v></x:c></x:row>' +
      '</x:sheetData></x:worksheet>';
    expect(parse(cutEvery(xml, 4))).toEqual([{ row: 2, cells: [null, null, '户主', 3.5] }]);
  });

  it.each([
    [
      'an end tag that does not match',
      '<worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>x</is></c></row></sheetData></worksheet>',
      /<\/is> where <\/t> belongs/,
    ],
    [
      'an unknown entity',
      '<worksheet><sheetData><row><c t="str"><v>&nbsp;</v></c></row></sheetData></worksheet>',
      /undefined entity &nbsp;/,
    ],
    [
      'a bare ampersand',
      '<worksheet><sheetData><row><c t="str"><v>a & b</v></c></row></sheetData></worksheet>',
      /not part of a reference/,
    ],
    [
      'an unquoted attribute',
      '<worksheet><sheetData><row r=1></row></sheetData></worksheet>',
      /without quotes/,
    ],
    [
      'a part cut inside an element',
      '<worksheet><sheetData><row r="1"><c><v>1</v></c>',
      /unclosed tag <row>/,
    ],
    ['a part cut inside a tag', '<worksheet><sheetData><row r="1"><c r="A', /ends inside <c r="A/],
    ['a part with no element', '  ', /no root element/],
  ])('throws on %s', (_what, xml, message) => {
    expect(() => parse([xml])).toThrow(message);
    expect(() => parse(cutEvery(xml, 3))).toThrow(message);
  });

  it('gives the same rows or the same error with and without plain cells, on generated cells of every form', () => {
    // Attribute values the fast path reads, declines or skips; texts it reads from the characters or cuts out.
    const ref = fc.constantFrom('A1', 'b2', 'AB12', 'XFD3', 'XFE3', 'AAAA1', '7', 'A1x', '&#65;1', 'A 1', '');
    const type = fc.constantFrom('s', 'n', 'str', 'inlineStr', 'b', 'e', 'd', 'x', '', 'S', ' s');
    const style = fc.constantFrom('0', '1', '3', '007', '1234567890', ' 1', '', 'x', '&#49;');
    const text = fc.oneof(
      fc.constantFrom('0', '1', '2', '12', '14640.71', '-0', '-3.5', '1e3', ' 7 ', '', '1.', '.5'),
      fc.constantFrom('44197', '9999999999999999', 'a &amp; b', 'x\r\ny', '#N/A', 'true', '1983-04-08'),
      fc.constantFrom('一个很长很长很长很长很长的字符串值', '&#x4E00;', '&bogus;', 'a & b'),
      fc.stringMatching(/^[0-9.-]{0,18}$/),
    );
    const attribute = fc.oneof(
      ref.map((v) => ['r', v] as const),
      type.map((v) => ['t', v] as const),
      style.map((v) => ['s', v] as const),
      fc.constantFrom(['spans', '1:3'] as const, ['cm', '1'] as const, ['ph', '1'] as const),
    );
    const quoted = fc.tuple(attribute, fc.constantFrom('"', "'"), fc.constantFrom('=', ' = ', '='));
    const cell = fc
      .tuple(
        fc.array(quoted, { maxLength: 4 }),
        fc.oneof(
          fc.constant('/>'),
          text.map((t) => `><v>${t}</v></c>`),
          text.map((t) => `><f>A1</f><v>${t}</v></c>`),
          text.map((t) => `><is><t>${t}</t></is></c>`),
          text.map((t) => ` ><v>${t}</v>\n</c>`),
        ),
      )
      .map(
        ([attributes, rest]) =>
          '<c' + attributes.map(([[name, value], q, eq]) => ` ${name}${eq}${q}${value}${q}`).join('') + rest,
      );
    // Hand-made oddities: a cell inside another cell or an inline string.
    const nested = fc.oneof(
      cell,
      cell.map((inner) => `<c r="C1" t="inlineStr"><is>${inner}<t>x</t></is></c>`),
      cell.map((inner) => `<c r="D1"><v>5</v>${inner}</c>`),
    );
    const sheet = fc.array(fc.array(nested, { maxLength: 6 }), { minLength: 1, maxLength: 4 }).map(
      (rows) =>
        '<worksheet><sheetData>' +
        rows.map((cells, r) => `<row r="${r + 1}">${cells.join('')}</row>`).join('') +
        // The fast path leaves the cells near the end of a write to the general one (PLAIN_CELL_WINDOW).
        `</sheetData></worksheet><!--${' '.repeat(300)}-->`,
    );
    const outcome = (pieces: readonly string[], plain: boolean): unknown => {
      try {
        return parse(pieces, plain);
      } catch (error) {
        return { error: (error as Error).message };
      }
    };
    fc.assert(
      fc.property(
        sheet,
        fc.oneof(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 300, max: 2000 })),
        (xml, size) => {
          const expected = outcome([xml], false);
          expect(outcome([xml], true)).toEqual(expected);
          expect(outcome(cutEvery(xml, size), true)).toEqual(expected);
        },
      ),
      { numRuns: 3000, seed: 20261122 },
    );
  });
});
