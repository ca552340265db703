/**
 * The CSV/TSV tokenizer behind io/csv.ts: decoded text in (any chunks), records out with their physical row
 * numbers. It keeps the dialect ledgerlint read with csv-parse (`record_delimiter: ['\r\n', '\n', '\r']`,
 * `relax_column_count`, `relax_quotes`, `bom`, `max_record_size`), record for record, which a differential
 * property test checks against csv-parse itself (test/io/csv-tokenizer.test.ts):
 * - CRLF, LF and CR each end a record, so a file mixing them numbers its rows like an editor; a CR at the end
 *   of a chunk waits for the next one (CRLF or CR);
 * - a field that starts with `"` is quoted: `""` inside is one quote, line breaks and delimiters are text, and
 *   the quote closes before a delimiter, a line end, a NUL or the end of the text. A quote followed by
 *   anything else makes the field plain text as written, opening quote included (`"张三"x` → `"张三"x`);
 *   a quote inside an unquoted field is text (张"三);
 * - one U+FEFF at the start of the text is dropped (the decoder already dropped the file's own BOM);
 * - a record holding more than MAX_RECORD_BYTES bytes of field text (UTF-8) is an error, raised as soon as
 *   that much is read, so an unclosed quote cannot swallow a whole province into memory; an unclosed quote at
 *   the end of the text is an error too. Both name the record's first line.
 * Records whose cells are all empty (blank lines, `,,`) are counted as lines but not emitted.
 *
 * Hand-written rather than a library: csv-parse (what this replaces) spent ~20 µs a row on our 40-column
 * ledgers, re-encoding the decoded text to bytes and slicing every field back into a string; papaparse is
 * fast on strings but fixes one line-end style per file (a file mixing CRLF and LF or CR would be split
 * wrongly and its rows misnumbered), has no record size bound (an unclosed quote buffers the rest of the
 * file), and would need its line numbering redone here anyway. This is String.indexOf and charCodeAt over
 * the decoded chunk, as the xlsx tokenizer (io/xlsx-sheet-scanner.ts) does.
 */
import type { RawRow } from './types.js';

/** Bytes of field text (UTF-8) a record may hold; see the module comment. */
export const MAX_RECORD_BYTES = 4 * 1024 * 1024;

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const NUL = 0x00;
const BOM = 0xfeff;
/** A record whose text is this long or shorter cannot hold more than MAX_RECORD_BYTES (≤ 3 bytes a unit). */
const SAFE_RECORD_CHARS = Math.floor(MAX_RECORD_BYTES / 3);

/** Why the text is not CSV: the detail csv-parse gave for the same input, without its line number. */
export type CsvSyntaxProblem = 'max-record-size' | 'quote-not-closed';

export const CSV_SYNTAX_DETAILS: Readonly<Record<CsvSyntaxProblem, string>> = {
  'max-record-size': `Max Record Size: record exceed the maximum number of tolerated bytes of ${MAX_RECORD_BYTES}`,
  'quote-not-closed': 'Quote Not Closed: the parsing is finished with an opening quote',
};

/** Text that is not CSV, at `row`: the first physical line of the record it is in. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly problem: CsvSyntaxProblem,
    readonly row: number,
  ) {
    super(`${CSV_SYNTAX_DETAILS[problem]} (record starting at line ${row})`);
    this.name = 'CsvSyntaxError';
  }
}

/**
 * Text of its own, not a view into the chunk it was cut from: V8 makes a slice of 13 characters or more a
 * reference to the whole chunk, which a value kept in a record or a finding would keep alive (see
 * io/xlsx-sheet-scanner.ts, detached). Joining forces a flat copy of just the text.
 */
function detached(text: string): string {
  return text.length < 13 ? text : (' ' + text).slice(1);
}

/** A record the text ended inside of: what was read of it, to go on from where the next text starts. */
interface Unfinished {
  /** Its fields read whole. */
  readonly cells: string[];
  /** Line breaks inside them. */
  readonly breaks: number;
  /** Characters of the record's text already read (for the size bound). */
  readonly consumed: number;
  /** The field being read started with a quote. */
  readonly quoted: boolean;
  /** ... and the quote is still open. */
  readonly inQuote: boolean;
  /** The field's text so far. */
  readonly content: string;
}

const WIDE_CHARACTER = /[\u0100-\uffff]/;
/** Scratch for asciiText; longer ASCII fields are sliced. */
const ASCII_SCRATCH = Buffer.allocUnsafe(256);

/**
 * s[i, k), all ASCII, as a one-byte string. A slice of a two-byte string (any chunk with Chinese text in it) is two
 * bytes a character even when it is ASCII; ID numbers, 户编号, dates and codes would take twice the memory in the
 * records, and twice the bytes to post to the main thread. Latin-1 decoding of the codes makes a one-byte copy
 * (~75 ns for an ID number), which also keeps nothing of the chunk alive (see detached).
 */
function asciiText(s: string, i: number, k: number): string {
  const n = k - i;
  for (let x = 0; x < n; x++) ASCII_SCRATCH[x] = s.charCodeAt(i + x);
  return ASCII_SCRATCH.toString('latin1', 0, n);
}

/** Incremental: push() decoded text as it comes, end() after the last; take the records from `rows`. */
export class CsvTokenizer {
  /** Records completed by the last push() or end(), in order. The caller empties it. */
  rows: RawRow[] = [];
  private readonly delimiter: number;
  /** Text not read yet: from where `unfinished` stopped, or the start of the next record. */
  private pending = '';
  private unfinished: Unfinished | null = null;
  /** Where in the text scanned last the unfinished record stopped. */
  private stoppedAt = 0;
  /** Physical line the last record ended on. */
  private previousEnd = 0;
  private started = false;
  /** The text scanned holds characters above U+00FF: V8 keeps it, and every slice of it, two bytes a character. */
  private wide = false;

  constructor(delimiter: string) {
    this.delimiter = delimiter.charCodeAt(0);
  }

  push(text: string): void {
    this.scan(this.pending.length === 0 ? text : this.pending + text, false);
  }

  /** No more text: the last record may end without a line end; an open quote is an error. */
  end(): void {
    this.scan(this.pending, true);
  }

  private scan(s: string, final: boolean): void {
    let pos = 0;
    if (!this.started) {
      if (s.length === 0 && !final) return;
      this.started = true;
      if (s.charCodeAt(0) === BOM) pos = 1;
    }
    this.wide = WIDE_CHARACTER.test(s);
    let end = 0;
    while (pos < s.length || this.unfinished !== null) {
      end = this.record(s, pos, final);
      if (end < 0) break;
      pos = end;
    }
    this.pending = end < 0 ? s.slice(this.stoppedAt) : pos < s.length ? s.slice(pos) : '';
  }

  /**
   * One record from `start` (or the unfinished one, going on at `start`): emitted unless blank, and the index
   * after its line end returned; -1 if the text ends before the record does and more may come.
   */
  private record(s: string, start: number, final: boolean): number {
    const len = s.length;
    const delimiter = this.delimiter;
    const resumed = this.unfinished;
    this.unfinished = null;
    const cells = resumed?.cells ?? [];
    let breaks = resumed?.breaks ?? 0;
    const consumed = resumed?.consumed ?? 0;
    let quoted = resumed?.quoted ?? false;
    let inQuote = resumed?.inQuote ?? false;
    /** The field's text read so far (a quoted part, or what an earlier chunk held). */
    let content = resumed?.content ?? '';
    // A field with nothing read yet (not even a quote) starts again: the next text may open a quote.
    let begun = resumed !== null && (resumed.quoted || resumed.content.length > 0);
    let i = start;
    const stop = (at: number, state: Omit<Unfinished, 'cells' | 'breaks' | 'consumed'>): -1 => {
      const unfinished = { cells, breaks, consumed: consumed + at - start, ...state };
      if (unfinished.consumed > SAFE_RECORD_CHARS && exceedsMaxRecord(cells, state.content)) {
        throw new CsvSyntaxError('max-record-size', this.previousEnd + 1);
      }
      this.unfinished = unfinished;
      this.stoppedAt = at;
      return -1;
    };
    for (;;) {
      if (!begun) {
        quoted = false;
        inQuote = false;
        content = '';
        if (i < len && s.charCodeAt(i) === QUOTE) {
          quoted = true;
          inQuote = true;
          i += 1;
        }
      }
      begun = false;
      if (inQuote) {
        for (;;) {
          const q = s.indexOf('"', i);
          if (q < 0 || (q + 1 >= len && !final)) {
            if (final) return this.fail(cells, content + s.slice(i));
            const at = q < 0 ? len : q;
            return stop(at, { quoted, inQuote: true, content: content + s.slice(i, at) });
          }
          const next = q + 1 < len ? s.charCodeAt(q + 1) : -1;
          if (next === QUOTE) {
            content += s.slice(i, q + 1);
            i = q + 2;
            continue;
          }
          content += s.slice(i, q);
          i = q + 1;
          inQuote = false;
          // A quote followed by other text: the field is that text as written (relax_quotes).
          if (!(next === -1 || next === delimiter || next === LF || next === CR || next === NUL)) {
            content = '"' + content + '"';
          }
          break;
        }
      }
      let k = i;
      /** Every character code of the field OR-ed: below 0x80, the field is ASCII. */
      let codes = 0;
      while (k < len) {
        const c = s.charCodeAt(k);
        if (c === delimiter || c === LF || c === CR) break;
        codes |= c;
        k++;
      }
      const c = k < len ? s.charCodeAt(k) : -1;
      // The text ends inside the field, or on a CR that may be the first half of a CRLF.
      if (!final && (k >= len || (c === CR && k + 1 >= len))) {
        return stop(k, { quoted, inQuote: false, content: content + s.slice(i, k) });
      }
      const value =
        content.length !== 0
          ? detached(content + s.slice(i, k))
          : codes < 0x80 && this.wide && k - i >= 2 && k - i <= ASCII_SCRATCH.length
            ? asciiText(s, i, k)
            : detached(s.slice(i, k));
      if (quoted && value.length > 0 && (value.includes('\n') || value.includes('\r'))) {
        breaks += lineBreaksInCell(value);
      }
      if (k >= len) {
        // The end of the text: a last record without a line end, unless nothing at all is left.
        if (cells.length > 0 || quoted || value.length > 0) cells.push(value);
        if (cells.length > 0) this.complete(cells, breaks, consumed + len - start);
        return len;
      }
      cells.push(value);
      if (c === delimiter) {
        i = k + 1;
        continue;
      }
      const end = c === CR && k + 1 < len && s.charCodeAt(k + 1) === LF ? k + 2 : k + 1;
      this.complete(cells, breaks, consumed + end - start);
      return end;
    }
  }

  /** A record read whole: numbered, checked for size, emitted unless all its cells are empty. */
  private complete(cells: string[], breaks: number, chars: number): void {
    const row = this.previousEnd + 1;
    if (chars > SAFE_RECORD_CHARS && exceedsMaxRecord(cells, '')) {
      throw new CsvSyntaxError('max-record-size', row);
    }
    this.previousEnd = row + breaks;
    for (let c = 0; c < cells.length; c++) {
      if (cells[c]!.length > 0) {
        this.rows.push({ row, cells });
        return;
      }
    }
  }

  /** The text ends inside a quote. */
  private fail(cells: readonly string[], partial: string): never {
    const row = this.previousEnd + 1;
    if (exceedsMaxRecord(cells, partial)) throw new CsvSyntaxError('max-record-size', row);
    throw new CsvSyntaxError('quote-not-closed', row);
  }
}

/**
 * Whether csv-parse's size bound would have stopped this record: before adding each byte to a field it tests
 * whether the record's text so far is longer than MAX_RECORD_BYTES. So: the text without its last byte is.
 */
function exceedsMaxRecord(cells: readonly string[], partial: string): boolean {
  let bytes = Buffer.byteLength(partial);
  for (const cell of cells) bytes += Buffer.byteLength(cell);
  return bytes - 1 > MAX_RECORD_BYTES;
}

/** Line breaks (CRLF, LF or CR) inside one field. */
export function lineBreaksInCell(cell: string): number {
  let breaks = 0;
  for (let i = 0; i < cell.length; i++) {
    const ch = cell.charCodeAt(i);
    if (ch === 10 || (ch === 13 && cell.charCodeAt(i + 1) !== 10)) breaks++;
  }
  return breaks;
}
