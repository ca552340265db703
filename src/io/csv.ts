/** CSV/TSV reader: every cell a string, row numbers as in a text editor. */
import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { LedgerlintError } from '../errors.js';
import { decoderLabel, detectFileEncoding, fsError, hasUtf16Bom, HEAD_BYTES, readHead } from './encoding.js';
import { CSV_SYNTAX_DETAILS, CsvSyntaxError, CsvTokenizer } from './csv-tokenizer.js';
import type { OpenOptions, RawRow, SheetSource, TextEncoding } from './types.js';

export type Delimiter = ',' | '\t' | ';';

const DELIMITERS: readonly Delimiter[] = [',', '\t', ';'];
const SNIFF_RECORDS = 20;
/** Bytes read from the file at a time (decoded and tokenized chunk by chunk). */
const READ_CHUNK_BYTES = 64 * 1024;

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
  // One TextDecoder in stream mode: a character split across two chunks is reassembled; a leading BOM is
  // dropped. The tokenizer (csv-tokenizer.ts) numbers physical lines itself and bounds a record's size.
  const decoder = new TextDecoder(decoderLabel(encoding), { fatal: strictUtf8 });
  const tokenizer = new CsvTokenizer(delimiter);
  const stream = createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const { rows, failure } = step(tokenizer, () =>
        tokenizer.push(decoder.decode(chunk, { stream: true })),
      );
      for (let i = 0; i < rows.length; i++) yield rows[i]!;
      if (failure !== undefined) throw failure;
    }
    const { rows, failure } = step(tokenizer, () => {
      tokenizer.push(decoder.decode());
      tokenizer.end();
    });
    for (let i = 0; i < rows.length; i++) yield rows[i]!;
    if (failure !== undefined) throw failure;
  } catch (err) {
    if (err instanceof CsvSyntaxError) {
      throw new LedgerlintError(
        'io.csv-malformed',
        { file, row: err.row, detail: CSV_SYNTAX_DETAILS[err.problem] },
        { cause: err },
      );
    }
    if ((err as { code?: string }).code === 'ERR_ENCODING_INVALID_ENCODED_DATA') {
      throw new LedgerlintError('io.mixed-encoding', { file }, { cause: err });
    }
    throw fsError(err, file);
  } finally {
    stream.destroy();
  }
}

/**
 * One step of the tokenizer: the records it completed, and the error that stopped it, if any. The records come
 * out before the error, as a row-by-row reader would show them.
 */
function step(tokenizer: CsvTokenizer, run: () => void): { rows: RawRow[]; failure: unknown } {
  let failure: unknown;
  try {
    run();
  } catch (error) {
    failure = error;
  }
  const rows = tokenizer.rows;
  tokenizer.rows = [];
  return { rows, failure };
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
