/**
 * io/threaded.ts reads in a worker thread, which exists only in the compiled dist/ (the build runs before the
 * tests). Everything is compared with openLedger in this thread over the real fixture files: the same sheets,
 * the same rows, the same errors at the same points.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OpenOptions, SheetSource } from '../../src/io/types.js';

type Open = (path: string, name: string, options?: OpenOptions) => AsyncGenerator<SheetSource>;

const threaded = (await import('../../dist/io/threaded.js')) as {
  openLedgerInThread: Open;
  readerThreadAvailable: () => boolean;
  readerStops: { terminated: number };
};
const { openLedger } = (await import('../../dist/io/open.js')) as { openLedger: Open };

interface Outcome {
  readonly sheets: unknown[];
  readonly error?: string;
}

/** Everything a consumer can observe; `take` rows per sheet (then moves on, leaving the rest unread). */
async function observe(open: Open, file: string, take = Infinity): Promise<Outcome> {
  const sheets: unknown[] = [];
  try {
    for await (const source of open(file, file)) {
      const { rows, ...meta } = source;
      const read: unknown[] = [];
      sheets.push({ meta, rows: read });
      for await (const row of rows) {
        read.push(row);
        if (read.length >= take) break;
      }
    }
  } catch (error) {
    const e = error as { messageId?: string; message?: string };
    return { sheets, error: e.messageId ?? `plain: ${e.message}` };
  }
  return { sheets };
}

const FILES = [
  'fixtures/demo/demo-county.xlsx',
  'fixtures/demo/demo-county-gbk.csv',
  ...readdirSync('fixtures/layouts')
    .filter((f) => /\.(xlsx|xls|csv|tsv)$/.test(f))
    .map((f) => join('fixtures/layouts', f)),
  ...readdirSync('fixtures/hostile').map((f) => join('fixtures/hostile', f)),
];

describe('openLedgerInThread', () => {
  it('runs in a worker (dist is built)', () => {
    expect(threaded.readerThreadAvailable()).toBe(true);
  });

  it.each(FILES)('reads %s exactly as openLedger does', async (file) => {
    const expected = await observe(openLedger, file);
    const actual = await observe(threaded.openLedgerInThread, file);
    expect(actual).toEqual(expected);
  });

  it.each(FILES.filter((f) => !f.includes('hostile')))(
    'leaves sheets after a few rows as openLedger does: %s',
    async (file) => {
      const expected = await observe(openLedger, file, 3);
      const actual = await observe(threaded.openLedgerInThread, file, 3);
      expect(actual).toEqual(expected);
    },
  );

  it('sends more rows than its window without losing or reordering any', async () => {
    // The fixtures are smaller than one window (16 batches of 256 rows): this CSV repeats the demo's rows 40
    // times, with a row number in the 姓名 column so that a reordering would show.
    const lines = readFileSync('fixtures/demo/demo-county-gbk.csv', 'latin1').split('\r\n').filter(Boolean);
    const [header, ...data] = lines;
    const body: string[] = [];
    for (let i = 0; i < 40; i++) for (const line of data) body.push(`${line},${body.length}`);
    const dir = mkdtempSync(join(tmpdir(), 'll-threaded-'));
    const file = join(dir, 'big.csv');
    writeFileSync(file, Buffer.from([`${header},n`, ...body, ''].join('\r\n'), 'latin1'));
    try {
      const expected = await observe(openLedger, file);
      const actual = await observe(threaded.openLedgerInThread, file);
      expect((actual.sheets[0] as { rows: unknown[] }).rows.length).toBe(body.length + 1);
      expect(actual).toEqual(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops its worker when the caller stops early', async () => {
    const generator = threaded.openLedgerInThread('fixtures/demo/demo-county-gbk.csv', 'demo-county-gbk.csv');
    const first = await generator.next();
    expect(first.done).toBe(false);
    await generator.return(undefined);
    // Nothing left running: the test would hang (and time out) on a live worker otherwise.
    expect((await generator.next()).done).toBe(true);
  });

  it('lets every reader end by itself when asked to stop (none had to be terminated)', () => {
    // Runs after the tests above, which stop readers at the end, after errors and in the middle of a file.
    expect(threaded.readerStops.terminated).toBe(0);
  });
});
