import { LedgerlintError } from '../../src/errors.js';
import { expect } from 'vitest';
/** Small helpers to write real ledger files (CSV in any encoding, xlsx) into a temp dir for tests. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { RawRow, SheetSource } from '../../src/io/types.js';

export interface TempDir {
  readonly dir: string;
  /** Absolute path of `name` inside the dir. */
  path(name: string): string;
  remove(): void;
}

export function makeTempDir(prefix = 'ledgerlint-test-'): TempDir {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    path: (name) => join(dir, name),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export type TextFileEncoding = 'utf8' | 'utf8-bom' | 'gb18030';

/** Write `text` in the given encoding ('gb18030' is what Excel/WPS call GBK/ANSI, four-byte characters included). */
export function writeText(path: string, text: string, encoding: TextFileEncoding = 'utf8'): string {
  const bytes =
    encoding === 'gb18030'
      ? iconv.encode(text, 'gb18030')
      : Buffer.concat([Buffer.from(encoding === 'utf8-bom' ? '\uFEFF' : ''), Buffer.from(text, 'utf8')]);
  writeFileSync(path, bytes);
  return path;
}

/** Rows to CSV text, quoting only where needed; `eol` defaults to CRLF as Excel writes it. */
export function toCsv(rows: readonly (readonly string[])[], delimiter = ',', eol = '\r\n'): string {
  const quote = (cell: string) =>
    cell.includes(delimiter) || /["\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
  return rows.map((r) => r.map(quote).join(delimiter)).join(eol) + eol;
}

/** Build a workbook with exceljs (non-streaming: fine for small files) and write it. */
export async function writeXlsx(path: string, build: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  await wb.xlsx.writeFile(path);
  return path;
}

export interface ZipEntry {
  readonly name: string;
  readonly data: string | Buffer;
}

/** A minimal deflate zip writer, so tests control entry order and every byte of the XML. */
export function writeZip(path: string, entries: readonly ZipEntry[]): string {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const raw = typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : entry.data;
    const packed = deflateRawSync(raw);
    const crc = crc32(raw);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  writeFileSync(path, Buffer.concat([...locals, ...centrals, end]));
  return path;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export interface RawSheet {
  readonly name: string;
  /** The <sheetData> content: `<row r="1"><c r="A1" t="s"><v>0</v></c></row>…` */
  readonly sheetData: string;
  /** Written after </sheetData>, e.g. `<mergeCells …>`. */
  readonly afterSheetData?: string;
  /** The whole worksheet part as written, instead of one made of sheetData (damaged or odd parts). */
  readonly xml?: string;
}

export interface RawXlsxOptions {
  readonly sheets: readonly RawSheet[];
  /** Plain strings for xl/sharedStrings.xml (omitted when undefined). */
  readonly sharedStrings?: readonly string[];
  /** xl/sharedStrings.xml as written (rich text, damaged parts), instead of `sharedStrings`. */
  readonly sharedStringsXml?: string;
  /** Excel's order puts the sheets before styles and sharedStrings.xml; 'strings-first' puts them last. */
  readonly order?: 'excel' | 'strings-first';
  /** Relationship targets as openpyxl writes them ("/xl/worksheets/sheet1.xml"). */
  readonly absoluteTargets?: boolean;
  readonly date1904?: boolean;
  /**
   * Add xl/styles.xml whose cell style s="1" is the date format yyyy"年"m"月"d"日" (declared as numFmt 176) and
   * s="2" the built-in date format 31 (not declared, as Excel and WPS in Chinese write it).
   */
  readonly styles?: boolean;
}

const STYLES_XML =
  '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>' +
  '<fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts>' +
  '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>' +
  '<borders count="1"><border/></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="176" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="31" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>' +
  '</styleSheet>';

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Write an xlsx package by hand: full control of cell XML, part order and relationship targets. */
export function writeRawXlsx(path: string, opts: RawXlsxOptions): string {
  const prefix = opts.absoluteTargets ? '/xl/' : '';
  const sheetEntries: ZipEntry[] = opts.sheets.map((s, i) => ({
    name: `xl/worksheets/sheet${i + 1}.xml`,
    data:
      s.xml ??
      `${XML_HEAD}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheetData>${s.sheetData}</sheetData>${s.afterSheetData ?? ''}</worksheet>`,
  }));
  const rels =
    `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
    opts.sheets
      .map(
        (_, i) =>
          `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="${prefix}worksheets/sheet${i + 1}.xml"/>`,
      )
      .join('') +
    `<Relationship Id="rId${opts.sheets.length + 1}" Type="${REL_NS}/sharedStrings" Target="${prefix}sharedStrings.xml"/>` +
    `</Relationships>`;
  const workbook =
    `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
    (opts.date1904 ? '<workbookPr date1904="1"/>' : '') +
    '<sheets>' +
    opts.sheets
      .map((s, i) => `<sheet name="${xmlEscape(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
      .join('') +
    '</sheets></workbook>';
  const strings: ZipEntry[] = opts.sharedStringsXml
    ? [{ name: 'xl/sharedStrings.xml', data: opts.sharedStringsXml }]
    : opts.sharedStrings
      ? [
          {
            name: 'xl/sharedStrings.xml',
            data:
              `${XML_HEAD}<sst xmlns="${MAIN_NS}" count="${opts.sharedStrings.length}" uniqueCount="${opts.sharedStrings.length}">` +
              opts.sharedStrings.map((s) => `<si><t xml:space="preserve">${xmlEscape(s)}</t></si>`).join('') +
              '</sst>',
          },
        ]
      : [];
  const head: ZipEntry[] = [
    { name: '[Content_Types].xml', data: `${XML_HEAD}<Types/>` },
    { name: 'xl/workbook.xml', data: workbook },
    { name: 'xl/_rels/workbook.xml.rels', data: rels },
  ];
  const styles: ZipEntry[] = opts.styles ? [{ name: 'xl/styles.xml', data: XML_HEAD + STYLES_XML }] : [];
  const entries =
    opts.order === 'strings-first'
      ? [...head, ...styles, ...strings, ...sheetEntries]
      : [...head, ...sheetEntries, ...styles, ...strings];
  return writeZip(path, entries);
}

/** `<row>` XML for inline-string cells, starting at column A (null leaves a gap). */
export function inlineRow(row: number, cells: readonly (string | null)[]): string {
  const xml = cells
    .map((text, i) =>
      text === null
        ? ''
        : `<c r="${String.fromCharCode(65 + i)}${row}" t="inlineStr"><is><t>${xmlEscape(text)}</t></is></c>`,
    )
    .join('');
  return `<row r="${row}">${xml}</row>`;
}

export interface ReadSheet {
  readonly sheet: string | null;
  readonly encoding: SheetSource['encoding'];
  readonly rows: RawRow[];
}

/** Read every sheet and row (for small test files). */
export async function readAll(sources: AsyncIterable<SheetSource>): Promise<ReadSheet[]> {
  const out: ReadSheet[] = [];
  for await (const source of sources) {
    const rows: RawRow[] = [];
    for await (const row of source.rows) rows.push(row);
    out.push({ sheet: source.sheet, encoding: source.encoding, rows });
  }
  return out;
}

/** Temp files exceljs's streaming reader would spool sheets to (the `tmp` package names them tmp-<pid>-…). */
export function exceljsTempFiles(): string[] {
  const prefix = `tmp-${process.pid}-`;
  return readdirSync(tmpdir()).filter((name) => name.startsWith(prefix));
}

/** The LedgerlintError a read rejects with (the test fails if it resolves or throws something else). */
export async function rejectionOf(promise: Promise<unknown>): Promise<LedgerlintError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(LedgerlintError);
  return err as LedgerlintError;
}

/** The entries of a zip file as text, keyed by name (central directory + inflate; enough to read xlsx parts). */
export function readZipText(path: string): Map<string, string> {
  const zip = readFileSync(path);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error(`${path}: not a zip file`);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const local = zip.readUInt32LE(at + 42);
    const dataAt = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(dataAt, dataAt + size);
    entries.set(name, (method === 8 ? inflateRawSync(data) : data).toString('utf8'));
    at += 46 + nameLength + extra;
  }
  return entries;
}
