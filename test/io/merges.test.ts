import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRef, readMergeRanges, scanMergeRanges } from '../../src/io/merges.js';
import { readXlsx } from '../../src/io/xlsx.js';
import { ROOT } from '../helpers/cli.js';
import {
  inlineRow,
  makeTempDir,
  readAll,
  rejectionOf,
  writeRawXlsx,
  writeZip,
  xmlEscape,
} from '../helpers/files.js';

const tmp = makeTempDir();
afterAll(() => tmp.remove());

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

/** A sheet XML whose data mentions "mergeCells" as text, with the merges after the data. */
function sheetXml(prefix = ''): string {
  const p = prefix === '' ? '' : `${prefix}:`;
  const ns = prefix === '' ? `xmlns="${MAIN_NS}"` : `xmlns:${prefix}="${MAIN_NS}"`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?><${p}worksheet ${ns}><${p}sheetData>` +
    `<${p}row r="1"><${p}c r="A1" t="inlineStr"><${p}is><${p}t>${xmlEscape('<mergeCells> 和 mergeCells 是文字')}</${p}t></${p}is></${p}c></${p}row>` +
    `</${p}sheetData><${p}mergeCells count="3"><${p}mergeCell ref="A5:A9"/><${p}mergeCell ref="B2:D2"/>` +
    `<${p}mergeCell ref="C5:C7"/></${p}mergeCells><${p}pageMargins left="0.7"/></${p}worksheet>`
  );
}

const EXPECTED = [
  { top: 2, left: 1, bottom: 2, right: 3 },
  { top: 5, left: 0, bottom: 9, right: 0 },
  { top: 5, left: 2, bottom: 7, right: 2 },
];

function chunksOf(text: string, size: number): Buffer[] {
  const bytes = Buffer.from(text, 'utf8');
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

describe('scanMergeRanges', () => {
  it('finds the ranges after sheetData, whatever the chunk boundaries', async () => {
    const xml = sheetXml();
    for (const size of [...Array.from({ length: 130 }, (_, i) => i + 1), 200, 333, 100000]) {
      expect(await scanMergeRanges(Readable.from(chunksOf(xml, size))), `chunk ${size}`).toEqual(EXPECTED);
    }
  });

  it('reads prefixed elements (x:mergeCells, as the .NET SDK writes them)', async () => {
    for (const size of [...Array.from({ length: 130 }, (_, i) => i + 1), 4096]) {
      expect(await scanMergeRanges(Readable.from(chunksOf(sheetXml('x'), size)))).toEqual(EXPECTED);
    }
  });

  it('returns no ranges for a sheet without merges, even when its text says mergeCells', async () => {
    const xml = `<worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>mergeCells x:mergeCells</t></is></c></row></sheetData></worksheet>`;
    expect(await scanMergeRanges(Readable.from(chunksOf(xml, 9)))).toEqual([]);
  });

  it('parses references, single cells and absolute forms; rejects garbage', () => {
    expect(parseRef('A5:A9')).toEqual({ top: 5, left: 0, bottom: 9, right: 0 });
    expect(parseRef('B3')).toEqual({ top: 3, left: 1, bottom: 3, right: 1 });
    expect(parseRef('$C$9:$A$2')).toEqual({ top: 2, left: 0, bottom: 9, right: 2 });
    expect(parseRef('AA10:AB11')).toEqual({ top: 10, left: 26, bottom: 11, right: 27 });
    expect(parseRef('A0:B1')).toBeNull();
    expect(parseRef('nonsense')).toBeNull();
  });
});

describe('readMergeRanges and readXlsx', () => {
  it('readMergeRanges refuses a zip bomb from its directory, as the ledger reader does', async () => {
    const bomb = join(ROOT, 'fixtures/hostile/zip-bomb.xlsx');
    const err = (await readMergeRanges(bomb, undefined, 'zip-bomb.xlsx').catch((e: unknown) => e)) as {
      messageId?: string;
      data?: { file?: string };
    };
    expect(err.messageId).toBe('io.xlsx-zip-bomb');
    expect(err.data?.file).toBe('zip-bomb.xlsx');
  });

  it('gives each sheet its own ranges, found by zip part (sheet 甲 is sheet2.xml)', async () => {
    const rels =
      '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      `<Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet2.xml"/>` +
      `<Relationship Id="rId2" Type="x/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`;
    const workbook =
      `<?xml version="1.0"?><workbook xmlns="${MAIN_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
      '<sheets><sheet name="甲" sheetId="1" r:id="rId1"/><sheet name="乙" sheetId="2" r:id="rId2"/></sheets></workbook>';
    const sheet = (merge: string) =>
      `<?xml version="1.0"?><worksheet xmlns="${MAIN_NS}"><sheetData>${inlineRow(1, ['a', 'b'])}${inlineRow(2, ['c'])}</sheetData>` +
      `<mergeCells count="1"><mergeCell ref="${merge}"/></mergeCells></worksheet>`;
    const path = writeZip(tmp.path('two.xlsx'), [
      { name: '[Content_Types].xml', data: '<?xml version="1.0"?><Types/>' },
      { name: 'xl/workbook.xml', data: workbook },
      { name: 'xl/_rels/workbook.xml.rels', data: rels },
      { name: 'xl/worksheets/sheet1.xml', data: sheet('A1:A2') },
      { name: 'xl/worksheets/sheet2.xml', data: sheet('B1:B2') },
    ]);
    expect(await readMergeRanges(path)).toEqual(
      new Map([
        ['1', [{ top: 1, left: 0, bottom: 2, right: 0 }]],
        ['2', [{ top: 1, left: 1, bottom: 2, right: 1 }]],
      ]),
    );
    expect(await readMergeRanges(path, new Set(['2']))).toEqual(
      new Map([['2', [{ top: 1, left: 1, bottom: 2, right: 1 }]]]),
    );

    const bySheet: Record<string, unknown> = {};
    for await (const source of readXlsx(path, 'two.xlsx')) {
      bySheet[source.sheet ?? ''] = source.mergedRanges;
      for await (const _ of source.rows) {
        // read through
      }
    }
    expect(bySheet).toEqual({
      甲: [{ top: 1, left: 1, bottom: 2, right: 1 }],
      乙: [{ top: 1, left: 0, bottom: 2, right: 0 }],
    });
  });

  /**
   * A workbook of two sheets, each with a vertical merge in its data area, and a shared strings part (whose
   * parse the first sheet's merged-range pass runs beside). `sst`: the shared strings part as written.
   */
  function twoSheetsWithStrings(name: string, sst: string, sheet2Xml?: string, sheet1Xml?: string): string {
    const sheetData = Array.from(
      { length: 3000 },
      (_, i) =>
        `<row r="${i + 1}"><c r="A${i + 1}" t="s"><v>${i % 2}</v></c><c r="B${i + 1}"><v>${i}</v></c></row>`,
    ).join('');
    const merge = (ref: string) => `<mergeCells count="1"><mergeCell ref="${ref}"/></mergeCells>`;
    return writeRawXlsx(tmp.path(name), {
      sheets: [
        { name: '甲', sheetData, afterSheetData: merge('A5:A9'), xml: sheet1Xml },
        { name: '乙', sheetData, afterSheetData: merge('B7:B8'), xml: sheet2Xml },
      ],
      sharedStringsXml: sst,
      order: 'strings-first',
    });
  }

  const SST = `<?xml version="1.0"?><sst xmlns="${MAIN_NS}"><si><t>张</t></si><si><r><t>李</t></r><r><t>四</t></r></si></sst>`;

  /** Every sheet read through: name, merged ranges, row count, the second row's cells. */
  async function sheetsOf(path: string, opts: Parameters<typeof readXlsx>[2] = {}) {
    const out: unknown[] = [];
    for await (const source of readXlsx(path, 'sm.xlsx', opts)) {
      const rows = [];
      for await (const row of source.rows) rows.push(row);
      out.push([source.sheet, source.mergedRanges, rows.length, rows[1]?.cells]);
    }
    return out;
  }

  it("reads the first sheet's ranges beside the shared strings, each later sheet's just before its rows", async () => {
    const path = twoSheetsWithStrings('strings-and-merges.xlsx', SST);
    expect(await sheetsOf(path)).toEqual([
      ['甲', [{ top: 5, left: 0, bottom: 9, right: 0 }], 3000, ['李四', 1]],
      ['乙', [{ top: 7, left: 1, bottom: 8, right: 1 }], 3000, ['李四', 1]],
    ]);
    // --sheet: the early pass is the sheet asked for, not the workbook's first.
    expect(await sheetsOf(path, { sheet: '乙' })).toEqual([
      ['乙', [{ top: 7, left: 1, bottom: 8, right: 1 }], 3000, ['李四', 1]],
    ]);
    // Without merged ranges asked for (the household-table look-through), none are read.
    expect(await sheetsOf(path, { skipMergedRanges: true })).toEqual([
      ['甲', undefined, 3000, ['李四', 1]],
      ['乙', undefined, 3000, ['李四', 1]],
    ]);
  });

  it('a sheet without merged cells has no ranges, first (its pass started early) or later', async () => {
    const bare = `<?xml version="1.0"?><worksheet xmlns="${MAIN_NS}"><sheetData>${inlineRow(1, ['a'])}${inlineRow(2, ['b'])}</sheetData></worksheet>`;
    const path = twoSheetsWithStrings('no-merges.xlsx', SST, bare, bare);
    expect(await sheetsOf(path)).toEqual([
      ['甲', [], 2, ['b']],
      ['乙', [], 2, ['b']],
    ]);
  });

  it('a damaged shared strings part is unreadable, naming the part, while the early range pass runs', async () => {
    const path = twoSheetsWithStrings('bad-strings.xlsx', `<sst xmlns="${MAIN_NS}"><si><t>张</si></sst>`);
    const err = await rejectionOf(readAll(readXlsx(path, 'bad.xlsx')));
    expect(err.messageId).toBe('io.xlsx-unreadable');
    expect(String(err.data.detail)).toMatch(/sharedStrings\.xml/);
  });

  it('a damaged later sheet is unreadable, naming it, after every row of the sheets before it', async () => {
    const cut = `<?xml version="1.0"?><worksheet xmlns="${MAIN_NS}"><sheetData><row r="1">`;
    const path = twoSheetsWithStrings('bad-second.xlsx', SST, cut);
    const rows: Record<string, number> = {};
    const err = await rejectionOf(
      (async () => {
        for await (const source of readXlsx(path, 'bad2.xlsx')) {
          let count = 0;
          rows[source.sheet ?? ''] = count;
          for await (const _ of source.rows) rows[source.sheet ?? ''] = ++count;
        }
      })(),
    );
    expect(rows).toEqual({ 甲: 3000, 乙: 0 });
    expect(err.messageId).toBe('io.xlsx-unreadable');
    expect(String(err.data.detail)).toMatch(/sheet "乙"/);
  });
});
