/**
 * The annotated workbook's reader of an xlsx input (src/reporters/xlsx/copy.ts): exceljs 4.4.0's streaming
 * WorkbookReader, which gives each row as exceljs models it, styles included, for its WorkbookWriter to copy.
 * Ledgers are read by xlsx.ts (yauzl + saxes); this reader's raw rows (iterating SheetRows) are what ledgerlint
 * read before, kept so test/io/xlsx-readers.test.ts can compare the two readers cell by cell.
 *
 * It reads in two passes over the file:
 * 1. the workbook parts (relationships, workbook, styles, shared strings), skipping the sheets;
 * 2. the sheets, streamed straight from the zip with those parts already known.
 * In one pass exceljs must spool every sheet that precedes sharedStrings.xml (as in Excel's own files) to
 * a temp file as large as its XML, which stays behind when reading stops on an error, a crash or Ctrl-C,
 * and no row arrives before the whole zip is read. Pass 1 costs one inflate of the file: ~0.6 s per 100k
 * rows, less than the spooling it replaces on county-sized files.
 *
 * Also worked around here: multi-byte characters split across chunks, falsy formula results, styles
 * after the sheets, and sheet names behind absolute relationship targets. This relies on exceljs
 * internals (the fields and `_parse*` methods in WorkbookReaderInternals); exceljs is pinned exactly and
 * test/io/xlsx.test.ts covers each of them.
 */
import { open } from 'node:fs/promises';
import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { LedgerlintError } from '../errors.js';
import { fsError } from './encoding.js';
import { readMergeRanges, type MergeRange } from './merges.js';
import {
  UNKNOWN_FORMULA_ERROR,
  type CellValue,
  type OpenOptions,
  type RawRow,
  type SheetSource,
} from './types.js';
import { askedSheet, workbookReader } from './workbook-reader.js';
import { excelSerialToDate, isDateFormat } from './xlsx.js';
import { noWorksheet, unreadable } from './xlsx-package.js';

const READER_OPTIONS = {
  worksheets: 'emit',
  sharedStrings: 'cache',
  hyperlinks: 'ignore',
  styles: 'cache',
  entries: 'ignore',
} as const;

/** A <sheet> of xl/workbook.xml as exceljs parses it; `state` is 'hidden' or 'veryHidden' for hidden sheets. */
interface SheetEntry {
  id: number;
  name: string;
  rId: string;
  state?: string;
}

/** What pass 1 learns and pass 2 is given: WorkbookReader fields that its typings leave out. */
interface WorkbookParts {
  sharedStrings?: unknown[];
  workbookRels?: { Id: string; Target: string }[];
  model?: { sheets?: SheetEntry[] };
  properties?: { model?: { date1904?: boolean } };
  styles?: unknown;
}

type PartParser = '_parseRels' | '_parseWorkbook' | '_parseStyles' | '_parseSharedStrings';
const PART_PARSERS: readonly PartParser[] = [
  '_parseRels',
  '_parseWorkbook',
  '_parseStyles',
  '_parseSharedStrings',
];

/** exceljs 4.4.0 internals used here (checked against its lib/stream/xlsx/workbook-reader.js). */
interface WorkbookReaderInternals extends WorkbookParts {
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseWorksheet(iterator: unknown, sheetNo: string): Generator<unknown>;
  parse(): AsyncGenerator<unknown>;
  [Symbol.asyncIterator](): AsyncGenerator<unknown>;
}

interface WorksheetReaderInternals extends AsyncIterable<ExcelJS.Row> {
  /** Workbook sheetId once exceljs has matched the part to a sheet; the part number (a string) otherwise. */
  id: number | string;
  name: string;
  /** The sheet XML: a generator over its zip entry. */
  iterator: AsyncIterable<Buffer | string>;
}

/**
 * The sheets of a workbook in file order (only `opts.sheet` if given), each with its rows streamed.
 * Read a sheet's rows before asking for the next sheet; moving on skips whatever was not read.
 * Each iteration re-reads the file.
 */
export const readStyledXlsx = workbookReader(readSheets);

async function* readSheets(path: string, file: string, opts: OpenOptions): AsyncGenerator<SheetSource> {
  const parts = await readParts(path, file);
  const names = allSheetNames(parts);
  if (names.length === 0) throw noWorksheet(file);
  const wanted = askedSheet(file, opts.sheet, names);

  const merges =
    opts.skipMergedRanges === true
      ? new Map<string, MergeRange[]>()
      : await mergesOf(path, file, parts, wanted);
  const input = await openInput(path, file);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input.body, READER_OPTIONS);
  const book = reader as unknown as WorkbookReaderInternals;
  Object.assign(book, parts);
  // Everything but the sheets is known: exceljs's own parsers would only redo the work.
  book._parseRels = book._parseWorkbook = book._parseStyles = async () => {};
  book._parseSharedStrings = async function* () {};
  // The zip part of the worksheet exceljs is about to hand out (xl/worksheets/sheet<n>.xml), for its merges.
  let partNo = '';
  const parseWorksheet = book._parseWorksheet;
  book._parseWorksheet = function (iterator, sheetNo) {
    partNo = sheetNo;
    return parseWorksheet.call(book, iterator, sheetNo);
  };
  const worksheets = book[Symbol.asyncIterator]();

  let current: SheetRows | null = null;
  let seen = 0;
  try {
    for (;;) {
      // Every sheet asked for has been handed out: stop here rather than inflate the rest of the zip.
      if (current !== null && (wanted !== undefined || seen >= names.length)) break;
      await current?.release();
      current = null;
      let next: IteratorResult<unknown>;
      try {
        next = await worksheets.next();
      } catch (err) {
        throw input.failure(err);
      }
      if (next.done) {
        if (input.error()) throw input.failure(null);
        break;
      }
      const ws = next.value as WorksheetReaderInternals;
      seen++;
      const entry = sheetEntry(parts, ws);
      const name = entry?.name ?? ws.name;
      // An unread sheet's entry generator was never started; exceljs drains the entry itself.
      if (wanted !== undefined && name !== wanted) continue;
      current = new SheetRows(ws, parts.properties?.model?.date1904 === true, input.failure);
      const hidden = entry?.state === 'hidden' || entry?.state === 'veryHidden';
      const mergedRanges = opts.skipMergedRanges === true ? undefined : (merges.get(partNo) ?? []);
      yield { file, sheet: name, hidden, rows: current, mergedRanges };
    }
  } finally {
    // Nothing of exceljs's needs finishing (no temp files): stopping early just stops reading.
    input.body.destroy();
  }
  if (seen === 0) throw noWorksheet(file);
}

/**
 * Merged ranges of the sheets (of the wanted one only, with --sheet), by zip part number: read before the
 * data pass (see merges.ts).
 */
async function mergesOf(
  path: string,
  file: string,
  parts: WorkbookParts,
  wanted: string | undefined,
): Promise<Map<string, MergeRange[]>> {
  let only: Set<string> | undefined;
  if (wanted !== undefined) {
    const entry = parts.model?.sheets?.find((s) => s.name === wanted);
    const target = parts.workbookRels?.find((r) => r.Id === entry?.rId)?.Target;
    const part = target === undefined ? undefined : /sheet(\d+)\.xml$/i.exec(target)?.[1];
    if (part !== undefined) only = new Set([part]);
  }
  try {
    return await readMergeRanges(path, only, file);
  } catch (err) {
    throw unreadable(file, err);
  }
}

/**
 * Pass 1: parse the workbook parts and skip the sheets. Shared strings and relationships are preset so
 * exceljs never spools a sheet; it stops at the first sheet that comes after all four parts.
 */
async function readParts(path: string, file: string): Promise<WorkbookParts> {
  const input = await openInput(path, file);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input.body, {
    ...READER_OPTIONS,
    worksheets: 'ignore',
  });
  const book = reader as unknown as WorkbookReaderInternals;
  book.sharedStrings = [];
  book.workbookRels = [];
  book.model = { sheets: [] };
  const parsed = new Set<PartParser>();
  decodePartsAsText(book, parsed, input.zipFailed);
  const skipWorksheet = book._parseWorksheet;
  book._parseWorksheet = function* (iterator, sheetNo) {
    if (parsed.size === PART_PARSERS.length) throw ALL_PARTS_READ;
    yield* skipWorksheet.call(book, iterator, sheetNo);
  };
  try {
    for await (const _ of book.parse()) {
      // With worksheets: 'ignore' and shared strings cached, parse() only works through the zip.
    }
    if (input.error()) throw input.failure(null);
  } catch (err) {
    if (err !== ALL_PARTS_READ) throw input.failure(err);
  } finally {
    input.body.destroy();
  }
  const { sharedStrings, workbookRels, model, properties, styles } = book;
  return { sharedStrings, workbookRels, model, properties, styles };
}

const ALL_PARTS_READ = Symbol('all workbook parts read');

/**
 * exceljs decodes every XML chunk on its own (exceljs#2063, #2084), so a Chinese character split across
 * two chunks becomes U+FFFD. Switching each part's zip entry to a string stream before exceljs reads it
 * avoids that (sheets: SheetRows.text).
 */
function decodePartsAsText(
  book: WorkbookReaderInternals,
  parsed: Set<PartParser>,
  zipFailed: Promise<never>,
): void {
  for (const method of PART_PARSERS) {
    const original = book[method] as (entry: Readable) => unknown;
    (book[method] as (entry: Readable) => unknown) = (entry: Readable) => {
      parsed.add(method);
      entry.setEncoding('utf8');
      const result = original.call(book, entry);
      return result instanceof Promise ? Promise.race([result, zipFailed]) : result;
    };
  }
}

interface Input {
  /** What exceljs reads. */
  readonly body: PassThrough;
  /** Rejects with the zip's first error (a damaged entry), which exceljs may never notice. */
  readonly zipFailed: Promise<never>;
  /** The read error of the file, if any. */
  error(): unknown;
  /** The error to report for a failure of exceljs: the read error if there was one (exceljs's own is a consequence). */
  failure(err: unknown): LedgerlintError;
}

/**
 * exceljs pipes its input into unzipper's Parse stream and awaits each part's data; when a damaged entry fails
 * to inflate (a bad deflate block), unzipper emits the error on the Parse stream, which exceljs only looks at
 * between entries, so the part never ends and the read waits for ever (found by test/batch/fuzz.test.ts).
 * The Parse stream is caught as it is piped to; the promise returned rejects with its first error.
 */
function watchZipErrors(body: PassThrough): Promise<never> {
  let fail: (err: Error) => void = () => {};
  const failed = new Promise<never>((_, reject) => (fail = reject));
  failed.catch(() => {}); // Only raced against: never unhandled on its own.
  const pipe = body.pipe.bind(body);
  body.pipe = (<T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }): T => {
    (destination as unknown as Readable).on('error', (err: Error) => fail(err));
    return pipe(destination, options);
  }) as typeof body.pipe;
  return failed;
}

async function openInput(path: string, file: string): Promise<Input> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw fsError(err, file);
  }
  const stream = handle.createReadStream();
  // exceljs pipe()s its input into the unzipper, and pipe() does not pass errors on: a failing read would
  // leave exceljs waiting for data for ever. Ending its input makes it fail as on a truncated file.
  const body = new PassThrough();
  let readError: unknown = null;
  stream.on('error', (err) => {
    readError ??= err;
    body.end();
  });
  body.on('close', () => stream.destroy());
  const zipFailed = watchZipErrors(body);
  stream.pipe(body);
  return {
    body,
    zipFailed,
    error: () => readError,
    failure: (err) => (readError ? fsError(readError, file) : unreadable(file, err)),
  };
}

/**
 * The rows of one sheet; also owns the sheet's raw XML source so an unread rest can be released. Exported for
 * the annotated-workbook copy (reporters/xlsx-copy.ts), which reads the rows as exceljs parsed them, styles
 * included, through styledRows() instead.
 */
export class SheetRows implements AsyncIterable<RawRow> {
  private readonly source: AsyncIterable<Buffer | string>;
  private chunks: AsyncIterator<Buffer | string> | null = null;
  private sourceDone = false;
  private state: 'fresh' | 'reading' | 'released' = 'fresh';
  private headXml = '';
  private headDone = false;

  constructor(
    private readonly ws: WorksheetReaderInternals,
    private readonly date1904: boolean,
    private readonly failure: (err: unknown) => LedgerlintError,
  ) {
    this.source = ws.iterator;
    ws.iterator = this.text();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<RawRow> {
    if (this.state !== 'fresh')
      throw new Error('sheet rows can be read once, before moving to the next sheet');
    this.state = 'reading';
    try {
      for await (const row of this.ws) {
        const raw = convertRow(row, this.date1904);
        if (raw) yield raw;
      }
    } catch (err) {
      throw this.failure(err);
    }
  }

  /** The rows as exceljs parsed them (values, styles, heights); like iterating, only once. */
  async *styledRows(): AsyncGenerator<ExcelJS.Row> {
    if (this.state !== 'fresh')
      throw new Error('sheet rows can be read once, before moving to the next sheet');
    this.state = 'reading';
    try {
      for await (const row of this.ws) yield row;
    } catch (err) {
      throw this.failure(err);
    }
  }

  /**
   * The sheet XML before <sheetData> (sheet views, column widths), complete once the first row has arrived.
   * exceljs's reader parses <cols> but loses it (it calls Column.fromModel with the wrong arguments).
   */
  get head(): string {
    return this.headXml;
  }

  /** Sheet XML as strings, decoded across chunk boundaries (see decodePartsAsText). */
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
      if (!this.headDone) this.keepHead(text);
      if (text !== '') yield text;
    }
    this.sourceDone = true;
    const tail = decoder.decode();
    if (tail !== '') yield tail;
  }

  private keepHead(text: string): void {
    const end = text.indexOf('<sheetData');
    this.headXml += end < 0 ? text : text.slice(0, end);
    if (end >= 0 || this.headXml.length > HEAD_LIMIT) this.headDone = true;
  }

  /** Let exceljs move past this sheet: a zip entry that was started is read to its end. */
  async release(): Promise<void> {
    if (this.state === 'released') return;
    this.state = 'released';
    if (this.sourceDone || !this.chunks) return;
    while (!(await this.chunks.next()).done) {
      /* discard */
    }
  }
}

/** At most this much of a sheet's XML is kept as its head (a <cols> list of every column is far smaller). */
const HEAD_LIMIT = 1 << 20;

function allSheetNames(book: WorkbookParts): string[] {
  return (book.model?.sheets ?? []).map((s) => s.name);
}

/**
 * The workbook's entry for a worksheet part (its name and visibility). exceljs names a sheet only when the
 * workbook relationship target is relative ("worksheets/sheet1.xml"); openpyxl and others write absolute
 * targets ("/xl/worksheets/sheet1.xml"), which leaves the placeholder "Sheet<part number>" and the part
 * number as a string id: then the entry is found through the relationships.
 */
function sheetEntry(book: WorkbookParts, ws: WorksheetReaderInternals): SheetEntry | undefined {
  const sheets = book.model?.sheets ?? [];
  const direct = sheets.find((s) => s.id === ws.id && s.name === ws.name);
  if (direct) return direct;
  const part = `worksheets/sheet${ws.id}.xml`;
  const rel = book.workbookRels?.find((r) => r.Target.replace(/^\/?(xl\/)?/, '') === part);
  return rel ? sheets.find((s) => s.rId === rel.Id) : undefined;
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
