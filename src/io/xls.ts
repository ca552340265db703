/**
 * Legacy .xls reader (BIFF8, Excel 97–2003; also BIFF5) on SheetJS Community Edition 0.20.3, as published on
 * the npm registry under @e965/xlsx (a republication of the vendor's own builds, which are no longer put on
 * the registry; no dependencies).
 *
 * Why this library: it is the only maintained BIFF8 reader reachable from the npm registry. The registry's
 * `xlsx` 0.18.5 is the same code before two fixes for crafted files (CVE-2023-30533 prototype pollution,
 * fixed in 0.19.3; CVE-2024-22363 ReDoS, fixed in 0.20.2); 0.20.3 carries both. `xlsjs` is SheetJS's
 * abandoned 2014 BIFF reader with the same parser lineage and no fixes; no other registry package reads BIFF8
 * without depending on one of these. Exposure is kept small: only OLE2 files that are not encrypted xlsx get
 * here (open.ts), and formulas, HTML, rich text and VBA are not parsed.
 *
 * Not streaming: a BIFF workbook is an OLE2 compound file whose streams are located through allocation
 * tables spread over the file, so it is read whole. The format itself bounds that: at most 65,536 rows ×
 * 256 columns per sheet (a county .xls is a few MB). Rows are handed out in the RawRow contract of the
 * other readers: physical row numbers, cells[0] = column A, numbers, booleans, dates (UTC midnight, from
 * date-formatted numbers as in xlsx.ts), errors as CellError, cached formula results as values; merged
 * ranges and hidden sheets as in xlsx.ts.
 */
import { readFile } from 'node:fs/promises';
import * as XLSX from '@e965/xlsx';
import { LedgerlintError } from '../errors.js';
import { fsError } from './encoding.js';
import type { MergeRange } from './merges.js';
import type { CellValue, OpenOptions, RawRow, SheetSource } from './types.js';
import { askedSheet, workbookReader } from './workbook-reader.js';
import { excelSerialToDate, isDateFormat } from './xlsx.js';

/** BIFF error codes (MS-XLS 2.5.97.2 BErr). */
const ERRORS: Readonly<Record<number, string>> = {
  0x00: '#NULL!',
  0x07: '#DIV/0!',
  0x0f: '#VALUE!',
  0x17: '#REF!',
  0x1d: '#NAME?',
  0x24: '#NUM!',
  0x2a: '#N/A',
  0x2b: '#GETTING_DATA',
};

const READ_OPTIONS: XLSX.ParsingOptions = {
  type: 'buffer',
  dense: true,
  cellNF: true,
  cellDates: false,
  cellFormula: false,
  cellHTML: false,
  cellText: false,
  cellStyles: false,
  bookVBA: false,
  WTF: false,
};

export const readXls = workbookReader(readSheets);

async function* readSheets(path: string, file: string, opts: OpenOptions): AsyncGenerator<SheetSource> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw fsError(err, file);
  }
  const workbook = parse(bytes, file);
  const names = workbook.SheetNames;
  if (names.length === 0)
    throw new LedgerlintError('io.xls-unreadable', { file, detail: 'no worksheet found' });
  const wanted = askedSheet(file, opts.sheet, names);
  const date1904 = workbook.Workbook?.WBProps?.date1904 === true;
  for (const [index, name] of names.entries()) {
    if (wanted !== undefined && name !== wanted) continue;
    const sheet = workbook.Sheets[name];
    if (sheet === undefined) continue;
    const hidden = (workbook.Workbook?.Sheets?.[index]?.Hidden ?? 0) !== 0;
    const mergedRanges: MergeRange[] = (sheet['!merges'] ?? [])
      .map((m) => ({ top: m.s.r + 1, left: m.s.c, bottom: m.e.r + 1, right: m.e.c }))
      .sort((a, b) => a.top - b.top || a.left - b.left);
    yield { file, sheet: name, hidden, rows: rowsOf(sheet, date1904), mergedRanges };
  }
}

function parse(bytes: Buffer, file: string): XLSX.WorkBook {
  try {
    return XLSX.read(bytes, READ_OPTIONS);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    if (/password/i.test(detail)) throw new LedgerlintError('io.xlsx-encrypted', { file }, { cause: err });
    throw new LedgerlintError('io.xls-unreadable', { file, detail }, { cause: err });
  }
}

async function* rowsOf(sheet: XLSX.WorkSheet, date1904: boolean): AsyncGenerator<RawRow> {
  const data = (sheet['!data'] ?? []) as (XLSX.CellObject[] | undefined)[];
  for (let r = 0; r < data.length; r++) {
    const source = data[r];
    if (!source) continue;
    const cells: CellValue[] = [];
    for (let c = 0; c < source.length; c++) {
      const value = convertCell(source[c], date1904);
      if (value === null) continue;
      while (cells.length < c) cells.push(null);
      cells[c] = value;
    }
    if (cells.length > 0) yield { row: r + 1, cells };
  }
}

function convertCell(cell: XLSX.CellObject | undefined, date1904: boolean): CellValue {
  if (!cell) return null;
  switch (cell.t) {
    case 's':
      return typeof cell.v === 'string' && cell.v !== '' ? cell.v : null;
    case 'n': {
      if (typeof cell.v !== 'number') return null;
      const format = typeof cell.z === 'string' ? cell.z : undefined;
      return isDateFormat(format) ? excelSerialToDate(cell.v, date1904) : cell.v;
    }
    case 'b':
      return typeof cell.v === 'boolean' ? cell.v : null;
    case 'e':
      return { error: typeof cell.v === 'number' ? (ERRORS[cell.v] ?? '#ERROR!') : '#ERROR!' };
    case 'd':
      return cell.v instanceof Date ? cell.v : null;
    default:
      return null;
  }
}
