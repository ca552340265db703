/**
 * Raw reader baselines, run by bench/run.ts in a child process each: how fast the parsing libraries alone
 * get through a file, with no header mapping, normalization or rules.
 *
 *   node .bench/raw-reader.mjs csv-utf8|csv-gbk|xlsx|xlsx-sax <file>...  (run.ts transpiles this file, so
 *                                                                       the child pays no tsx start-up)
 *
 * xlsx is exceljs's streaming WorkbookReader (what ledgerlint read with up to 0.1); xlsx-sax is the parsing
 * layer of the reader that replaced it (src/io/xlsx.ts): yauzl + saxes, shared strings first, then the sheets.
 *
 * Prints one JSON line: {"rows": <records or rows read, header rows included, of all files read one after
 * another>}. Libraries are imported lazily so a CSV run does not pay for loading exceljs.
 */
import { createReadStream } from 'node:fs';
import type { Entry } from 'yauzl';

export type RawMode = 'csv-utf8' | 'csv-gbk' | 'xlsx' | 'xlsx-sax';

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
 * yauzl + saxes, as src/io/xlsx.ts uses them: random access to the zip, the shared strings parsed into an array
 * first, then every worksheet part inflated and parsed, each cell's <v> text collected and shared strings
 * looked up; rows are counted. No workbook.xml, styles or typing of values: the libraries' share of the work.
 */
async function countXlsxSax(file: string): Promise<number> {
  const yauzl = (await import('yauzl')).default;
  const { SaxesParser } = await import('saxes');
  const zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false });
  const entries = new Map<string, Entry>();
  for await (const entry of zip.eachEntry()) entries.set(entry.fileName, entry);
  const parse = async (
    entry: Entry,
    on: (parser: InstanceType<typeof SaxesParser>) => void,
  ): Promise<void> => {
    const parser = new SaxesParser({ position: false });
    on(parser);
    const decoder = new TextDecoder('utf-8');
    for await (const chunk of await zip.openReadStreamPromise(entry)) {
      parser.write(decoder.decode(chunk as Buffer, { stream: true }));
    }
    parser.close();
  };
  const strings: string[] = [];
  const sst = entries.get('xl/sharedStrings.xml');
  if (sst) {
    let text: string | null = null;
    await parse(sst, (parser) => {
      parser.on('opentag', (tag) => {
        if (tag.name === 't') text ??= '';
      });
      parser.on('text', (value) => {
        if (text !== null) text += value;
      });
      parser.on('closetag', (tag) => {
        if (tag.name === 'si') {
          strings.push(text ?? '');
          text = null;
        }
      });
    });
  }
  let rows = 0;
  let cells = 0;
  for (const [name, entry] of entries) {
    if (!/^xl\/worksheets\/sheet\d+\.xml$/.test(name)) continue;
    let value: string | null = null;
    let shared = false;
    await parse(entry, (parser) => {
      parser.on('opentag', (tag) => {
        if (tag.name === 'c') shared = tag.attributes.t === 's';
        else if (tag.name === 'v') value = '';
      });
      parser.on('text', (text) => {
        if (value !== null) value += text;
      });
      parser.on('closetag', (tag) => {
        if (tag.name === 'c') {
          if (value !== null && (!shared || strings[Number(value)] !== undefined)) cells++;
          value = null;
        } else if (tag.name === 'row') rows++;
      });
    });
  }
  zip.close();
  if (cells === 0) throw new Error('no cells read');
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
  if (mode !== 'csv-utf8' && mode !== 'csv-gbk' && mode !== 'xlsx' && mode !== 'xlsx-sax') {
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
