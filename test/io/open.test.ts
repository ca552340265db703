import { fsError } from '../../src/io/encoding.js';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LedgerlintError } from '../../src/errors.js';
import { IO_MESSAGES } from '../../src/i18n/messages/io.js';
import { openLedger, sniffFormat } from '../../src/io/open.js';
import { makeTempDir, readAll, toCsv, writeText, writeXlsx } from '../helpers/files.js';

const tmp = makeTempDir();
afterAll(() => tmp.remove());

let workbook = '';
beforeAll(async () => {
  workbook = await writeXlsx(tmp.path('book.xlsx'), (wb) => {
    wb.addWorksheet('花名册').addRow(['姓名', '证件号码']);
    wb.addWorksheet('汇总').addRow(['合计', 1]);
  });
});

async function errorOf(path: string, displayName = 'input'): Promise<LedgerlintError> {
  const err = await readAll(openLedger(path, displayName)).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(LedgerlintError);
  const ledgerErr = err as LedgerlintError;
  expect(ledgerErr.data.file).toBe(displayName);
  expect(IO_MESSAGES[ledgerErr.messageId]).toBeDefined();
  return ledgerErr;
}

const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

describe('openLedger', () => {
  it('reads a workbook sheet by sheet', async () => {
    const sheets = await readAll(openLedger(workbook, 'book.xlsx'));
    expect(sheets.map((s) => [s.sheet, s.rows[0]?.cells])).toEqual([
      ['花名册', ['姓名', '证件号码']],
      ['汇总', ['合计', 1]],
    ]);
    const only = await readAll(openLedger(workbook, 'book.xlsx', { sheet: '汇总' }));
    expect(only.map((s) => s.sheet)).toEqual(['汇总']);
  });

  it('reads a CSV as one sheet-less source, ignoring a sheet option', async () => {
    const path = writeText(tmp.path('roster.csv'), toCsv([['姓名'], ['张三']]), 'gb18030');
    const [source, ...rest] = await readAll(openLedger(path, 'roster.csv', { sheet: '花名册' }));
    expect(rest).toEqual([]);
    expect(source).toEqual({
      sheet: null,
      encoding: { name: 'gb18030', reason: 'fallback' },
      rows: [
        { row: 1, cells: ['姓名'] },
        { row: 2, cells: ['张三'] },
      ],
    });
  });

  it('goes by content: a .csv that is really xlsx is read as a workbook', async () => {
    const path = tmp.path('really-xlsx.csv');
    copyFileSync(workbook, path);
    expect(await sniffFormat(path, 'really-xlsx.csv')).toBe('xlsx');
    expect((await readAll(openLedger(path, 'really-xlsx.csv'))).map((s) => s.sheet)).toEqual([
      '花名册',
      '汇总',
    ]);
  });

  it('a text file named .xlsx is read as CSV', async () => {
    const path = writeText(tmp.path('text.xlsx'), '姓名\t年龄\n张三\t30\n');
    expect((await readAll(openLedger(path, 'text.xlsx')))[0]?.rows[1]?.cells).toEqual(['张三', '30']);
  });
});

describe('openLedger errors', () => {
  it('an OLE2 file that is no readable .xls says so and tells how to convert', async () => {
    const path = tmp.path('old.xls');
    writeFileSync(path, Buffer.concat([OLE2, Buffer.alloc(4096)]));
    expect((await errorOf(path, 'old.xls')).messageId).toBe('io.xls-unreadable');
    expect(IO_MESSAGES['io.xls-unreadable']?.zh).toMatch(/另存为 \.xlsx/);
    expect(IO_MESSAGES['io.xls-unreadable']?.en).toMatch(/soffice --headless --convert-to xlsx/);
  });

  it('an OLE2 file named .xlsx, or holding an EncryptedPackage, is a password-protected workbook', async () => {
    const named = tmp.path('locked.xlsx');
    writeFileSync(named, Buffer.concat([OLE2, Buffer.alloc(4096)]));
    expect((await errorOf(named, 'locked.xlsx')).messageId).toBe('io.xlsx-encrypted');
    const inner = tmp.path('locked.bin');
    writeFileSync(
      inner,
      Buffer.concat([OLE2, Buffer.alloc(1024), Buffer.from('EncryptedPackage', 'utf16le')]),
    );
    expect((await errorOf(inner, 'locked.bin')).messageId).toBe('io.xlsx-encrypted');
  });

  it('missing file, directory, empty file', async () => {
    expect((await errorOf(tmp.path('nope.csv'))).messageId).toBe('io.file-not-found');
    expect((await errorOf(tmp.path('roster.csv/x.csv'))).messageId).toBe('io.file-not-found');
    const dir = tmp.path('folder.xlsx');
    mkdirSync(dir);
    expect((await errorOf(dir)).messageId).toBe('io.is-directory');
    const empty = tmp.path('empty.csv');
    writeFileSync(empty, '');
    expect((await errorOf(empty)).messageId).toBe('io.empty-file');
  });

  it('an fs error such as EACCES is reported as unreadable, with the detail', () => {
    // Permission bits cannot be exercised as root (CI runs as root), so the mapping itself is tested.
    const eacces = Object.assign(new Error("EACCES: permission denied, open 'secret.csv'"), {
      code: 'EACCES',
    });
    const err = fsError(eacces, 'secret.csv');
    expect(err.messageId).toBe('io.unreadable');
    expect(err.data).toMatchObject({ file: 'secret.csv' });
    expect(String(err.data.detail)).toMatch(/EACCES/);
    expect(fsError(Object.assign(new Error('x'), { code: 'ENOTDIR' }), 'a/b.csv').messageId).toBe(
      'io.file-not-found',
    );
  });

  it('UTF-16 text, HTML/XML tables posing as .xls, and binary files are refused with a reason', async () => {
    const utf16 = tmp.path('unicode.txt');
    writeFileSync(
      utf16,
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('姓名\t年龄\r\n', 'utf16le')]),
    );
    expect((await errorOf(utf16)).messageId).toBe('io.utf16-unsupported');
    const html = writeText(
      tmp.path('export.xls'),
      '\r\n<html><head><meta charset="utf-8"></head><table><tr><td>姓名</td></tr></table>',
    );
    expect((await errorOf(html)).messageId).toBe('io.markup-spreadsheet');
    const xml = writeText(
      tmp.path('export2003.xls'),
      '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">',
    );
    expect((await errorOf(xml)).messageId).toBe('io.markup-spreadsheet');
    const binary = tmp.path('photo.jpg');
    writeFileSync(binary, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46]));
    expect((await errorOf(binary)).messageId).toBe('io.unsupported-format');
  });
});

describe('IO_MESSAGES', () => {
  it('has zh and en for every message, with the same placeholders', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{\{\s*([\w.-]+)\s*\}\}/g)].map((m) => m[1]).sort();
    for (const [id, text] of Object.entries(IO_MESSAGES)) {
      expect(id).toMatch(/^io\./);
      expect(text.zh.trim(), id).not.toBe('');
      expect(text.en.trim(), id).not.toBe('');
      expect(placeholders(text.zh), id).toEqual(placeholders(text.en));
      expect(placeholders(text.zh), id).toContain('file');
    }
  });
});
