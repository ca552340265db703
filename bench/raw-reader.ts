/**
 * Raw reader baselines, run by bench/run.ts in a child process each: how fast the parsing libraries alone
 * get through a file, with no header mapping, normalization or rules.
 *
 *   node .bench/raw-reader.mjs csv-utf8|csv-gbk|xlsx <file>...  (run.ts transpiles this file, so the
 *                                                              child pays no tsx start-up)
 *
 * Prints one JSON line: {"rows": <records or rows read, header rows included, of all files read one after
 * another>}. Libraries are imported lazily so a CSV run does not pay for loading exceljs.
 */
import { createReadStream } from 'node:fs';

export type RawMode = 'csv-utf8' | 'csv-gbk' | 'xlsx';

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

export async function countRows(mode: RawMode, file: string): Promise<number> {
  switch (mode) {
    case 'csv-utf8':
      return countCsv(file, 'utf8');
    case 'csv-gbk':
      return countCsv(file, 'gb18030');
    case 'xlsx':
      return countXlsx(file);
  }
}

async function countAll(mode: RawMode, files: readonly string[]): Promise<number> {
  let rows = 0;
  for (const file of files) rows += await countRows(mode, file);
  return rows;
}

const [mode, ...files] = process.argv.slice(2);
if (mode !== undefined && files.length > 0) {
  if (mode !== 'csv-utf8' && mode !== 'csv-gbk' && mode !== 'xlsx') {
    console.error(`unknown mode ${mode}`);
    process.exit(2);
  }
  countAll(mode, files).then(
    (rows) => console.log(JSON.stringify({ rows })),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
