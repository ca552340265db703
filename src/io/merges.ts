/**
 * Merged cell ranges of xlsx worksheets, read without parsing the sheet data.
 *
 * `<mergeCells>` follows `<sheetData>` in the sheet XML (the schema fixes the order), so a streaming reader
 * only meets the ranges once every row has gone by; the rows need them from the first data row on. They are read
 * here first, from the same zip: yauzl opens the entry through the central directory (any zip order), zlib
 * inflates it, and a byte search (Buffer.indexOf, native) looks for the `<mergeCells` start tag. Only the
 * few bytes around each chunk boundary are copied and no XML is parsed until that tag, so the cost is about
 * one inflate of the sheet. Markup cannot be mistaken for cell text: a `<` inside text is always escaped
 * (`&lt;`), so `<mergeCells` (or `<x:mergeCells` with a namespace prefix, as the .NET SDK writes it) can only
 * be the element. Memory holds the ranges, never the data.
 *
 * Hand-written rather than a tokenizer pass (the xlsx reader's, xlsx-sheet-scanner.ts) because that would
 * tokenize all of sheetData, which is the expensive part of reading a sheet.
 */
import { columnIndex } from './columns.js';
import { XlsxPackage } from './xlsx-package.js';

/** A merged range: physical rows (first row = 1) and 0-based column indexes (0 = A), inclusive. */
export interface MergeRange {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

const WORKSHEET_PART = /^\/?xl\/worksheets\/sheet(\d+)\.xml$/i;
const MARK = Buffer.from('mergeCells', 'latin1');
/** Longest namespace prefix looked back for before "mergeCells" (`<x:`, `<main:` …). */
const MAX_PREFIX = 32;
/** Bytes kept from the end of a chunk for a tag split across the boundary with the next. */
const SEAM_BYTES = MARK.length + MAX_PREFIX + 1;
const LT = 0x3c;
const COLON = 0x3a;
const MERGE_CELL = /<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref\s*=\s*["']([^"']*)["']/g;
const MERGE_CELLS_END = /<\/(?:[A-Za-z_][\w.-]*:)?mergeCells\s*>|<(?:[A-Za-z_][\w.-]*:)?mergeCells\b[^>]*\/>/;
const REF = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})(?::\$?([A-Za-z]{1,3})\$?(\d{1,7}))?$/;

/**
 * The merged ranges of the worksheets of an xlsx file, by part number (n of xl/worksheets/sheet<n>.xml), each
 * sorted by top row then left column; only the parts in `only` when given. Used by the exceljs reader of the
 * annotated workbook (xlsx-styled.ts), which must read them before its zip stream is open; the ledger reader
 * (xlsx.ts) scans each sheet's part with scanMergeRanges just before its rows.
 */
export async function readMergeRanges(
  path: string,
  only?: ReadonlySet<string>,
  file: string = path,
): Promise<Map<string, MergeRange[]>> {
  // The package is opened as the ledger reader opens it: the zip-bomb guard looks at its directory first, and
  // each part is held to its declared size while it inflates.
  const pkg = await XlsxPackage.open(path, file);
  const ranges = new Map<string, MergeRange[]>();
  try {
    for (const name of pkg.partNames()) {
      const part = WORKSHEET_PART.exec(name)?.[1];
      if (part === undefined || (only !== undefined && !only.has(part))) continue;
      const stream = await pkg.stream(name);
      try {
        ranges.set(part, await scanMergeRanges(stream));
      } finally {
        stream.destroy();
      }
    }
  } finally {
    pkg.close();
  }
  return ranges;
}

/** The ranges of the `<mergeCells>` element of a sheet XML stream; reading stops at its end tag. */
export async function scanMergeRanges(stream: AsyncIterable<Buffer | string>): Promise<MergeRange[]> {
  let carry: Buffer = Buffer.alloc(0);
  let tail: string | null = null;
  for await (const piece of stream) {
    const chunk = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
    if (tail === null) {
      // The previous chunk's last bytes go in front of this one's first bytes (the seam), for a tag split across
      // the boundary; the rest of the chunk is searched where it is (joining whole chunks copied every byte).
      const head = chunk.subarray(0, SEAM_BYTES);
      const seam = carry.length > 0 ? Buffer.concat([carry, head]) : head;
      const inSeam = findMergeCellsTag(seam);
      // Cell references are ASCII: latin1 keeps every byte as one character.
      if (inSeam >= 0) {
        tail = seam.subarray(inSeam).toString('latin1') + chunk.subarray(head.length).toString('latin1');
      } else {
        const inChunk = chunk.length > head.length ? findMergeCellsTag(chunk) : -1;
        if (inChunk < 0) {
          const last = chunk.length > head.length ? chunk : seam;
          carry = Buffer.from(last.subarray(Math.max(0, last.length - SEAM_BYTES)));
          continue;
        }
        tail = chunk.subarray(inChunk).toString('latin1');
      }
    } else {
      tail += chunk.toString('latin1');
    }
    if (MERGE_CELLS_END.test(tail)) break;
  }
  return tail === null ? [] : parseRanges(tail);
}

/** Index of the `<` of a `<mergeCells` or `<prefix:mergeCells` start tag, or -1. */
function findMergeCellsTag(buf: Buffer): number {
  let from = 0;
  for (;;) {
    const at = buf.indexOf(MARK, from);
    if (at < 0) return -1;
    from = at + 1;
    const after = buf[at + MARK.length];
    // The name must end here (`>`, `/` or white space); an unfinished buffer end is decided by the next chunk.
    if (after === undefined) return -1;
    if (
      after !== 0x3e &&
      after !== 0x2f &&
      after !== 0x20 &&
      after !== 0x09 &&
      after !== 0x0a &&
      after !== 0x0d
    )
      continue;
    if (buf[at - 1] === LT) return at - 1;
    if (buf[at - 1] !== COLON) continue;
    for (let i = at - 2; i >= 0 && i >= at - 2 - MAX_PREFIX; i--) {
      const b = buf[i] as number;
      if (b === LT) return i < at - 2 ? i : -1;
      const nameChar =
        (b >= 0x41 && b <= 0x5a) ||
        (b >= 0x61 && b <= 0x7a) ||
        (b >= 0x30 && b <= 0x39) ||
        b === 0x5f ||
        b === 0x2d ||
        b === 0x2e;
      if (!nameChar) break;
    }
  }
}

function parseRanges(xml: string): MergeRange[] {
  const end = MERGE_CELLS_END.exec(xml);
  const body = end ? xml.slice(0, end.index + end[0].length) : xml;
  const ranges: MergeRange[] = [];
  for (const match of body.matchAll(MERGE_CELL)) {
    const range = parseRef(match[1] ?? '');
    if (range) ranges.push(range);
  }
  return ranges.sort((a, b) => a.top - b.top || a.left - b.left);
}

/** "A5:A9" → its range; a single cell "B3" is a range of one; anything else is ignored (null). */
export function parseRef(ref: string): MergeRange | null {
  const m = REF.exec(ref.trim());
  if (!m?.[1] || !m[2]) return null;
  const r1 = Number(m[2]);
  const c1 = columnIndex(m[1]);
  const r2 = m[4] !== undefined ? Number(m[4]) : r1;
  const c2 = m[3] !== undefined ? columnIndex(m[3]) : c1;
  if (r1 < 1 || r2 < 1) return null;
  return { top: Math.min(r1, r2), left: Math.min(c1, c2), bottom: Math.max(r1, r2), right: Math.max(c1, c2) };
}
