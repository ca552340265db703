/**
 * Writes fixtures/hostile/: small broken and hostile files that ledgerlint must refuse calmly (exit 2 with a
 * clear message, or a file-level finding in a batch run), within bounded time and memory. Deterministic: the
 * same bytes on every run. The 50 MB single cell is generated at test time instead (too big to commit).
 *
 *   npm run fixtures:hostile
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import CFB from 'cfb';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import JSZip from 'jszip';
import { generateFixture } from '../fixtures/generator/index.js';
import { makeIdNumber } from '../src/normalize/idnumber.js';

const OUT = 'fixtures/hostile';
/** Zip entries get a fixed date so the files are byte-identical on every run. */
const DATE = new Date(Date.UTC(2026, 0, 1));

const HEADER = ['乡(镇)', '行政村', '户编号', '姓名', '证件号码', '性别', '与户主关系', '脱贫属性'];
const ROW_UTF8 = [
  '青山乡',
  '石桥村',
  '450123101001001',
  '韦丰年',
  makeIdNumber('450123', '19750402', '011'),
  '男',
  '户主',
  '已脱贫',
];
const ROW_GBK = [
  '青山乡',
  '石桥村',
  '450123101001002',
  '蒙桂兰',
  makeIdNumber('450123', '19620211', '042'),
  '女',
  '户主',
  '已脱贫',
];

async function main(): Promise<void> {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const tmp = mkdtempSync(path.join(tmpdir(), 'ledgerlint-hostile-'));
  try {
    // A small valid ledger of each kind, the material of several cases.
    const xlsx = await generateFixture({
      seed: 6,
      households: 4,
      plants: false,
      format: 'xlsx',
      out: tmp,
      name: 'ledger',
    });
    const csv = await generateFixture({
      seed: 6,
      households: 4,
      plants: false,
      format: 'csv',
      encoding: 'utf8',
      out: tmp,
      name: 'ledger',
    });
    const xlsxBytes = readFileSync(xlsx.file);
    const csvBytes = readFileSync(csv.file);

    write('truncated.xlsx', xlsxBytes.subarray(0, Math.floor(xlsxBytes.length / 2)));
    write('empty.csv', Buffer.alloc(0));
    write('zero-byte.xlsx', Buffer.alloc(0));
    write('encrypted.xlsx', encryptedContainer());
    write('not-a-ledger.xlsx', await nonLedgerWorkbook());
    write('xlsx-named.csv', xlsxBytes);
    write('csv-named.xlsx', csvBytes);
    write('zip-bomb.xlsx', await zipBomb());
    write('million-columns.xlsx', await millionColumns());
    write('binary-garbage.csv', garbage(64 * 1024));
    write('mixed-encodings.csv', mixedEncodings());
    write('mixed-encodings-late.csv', mixedEncodingsLate());
    write('long-rows.csv', longRows());
    write('unclosed-quote.csv', unclosedQuote());
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function write(name: string, bytes: Uint8Array): void {
  writeFileSync(path.join(OUT, name), bytes);
  console.log(`${OUT}/${name}: ${bytes.length} bytes`);
}

/**
 * What Excel writes for "Encrypt with Password": an OLE2 compound file (not a zip) holding EncryptionInfo and
 * EncryptedPackage streams. The payload here is random-looking bytes: nothing can read it without a password.
 */
function encryptedContainer(): Uint8Array {
  const cfb = CFB.utils.cfb_new();
  const info = Buffer.alloc(224);
  info.writeUInt16LE(4, 0); // version 4.4: agile encryption
  info.writeUInt16LE(4, 2);
  info.writeUInt32LE(0x40, 4);
  info.write('<?xml version="1.0" encoding="UTF-8"?><encryption/>', 8, 'utf8');
  CFB.utils.cfb_add(cfb, '/EncryptionInfo', info);
  CFB.utils.cfb_add(cfb, '/EncryptedPackage', garbage(8192));
  return CFB.write(cfb, { type: 'buffer' }) as Buffer;
}

async function nonLedgerWorkbook(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.created = DATE;
  wb.modified = DATE;
  const ws = wb.addWorksheet('价格表');
  ws.addRow(['商品', '单价', '库存']);
  ws.addRow(['化肥', 120, 30]);
  ws.addRow(['种子', 15.5, 200]);
  return zipped(Buffer.from(await wb.xlsx.writeBuffer()));
}

/**
 * A zip bomb: a worksheet whose XML inflates to 512 MiB (mostly whitespace, which deflate squeezes ~1000:1)
 * inside an otherwise valid workbook of a few hundred KB.
 */
async function zipBomb(): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(await zipped(await ledgerWorkbook()));
  const filler = Buffer.alloc(512 * 1024 * 1024, 0x20);
  const head = Buffer.from(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
  );
  const tail = Buffer.from('</sheetData></worksheet>');
  zip.file('xl/worksheets/sheet1.xml', Buffer.concat([head, filler, tail]), {
    date: DATE,
    createFolders: false,
  });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

/** A ledger whose sheet declares A1:XFD1048576 and has a cell in the very last column of the very last row. */
async function millionColumns(): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(await zipped(await ledgerWorkbook()));
  const sheet = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
  const lastCell =
    '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>最后一格</t></is></c></row></sheetData>';
  const bloated = sheet
    .replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:XFD1048576"/>')
    .replace('</sheetData>', lastCell);
  zip.file('xl/worksheets/sheet1.xml', bloated, { date: DATE, createFolders: false });
  return zipped(await zip.generateAsync({ type: 'nodebuffer' }));
}

async function ledgerWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.created = DATE;
  wb.modified = DATE;
  const ws = wb.addWorksheet('花名册');
  ws.addRow(HEADER);
  ws.addRow(ROW_UTF8);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Re-zip with fixed dates and compression, so the bytes do not depend on the clock. */
async function zipped(bytes: Buffer | Uint8Array): Promise<Buffer> {
  const source = await JSZip.loadAsync(bytes);
  const out = new JSZip();
  for (const name of Object.keys(source.files).sort()) {
    const entry = source.files[name]!;
    if (entry.dir) continue;
    out.file(name, await entry.async('nodebuffer'), { date: DATE, createFolders: false });
  }
  return out.generateAsync({
    type: 'nodebuffer',
    compression: 'DEFLATE',
    compressionOptions: { level: 6 },
  });
}

/** Deterministic pseudo-random bytes (xorshift), NULs included. */
function garbage(length: number): Buffer {
  const out = Buffer.alloc(length);
  let x = 0x2545f491;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** A header and a row in UTF-8, then a row in GBK: two exports pasted into one file. */
function mixedEncodings(): Buffer {
  return Buffer.concat([
    Buffer.from(`${HEADER.join(',')}\r\n${ROW_UTF8.join(',')}\r\n`, 'utf8'),
    iconv.encode(`${ROW_GBK.join(',')}\r\n`, 'gb18030'),
  ]);
}

/** 1500 rows of UTF-8 (beyond the head the encoding is detected from), then a row in GBK. */
function mixedEncodingsLate(): Buffer {
  const utf8Rows = Array.from({ length: 1500 }, (_, i) =>
    [...ROW_UTF8.slice(0, 2), `45012310100${String(1000 + i)}`, ...ROW_UTF8.slice(3)].join(','),
  );
  return Buffer.concat([
    Buffer.from(`${HEADER.join(',')}\r\n${utf8Rows.join('\r\n')}\r\n`, 'utf8'),
    iconv.encode(`${ROW_GBK.join(',')}\r\n`, 'gb18030'),
  ]);
}

/** Data rows with more cells than the header has columns. */
function longRows(): Buffer {
  const extra = Array.from({ length: 40 }, (_, i) => `多余${i + 1}`);
  return Buffer.from(
    `${HEADER.join(',')}\r\n${[...ROW_UTF8, ...extra].join(',')}\r\n${[...ROW_GBK, ...extra, ...extra].join(',')}\r\n`,
    'utf8',
  );
}

/** A quote opened in a data row and never closed: the rest of the file would become one field. */
function unclosedQuote(): Buffer {
  const rows = [HEADER.join(','), ROW_UTF8.join(','), `青山乡,石桥村,"450123101001002,蒙桂兰`];
  for (let i = 0; i < 2000; i++) rows.push(ROW_GBK.join(','));
  return Buffer.from(`${rows.join('\r\n')}\r\n`, 'utf8');
}

await main();
