/**
 * With a reader thread, the sheets are opened and the rows built into records in the worker
 * (openBuiltSheetsInThread, io/threaded.ts). Compared here with openBuiltSheets run in this thread over the
 * real fixture files: the same sheets and layouts, the same records (values in the same key order),
 * findings and excluded rows, the same errors after the same rows. The worker exists only in the compiled
 * dist/ (the build runs before the tests).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OpenOptions } from '../../src/io/types.js';
import type { RawRow } from '../../src/io/types.js';
import type { BuiltRow, SheetOpened, SheetRequest } from '../../src/normalize/built.js';
import type { SheetLayout } from '../../src/normalize/types.js';

type OpenBuilt = (
  path: string,
  name: string,
  options: OpenOptions,
  request: SheetRequest,
  placement?: 'text' | 'all',
) => AsyncGenerator<SheetOpened>;

const threaded = (await import('../../dist/io/threaded.js')) as {
  openBuiltSheetsInThread: OpenBuilt;
  readerThreadAvailable: () => boolean;
  readerStops: { terminated: number };
};
const { openBuiltSheets, createBuiltRowBuilder } = (await import('../../dist/normalize/built.js')) as {
  openBuiltSheets: OpenBuilt;
  createBuiltRowBuilder: (layout: SheetLayout) => (raw: RawRow) => BuiltRow;
};
/** The reader thread building every sheet (workbooks too), or only CSV/TSV (the default). */
const allInWorker: OpenBuilt = (path, name, options, request) =>
  threaded.openBuiltSheetsInThread(path, name, options, request, 'all');
const BATCH = 256;

interface Outcome {
  readonly sheets: unknown[];
  readonly rows: number;
  readonly error?: string;
}

/** A built row as compared: everything, plus the key order of the record's values. */
function seen(row: BuiltRow): unknown {
  return { ...row, keys: row.record ? Object.keys(row.record.values) : null };
}

/**
 * Everything a consumer can observe; `takeBatches` batches per checked sheet (then moves on, leaving the
 * rest unread). The merged-cell tally is taken once the consumer has moved on from every sheet; it is compared
 * only for sheets read to the end (a reader ahead of a consumer that left has filled more).
 */
async function observe(
  open: OpenBuilt,
  file: string,
  request: SheetRequest = { sheetAsked: false },
  options: OpenOptions = {},
  takeBatches = Infinity,
): Promise<Outcome> {
  const sheets: unknown[] = [];
  let rows = 0;
  const tallies: [Record<string, unknown>, { readonly filledCells: number } | null][] = [];
  const settle = () => {
    for (const [entry, merged] of tallies) entry.merged = merged === null ? null : { ...merged };
  };
  try {
    for await (const { source, sheet } of open(file, file, options, request)) {
      if (sheet.skipped !== null) {
        sheets.push({ source: { ...source, rows: undefined }, sheet });
        continue;
      }
      const read: unknown[] = [];
      const { rows: _raw, batches: _batches, merged, ...head } = { rows: null, batches: null, ...sheet };
      const entry: Record<string, unknown> = { source: { ...source, rows: undefined }, head, rows: read };
      sheets.push(entry);
      let complete = true;
      if ('batches' in sheet) {
        let taken = 0;
        for await (const batch of sheet.batches) {
          for (const row of batch) read.push(seen(row));
          rows += batch.length;
          if (++taken >= takeBatches) {
            // A full batch may have more after it: the sheet is left unfinished (as below).
            complete = batch.length < BATCH;
            break;
          }
        }
      } else {
        // Sent raw (a workbook by default): built here, as check.ts builds it, in batches of the same size.
        const buildRow = createBuiltRowBuilder(sheet.layout);
        for await (const raw of sheet.rows) {
          read.push(seen(buildRow(raw)));
          rows += 1;
          if (read.length >= takeBatches * BATCH) {
            complete = false;
            break;
          }
        }
      }
      if (complete) tallies.push([entry, merged]);
    }
  } catch (error) {
    const e = error as { messageId?: string; message?: string; data?: unknown };
    settle();
    return {
      sheets,
      rows,
      error: e.messageId ? `${e.messageId} ${JSON.stringify(e.data)}` : `plain: ${e.message}`,
    };
  }
  settle();
  return { sheets, rows };
}

const FILES = [
  'fixtures/demo/demo-county.xlsx',
  'fixtures/demo/demo-county-gbk.csv',
  ...readdirSync('fixtures/layouts')
    .filter((f) => /\.(xlsx|xls|csv|tsv)$/.test(f))
    .map((f) => join('fixtures/layouts', f)),
  ...readdirSync('fixtures/hostile').map((f) => join('fixtures/hostile', f)),
];

/** What the fixtures held, summed over the comparisons (so that they are known not to be vacuous). */
const tally = { records: 0, findings: 0, excluded: 0, extra: 0, errors: 0, merged: 0 };

function count(outcome: Outcome): void {
  if (outcome.error !== undefined) tally.errors += 1;
  for (const sheet of outcome.sheets as {
    rows?: (BuiltRow & { keys: unknown })[];
    merged?: { filledCells: number } | null;
  }[]) {
    tally.merged += sheet.merged?.filledCells ?? 0;
    for (const row of sheet.rows ?? []) {
      if (row.record !== null) tally.records += 1;
      if (row.findings.length > 0) tally.findings += 1;
      if (row.excluded !== undefined) tally.excluded += 1;
      if (row.extra !== undefined) tally.extra += 1;
    }
  }
}

describe('openBuiltSheetsInThread', () => {
  it('runs in a worker (dist is built)', () => {
    expect(threaded.readerThreadAvailable()).toBe(true);
  });

  it.each(FILES)('builds %s exactly as openBuiltSheets does here', async (file) => {
    const expected = await observe(openBuiltSheets, file);
    const actual = await observe(allInWorker, file);
    expect(actual).toEqual(expected);
    count(actual);
    // By default workbooks come raw and are built in this thread: the same again.
    expect(await observe(threaded.openBuiltSheetsInThread, file)).toEqual(expected);
  });

  it('compared fixtures with records, findings, excluded rows, extra cells, merged cells and errors', () => {
    expect(tally.records).toBeGreaterThan(1000);
    expect(tally.findings).toBeGreaterThan(0);
    expect(tally.excluded).toBeGreaterThan(0);
    expect(tally.extra).toBeGreaterThan(0);
    expect(tally.merged).toBeGreaterThan(0);
    expect(tally.errors).toBeGreaterThanOrEqual(5);
  });

  it('surfaces errors after the rows read before them (the comparison is not vacuous) that matter with rows, records, findings and errors (the comparison is not vacuous)', async () => {
    for (const file of ['fixtures/hostile/truncated.xlsx', 'fixtures/hostile/mixed-encodings-late.csv']) {
      const broken = await observe(allInWorker, file);
      expect(broken.error, file).toBeDefined();
    }
    const late = await observe(threaded.openBuiltSheetsInThread, 'fixtures/hostile/mixed-encodings-late.csv');
    expect(late.rows).toBeGreaterThan(0);
  });

  it('opens a hidden sheet when the user names it, and honours --profile and --encoding, as here', async () => {
    const cases: [string, SheetRequest, OpenOptions][] = [
      ['fixtures/layouts/township-handmade.xlsx', { sheetAsked: true }, { sheet: '码表' }],
      ['fixtures/layouts/township-handmade.xlsx', { sheetAsked: true }, { sheet: '平南村' }],
      ['fixtures/layouts/form-2014.xlsx', { sheetAsked: false, profile: 'form-2014' }, {}],
      ['fixtures/layouts/township-handmade.xlsx', { sheetAsked: false, profile: 'nfx-2016' }, {}],
      ['fixtures/layouts/gbk-comma.csv', { sheetAsked: false }, { encoding: 'gb18030' }],
      ['fixtures/layouts/utf8-comma.csv', { sheetAsked: false }, { encoding: 'gb18030' }],
    ];
    for (const [file, request, options] of cases) {
      const expected = await observe(openBuiltSheets, file, request, options);
      const actual = await observe(allInWorker, file, request, options);
      expect(actual, `${file} ${JSON.stringify(request)}`).toEqual(expected);
    }
  });

  it.each(FILES.filter((f) => !f.includes('hostile')))(
    'leaves sheets after the first batch as openBuiltSheets does: %s',
    async (file) => {
      const expected = await observe(openBuiltSheets, file, { sheetAsked: false }, {}, 1);
      const actual = await observe(allInWorker, file, { sheetAsked: false }, {}, 1);
      expect(actual).toEqual(expected);
      expect(await observe(threaded.openBuiltSheetsInThread, file, { sheetAsked: false }, {}, 1)).toEqual(
        expected,
      );
    },
  );

  it('sends more rows than its window, whole or left in the middle, without losing or reordering any', async () => {
    // 40 copies of the demo's rows (more than 16 batches of 256), a running number in an unmapped column so
    // that a reordering would show in the row-longer-than-header findings; every 7th row has a bad date.
    const lines = readFileSync('fixtures/demo/demo-county-gbk.csv', 'latin1').split('\r\n').filter(Boolean);
    const [header, ...data] = lines;
    const body: string[] = [];
    for (let i = 0; i < 40; i++) for (const line of data) body.push(`${line},${body.length}`);
    const dir = mkdtempSync(join(tmpdir(), 'll-built-'));
    const file = join(dir, 'big.csv');
    writeFileSync(file, Buffer.from([header, ...body, ''].join('\r\n'), 'latin1'));
    try {
      const expected = await observe(openBuiltSheets, file);
      const actual = await observe(threaded.openBuiltSheetsInThread, file);
      expect(actual.rows).toBe(body.length + 1);
      expect(actual).toEqual(expected);
      const part = await observe(threaded.openBuiltSheetsInThread, file, { sheetAsked: false }, {}, 3);
      expect(part).toEqual(await observe(openBuiltSheets, file, { sheetAsked: false }, {}, 3));
      expect(part.rows).toBe(3 * 256);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops its worker when the caller stops early', async () => {
    const generator = threaded.openBuiltSheetsInThread(
      'fixtures/demo/demo-county-gbk.csv',
      'demo-county-gbk.csv',
      {},
      { sheetAsked: false },
    );
    const first = await generator.next();
    expect(first.done).toBe(false);
    await generator.return(undefined);
    expect((await generator.next()).done).toBe(true);
  });

  it('lets every reader end by itself when asked to stop (none had to be terminated)', () => {
    expect(threaded.readerStops.terminated).toBe(0);
  });
});
