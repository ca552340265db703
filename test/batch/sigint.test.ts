/** Ctrl-C during a run: exit 130, no report, no cache, no temp file left behind. */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Each test runs the CLI a few times; on a loaded 2-core machine that can take minutes.
vi.setConfig({ testTimeout: 240_000 });
import { BIN, cleanLedgerRows } from '../helpers/cli.js';
import { makeTempDir, toCsv, type TempDir } from '../helpers/files.js';

let tmp: TempDir;

/** A ledger of `households` × 5 people (the clean rows, under new 户编号), big enough to take seconds. */
function bigLedger(file: string, households: number): void {
  const [header, ...people] = cleanLedgerRows();
  const rows: string[][] = [header!];
  for (let h = 0; h < households; h++) {
    const id = `4501231${String(h).padStart(8, '0')}`;
    for (const person of people) rows.push(person.map((c, i) => (i === 2 ? id : c)));
  }
  writeFileSync(file, toCsv(rows));
}

beforeAll(() => {
  tmp = makeTempDir('ledgerlint-sigint-');
  bigLedger(tmp.path('big.csv'), 60_000);
  mkdirSync(tmp.path('folder'));
  bigLedger(tmp.path('folder/one.csv'), 40_000);
  bigLedger(tmp.path('folder/two.csv'), 40_000);
});
afterAll(() => tmp.remove());

/** Start the CLI, wait for its progress display (it is reading), send SIGINT, and collect the outcome. */
function interrupt(args: readonly string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: tmp.dir,
      env: { ...process.env, LEDGERLINT_PROGRESS: '1', LANG: 'en_US.UTF-8' },
    });
    let stderr = '';
    let sent = false;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      stderr += text;
      if (!sent && /[1-9]\d* rows read/.test(stderr)) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('SIGINT', () => {
  it('in this thread (--jobs 1): exit 130, nothing written', async () => {
    const run = await interrupt([
      'check',
      'big.csv',
      '--jobs',
      '1',
      '--cache',
      '--format',
      'json',
      '--output',
      'report.json',
    ]);
    expect(run.code, run.stderr).toBe(130);
    expect(run.stderr).toContain('Interrupted; no report written');
    expect(readdirSync(tmp.dir).sort()).toEqual(['big.csv', 'folder']);
  });

  it('with worker threads (--jobs 2): exit 130, workers stopped, nothing written', async () => {
    const run = await interrupt([
      'check',
      'folder',
      '--jobs',
      '2',
      '--format',
      'json',
      '--output',
      'out/r.json',
    ]);
    expect(run.code, run.stderr).toBe(130);
    expect(readdirSync(tmp.dir).sort()).toEqual(['big.csv', 'folder']);
    expect(readdirSync(tmp.path('folder')).sort()).toEqual(['one.csv', 'two.csv']);
  });
});
