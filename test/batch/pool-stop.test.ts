/**
 * The batch pool stops its workers by asking them (batch/pool.ts): on an abort in the middle of a file, and when
 * the run is done, every worker ends by itself — none is terminated (terminating a worker mid-inflate can
 * abort the process in Node's zlib binding). Workers exist only in the compiled dist/ (the build runs first).
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PoolOptions } from '../../src/batch/pool.js';
import type { FileOutcome } from '../../src/batch/run.js';
import { cleanLedgerRows } from '../helpers/cli.js';
import { makeTempDir, toCsv, type TempDir } from '../helpers/files.js';

vi.setConfig({ testTimeout: 240_000 });

const pool = (await import('../../dist/batch/pool.js')) as {
  runInWorkers: (options: PoolOptions) => Promise<void>;
  workerStops: { terminated: number };
  STOP_GRACE_MS: number;
};

let tmp: TempDir;
beforeAll(() => {
  tmp = makeTempDir('ledgerlint-pool-stop-');
  const [header, ...people] = cleanLedgerRows();
  for (const name of ['one', 'two']) {
    const rows: string[][] = [header!];
    for (let h = 0; h < 20_000; h++) {
      const id = `4501231${String(h).padStart(8, '0')}`;
      for (const person of people) rows.push(person.map((c, i) => (i === 2 ? id : c)));
    }
    writeFileSync(tmp.path(`${name}.csv`), toCsv(rows));
  }
  writeFileSync(tmp.path('small.csv'), toCsv(cleanLedgerRows()));
});
afterAll(() => tmp.remove());

const init = {
  rules: { packs: ['national-exit', 'data-quality'], params: {}, all: false },
  fileOptions: { lang: 'en' as const },
};

describe('runInWorkers', () => {
  it('stops busy workers on abort without terminating them', async () => {
    const abort = new AbortController();
    const done: FileOutcome[] = [];
    let rows = 0;
    let abortedAt = 0;
    const run = pool.runInWorkers({
      jobs: 2,
      tasks: [
        { index: 0, file: tmp.path('one.csv') },
        { index: 1, file: tmp.path('two.csv') },
      ],
      init,
      signal: abort.signal,
      onRows: (n) => {
        rows += n;
        if (rows >= 4000 && abortedAt === 0) {
          abortedAt = Date.now();
          abort.abort();
        }
      },
      onDone: (_index, outcome) => done.push(outcome),
    });
    await expect(run).rejects.toMatchObject({ messageId: 'cli.interrupted' });
    expect(Date.now() - abortedAt).toBeLessThan(pool.STOP_GRACE_MS);
    expect(done).toEqual([]); // both files were abandoned mid-read
    expect(pool.workerStops.terminated).toBe(0);
  });

  it('lets idle workers end by themselves when the run is done', async () => {
    const done: number[] = [];
    await pool.runInWorkers({
      jobs: 2,
      tasks: [0, 1, 2].map((index) => ({ index, file: tmp.path('small.csv') })),
      init,
      onRows: () => {},
      onDone: (index, outcome) => {
        expect('result' in outcome).toBe(true);
        done.push(index);
      },
    });
    expect(done.sort()).toEqual([0, 1, 2]);
    expect(pool.workerStops.terminated).toBe(0);
  });
});
