/** CSV/TSV reader: every cell a string, row numbers as in a text editor. */
import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { pipeline } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { LedgerlintError } from '../errors.js';
import {
  createDecoder,
  decoderLabel,
  detectFileEncoding,
  fsError,
  hasUtf16Bom,
  HEAD_BYTES,
  readHead,
} from './encoding.js';
import type { OpenOptions, RawRow, SheetSource, TextEncoding } from './types.js';

export type Delimiter = ',' | '\t' | ';';

const DELIMITERS: readonly Delimiter[] = [',', '\t', ';'];
const SNIFF_RECORDS = 20;
/**
 * An unclosed quote makes the parser swallow the rest of the file into one field. Bounding the record
 * keeps memory flat and turns that into an io.csv-malformed error at the record's first line.
 */
const MAX_RECORD_BYTES = 4 * 1024 * 1024;

/**
 * Open a CSV/TSV file. The head is read (synchronously) to fix the encoding and the delimiter; rows are
 * streamed when `rows` is iterated. `opts.sheet` does not apply to text files and is ignored.
 */
export function readCsv(path: string, displayName: string, opts: OpenOptions = {}): SheetSource {
  const head = readHead(path, displayName);
  if (hasUtf16Bom(head)) throw new LedgerlintError('io.utf16-unsupported', { file: displayName });
  const encoding = opts.encoding
    ? { name: opts.encoding, reason: 'option' as const }
    : detectFileEncoding(path, head, displayName);
  if (encoding.reason === 'fallback' && startsAsUtf8(head)) {
    throw new LedgerlintError('io.mixed-encoding', { file: displayName });
  }
  const isTsv = extname(path).toLowerCase() === '.tsv' || extname(displayName).toLowerCase() === '.tsv';
  const sniffed = isTsv
    ? null
    : sniffDialect(
        new TextDecoder(decoderLabel(encoding.name)).decode(head, { stream: true }),
        head.length < HEAD_BYTES,
      );
  const delimiter: Delimiter = sniffed?.delimiter ?? '\t';
  const reason = sniffed === null ? 'extension' : sniffed.sniffed ? 'sniffed' : 'default';
  return {
    file: displayName,
    sheet: null,
    encoding,
    dialect: { delimiter, quote: '"', reason },
    rows: {
      [Symbol.asyncIterator]: () =>
        readRows(path, displayName, encoding.name, delimiter, encoding.reason === 'utf8-valid'),
    },
  };
}

async function* readRows(
  path: string,
  file: string,
  encoding: TextEncoding,
  delimiter: Delimiter,
  /** The encoding was detected as UTF-8 from the head: bytes that are not UTF-8 later mean mixed encodings. */
  strictUtf8 = false,
): AsyncGenerator<RawRow> {
  const parser = parse({
    delimiter,
    // Any line end ends a record, so files mixing CRLF and LF still number like an editor shows them.
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    // Keep a stray quote inside an unquoted field (张"三) as text, as Excel and WPS do.
    relax_quotes: true,
    bom: true,
    max_record_size: MAX_RECORD_BYTES,
  });
  // pipeline() destroys every stage when the consumer stops early or any stage fails.
  pipeline(createReadStream(path), createDecoder(encoding, strictUtf8), parser, () => {});

  // Physical lines are counted here rather than taken from csv-parse's `info` (costly per record, and
  // its `lines` counts a CRLF inside a quoted field twice): empty lines are not skipped by the parser, so
  // every line is seen, and a record ends as many lines after its start as its fields hold line breaks.
  let previousEnd = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      const row = previousEnd + 1;
      // One pass for both: are all cells empty, and how many line breaks do they hold (lineBreaksIn).
      let blank = true;
      let breaks = 0;
      for (let i = 0; i < record.length; i++) {
        const cell = record[i]!;
        if (cell.length === 0) continue;
        blank = false;
        if (cell.includes('\n') || cell.includes('\r')) breaks += lineBreaksInCell(cell);
      }
      previousEnd = row + breaks;
      if (blank) continue;
      yield { row, cells: record };
    }
  } catch (err) {
    if (err instanceof CsvError) {
      throw new LedgerlintError(
        'io.csv-malformed',
        // csv-parse's own "at line N" can contradict `row` (see above), so it is left out.
        { file, row: previousEnd + 1, detail: err.message.replace(/ at line \d+/, '') },
        { cause: err },
      );
    }
    if ((err as { code?: string }).code === 'ERR_ENCODING_INVALID_ENCODED_DATA') {
      throw new LedgerlintError('io.mixed-encoding', { file }, { cause: err });
    }
    throw fsError(err, file);
  }
}

/**
 * Whether bytes that failed strict UTF-8 decoding begin with several well-formed multi-byte UTF-8 characters:
 * UTF-8 text followed by text in another encoding. GBK text breaks UTF-8's rules within a character or two.
 */
function startsAsUtf8(head: Uint8Array): boolean {
  const cont = (i: number) => (head[i] ?? 0) >= 0x80 && (head[i] ?? 0) <= 0xbf;
  let multiByte = 0;
  for (let i = 0; i < head.length;) {
    const b = head[i] ?? 0;
    if (b < 0x80) i += 1;
    else if (b >= 0xc2 && b <= 0xdf && cont(i + 1)) i += 2;
    else if (b >= 0xe0 && b <= 0xef && cont(i + 1) && cont(i + 2)) i += 3;
    else if (b >= 0xf0 && b <= 0xf4 && cont(i + 1) && cont(i + 2) && cont(i + 3)) i += 4;
    else break;
    if (b >= 0x80) multiByte += 1;
    if (multiByte >= 6) return true;
  }
  return false;
}

/** Line breaks (CRLF, LF or CR) inside one field. */
function lineBreaksInCell(cell: string): number {
  let breaks = 0;
  for (let i = 0; i < cell.length; i++) {
    const ch = cell.charCodeAt(i);
    if (ch === 10 || (ch === 13 && cell.charCodeAt(i + 1) !== 10)) breaks++;
  }
  return breaks;
}

/**
 * Pick the delimiter from the first records of `text`: the candidate whose per-record count is most often
 * the same non-zero number wins (ties: the higher count, then comma, tab, semicolon). Characters inside
 * quoted fields are not counted. Unless `complete` (text is the whole file), a last record without a line
 * end may be cut off and is left out.
 */
export function sniffDelimiter(text: string, complete = false): Delimiter {
  return sniffDialect(text, complete).delimiter;
}

/** sniffDelimiter, and whether any candidate occurred at all (false: comma by default). */
export function sniffDialect(text: string, complete = false): { delimiter: Delimiter; sniffed: boolean } {
  const records = countDelimiters(text, complete);
  let best: { delimiter: Delimiter; agreeing: number; mode: number } | null = null;
  for (const [i, delimiter] of DELIMITERS.entries()) {
    const counts = records.map((r) => r[i] ?? 0).filter((n) => n > 0);
    if (counts.length === 0) continue;
    const frequency = new Map<number, number>();
    for (const n of counts) frequency.set(n, (frequency.get(n) ?? 0) + 1);
    let mode = 0;
    let agreeing = 0;
    for (const [n, f] of frequency) {
      if (f > agreeing || (f === agreeing && n > mode)) [mode, agreeing] = [n, f];
    }
    if (!best || agreeing > best.agreeing || (agreeing === best.agreeing && mode > best.mode)) {
      best = { delimiter, agreeing, mode };
    }
  }
  return best === null ? { delimiter: ',', sniffed: false } : { delimiter: best.delimiter, sniffed: true };
}

/** Per record (up to SNIFF_RECORDS, blank lines skipped): how many of each DELIMITERS outside quotes. */
function countDelimiters(text: string, complete: boolean): number[][] {
  const records: number[][] = [];
  let counts = [0, 0, 0];
  let inQuotes = false;
  let fieldStart = true;
  let blank = true;
  for (let i = 0; i < text.length && records.length < SNIFF_RECORDS; i++) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') i++;
        else inQuotes = false;
      }
      continue;
    }
    if (ch === '\n' || ch === '\r') {
      if (!blank) records.push(counts);
      counts = [0, 0, 0];
      fieldStart = true;
      blank = true;
      continue;
    }
    blank = false;
    const d = DELIMITERS.indexOf(ch as Delimiter);
    if (d >= 0) {
      counts[d] = (counts[d] ?? 0) + 1;
      fieldStart = true;
      continue;
    }
    if (ch === '"' && fieldStart) inQuotes = true;
    fieldStart = false;
  }
  if (complete && !blank && !inQuotes && records.length < SNIFF_RECORDS) records.push(counts);
  return records;
}
