/** Open a ledger file of any supported kind, decided by its content rather than its name. */
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { LedgerlintError } from '../errors.js';
import { readCsv } from './csv.js';
import { fsError, hasUtf16Bom, hasUtf8Bom, readHead } from './encoding.js';
import type { OpenOptions, SheetSource } from './types.js';
import { readXlsx } from './xlsx.js';

export type LedgerFormat = 'xlsx' | 'xls' | 'csv';

const SNIFF_BYTES = 8 * 1024;
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP_MAGIC = [0x50, 0x4b, 0x05, 0x06];
const OLE2_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
/** "EncryptedPackage" in UTF-16LE: the stream a password-protected xlsx keeps inside its OLE2 wrapper. */
const ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');

/**
 * The sheets of a ledger: a workbook's worksheets (or just `opts.sheet`), or the single table of a CSV/TSV
 * file (`sheet` null; `opts.sheet` is ignored). Fails with a LedgerlintError (io.*) the user can act on.
 */
export async function* openLedger(
  path: string,
  displayName: string,
  opts: OpenOptions = {},
): AsyncGenerator<SheetSource> {
  const format = await sniffFormat(path, displayName);
  // The xlsx reader refuses a zip bomb from the zip directory before inflating anything (zipguard.ts).
  if (format === 'xlsx') yield* readXlsx(path, displayName, opts);
  // Loaded on first use: SheetJS is a large module that xlsx and CSV input never need.
  else if (format === 'xls') yield* (await import('./xls.js')).readXls(path, displayName, opts);
  else yield readCsv(path, displayName, opts);
}

/** Check the file and decide how to read it; throws the io.* error for anything that cannot be read. */
export async function sniffFormat(path: string, displayName: string): Promise<LedgerFormat> {
  const file = displayName;
  let info;
  try {
    info = await stat(path);
  } catch (err) {
    throw fsError(err, file);
  }
  if (info.isDirectory()) throw new LedgerlintError('io.is-directory', { file });
  if (!info.isFile()) throw new LedgerlintError('io.unreadable', { file, detail: 'not a regular file' });
  if (info.size === 0) throw new LedgerlintError('io.empty-file', { file });

  const head = readHead(path, file, SNIFF_BYTES);
  if (head.length === 0) throw new LedgerlintError('io.empty-file', { file });
  if (startsWith(head, ZIP_MAGIC) || startsWith(head, EMPTY_ZIP_MAGIC)) return 'xlsx';
  if (startsWith(head, OLE2_MAGIC)) {
    const ext = extname(displayName).toLowerCase();
    const encrypted = ['.xlsx', '.xlsm', '.xlsb'].includes(ext) || head.includes(ENCRYPTED_PACKAGE);
    if (encrypted) throw new LedgerlintError('io.xlsx-encrypted', { file });
    // A legacy .xls (BIFF8); other OLE2 files (.doc, .et …) fail in the reader with io.xls-unreadable.
    return 'xls';
  }
  if (hasUtf16Bom(head)) throw new LedgerlintError('io.utf16-unsupported', { file });
  if (isMarkupSpreadsheet(head)) throw new LedgerlintError('io.markup-spreadsheet', { file });
  if (head.includes(0)) throw new LedgerlintError('io.unsupported-format', { file });
  return 'csv';
}

function startsWith(head: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((byte, i) => head[i] === byte);
}

/**
 * Many government systems export an HTML table or an "XML Spreadsheet 2003" and name it .xls. Read as CSV
 * that would give one garbage column, so such files are told apart by their first tag.
 */
function isMarkupSpreadsheet(head: Buffer): boolean {
  const text = head
    .subarray(hasUtf8Bom(head) ? 3 : 0)
    .toString('latin1')
    .trimStart()
    .slice(0, 2048)
    .toLowerCase();
  if (!text.startsWith('<')) return false;
  return (
    /^<(!doctype\s+html|html|table|meta|head|body)\b/.test(text) ||
    (text.startsWith('<?xml') && /<(html|table|workbook|ss:workbook)\b/.test(text))
  );
}
