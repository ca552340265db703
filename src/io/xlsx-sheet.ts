/**
 * One worksheet part (xl/worksheets/sheet<n>.xml) to raw rows: one pass of the sheet tokenizer
 * (xlsx-sheet-scanner.ts) over `<sheetData>`, fed chunk by chunk, that hands out each `<row>` as soon as its end tag has been parsed. Cell values keep their stored
 * type (see CellValue):
 *
 * - `t="s"` shared string, `t="inlineStr"` inline string (its runs joined, phonetic guides left out),
 *   `t="str"` formula text, `t="b"` boolean, `t="e"` error value (#N/A …), `t="d"` ISO date;
 * - numbers (`t="n"` or no type), as Date at UTC midnight when the cell's style is a date format;
 * - formula cells as their cached value, or `{error: '', formula}` when the file holds none;
 * - empty cells (no value, only a style) are left out, as are rows without any value.
 *
 * A cell without an `r` reference is the one after the previous cell; a row without `r`, the one after the
 * previous row (some generators leave them out). Cells right of XFD, Excel's last column, make the sheet
 * unreadable rather than a row of sixteen thousand holes or more.
 */
import { decimalAt, digitsAt } from './xlsx-cell-text.js';
import {
  characterData,
  MAX_COLUMN_INDEX,
  SheetXmlScanner,
  type CellType,
  type SheetXmlHandler,
} from './xlsx-sheet-scanner.js';
import type { CellValue, RawRow } from './types.js';

export interface SheetContext {
  readonly sharedStrings: readonly string[];
  readonly dateStyles: readonly boolean[];
  readonly date1904: boolean;
  /**
   * Present while the shared strings are still being parsed (xlsx-shared-strings.ts, SharedStringsLoader): a
   * cell whose string is not known yet waits (see `waitingFor`) instead of reading as empty.
   */
  readonly stringsLoader?: { readonly complete: boolean };
}

/** A shared-string cell whose string is not parsed yet (SharedStringsLoader): a placeholder, never handed out. */
interface PendingString {
  readonly cells: CellValue[];
  readonly column: number;
  readonly index: number;
}

const PENDING: CellValue = Object.freeze({ error: '#PENDING-SHARED-STRING' });

type Capture = 'v' | 'f' | 'is' | null;

/** The parser of one sheet part; `write` text in order, `takeRows` after each write, `close` at the end. */
export class SheetXmlParser implements SheetXmlHandler {
  private readonly scanner = new SheetXmlScanner(this);
  private rows: RawRow[] = [];

  private rowNumber = 0;
  private cells: CellValue[] = [];
  private nextColumn = 0;

  private column = 0;
  private type = 'n';
  private style = 0;
  private value: string | null = null;
  private formula: string | null = null;
  private inline: string | null = null;

  private pending: PendingString[] = [];
  private waiting = -1;

  private capture: Capture = null;
  /** Inside `<is>`: within a `<t>` (not a phonetic one). */
  private inlineText = false;
  private phonetic = 0;

  constructor(private readonly context: SheetContext) {}

  write(text: string): void {
    this.scanner.write(text);
  }

  end(): void {
    this.scanner.end();
  }

  /** The rows completed since the last call. */
  takeRows(): RawRow[] {
    const rows = this.rows;
    this.rows = [];
    return rows;
  }

  /**
   * The highest shared-string index that cells read so far wait for (-1: none). Parse the table that far,
   * then call resolvePending on the rows taken.
   */
  get waitingFor(): number {
    return this.waiting;
  }

  /**
   * `rows` (taken since the last call) with the strings of their waiting cells filled in, once the table holds
   * them or has ended; a cell whose index the table does not reach reads as empty and is left out, as it
   * would have been with the whole table at hand (and a row left without a value with it).
   */
  resolvePending(rows: RawRow[]): RawRow[] {
    const strings = this.context.sharedStrings;
    let emptied = false;
    for (const p of this.pending) {
      const text = strings[p.index];
      p.cells[p.column] = text ?? null;
      if (text === undefined) emptied = true;
    }
    this.pending = [];
    this.waiting = -1;
    if (!emptied) return rows;
    trimTrailingEmpty(this.cells);
    const kept: RawRow[] = [];
    for (const row of rows) {
      trimTrailingEmpty(row.cells as CellValue[]);
      if (row.cells.length > 0) kept.push(row);
    }
    return kept;
  }

  /** The physical row being read (the last one started), for error messages. */
  get currentRow(): number {
    return this.rowNumber;
  }

  /** @internal SheetXmlHandler */
  open(name: string, r: string | undefined, t: string | undefined, s: string | undefined): void {
    switch (name) {
      case 'row': {
        const number = positiveInteger(r);
        this.rowNumber = number ?? this.rowNumber + 1;
        this.cells = [];
        this.nextColumn = 0;
        break;
      }
      case 'c':
        this.openCell(r, t, s);
        break;
      case 'v':
        this.capture = 'v';
        this.value = '';
        break;
      case 'f':
        this.capture = 'f';
        this.formula = '';
        break;
      case 'is':
        this.capture = 'is';
        this.inline = '';
        break;
      case 't':
        if (this.capture === 'is' && this.phonetic === 0) this.inlineText = true;
        break;
      case 'rPh':
        this.phonetic++;
        break;
    }
  }

  private openCell(ref: string | undefined, type: string | undefined, style: string | undefined): void {
    const column = ref === undefined ? -1 : columnOfRef(ref);
    this.beginCell(column, type ?? 'n', style === undefined ? 0 : Number(style), ref);
  }

  /** A cell begins (by its tags or the scanner's fast path): its column (-1: the next one), type and style. */
  private beginCell(column: number, type: string, style: number, ref?: string): void {
    this.column = column >= 0 ? column : this.nextColumn;
    if (this.column > MAX_COLUMN_INDEX) {
      const cell = ref === undefined ? 'a cell' : `cell ${ref}`;
      throw new Error(`${cell} in row ${this.rowNumber} is right of XFD, Excel's last column`);
    }
    this.type = type;
    this.style = style;
    this.value = null;
    this.formula = null;
    this.inline = null;
  }

  /** @internal SheetXmlHandler */
  wantsText(): boolean {
    return this.capture !== null && (this.capture !== 'is' || this.inlineText);
  }

  /** @internal SheetXmlHandler */
  text(text: string): void {
    switch (this.capture) {
      case 'v':
        this.value += text;
        break;
      case 'f':
        this.formula += text;
        break;
      case 'is':
        if (this.inlineText) this.inline += text;
        break;
    }
  }

  /** @internal SheetXmlHandler */
  close(name: string): void {
    switch (name) {
      case 'v':
      case 'f':
        this.capture = null;
        break;
      case 't':
        this.inlineText = false;
        break;
      case 'rPh':
        this.phonetic--;
        break;
      case 'is':
        this.capture = null;
        break;
      case 'c':
        this.closeCell();
        break;
      case 'row':
        if (this.cells.length > 0) this.rows.push({ row: this.rowNumber, cells: this.cells });
        this.cells = [];
        break;
    }
  }

  /**
   * @internal SheetXmlHandler: a cell `<c …><v>text</v></c>` or `<c …/>` in one call (the scanner's fast path),
   * its text `source[start, end)` (start -1: none). A shared-string index or a number of the usual forms is
   * read from the characters (xlsx-cell-text.ts); any other text is cut out and read as the tags would be.
   */
  cell(column: number, type: CellType, style: number, source: string, start: number, end: number): void {
    // Left as the five events would leave them (a plain cell nested in another element of a hand-made part).
    this.beginCell(column, type, style);
    if (start >= 0) this.capture = null;
    const value = start < 0 ? null : this.plainValue(type, style, source, start, end);
    if (value !== null) {
      while (this.cells.length < this.column) this.cells.push(null);
      this.cells[this.column] = value;
    }
    this.nextColumn = this.column + 1;
  }

  private plainValue(type: CellType, style: number, source: string, start: number, end: number): CellValue {
    if (type === 's') {
      const index = digitsAt(source, start, end);
      if (index >= 0) return this.sharedString(index);
    } else if (type === 'n') {
      const number = decimalAt(source, start, end);
      if (!Number.isNaN(number)) {
        return this.context.dateStyles[style] === true
          ? excelSerialToDate(number, this.context.date1904)
          : number;
      }
    }
    this.value = characterData(source.slice(start, end));
    return this.cellValue();
  }

  private closeCell(): void {
    const value = this.cellValue();
    if (value !== null) {
      while (this.cells.length < this.column) this.cells.push(null);
      this.cells[this.column] = value;
    }
    this.nextColumn = this.column + 1;
  }

  private cellValue(): CellValue {
    const { value, formula } = this;
    if (formula !== null) {
      if (value === null) return { error: '', formula };
      if (this.type === 'e') return { error: value, formula };
    }
    switch (this.type) {
      case 's': {
        return value === null ? null : this.sharedString(Number(value));
      }
      case 'inlineStr':
        return this.inline ?? value;
      case 'str':
        return value;
      case 'b':
        return value === null ? null : !/^\s*(0|false)\s*$/i.test(value);
      case 'e':
        return value === null ? null : { error: value };
      case 'd':
        return value === null ? null : isoDate(value);
      default:
        return value === null ? null : this.number(value);
    }
  }

  /** The shared string at `index` (PENDING while the table is not parsed that far); null when there is none. */
  private sharedString(index: number): CellValue {
    const text = this.context.sharedStrings[index];
    if (text !== undefined) return text;
    if (this.context.stringsLoader?.complete === false && Number.isInteger(index) && index >= 0) {
      this.pending.push({ cells: this.cells, column: this.column, index });
      if (index > this.waiting) this.waiting = index;
      return PENDING;
    }
    return null;
  }

  private number(text: string): CellValue {
    if (text.trim() === '') return null;
    const number = Number(text);
    // Not a number although stored as one (hand-made XML): the text, for the normalizer to judge.
    if (Number.isNaN(number)) return text;
    return this.context.dateStyles[this.style] === true
      ? excelSerialToDate(number, this.context.date1904)
      : number;
  }
}

/** Drops the empty cells at the end of a row's cells (only a resolved shared string can leave one there). */
function trimTrailingEmpty(cells: CellValue[]): void {
  while (cells.length > 0 && cells[cells.length - 1] === null) cells.pop();
}

/** Column index of a cell reference ("B7" → 1); -1 when it does not start with column letters. */
export function columnOfRef(ref: string): number {
  let column = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const code = ref.charCodeAt(i) | 0x20; // lower case
    if (code < 0x61 || code > 0x7a) break;
    column = column * 26 + (code - 0x60);
  }
  return i === 0 ? -1 : column - 1;
}

function positiveInteger(text: string | undefined): number | null {
  if (text === undefined) return null;
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 ? n : null;
}

/** `t="d"` (strict OOXML): an ISO 8601 date or date-time, read as UTC; the text when it is not one. */
function isoDate(text: string): CellValue {
  const iso = /^\d{4}-\d{2}-\d{2}(T[\d:.]+)?$/.test(text.trim())
    ? `${text.trim()}${text.includes('T') ? 'Z' : ''}`
    : '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? text : date;
}

/** An Excel serial day number as a JS Date (UTC): 1900 system (1 = 1900-01-01) or 1904 system. */
export function excelSerialToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
}
