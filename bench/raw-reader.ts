/**
 * Raw reader baselines, run by bench/run.ts in a child process each: how fast the parsing libraries alone
 * get through a file, with no header mapping, normalization or rules.
 *
 *   node .bench/raw-reader.mjs csv-utf8|csv-gbk|csv-own|xlsx|xlsx-sax <file>...  (run.ts transpiles this
 *                                                                       file, so the child pays no tsx start-up)
 *
 * csv-utf8 and csv-gbk are csv-parse, the library baseline issue #6 measures against; csv-own is the parsing
 * layer of ledgerlint's own CSV reader (src/io/csv.ts, readCsv: encoding sniffed from the head, the file
 * decoded chunk by chunk and tokenized by io/csv-tokenizer.ts), rows counted.
 *
 * xlsx is exceljs's streaming WorkbookReader (what ledgerlint read with up to 0.1); xlsx-sax is the parsing
 * layer of the reader that replaced it (src/io/xlsx.ts): yauzl and zlib, the reader's own tokenizer
 * (xlsx-sheet-scanner.ts) for the shared strings and the sheets (see countXlsxSax).
 *
 * Prints one JSON line: {"rows": <records or rows read, header rows included, of all files read one after
 * another>}. Libraries are imported lazily so a CSV run does not pay for loading exceljs.
 */
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as CsvModule from '../src/io/csv.js';
import type * as PackageModule from '../src/io/xlsx-package.js';
import type * as CellTextModule from '../src/io/xlsx-cell-text.js';
import type * as PartTextModule from '../src/io/xlsx-part-text.js';
import type * as ScannerModule from '../src/io/xlsx-sheet-scanner.js';

export type RawMode = 'csv-utf8' | 'csv-gbk' | 'csv-own' | 'xlsx' | 'xlsx-sax';

const MODES: readonly string[] = ['csv-utf8', 'csv-gbk', 'csv-own', 'xlsx', 'xlsx-sax'];

/** The built dist/ of the working directory (run `npm run build` first), not this file's place: .bench/ may be
 * a symbolic link to another checkout's. */
function dist(name: string): string {
  return pathToFileURL(join(process.cwd(), 'dist', 'io', name)).href;
}

/**
 * ledgerlint's own CSV reader without normalization (src/io/csv.ts, readCsv, from dist/): the encoding sniffed
 * from the head (UTF-8 or GB18030), the file decoded by a streaming TextDecoder and tokenized by
 * io/csv-tokenizer.ts, every record counted (blank records are skipped by the reader, as csv-parse's count
 * has none in the bench files).
 */
async function countCsvOwn(file: string): Promise<number> {
  const { readCsv } = (await import(dist('csv.js'))) as typeof CsvModule;
  let rows = 0;
  let cells = 0;
  for await (const row of readCsv(file, file).rows) {
    rows++;
    cells += row.cells.length;
  }
  if (cells === 0) throw new Error('no cells read');
  return rows;
}

/** csv-parse over the decoded text stream (arrays, no casting: what the CLI needs). */
async function countCsv(file: string, encoding: 'utf8' | 'gb18030'): Promise<number> {
  const { parse } = await import('csv-parse');
  const iconv = (await import('iconv-lite')).default;
  const text =
    encoding === 'utf8'
      ? createReadStream(file, { encoding: 'utf8' })
      : createReadStream(file).pipe(iconv.decodeStream('gb18030'));
  const parser = text.pipe(parse({ bom: true, relax_column_count: true }));
  let rows = 0;
  for await (const record of parser) {
    if (Array.isArray(record)) rows++;
  }
  return rows;
}

/** exceljs streaming WorkbookReader, shared strings cached and styles cached (dates as Date). */
async function countXlsx(file: string): Promise<number> {
  const ExcelJS = (await import('exceljs')).default;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  let rows = 0;
  for await (const sheet of reader) {
    for await (const row of sheet) {
      if (row !== undefined) rows++;
    }
  }
  return rows;
}

/**
 * The parsing layer of ledgerlint's own xlsx reader (src/io/xlsx.ts), from the built dist/ of the working directory (run `npm run build`
 * first): the zip opened with XlsxPackage (yauzl, its directory through the zip-bomb guard), the workbook
 * parts read (shared strings into an array, with the sheet tokenizer), then each worksheet part inflated in the
 * reader's chunks and tokenized by the reader's sheet tokenizer (xlsx-sheet-scanner.ts, plain cells taken whole). It reads the same cells as the
 * reader: a shared string resolved to its text, any other value as its text or, for a number, parsed, one cell
 * array per row, rows counted. Left out, as the reader's own work rather than parsing: the merged-range pass,
 * dates from cell styles, inline strings and formulas, error values, row and column positions.
 */
async function countXlsxSax(file: string): Promise<number> {
  const { XlsxPackage } = (await import(dist('xlsx-package.js'))) as typeof PackageModule;
  const { SheetXmlScanner } = (await import(dist('xlsx-sheet-scanner.js'))) as typeof ScannerModule;
  const { decimalAt, digitsAt } = (await import(dist('xlsx-cell-text.js'))) as typeof CellTextModule;
  const { PartDecoder } = (await import(dist('xlsx-part-text.js'))) as typeof PartTextModule;
  const pkg = await XlsxPackage.open(file, file);
  let rows = 0;
  let cells = 0;
  try {
    const { sheets, sharedStrings, stringsLoader } = await pkg.readParts();
    await stringsLoader?.ensure(Infinity);
    for (const sheet of sheets) {
      if (sheet.part === null) continue;
      let row: (string | number | null)[] = [];
      let value: string | null = null;
      let shared = false;
      const scanner = new SheetXmlScanner({
        open(name, _r, t) {
          if (name === 'c') shared = t === 's';
          else if (name === 'v') value = '';
          else if (name === 'row') row = [];
        },
        close(name) {
          if (name === 'c') {
            if (value !== null) {
              const number = Number(value);
              row.push(shared ? (sharedStrings[number] ?? null) : Number.isNaN(number) ? value : number);
              cells++;
            }
            value = null;
          } else if (name === 'row' && row.length > 0) rows++;
        },
        text(text) {
          value += text;
        },
        wantsText: () => value !== null,
        // The tokenizer's whole-cell fast path for `<c …><v>…</v></c>` and `<c …/>`, read as the reader's parser
        // reads it: an index or a number from the characters (xlsx-cell-text.ts), other text cut out.
        cell(_column, t, _style, source, start, end) {
          if (start < 0) return;
          if (t === 's') {
            const index = digitsAt(source, start, end);
            row.push(sharedStrings[index >= 0 ? index : Number(source.slice(start, end))] ?? null);
          } else {
            let number = decimalAt(source, start, end);
            if (Number.isNaN(number)) {
              const text = source.slice(start, end);
              number = Number(text);
              if (Number.isNaN(number)) {
                row.push(text);
                cells++;
                return;
              }
            }
            row.push(number);
          }
          cells++;
        },
      });
      const decoder = new PartDecoder();
      for await (const chunk of await pkg.stream(sheet.part)) scanner.write(decoder.decode(chunk as Buffer));
      scanner.write(decoder.end());
      scanner.end();
    }
  } finally {
    pkg.close();
  }
  if (cells === 0) throw new Error('no cells read');
  return rows;
}

export async function countRows(mode: RawMode, file: string): Promise<number> {
  switch (mode) {
    case 'csv-utf8':
      return countCsv(file, 'utf8');
    case 'csv-gbk':
      return countCsv(file, 'gb18030');
    case 'csv-own':
      return countCsvOwn(file);
    case 'xlsx':
      return countXlsx(file);
    case 'xlsx-sax':
      return countXlsxSax(file);
  }
}

async function countAll(mode: RawMode, files: readonly string[]): Promise<number> {
  let rows = 0;
  for (const file of files) rows += await countRows(mode, file);
  return rows;
}

const [mode, ...files] = process.argv.slice(2);
if (mode !== undefined && files.length > 0) {
  if (!MODES.includes(mode)) {
    console.error(`unknown mode ${mode}`);
    process.exit(2);
  }
  countAll(mode as RawMode, files).then(
    (rows) => console.log(JSON.stringify({ rows })),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
