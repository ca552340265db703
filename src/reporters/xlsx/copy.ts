/**
 * The copy pass of the annotated workbook: every sheet of the input, row by row, from the streaming reader
 * into the streaming writer, with the annotated cells filled and commented on the way. Memory holds one row
 * at a time plus the annotations (the findings) and the comments of the sheet being written.
 *
 * What is kept of an xlsx input: every sheet in order (hidden ones stay hidden), cell values with their types
 * (text stays text, so IDs keep their digits), number formats, fonts, fills, borders and alignment, row
 * heights, column widths, merged ranges and a frozen pane. What the streaming copy does not carry: data
 * validation, conditional formats, images, hyperlinks, print settings. Formulas are replaced by their last calculated value: the copy shows
 * the same numbers and never evaluates anything (a ledger's formula is ledger content from someone else).
 * A CSV input becomes one sheet named after the file, every cell text (format '@').
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { ReportFinding } from '../../findings/report.js';
import type { Severity } from '../../findings/types.js';
import type { MergeRange } from '../../io/merges.js';
import { openLedger, sniffFormat } from '../../io/open.js';
import type { CellValue, RawRow, TextEncoding } from '../../io/types.js';
import { readStyledXlsx, SheetRows } from '../../io/xlsx-styled.js';
import { checkZipDirectory } from '../../io/zipguard.js';
import { sheetKey, worstSeverity, type AnnotationIndex, type CellAnnotation } from './annotations.js';
import { columnNumber, severityFill, uniqueSheetName } from './cells.js';

export interface CopiedSheet {
  /** The input's sheet name; null for a CSV's one table. */
  readonly source: string | null;
  /** Its name in the copy. */
  readonly name: string;
}

type Style = Partial<ExcelJS.Style>;

/** Shared style objects: exceljs's writer recognises a style object it has seen by identity (a WeakMap). */
const EMPTY_STYLE: Style = Object.freeze({}) as Style;
const TEXT_STYLE: Style = Object.freeze({ numFmt: '@' }) as Style;

/** Rows between two checks of the zip's backlog (AnnotatedRows.letZipCatchUp). */
const CATCH_UP_EVERY_ROWS = 100;
/** Uncompressed sheet XML allowed to wait for the zip. */
const MAX_PENDING_BYTES = 1 << 20;

interface StreamState {
  readonly length?: number;
}

/** Bytes written to a sheet that the zip has not taken yet (readable-stream 2/3: the _…State lengths). */
function pendingBytes(worksheet: ExcelJS.Worksheet): number {
  const entry = (worksheet as unknown as { stream?: { pipes?: unknown[] } }).stream?.pipes?.[0] as
    { _writableState?: StreamState; _readableState?: StreamState } | undefined;
  return (entry?._writableState?.length ?? 0) + (entry?._readableState?.length ?? 0);
}

/** Rows of a CSV looked at to size its columns before the first row is written. */
const WIDTH_SAMPLE_ROWS = 100;

export async function copyInput(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  input: string,
  encoding: TextEncoding | undefined,
  annotations: AnnotationIndex,
  noteText: (findings: readonly ReportFinding[]) => string,
): Promise<CopiedSheet[]> {
  const copied: CopiedSheet[] = [];
  const isXlsx = (await sniffFormat(input, input)) === 'xlsx';
  // An xlsx input is read again with exceljs, which gives the cells' styles (the ledger reader does not).
  if (isXlsx) await checkZipDirectory(input, input);
  const taken = new Set<string>();
  const fills = new FilledStyles();
  const sources = isXlsx ? readStyledXlsx(input, input) : openLedger(input, input, { encoding });
  for await (const source of sources) {
    const name = uniqueSheetName(source.sheet ?? path.parse(input).name, taken);
    taken.add(name);
    copied.push({ source: source.sheet, name });
    const state = source.hidden === true ? 'hidden' : 'visible';
    const annotated = annotations.get(sheetKey(source.sheet));
    const rowsOf = (worksheet: ExcelJS.Worksheet) => new AnnotatedRows(worksheet, annotated, fills, noteText);
    if (source.rows instanceof SheetRows) {
      await copyWorksheet(workbook, name, state, source.rows, source.mergedRanges ?? [], rowsOf);
    } else await copyTable(workbook, name, state, source.rows, source.sheet === null, rowsOf);
  }
  return copied;
}

type SheetState = 'visible' | 'hidden';

/** An xlsx sheet: values and styles as exceljs read them. */
async function copyWorksheet(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
  state: SheetState,
  sheetRows: SheetRows,
  ranges: readonly MergeRange[],
  rowsOf: (worksheet: ExcelJS.Worksheet) => AnnotatedRows,
): Promise<void> {
  // The writer writes a sheet's views as soon as the sheet is added: read the first row first, which reads
  // the sheet XML before the rows (column widths, a frozen pane).
  const styled = sheetRows.styledRows();
  const first = await styled.next();
  const head = parseSheetHead(sheetRows.head);
  const worksheet = workbook.addWorksheet(name, { state, views: head.views });
  if (head.columns.length > 0) worksheet.columns = head.columns;
  // The ranges were read from the sheet's part before its rows (merges.ts): the writer needs them first.
  for (const range of ranges) {
    // A range of one cell merges nothing.
    if (range.top === range.bottom && range.left === range.right) continue;
    try {
      worksheet.mergeCells(range.top, range.left + 1, range.bottom, range.right + 1);
    } catch {
      // An overlapping or malformed range (Excel would not have written it): the cells stay unmerged.
    }
  }
  const rows = rowsOf(worksheet);
  if (!first.done) {
    rows.write(first.value.number, (out) => copyStyledRow(first.value, out));
    for await (const row of styled) {
      rows.write(row.number, (out) => copyStyledRow(row, out));
      await rows.letZipCatchUp();
    }
  }
  rows.end();
  worksheet.commit();
}

/** A CSV's table (every cell text) or another reader's raw rows; columns sized from the first rows. */
async function copyTable(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
  state: SheetState,
  source: AsyncIterable<RawRow>,
  textOnly: boolean,
  rowsOf: (worksheet: ExcelJS.Worksheet) => AnnotatedRows,
): Promise<void> {
  const worksheet = workbook.addWorksheet(name, { state });
  const rows = rowsOf(worksheet);
  let sample: RawRow[] | null = [];
  const flushSample = () => {
    if (sample === null) return;
    worksheet.columns = sampleWidths(sample).map((width) => ({ width }));
    for (const raw of sample) rows.write(raw.row, (out) => copyRawRow(raw, out, textOnly));
    sample = null;
  };
  for await (const raw of source) {
    if (sample !== null) {
      sample.push(raw);
      if (sample.length >= WIDTH_SAMPLE_ROWS) flushSample();
    } else {
      rows.write(raw.row, (out) => copyRawRow(raw, out, textOnly));
      await rows.letZipCatchUp();
    }
  }
  flushSample();
  rows.end();
  worksheet.commit();
}

/**
 * Writes rows in increasing order and annotates them. A finding on a row the reader did not deliver (an
 * empty row) still gets its cell: such rows are written, empty, in order.
 */
class AnnotatedRows {
  private readonly pending: number[];
  private next = 0;
  private written = 0;

  constructor(
    private readonly worksheet: ExcelJS.Worksheet,
    private readonly annotated: Map<number, Map<string, CellAnnotation>> | undefined,
    private readonly fills: FilledStyles,
    private readonly noteText: (findings: readonly ReportFinding[]) => string,
  ) {
    this.pending = annotated ? [...annotated.keys()].sort((a, b) => a - b) : [];
  }

  write(rowNumber: number, fill: (row: ExcelJS.Row) => void): void {
    this.emptyRowsBefore(rowNumber);
    const row = this.worksheet.getRow(rowNumber);
    fill(row);
    this.annotate(row);
    row.commit();
    while (this.next < this.pending.length && (this.pending[this.next] ?? 0) <= rowNumber) this.next++;
  }

  end(): void {
    this.emptyRowsBefore(Infinity);
  }

  /**
   * Backpressure, which exceljs's writer lacks: it pushes the sheet XML into the zip entry's stream and never
   * waits, while the zip (archiver: deflate, then the file) only moves on event-loop turns. Without this, a
   * sheet's uncompressed XML piles up in memory (measured: +425 MiB at 300,000 rows). Every 100 rows this waits
   * until the entry holds at most 1 MiB. Relies on exceljs 4.4.0 / archiver 5 internals (WorksheetWriter.stream
   * is a StreamBuf whose pipes[0] is archiver's PassThrough for the entry); never waits more than a minute.
   */
  async letZipCatchUp(): Promise<void> {
    if (++this.written % CATCH_UP_EVERY_ROWS !== 0) return;
    let turns = 0;
    do {
      await new Promise<void>((resolve) => (turns === 0 ? setImmediate(resolve) : setTimeout(resolve, 2)));
      turns++;
    } while (pendingBytes(this.worksheet) > MAX_PENDING_BYTES && turns < 30_000);
  }

  private emptyRowsBefore(rowNumber: number): void {
    while (this.next < this.pending.length && (this.pending[this.next] ?? 0) < rowNumber) {
      const row = this.worksheet.getRow(this.pending[this.next] ?? 0);
      this.annotate(row);
      row.commit();
      this.next++;
    }
  }

  private annotate(row: ExcelJS.Row): void {
    const cells = this.annotated?.get(row.number);
    if (!cells) return;
    for (const annotation of cells.values()) {
      const cell = row.getCell(columnNumber(annotation.column));
      cell.style = this.fills.filled(cell.style, worstSeverity(annotation.findings));
      cell.note = this.noteText(annotation.findings);
    }
  }
}

/** The input cell's style with the severity fill, one object per (style, severity) so exceljs can reuse it. */
class FilledStyles {
  private readonly byStyle = new WeakMap<object, Map<Severity, Style>>();

  filled(style: Style | undefined, severity: Severity): Style {
    const base = style ?? EMPTY_STYLE;
    let bySeverity = this.byStyle.get(base);
    if (!bySeverity) this.byStyle.set(base, (bySeverity = new Map()));
    let result = bySeverity.get(severity);
    if (!result) bySeverity.set(severity, (result = { ...base, fill: severityFill(severity) }));
    return result;
  }
}

/**
 * Column widths and hidden columns, and a frozen pane, from the sheet XML before its rows (<cols>, <pane>).
 * Attributes are read with regular expressions: OOXML elements written by spreadsheet programs, no nesting.
 */
function parseSheetHead(head: string): {
  columns: Partial<ExcelJS.Column>[];
  views: Partial<ExcelJS.WorksheetView>[];
} {
  const columns: Partial<ExcelJS.Column>[] = [];
  for (const match of head.matchAll(/<col\b([^>]*)\/?>/g)) {
    const attrs = attributes(match[1] ?? '');
    const min = Number(attrs.min);
    const max = Math.min(Number(attrs.max), MAX_COLUMNS);
    const width = Number(attrs.width);
    if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1) continue;
    for (let c = min; c <= max; c++) {
      columns[c - 1] = {
        width: Number.isFinite(width) ? width : undefined,
        hidden: attrs.hidden === '1' || attrs.hidden === 'true',
      };
    }
  }
  const views: Partial<ExcelJS.WorksheetView>[] = [];
  const pane = /<pane\b([^>]*)\/?>/.exec(head);
  const attrs = attributes(pane?.[1] ?? '');
  if (attrs.state === 'frozen') {
    views.push({
      state: 'frozen',
      xSplit: Number(attrs.xSplit ?? 0) || 0,
      ySplit: Number(attrs.ySplit ?? 0) || 0,
    });
  }
  return { columns: Array.from(columns, (c) => c ?? {}), views };
}

/** Excel's column limit (XFD): a <col max> beyond it (some writers put 16384 on the last range) is cut. */
const MAX_COLUMNS = 16_384;

function attributes(text: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const m of text.matchAll(/([\w:]+)="([^"]*)"/g)) attrs[m[1] ?? ''] = m[2] ?? '';
  return attrs;
}

function copyStyledRow(row: ExcelJS.Row, out: ExcelJS.Row): void {
  if (typeof row.height === 'number' && Number.isFinite(row.height)) out.height = row.height;
  if (row.hidden) out.hidden = true;
  row.eachCell({ includeEmpty: true }, (cell, col) => {
    const target = out.getCell(col);
    // A merged range's other cells hold no value; setting one would set the range's (its first cell's).
    if (target.type !== ExcelJS.ValueType.Merge) target.value = copiedValue(cell);
    target.style = hasKeys(cell.style) ? cell.style : EMPTY_STYLE;
  });
}

function hasKeys(style: Style | undefined): style is Style {
  if (!style) return false;
  for (const _ in style) return true;
  return false;
}

/** A cell's value for the copy: formulas become their cached result, hyperlinks their text. */
function copiedValue(cell: ExcelJS.Cell): ExcelJS.CellValue {
  const value = cell.value;
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object' || value instanceof Date) return value;
  if ('formula' in value || 'sharedFormula' in value) {
    // cell.value drops falsy results (0, ''): read the result from the cell itself.
    const result: unknown =
      cell.type === ExcelJS.ValueType.Formula ? cell.result : (value as { result?: unknown }).result;
    return resultValue(result);
  }
  if ('richText' in value) return value;
  if ('hyperlink' in value) return (value as ExcelJS.CellHyperlinkValue).text;
  if ('error' in value) return value;
  return null;
}

function resultValue(result: unknown): ExcelJS.CellValue {
  if (result === null || result === undefined) return null;
  if (typeof result === 'number') return Number.isNaN(result) ? null : result;
  if (typeof result === 'string' || typeof result === 'boolean' || result instanceof Date) return result;
  if (typeof result === 'object' && typeof (result as { error?: unknown }).error === 'string')
    return result as ExcelJS.CellErrorValue;
  return null;
}

function copyRawRow(raw: RawRow, out: ExcelJS.Row, textOnly: boolean): void {
  raw.cells.forEach((value, i) => {
    if (value === null) return;
    const cell = out.getCell(i + 1);
    cell.value = rawValue(value);
    cell.style = textOnly ? TEXT_STYLE : EMPTY_STYLE;
  });
}

function rawValue(value: CellValue): ExcelJS.CellValue {
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  return value.error.startsWith('#') ? ({ error: value.error } as ExcelJS.CellErrorValue) : null;
}

/** Column widths from a sample of rows: the widest text, CJK counted double, between 6 and 40. */
function sampleWidths(rows: readonly RawRow[]): number[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.cells.forEach((value, i) => {
      if (value === null || typeof value === 'object') return;
      widths[i] = Math.max(widths[i] ?? 0, displayWidth(String(value)));
    });
  }
  return Array.from(widths, (w) => Math.min(40, Math.max(6, (w ?? 0) + 2)));
}

export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += (ch.codePointAt(0) ?? 0) > 0x2e7f ? 2 : 1;
  return width;
}
