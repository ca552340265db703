/**
 * XLSX reader on exceljs 4.4.0's streaming WorkbookReader. Works around, in this file, what that reader
 * gets wrong for Chinese ledgers: multi-byte characters split across chunks, falsy formula results,
 * sheet names behind absolute relationship targets, and temp files left behind when reading stops early.
 */
import { ReadStream, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { LedgerlintError } from '../errors.js';
import { fsError } from './encoding.js';
import {
  UNKNOWN_FORMULA_ERROR,
  type CellValue,
  type OpenOptions,
  type RawRow,
  type SheetSource,
} from './types.js';

const READER_OPTIONS = {
  worksheets: 'emit',
  sharedStrings: 'cache',
  hyperlinks: 'ignore',
  styles: 'cache',
  entries: 'ignore',
} as const;

/** What this file relies on beyond exceljs's typings (checked against exceljs 4.4.0). */
interface WorkbookReaderInternals {
  model?: { sheets?: { id: number; name: string; rId: string }[] };
  workbookRels?: { Id: string; Target: string }[];
  properties?: { model?: { date1904?: boolean } };
  [parser: `_parse${string}`]: ((entry: Readable, ...rest: unknown[]) => unknown) | undefined;
}

interface WorksheetReaderInternals extends AsyncIterable<ExcelJS.Row> {
  /** Workbook sheetId once exceljs has matched the part to a sheet; the part number (a string) otherwise. */
  id: number | string;
  name: string;
  /** The sheet XML: a generator over a zip entry, or a ReadStream over the temp file it was spooled to. */
  iterator: AsyncIterable<Buffer | string>;
}

/**
 * The sheets of a workbook in file order (only `opts.sheet` if given), each with its rows streamed.
 * Read a sheet's rows before asking for the next sheet; moving on skips whatever was not read.
 * Each iteration re-reads the file.
 */
export function readXlsx(
  path: string,
  displayName: string,
  opts: OpenOptions = {},
): AsyncIterable<SheetSource> {
  return { [Symbol.asyncIterator]: () => readSheets(path, displayName, opts) };
}

async function* readSheets(path: string, file: string, opts: OpenOptions): AsyncGenerator<SheetSource> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw fsError(err, file);
  }
  const input = handle.createReadStream();
  // exceljs pipe()s the input into its unzipper, and pipe() does not pass errors on: a failing read
  // would leave exceljs waiting for data for ever. Every wait on exceljs races this instead.
  const inputFailed = new Promise<never>((_, reject) =>
    input.on('error', (err) => reject(fsError(err, file))),
  );
  inputFailed.catch(() => {});
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, READER_OPTIONS);
  const book = reader as unknown as WorkbookReaderInternals;
  decodeEntriesAsText(book);
  const worksheets = reader[Symbol.asyncIterator]();

  let current: SheetRows | null = null;
  const spooled: string[] = [];
  let exhausted = false;
  let seen = 0;
  let emitted = 0;
  /** The workbook's own spelling of opts.sheet; null when its sheet list does not have it. */
  let wanted: string | null | undefined;
  try {
    for (;;) {
      await Promise.race([current?.release(), inputFailed]);
      current = null;
      let next: IteratorResult<unknown>;
      try {
        next = await Promise.race([worksheets.next(), inputFailed]);
      } catch (err) {
        exhausted = true;
        throw unreadable(file, err);
      }
      if (next.done) {
        exhausted = true;
        break;
      }
      const ws = next.value as WorksheetReaderInternals;
      noteSpooled(ws, spooled);
      const name = sheetName(book, ws);
      seen++;
      if (opts.sheet !== undefined) {
        wanted ??= pickSheet(opts.sheet, allSheetNames(book)) ?? null;
        if (wanted === null ? !looseSheetMatch(name, opts.sheet) : name !== wanted) {
          await skipUnread(ws);
          continue;
        }
      }
      emitted++;
      current = new SheetRows(ws, file, book.properties?.model?.date1904 === true, inputFailed);
      yield { file, sheet: name, rows: current };
    }
  } finally {
    if (!exhausted) await Promise.race([abandon(worksheets, current, spooled), inputFailed.catch(() => {})]);
    input.destroy();
    removeSpooled(spooled);
  }
  if (seen === 0) {
    throw new LedgerlintError('io.xlsx-unreadable', {
      file,
      detail: 'no worksheet found (xl/workbook.xml or xl/worksheets/ missing)',
    });
  }
  if (opts.sheet !== undefined && emitted === 0) {
    throw new LedgerlintError('io.sheet-not-found', {
      file,
      sheet: opts.sheet,
      sheets: allSheetNames(book).join(', '),
    });
  }
}

/**
 * exceljs decodes every XML chunk on its own (exceljs#2063, #2084), so a Chinese character split across
 * two chunks of a part becomes U+FFFD. Giving it strings decoded in stream mode avoids that: for the
 * workbook-level parts by switching the zip entry to a string stream before exceljs reads it.
 */
function decodeEntriesAsText(book: WorkbookReaderInternals): void {
  for (const method of ['_parseRels', '_parseWorkbook', '_parseSharedStrings', '_parseStyles'] as const) {
    const original = book[method];
    if (typeof original !== 'function') continue;
    book[method] = (entry: Readable, ...rest: unknown[]) => {
      entry.setEncoding('utf8');
      return original.call(book, entry, ...rest);
    };
  }
}

/** The rows of one sheet; also owns the sheet's raw XML source so an unread rest can be released. */
class SheetRows implements AsyncIterable<RawRow> {
  private readonly source: AsyncIterable<Buffer | string>;
  private chunks: AsyncIterator<Buffer | string> | null = null;
  private sourceDone = false;
  private state: 'fresh' | 'reading' | 'released' = 'fresh';

  constructor(
    private readonly ws: WorksheetReaderInternals,
    private readonly file: string,
    private readonly date1904: boolean,
    private readonly inputFailed: Promise<never>,
  ) {
    this.source = ws.iterator;
    ws.iterator = this.text();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<RawRow> {
    if (this.state !== 'fresh')
      throw new Error('sheet rows can be read once, before moving to the next sheet');
    this.state = 'reading';
    const rows = this.ws[Symbol.asyncIterator]();
    try {
      for (;;) {
        const next = await Promise.race([rows.next(), this.inputFailed]);
        if (next.done) break;
        const raw = convertRow(next.value, this.date1904);
        if (raw) yield raw;
      }
    } catch (err) {
      throw unreadable(this.file, err);
    }
  }

  /** Sheet XML as strings, decoded across chunk boundaries (see decodeEntriesAsText). */
  private async *text(): AsyncGenerator<string> {
    const decoder = new TextDecoder('utf-8');
    this.chunks = this.source[Symbol.asyncIterator]();
    for (;;) {
      // Pulled by hand, not with for-await: for-await would return() the source when the consumer stops
      // early, and exceljs's entry iterator keeps its 'data' listener after return(), so draining the
      // entry later would buffer all of its rest in memory. release() drains the source instead.
      const next = await this.chunks.next();
      if (next.done) break;
      const text = typeof next.value === 'string' ? next.value : decoder.decode(next.value, { stream: true });
      if (text !== '') yield text;
    }
    this.sourceDone = true;
    const tail = decoder.decode();
    if (tail !== '') yield tail;
  }

  /**
   * Let exceljs move past this sheet: a spooled temp-file stream is closed (exceljs deletes the file when
   * it moves on); a zip entry that was started is read to its end (exceljs drains an unstarted one).
   */
  async release(): Promise<void> {
    if (this.state === 'released') return;
    this.state = 'released';
    if (this.sourceDone) return;
    if (this.source instanceof Readable) {
      await closeStream(this.source);
      return;
    }
    if (!this.chunks) return;
    while (!(await this.chunks.next()).done) {
      /* discard */
    }
  }
}

async function skipUnread(ws: WorksheetReaderInternals): Promise<void> {
  if (ws.iterator instanceof Readable) await closeStream(ws.iterator);
}

/**
 * Destroy a temp-file stream and wait until it is closed: one destroyed before its open() finished still
 * opens the file afterwards, and would fail with ENOENT had the file been removed in between.
 */
async function closeStream(stream: Readable): Promise<void> {
  if (stream.closed) return;
  stream.on('error', () => {});
  const closed = new Promise((resolve) => stream.once('close', resolve));
  stream.destroy();
  await closed;
}

/** Run exceljs to its end without parsing, so it deletes every sheet it spooled to a temp file. */
async function abandon(
  worksheets: AsyncIterator<unknown>,
  current: SheetRows | null,
  spooled: string[],
): Promise<void> {
  try {
    await current?.release();
    for (;;) {
      const next = await worksheets.next();
      if (next.done) return;
      const ws = next.value as WorksheetReaderInternals;
      noteSpooled(ws, spooled);
      await skipUnread(ws);
    }
  } catch {
    // The file is being given up on and an error (if any) is already on its way to the caller.
  }
}

function noteSpooled(ws: WorksheetReaderInternals, spooled: string[]): void {
  if (ws.iterator instanceof ReadStream && typeof ws.iterator.path === 'string')
    spooled.push(ws.iterator.path);
}

/**
 * exceljs deletes its temp files asynchronously and drops them from the `tmp` exit-time cleanup at once,
 * so a process exiting right after the read would leave them behind. Once exceljs is past them, delete
 * them now. (Temp files of sheets not reached before a corrupt-file error stay with tmp's exit cleanup.)
 */
function removeSpooled(paths: readonly string[]): void {
  for (const path of paths) {
    try {
      rmSync(path, { force: true });
    } catch {
      // Still open somewhere (Windows): exceljs's own cleanup removes it.
    }
  }
}

function unreadable(file: string, err: unknown): LedgerlintError {
  if (err instanceof LedgerlintError) return err;
  const detail = err instanceof Error ? err.message : String(err);
  return new LedgerlintError('io.xlsx-unreadable', { file, detail }, { cause: err });
}

function allSheetNames(book: WorkbookReaderInternals): string[] {
  return (book.model?.sheets ?? []).map((s) => s.name);
}

/**
 * exceljs names a sheet only when the workbook relationship target is relative ("worksheets/sheet1.xml");
 * openpyxl and others write absolute targets ("/xl/worksheets/sheet1.xml"), which leaves the placeholder
 * "Sheet<part number>" and the part number as a string id.
 */
function sheetName(book: WorkbookReaderInternals, ws: WorksheetReaderInternals): string {
  const sheets = book.model?.sheets ?? [];
  if (sheets.some((s) => s.id === ws.id && s.name === ws.name)) return ws.name;
  const part = `worksheets/sheet${ws.id}.xml`;
  const rel = book.workbookRels?.find((r) => r.Target.replace(/^\/?(xl\/)?/, '') === part);
  return (rel && sheets.find((s) => s.rId === rel.Id)?.name) ?? ws.name;
}

/** The workbook's name for what the user typed: exact, else ignoring case and full-/half-width forms. */
function pickSheet(wanted: string, names: readonly string[]): string | undefined {
  return names.find((n) => n === wanted) ?? names.find((n) => looseSheetMatch(n, wanted));
}

function looseSheetMatch(a: string, b: string): boolean {
  const norm = (s: string) => s.normalize('NFKC').trim().toLowerCase();
  return norm(a) === norm(b);
}

function convertRow(row: ExcelJS.Row, date1904: boolean): RawRow | null {
  const cells: CellValue[] = [];
  row.eachCell((cell, col) => {
    const value = convertCell(cell, date1904);
    if (value === null) return;
    while (cells.length < col - 1) cells.push(null);
    cells[col - 1] = value;
  });
  return cells.length === 0 ? null : { row: row.number, cells };
}

function convertCell(cell: ExcelJS.Cell, date1904: boolean): CellValue {
  const value: unknown = cell.value;
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if (typeof value !== 'object') return String(value);
  const v = value as Record<string, unknown>;
  if ('formula' in v || 'sharedFormula' in v) {
    // cell.value drops falsy results (0, ''), so formula cells read the result from the model. A dependent
    // cell of a shared formula arrives as a plain {formula: '', result} object, kept whole.
    const isFormulaCell = cell.type === ExcelJS.ValueType.Formula;
    const formula = isFormulaCell ? (cell.formula ?? '') : typeof v.formula === 'string' ? v.formula : '';
    return formulaValue(formula, isFormulaCell ? cell.result : v.result, cell.numFmt, date1904);
  }
  if (Array.isArray(v.richText)) return richText(v.richText);
  if (typeof v.error === 'string') return { error: v.error };
  if ('hyperlink' in v) return typeof v.text === 'string' ? v.text : plainText(v.text);
  return plainText(v);
}

function formulaValue(
  formula: string,
  result: unknown,
  numFmt: string | undefined,
  date1904: boolean,
): CellValue {
  if (result === null || result === undefined) return { error: '', formula };
  if (typeof result === 'number') {
    // exceljs parseFloat()s the cached value of a t="e" cell, so an error result arrives as NaN.
    if (Number.isNaN(result)) return { error: UNKNOWN_FORMULA_ERROR, formula };
    return isDateFormat(numFmt) ? excelSerialToDate(result, date1904) : result;
  }
  if (typeof result === 'string' || typeof result === 'boolean' || result instanceof Date) return result;
  if (typeof result === 'object' && typeof (result as { error?: unknown }).error === 'string') {
    return { error: (result as { error: string }).error, formula };
  }
  return plainText(result);
}

function richText(runs: unknown[]): string {
  return runs.map((run) => (run as { text?: unknown }).text ?? '').join('');
}

function plainText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && Array.isArray((value as { richText?: unknown }).richText)) {
    return richText((value as { richText: unknown[] }).richText);
  }
  return value === null || value === undefined ? '' : JSON.stringify(value);
}

/** Same test exceljs applies to plain number cells: date/time tokens outside quotes and [..] sections. */
function isDateFormat(numFmt: string | undefined): boolean {
  if (!numFmt) return false;
  return /[ymdhMsb]/.test(numFmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

function excelSerialToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
}
