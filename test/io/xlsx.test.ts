import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RawRow } from '../../src/io/types.js';
import { readXlsx } from '../../src/io/xlsx.js';
import {
  exceljsTempFiles,
  inlineRow,
  makeTempDir,
  readAll,
  writeRawXlsx,
  writeXlsx,
  writeZip,
  rejectionOf,
} from '../helpers/files.js';

const tmp = makeTempDir();
afterAll(() => tmp.remove());

const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));

async function rowsOf(path: string, sheet?: string): Promise<RawRow[]> {
  const sheets = await readAll(readXlsx(path, 'ledger.xlsx', sheet === undefined ? {} : { sheet }));
  return sheets.flatMap((s) => s.rows);
}

/** Several sheets, sheet XML before sharedStrings.xml as Excel writes it, so exceljs spools to temp files. */
let multiSheet = '';
beforeAll(async () => {
  multiSheet = await writeXlsx(tmp.path('multi.xlsx'), (wb) => {
    wb.addWorksheet('说明').addRow(['填表说明']);
    const roster = wb.addWorksheet('花名册');
    for (let i = 1; i <= 300; i++) roster.addRow([i, `张三${i}`, '户主']);
    wb.addWorksheet('Sheet3').addRow(['备用']);
  });
});

describe('readXlsx layout', () => {
  it('keeps physical rows and columns under title rows, a merged title and a two-row header', async () => {
    const path = await writeXlsx(tmp.path('layout.xlsx'), (wb) => {
      const ws = wb.addWorksheet('花名册');
      ws.getCell('A1').value = '某某县2024年建档立卡户花名册';
      ws.mergeCells('A1:F1');
      ws.getCell('A2').value = '填报单位：某某乡';
      ws.getCell('E2').value = '填报日期：2024年12月';
      ['序号', '户编号', '姓名', '证件号码'].forEach((h, i) => {
        ws.getCell(3, i + 1).value = h;
        ws.mergeCells(3, i + 1, 4, i + 1);
      });
      ws.getCell('E3').value = '家庭收入情况（元）';
      ws.mergeCells('E3:F3');
      ws.getCell('E4').value = '工资性收入';
      ws.getCell('F4').value = '生产经营性收入';
      ws.getRow(5).values = [1, '520100000000001', '张三', '522623198304084405', 12000, 3000.5];
      ws.getRow(7).values = [2, '520100000000001', '李四', 522623198304084400, 0, null];
      ws.getCell('A8').value = 3;
      ws.getCell('F8').value = 100;
    });
    const [sheet, ...others] = await readAll(readXlsx(path, 'layout.xlsx'));
    expect(others).toEqual([]);
    expect(sheet).toMatchObject({ sheet: '花名册' });
    expect(sheet?.rows).toEqual([
      { row: 1, cells: ['某某县2024年建档立卡户花名册'] },
      { row: 2, cells: ['填报单位：某某乡', null, null, null, '填报日期：2024年12月'] },
      { row: 3, cells: ['序号', '户编号', '姓名', '证件号码', '家庭收入情况（元）'] },
      { row: 4, cells: [null, null, null, null, '工资性收入', '生产经营性收入'] },
      { row: 5, cells: [1, '520100000000001', '张三', '522623198304084405', 12000, 3000.5] },
      // A numeric ID arrives as the (already damaged) number; the normalizer flags it.
      { row: 7, cells: [2, '520100000000001', '李四', 522623198304084400, 0] },
      { row: 8, cells: [3, null, null, null, null, 100] },
    ]);
  });

  it('gives dates as Date at UTC midnight, Chinese formats included; other numbers stay numbers', async () => {
    const path = await writeXlsx(tmp.path('dates.xlsx'), (wb) => {
      const ws = wb.addWorksheet('S');
      const row = ws.addRow([
        utc(1983, 4, 8),
        utc(2001, 12, 31),
        utc(1990, 1, 2),
        '1983-04-08',
        1234.5,
        true,
      ]);
      row.getCell(1).numFmt = 'yyyy"年"m"月"d"日"';
      row.getCell(2).numFmt = 'yyyy-mm-dd';
      row.getCell(3).numFmt = 'yyyy"年"m"月"';
      row.getCell(5).numFmt = '#,##0.00"元"';
      const formula = ws.getCell('G1');
      formula.value = { formula: 'DATE(1990,1,2)', result: 32875 };
      formula.numFmt = 'yyyy"年"m"月"d"日"';
    });
    expect(await rowsOf(path)).toEqual([
      {
        row: 1,
        cells: [
          utc(1983, 4, 8),
          utc(2001, 12, 31),
          utc(1990, 1, 2),
          '1983-04-08',
          1234.5,
          true,
          utc(1990, 1, 2),
        ],
      },
    ]);
  });

  it('flattens rich text and hyperlinks to plain text', async () => {
    const path = await writeXlsx(tmp.path('rich.xlsx'), (wb) => {
      const ws = wb.addWorksheet('S');
      ws.getCell('A1').value = {
        richText: [{ text: '李' }, { font: { bold: true }, text: '𠀾' }, { text: '三' }],
      };
      ws.getCell('B1').value = { text: '政策文件', hyperlink: 'https://example.org/' };
    });
    expect(await rowsOf(path)).toEqual([{ row: 1, cells: ['李𠀾三', '政策文件'] }]);
  });
});

describe('readXlsx formulas and errors', () => {
  it('reads formulas written by exceljs: cached results, error values, no cached value', async () => {
    const path = await writeXlsx(tmp.path('formulas.xlsx'), (wb) => {
      const ws = wb.addWorksheet('S');
      ws.getCell('A1').value = { formula: 'B1*2', result: 4 };
      ws.getCell('B1').value = { formula: 'C1*0', result: 0 };
      ws.getCell('C1').value = { formula: 'D1+1' };
      ws.getCell('D1').value = { error: '#N/A' };
      ws.getCell('E1').value = { formula: '1/0', result: { error: '#DIV/0!' } };
      ws.getCell('F1').value = { formula: 'TEXT(1,"0")', result: '1' };
    });
    expect(await rowsOf(path)).toEqual([
      {
        row: 1,
        cells: [
          4,
          0,
          { error: '', formula: 'D1+1' },
          { error: '#N/A' },
          // The cached error value itself (exceljs's reader lost its kind: UNKNOWN_FORMULA_ERROR).
          { error: '#DIV/0!', formula: '1/0' },
          '1',
        ],
      },
    ]);
  });

  it('reads formula cells as Excel stores them', async () => {
    const path = writeRawXlsx(tmp.path('raw-formulas.xlsx'), {
      sheets: [
        {
          name: '花名册',
          sheetData:
            '<row r="1">' +
            '<c r="A1" t="str"><f>"张"&amp;"三"</f><v>张三</v></c>' +
            '<c r="B1" t="str"><f>IF(A1="","","")</f><v></v></c>' +
            '<c r="C1" t="e"><f>VLOOKUP(A1,Sheet2!A:B,2,0)</f><v>#N/A</v></c>' +
            '<c r="D1" t="e"><v>#REF!</v></c>' +
            '<c r="E1" t="b"><v>0</v></c>' +
            '</row>' +
            '<row r="2"><c r="A2"><f t="shared" ref="A2:A3" si="0">B2+1</f><v>5</v></c></row>' +
            '<row r="3"><c r="A3"><f t="shared" si="0"/><v>0</v></c></row>' +
            '<row r="4"><c r="A4"><f t="shared" si="0"/><v>7</v></c></row>',
        },
      ],
      sharedStrings: [],
    });
    expect(await rowsOf(path)).toEqual([
      {
        row: 1,
        cells: [
          '张三',
          '',
          { error: '#N/A', formula: 'VLOOKUP(A1,Sheet2!A:B,2,0)' },
          { error: '#REF!' },
          false,
        ],
      },
      { row: 2, cells: [5] },
      { row: 3, cells: [0] },
      { row: 4, cells: [7] },
    ]);
  });
});

describe('readXlsx sheets', () => {
  it('reads every sheet in order with its name', async () => {
    const sheets = await readAll(readXlsx(multiSheet, 'multi.xlsx'));
    expect(sheets.map((s) => [s.sheet, s.rows.length])).toEqual([
      ['说明', 1],
      ['花名册', 300],
      ['Sheet3', 1],
    ]);
    expect(sheets[1]?.rows[299]).toEqual({ row: 300, cells: [300, '张三300', '户主'] });
  });

  it('reads only the sheet asked for, matched leniently on case and full-width forms', async () => {
    expect((await readAll(readXlsx(multiSheet, 'm', { sheet: '花名册' }))).map((s) => s.sheet)).toEqual([
      '花名册',
    ]);
    expect((await readAll(readXlsx(multiSheet, 'm', { sheet: 'sheet3' }))).map((s) => s.sheet)).toEqual([
      'Sheet3',
    ]);
    expect(
      (await readAll(readXlsx(multiSheet, 'm', { sheet: 'ＳＨＥＥＴ３ ' }))).map((s) => s.sheet),
    ).toEqual(['Sheet3']);
  });

  it('names the sheets that exist when the one asked for does not', async () => {
    const err = await rejectionOf(readAll(readXlsx(multiSheet, 'multi.xlsx', { sheet: '汇总' })));
    expect(err.messageId).toBe('io.sheet-not-found');
    expect(err.data).toEqual({ file: 'multi.xlsx', sheet: '汇总', sheets: '说明, 花名册, Sheet3' });
  });

  it('moving to the next sheet skips the unread rows; a sheet is read once', async () => {
    const names: string[] = [];
    for await (const source of readXlsx(multiSheet, 'multi.xlsx')) {
      names.push(source.sheet ?? '');
      if (source.sheet === '花名册') {
        for await (const row of source.rows) if (row.row === 5) break;
        await expect(async () => {
          for await (const _ of source.rows) break;
        }).rejects.toThrow(/once/);
      }
    }
    expect(names).toEqual(['说明', '花名册', 'Sheet3']);
  });

  it('is re-iterable: each iteration reads the file again', async () => {
    const sources = readXlsx(multiSheet, 'multi.xlsx', { sheet: '说明' });
    expect(await readAll(sources)).toEqual(await readAll(sources));
  });

  it('finds sheet names behind absolute relationship targets (openpyxl) and reads strings-first packages', async () => {
    const sheets = [
      {
        name: '花名册',
        sheetData: '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>',
      },
      { name: 'Sheet1', sheetData: inlineRow(2, ['备注']) },
    ];
    const sharedStrings = ['姓名', '证件号码'];
    for (const order of ['excel', 'strings-first'] as const) {
      const path = writeRawXlsx(tmp.path(`abs-${order}.xlsx`), {
        sheets,
        sharedStrings,
        order,
        absoluteTargets: true,
      });
      expect(await readAll(readXlsx(path, 'abs.xlsx'))).toEqual([
        { sheet: '花名册', encoding: undefined, rows: [{ row: 1, cells: ['姓名', '证件号码'] }] },
        { sheet: 'Sheet1', encoding: undefined, rows: [{ row: 2, cells: ['备注'] }] },
      ]);
    }
  });
});

describe('readXlsx hidden sheets', () => {
  async function visibility(path: string, sheet?: string): Promise<[string | null, boolean | undefined][]> {
    const out: [string | null, boolean | undefined][] = [];
    for await (const source of readXlsx(path, 'ledger.xlsx', sheet === undefined ? {} : { sheet })) {
      out.push([source.sheet, source.hidden]);
    }
    return out;
  }

  it('marks hidden and very hidden sheets (state in xl/workbook.xml), and still reads them', async () => {
    const path = await writeXlsx(tmp.path('hidden.xlsx'), (wb) => {
      wb.addWorksheet('花名册').addRow(['户编号', '姓名', '证件号码']);
      wb.addWorksheet('码表', { state: 'hidden' }).addRow(['与户主关系', '户主']);
      wb.addWorksheet('旧版花名册', { state: 'veryHidden' }).addRow(['户编号', '姓名']);
      wb.addWorksheet('说明').addRow(['填表说明']);
    });
    expect(await visibility(path)).toEqual([
      ['花名册', false],
      ['码表', true],
      ['旧版花名册', true],
      ['说明', false],
    ]);
    // Asked for by name, a hidden sheet is read and still says it is hidden.
    expect(await visibility(path, '码表')).toEqual([['码表', true]]);
    const sheets = await readAll(readXlsx(path, 'hidden.xlsx'));
    expect(sheets[1]?.rows).toEqual([{ row: 1, cells: ['与户主关系', '户主'] }]);
  });

  it('finds the state behind absolute relationship targets (openpyxl)', async () => {
    const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
    const rns = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
    const rel = (n: number) =>
      `<Relationship Id="rId${n}" Type="${rns}/worksheet" Target="/xl/worksheets/sheet${n}.xml"/>`;
    const sheet = (text: string) =>
      `<worksheet ${ns}><sheetData>${inlineRow(1, [text])}</sheetData></worksheet>`;
    const path = writeZip(tmp.path('hidden-abs.xlsx'), [
      { name: '[Content_Types].xml', data: '<Types/>' },
      {
        name: 'xl/workbook.xml',
        data:
          `<workbook ${ns} xmlns:r="${rns}"><sheets>` +
          '<sheet name="花名册" sheetId="1" r:id="rId1"/>' +
          '<sheet name="码表" sheetId="2" state="hidden" r:id="rId2"/>' +
          '</sheets></workbook>',
      },
      {
        name: 'xl/_rels/workbook.xml.rels',
        data: `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rel(1)}${rel(2)}</Relationships>`,
      },
      { name: 'xl/worksheets/sheet1.xml', data: sheet('姓名') },
      { name: 'xl/worksheets/sheet2.xml', data: sheet('户主') },
    ]);
    expect(await visibility(path)).toEqual([
      ['花名册', false],
      ['码表', true],
    ]);
  });
});

describe('readXlsx styles and part order', () => {
  const sheetData =
    '<row r="1"><c r="A1" s="1"><v>30414</v></c><c r="B1" s="1"><f>A1</f><v>30414</v></c><c r="C1"><v>30414</v></c></row>';

  it('applies date formats whether styles.xml comes before or after the sheets', async () => {
    for (const order of ['excel', 'strings-first'] as const) {
      const path = writeRawXlsx(tmp.path(`styles-${order}.xlsx`), {
        sheets: [{ name: 'S', sheetData }],
        sharedStrings: ['x'],
        styles: true,
        order,
      });
      expect(await rowsOf(path)).toEqual([{ row: 1, cells: [utc(1983, 4, 8), utc(1983, 4, 8), 30414] }]);
    }
  });

  it('honours the 1904 date system', async () => {
    const path = writeRawXlsx(tmp.path('date1904.xlsx'), {
      sheets: [{ name: 'S', sheetData: sheetData.replace(/30414/g, '28952') }],
      sharedStrings: [],
      styles: true,
      date1904: true,
    });
    expect((await rowsOf(path))[0]?.cells.slice(0, 2)).toEqual([utc(1983, 4, 8), utc(1983, 4, 8)]);
  });
});

describe('readXlsx multi-byte text across chunk boundaries (exceljs#2063)', () => {
  const names = Array.from({ length: 3000 }, (_, i) => `张三李四王五赵六钱七孙八${i}号村民`);

  it('shared strings', async () => {
    const path = await writeXlsx(tmp.path('shared.xlsx'), (wb) => {
      const ws = wb.addWorksheet('花名册');
      for (const name of names) ws.addRow([name]);
    });
    expect((await rowsOf(path)).map((r) => r.cells[0])).toEqual(names);
  });

  it('inline strings in the sheet XML, in Excel part order and strings-first', async () => {
    const sheetData = names.map((name, i) => inlineRow(i + 1, [name])).join('');
    for (const order of ['excel', 'strings-first'] as const) {
      const path = writeRawXlsx(tmp.path(`inline-${order}.xlsx`), {
        sheets: [{ name: 'S', sheetData }],
        sharedStrings: [],
        order,
      });
      expect((await rowsOf(path)).map((r) => r.cells[0])).toEqual(names);
    }
  });
});

describe('readXlsx resources', () => {
  /** Open file descriptors once pending closes have settled (stream destroy closes asynchronously). */
  async function openFds(atMost = Infinity): Promise<number> {
    let count = readdirSync('/proc/self/fd').length;
    for (let i = 0; i < 50 && count > atMost; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      count = readdirSync('/proc/self/fd').length;
    }
    return count;
  }

  it('uses no temp file and leaves no open file behind, however the reading stops', async () => {
    const tempBefore = exceljsTempFiles();
    const fdsBefore = readdirSync('/proc/self/fd').length;

    for await (const source of readXlsx(multiSheet, 'm')) {
      // Rows stream straight from the zip: nothing is spooled to disk, even while a sheet is read.
      for await (const _ of source.rows) expect(exceljsTempFiles()).toEqual(tempBefore);
    }
    await readAll(readXlsx(multiSheet, 'm', { sheet: 'Sheet3' }));
    outer: for await (const source of readXlsx(multiSheet, 'm')) {
      if (source.sheet !== '花名册') continue;
      for await (const row of source.rows) if (row.row === 10) break outer;
    }
    for await (const _ of readXlsx(multiSheet, 'm')) break;
    await rejectionOf(readAll(readXlsx(multiSheet, 'm', { sheet: 'nope' })));
    const truncated = tmp.path('truncated-for-leak.xlsx');
    const whole = readFileSync(multiSheet);
    writeFileSync(truncated, whole.subarray(0, whole.length >> 1));
    await rejectionOf(readAll(readXlsx(truncated, 'm')));

    expect(exceljsTempFiles()).toEqual(tempBefore);
    expect(await openFds(fdsBefore)).toBeLessThanOrEqual(fdsBefore);
  });

  it('stops early on a streamed (strings-first) package without hanging', async () => {
    const sheetData = Array.from({ length: 2000 }, (_, i) => inlineRow(i + 1, [`村民${i}`])).join('');
    const path = writeRawXlsx(tmp.path('early.xlsx'), {
      sheets: [
        { name: 'A', sheetData },
        { name: 'B', sheetData: inlineRow(1, ['b']) },
      ],
      sharedStrings: [],
      order: 'strings-first',
    });
    for await (const source of readXlsx(path, 'early.xlsx')) {
      for await (const _ of source.rows) break;
      break;
    }
    expect((await readAll(readXlsx(path, 'early.xlsx'))).map((s) => s.rows.length)).toEqual([2000, 1]);
  });
});

describe('readXlsx broken files', () => {
  it('a missing path or a directory fails with an io error, not a crash or a hang', async () => {
    expect((await rejectionOf(rowsOf(tmp.path('missing.xlsx')))).messageId).toBe('io.file-not-found');
    expect((await rejectionOf(rowsOf(tmp.dir))).messageId).toBe('io.is-directory');
  });

  it('a truncated workbook is unreadable', { timeout: 15_000 }, async () => {
    const whole = readFileSync(multiSheet);
    const path = tmp.path('truncated.xlsx');
    writeFileSync(path, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const err = await rejectionOf(readAll(readXlsx(path, 'truncated.xlsx')));
    expect(err.messageId).toBe('io.xlsx-unreadable');
    expect(err.data.file).toBe('truncated.xlsx');
  });

  it('zip magic followed by garbage is unreadable', { timeout: 15_000 }, async () => {
    const path = tmp.path('garbage.xlsx');
    writeFileSync(path, Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(5000, 7)]));
    expect((await rejectionOf(readAll(readXlsx(path, 'garbage.xlsx')))).messageId).toBe('io.xlsx-unreadable');
  });

  it('a zip that is not a workbook is unreadable', async () => {
    const path = writeZip(tmp.path('notes.zip'), [{ name: 'readme.txt', data: '说明' }]);
    const err = await rejectionOf(readAll(readXlsx(path, 'notes.xlsx')));
    expect(err.messageId).toBe('io.xlsx-unreadable');
    expect(String(err.data.detail)).toMatch(/no worksheet/);
  });

  it('malformed sheet XML is unreadable', async () => {
    const path = writeRawXlsx(tmp.path('bad-xml.xlsx'), {
      sheets: [{ name: 'S', sheetData: '<row r="1"><c r="A1" t="inlineStr"><is><t>x</is></c></row>' }],
      sharedStrings: [],
    });
    expect((await rejectionOf(rowsOf(path))).messageId).toBe('io.xlsx-unreadable');
  });
});

describe('readXlsx OOXML details (yauzl + saxes reader)', () => {
  const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
  const rns = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

  /** A package from raw parts: sheets by name → their XML after <worksheet>, plus xl/sharedStrings.xml. */
  function rawPackage(
    name: string,
    sheets: readonly { name: string; xml: string; state?: string }[],
    sharedStrings?: string,
  ): string {
    const rel = (n: number) =>
      `<Relationship Id="rId${n}" Type="${rns}/worksheet" Target="worksheets/sheet${n}.xml"/>`;
    return writeZip(tmp.path(name), [
      { name: '[Content_Types].xml', data: '<Types/>' },
      {
        name: 'xl/workbook.xml',
        data:
          `<workbook ${ns} xmlns:r="${rns}"><sheets>` +
          sheets
            .map(
              (s, i) =>
                `<sheet name="${s.name}" sheetId="${i + 1}" r:id="rId${i + 1}"${s.state ? ` state="${s.state}"` : ''}/>`,
            )
            .join('') +
          '</sheets></workbook>',
      },
      {
        name: 'xl/_rels/workbook.xml.rels',
        data:
          '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
          sheets.map((_, i) => rel(i + 1)).join('') +
          `<Relationship Id="rIdS" Type="${rns}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
      },
      ...(sharedStrings === undefined ? [] : [{ name: 'xl/sharedStrings.xml', data: sharedStrings }]),
      ...sheets.map((s, i) => ({
        name: `xl/worksheets/sheet${i + 1}.xml`,
        data: `<worksheet ${ns}>${s.xml}</worksheet>`,
      })),
    ]);
  }

  it('shared strings: rich text runs joined, phonetic guides left out, spaces kept as stored', async () => {
    const sst =
      `<sst ${ns}>` +
      '<si><r><t>李</t></r><r><rPr><b/></rPr><t>𠀾</t></r><r><t xml:space="preserve"> 三 </t></r></si>' +
      '<si><t>东京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="1"/></si>' +
      '<si><t xml:space="preserve">  户主  </t></si>' +
      '<si><t/></si>' +
      '</sst>';
    const sheetData =
      '<sheetData><row r="1">' +
      ['A', 'B', 'C', 'D'].map((c, i) => `<c r="${c}1" t="s"><v>${i}</v></c>`).join('') +
      '<c r="E1" t="s"><v>99</v></c></row></sheetData>';
    const path = rawPackage('sst.xlsx', [{ name: 'S', xml: sheetData }], sst);
    // An index past the table (E1) reads as empty, as before.
    expect(await rowsOf(path)).toEqual([{ row: 1, cells: ['李𠀾 三 ', '东京', '  户主  ', ''] }]);
  });

  it('inline strings with runs and phonetic guides; formula strings, booleans, ISO dates', async () => {
    const sheetData =
      '<sheetData><row r="2">' +
      '<c r="A2" t="inlineStr"><is><r><t>张</t></r><r><t>三</t></r><rPh sb="0" eb="1"><t>チョウ</t></rPh></is></c>' +
      '<c r="B2" t="b"><v>1</v></c><c r="C2" t="b"><f>1=2</f><v>0</v></c>' +
      '<c r="D2" t="d"><v>1983-04-08</v></c><c r="E2" t="d"><v>not a date</v></c>' +
      '<c r="F2" t="str"><f>A2&amp;"&lt;"</f><v>张三&lt;</v></c>' +
      '</row></sheetData>';
    const path = rawPackage('inline.xlsx', [{ name: 'S', xml: sheetData }]);
    expect(await rowsOf(path)).toEqual([
      { row: 2, cells: ['张三', true, false, utc(1983, 4, 8), 'not a date', '张三<'] },
    ]);
  });

  it('cells and rows without r are counted by position; empty and style-only cells are left out', async () => {
    const inline = (text: string) => `<c t="inlineStr"><is><t>${text}</t></is></c>`;
    const sheetData =
      '<sheetData>' +
      `<row>${inline('户编号')}${inline('姓名')}<c s="1"/>${inline('证件号码')}</row>` +
      `<row><c><v>1</v></c><c r="C2"><v>3</v></c><c><v>4</v></c><c><v></v></c></row>` +
      '<row r="5"><c s="0"/></row>' +
      `<row>${inline('第六行')}</row>` +
      '</sheetData>';
    const path = rawPackage('positions.xlsx', [{ name: 'S', xml: sheetData }]);
    expect(await rowsOf(path)).toEqual([
      { row: 1, cells: ['户编号', '姓名', null, '证件号码'] },
      { row: 2, cells: [1, null, 3, 4] },
      { row: 6, cells: ['第六行'] },
    ]);
  });

  it('reads parts whose elements carry a namespace prefix (<x:c>, as the .NET Open XML SDK writes)', async () => {
    const x = 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
    const path = writeZip(tmp.path('prefixed.xlsx'), [
      { name: '[Content_Types].xml', data: '<Types/>' },
      {
        name: 'xl/workbook.xml',
        data: `<x:workbook ${x} xmlns:r="${rns}"><x:sheets><x:sheet name="花名册" sheetId="1" r:id="R1"/></x:sheets></x:workbook>`,
      },
      {
        name: 'xl/_rels/workbook.xml.rels',
        data: `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="R1" Type="${rns}/worksheet" Target="/xl/worksheets/sheet.xml"/></Relationships>`,
      },
      {
        name: 'xl/worksheets/sheet.xml',
        data:
          `<x:worksheet ${x}><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>姓名</x:t></x:is></x:c>` +
          '<x:c r="B1"><x:v>7</x:v></x:c></x:row><x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>张三</x:t></x:is></x:c></x:row>' +
          '</x:sheetData><x:mergeCells count="1"><x:mergeCell ref="B1:B2"/></x:mergeCells></x:worksheet>',
      },
    ]);
    const sources: { sheet: string | null; merged: unknown }[] = [];
    for await (const source of readXlsx(path, 'prefixed.xlsx')) {
      sources.push({ sheet: source.sheet, merged: source.mergedRanges });
    }
    expect(sources).toEqual([{ sheet: '花名册', merged: [{ top: 1, left: 1, bottom: 2, right: 1 }] }]);
    expect(await rowsOf(path)).toEqual([
      { row: 1, cells: ['姓名', 7] },
      { row: 2, cells: ['张三'] },
    ]);
  });

  it('gives the sheets in workbook (tab) order, whatever the order of their parts', async () => {
    const rels =
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      `<Relationship Id="rId1" Type="${rns}/worksheet" Target="worksheets/sheet2.xml"/>` +
      `<Relationship Id="rId2" Type="${rns}/worksheet" Target="worksheets/sheet1.xml"/>` +
      `<Relationship Id="rId3" Type="${rns}/chartsheet" Target="chartsheets/sheet1.xml"/></Relationships>`;
    const sheet = (text: string) =>
      `<worksheet ${ns}><sheetData>${inlineRow(1, [text])}</sheetData></worksheet>`;
    const path = writeZip(tmp.path('tab-order.xlsx'), [
      { name: '[Content_Types].xml', data: '<Types/>' },
      {
        name: 'xl/workbook.xml',
        data:
          `<workbook ${ns} xmlns:r="${rns}"><sheets><sheet name="花名册" sheetId="3" r:id="rId1"/>` +
          '<sheet name="图表" sheetId="4" r:id="rId3"/><sheet name="说明" sheetId="1" r:id="rId2"/></sheets></workbook>',
      },
      { name: 'xl/_rels/workbook.xml.rels', data: rels },
      { name: 'xl/worksheets/sheet1.xml', data: sheet('填表说明') },
      { name: 'xl/worksheets/sheet2.xml', data: sheet('姓名') },
      { name: 'xl/chartsheets/sheet1.xml', data: `<chartsheet ${ns}/>` },
    ]);
    const sheets = await readAll(readXlsx(path, 'tab-order.xlsx'));
    // The chart sheet has no cells: it is not a table to read.
    expect(sheets.map((s) => [s.sheet, s.rows[0]?.cells[0]])).toEqual([
      ['花名册', '姓名'],
      ['说明', '填表说明'],
    ]);
    const err = await rejectionOf(readAll(readXlsx(path, 'tab-order.xlsx', { sheet: '图表' })));
    expect(err.messageId).toBe('io.xlsx-unreadable');
    expect(String(err.data.detail)).toMatch(/图表/);
  });

  it('built-in Chinese date formats (ids 27–36, 50–58) are dates even when styles.xml does not declare them', async () => {
    const path = writeRawXlsx(tmp.path('builtin-dates.xlsx'), {
      sheets: [
        {
          name: 'S',
          sheetData: '<row r="1"><c r="A1" s="2"><v>30414</v></c><c r="B1" s="0"><v>30414</v></c></row>',
        },
      ],
      sharedStrings: [],
      styles: true,
    });
    expect(await rowsOf(path)).toEqual([{ row: 1, cells: [utc(1983, 4, 8), 30414] }]);
  });
});

describe('readXlsx hostile packages', () => {
  it('a cell right of XFD makes the sheet unreadable, naming the sheet and row', async () => {
    const path = writeRawXlsx(tmp.path('past-xfd.xlsx'), {
      sheets: [
        { name: '花名册', sheetData: inlineRow(1, ['姓名']) + '<row r="2"><c r="XFE2"><v>1</v></c></row>' },
      ],
      sharedStrings: [],
    });
    const err = await rejectionOf(rowsOf(path));
    expect(err.messageId).toBe('io.xlsx-unreadable');
    expect(err.data.detail).toMatch(/花名册.*row 2.*XFE2/);
  });

  it('a part that inflates to more than its directory entry declares is unreadable (not read on)', async () => {
    const rows = Array.from({ length: 500 }, (_, i) => inlineRow(i + 1, [`村民${i}`])).join('');
    const path = writeRawXlsx(tmp.path('lying-size.xlsx'), { sheets: [{ name: 'S', sheetData: rows }] });
    // Rewrite the sheet's uncompressed size in the central directory to 1 KiB.
    const zip = readFileSync(path);
    const name = Buffer.from('xl/worksheets/sheet1.xml');
    let at = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    while (at >= 0 && !zip.subarray(at + 46, at + 46 + name.length).equals(name)) {
      at = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at - 1);
    }
    zip.writeUInt32LE(1024, at + 24);
    writeFileSync(path, zip);
    const err = await rejectionOf(rowsOf(path));
    expect(err.messageId).toBe('io.xlsx-unreadable');
    expect(err.data.detail).toMatch(/too many bytes/);
  });

  it('a zip bomb is refused from its directory by the reader itself', async () => {
    const bomb = new URL('../../fixtures/hostile/zip-bomb.xlsx', import.meta.url).pathname;
    const started = Date.now();
    const err = await rejectionOf(rowsOf(bomb));
    expect(err.messageId).toBe('io.xlsx-zip-bomb');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
