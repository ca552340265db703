/**
 * XLSX reader on yauzl: the zip is read with random access (its central directory), so the styles are parsed
 * first (saxes) whatever the entry order, the shared strings as far as the rows read so far need them
 * (xlsx-shared-strings.ts, SharedStringsLoader), nothing is spooled to disk, and a sheet's rows arrive as its
 * part is inflated (XlsxPackage.stream, 256 KiB chunks). Each sheet is one pass of the sheet tokenizer
 * (xlsx-sheet-scanner.ts, through xlsx-sheet.ts); its merged ranges, which follow the rows in the XML, come
 * from a byte scan of the same part just before (merges.ts), for the first sheet started as soon as the sheet
 * list is known (MergeScan).
 *
 * Hand-written over a library because none fits: exceljs's streaming WorkbookReader (used before) took
 * about twice the time and three times the memory (/work/shared/reference/tech.md §3; BENCHMARKS.md), spooled
 * sheets to temp files when sharedStrings.xml came after them, dropped merged ranges and formula errors, and
 * split multi-byte characters across chunks; the other readers load whole sheets. yauzl and saxes do the zip
 * and XML work; what is here is the OOXML meaning of the elements.
 */
import { LedgerlintError } from '../errors.js';
import { scanMergeRanges, type MergeRange } from './merges.js';
import type { Readable } from 'node:stream';
import type { OpenOptions, RawRow, SheetSource } from './types.js';
import {
  noWorksheet,
  unreadable,
  XlsxPackage,
  type WorkbookParts,
  type WorkbookSheet,
} from './xlsx-package.js';
import { PartDecoder } from './xlsx-part-text.js';
import { SheetXmlParser } from './xlsx-sheet.js';
import { askedSheet, workbookReader } from './workbook-reader.js';

export { isDateFormat } from './xlsx-package.js';
export { excelSerialToDate } from './xlsx-sheet.js';

/**
 * The sheets of a workbook in workbook order (only `opts.sheet` if given), each with its rows streamed.
 * Read a sheet's rows before asking for the next sheet; moving on skips whatever was not read.
 * Each iteration re-reads the file.
 */
export const readXlsx = workbookReader(readSheets);

async function* readSheets(path: string, file: string, opts: OpenOptions): AsyncGenerator<SheetSource> {
  const pkg = await XlsxPackage.open(path, file);
  let current: XlsxSheetRows | null = null;
  /**
   * Worked out as soon as the sheet list is known (sheetsKnown): the sheets to read, or why none can be (thrown
   * once the parts are read, as a damaged part is reported first), and the merged-range pass of the first sheet,
   * started there to run beside the styles and shared strings (see MergeScan).
   */
  const picked: { sheets?: readonly WorkbookSheet[]; error?: unknown; early?: MergeScan | null } = {};
  let parts: WorkbookParts | undefined;
  try {
    try {
      parts = await pkg.readParts({
        sheetsKnown: (listed) => {
          try {
            picked.sheets = selectSheets(file, listed, opts.sheet);
          } catch (error) {
            picked.error = error;
            return;
          }
          const first = picked.sheets[0]?.part;
          if (opts.skipMergedRanges !== true && first) picked.early = new MergeScan(pkg, first);
        },
      });
    } catch (err) {
      throw unreadable(file, err);
    }
    if (picked.sheets === undefined) throw picked.error ?? noWorksheet(file);
    for (const sheet of picked.sheets) {
      const part = sheet.part as string;
      let mergedRanges: MergeRange[] | undefined;
      if (opts.skipMergedRanges !== true) {
        const scan = picked.early ?? new MergeScan(pkg, part);
        picked.early = null;
        mergedRanges = await scan.ranges.catch((err: unknown) => {
          throw sheetUnreadable(file, sheet.name, null, err);
        });
      }
      current = new XlsxSheetRows(pkg, part, file, sheet.name, parts);
      const hidden = sheet.state === 'hidden' || sheet.state === 'veryHidden';
      yield { file, sheet: sheet.name, hidden, rows: current, mergedRanges };
      current.release();
      current = null;
    }
  } finally {
    picked.early?.cancel();
    parts?.stringsLoader?.close();
    current?.release();
    pkg.close();
  }
}

/**
 * The sheets of the list that are read, in order: all with a worksheet part, or the one --sheet names. None
 * with a part, or a --sheet naming no sheet or one without a part, is an error naming the file.
 */
function selectSheets(
  file: string,
  listed: readonly WorkbookSheet[],
  asked: string | undefined,
): WorkbookSheet[] {
  const withPart = listed.filter((s) => s.part !== null);
  if (withPart.length === 0) throw noWorksheet(file);
  const wanted = askedSheet(
    file,
    asked,
    listed.map((s) => s.name),
  );
  if (wanted === undefined) return withPart;
  const sheets = withPart.filter((s) => s.name === wanted);
  if (sheets.length === 0) {
    throw new LedgerlintError('io.xlsx-unreadable', {
      file,
      detail: `sheet "${wanted}" has no worksheet part (a chart sheet, or the part is missing)`,
    });
  }
  return sheets;
}

/**
 * The merged-range pass of one sheet part (merges.ts), started at once. Its inflate runs on libuv's pool and
 * its byte search takes little of this thread, so for the first sheet it runs while the thread reads the
 * styles and starts its work (the reader thread's start-up). Cancelled when its ranges will not be read, so
 * that the part is not inflated for nothing.
 */
class MergeScan {
  private stream: Readable | null = null;
  private cancelled = false;
  readonly ranges: Promise<MergeRange[]>;

  constructor(pkg: XlsxPackage, part: string) {
    this.ranges = this.scan(pkg, part);
    // A rejection is handled where the ranges are awaited; one cancelled or never awaited is no error.
    this.ranges.catch(() => undefined);
  }

  private async scan(pkg: XlsxPackage, part: string): Promise<MergeRange[]> {
    const stream = await pkg.stream(part);
    this.stream = stream;
    try {
      if (this.cancelled) return [];
      return await scanMergeRanges(stream);
    } finally {
      stream.destroy();
    }
  }

  cancel(): void {
    this.cancelled = true;
    this.stream?.destroy();
  }
}

/** The rows of one sheet, read once, straight from its zip entry. */
export class XlsxSheetRows implements AsyncIterable<RawRow> {
  private state: 'fresh' | 'reading' | 'released' = 'fresh';

  constructor(
    private readonly pkg: XlsxPackage,
    private readonly part: string,
    private readonly file: string,
    private readonly sheet: string,
    private readonly parts: WorkbookParts,
  ) {}

  async *[Symbol.asyncIterator](): AsyncGenerator<RawRow> {
    if (this.state !== 'fresh')
      throw new Error('sheet rows can be read once, before moving to the next sheet');
    this.state = 'reading';
    const parser = new SheetXmlParser(this.parts);
    let stream;
    try {
      stream = await this.pkg.stream(this.part);
    } catch (err) {
      throw sheetUnreadable(this.file, this.sheet, null, err);
    }
    const decoder = new PartDecoder();
    const strings = this.parts.stringsLoader;
    try {
      for await (const chunk of stream) {
        parser.write(decoder.decode(chunk as Buffer));
        // A plain loop, not yield*: yield* over an array costs an extra await per row in an async generator.
        for (const row of await completedRows(parser, strings)) yield row;
      }
      parser.write(decoder.end());
      parser.end();
      for (const row of await completedRows(parser, strings)) yield row;
      // The rest of the table too: a damaged one makes the workbook unreadable, as when it was read first.
      await strings?.ensure(Infinity);
    } catch (err) {
      throw sheetUnreadable(this.file, this.sheet, parser.currentRow, err);
    } finally {
      stream.destroy();
    }
  }

  /** Moving to the next sheet: rows not read are never read (the zip entry's stream is closed by the loop). */
  release(): void {
    this.state = 'released';
  }
}

/**
 * The rows the parser has completed, their shared strings filled in: parsed on (`ensure`) as far as they need
 * when some refer to strings not yet parsed.
 */
async function completedRows(
  parser: SheetXmlParser,
  strings: WorkbookParts['stringsLoader'],
): Promise<RawRow[]> {
  const rows = parser.takeRows();
  if (strings === undefined || parser.waitingFor < 0) return rows;
  await strings.ensure(parser.waitingFor);
  return parser.resolvePending(rows);
}

function sheetUnreadable(file: string, sheet: string, row: number | null, err: unknown): LedgerlintError {
  if (err instanceof LedgerlintError) return err;
  const reason = err instanceof Error ? err.message : String(err);
  const where = row === null || row === 0 ? `sheet "${sheet}"` : `sheet "${sheet}", row ${row}`;
  return new LedgerlintError('io.xlsx-unreadable', { file, detail: `${where}: ${reason}` }, { cause: err });
}
