/**
 * Uniqueness keys spilled to disk (LEDGERLINT_SPILL_KEYS set low), through the CLI as a process: the report is
 * byte-identical to the in-memory one for --jobs 1 and --jobs 2 and with --cache, and the private temp
 * directory of the run files is gone afterwards — also after Ctrl-C.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BIN, ROOT, cleanLedgerRows, runCli } from '../helpers/cli.js';
import { makeTempDir, toCsv, type TempDir } from '../helpers/files.js';

vi.setConfig({ testTimeout: 240_000 });

let tmp: TempDir;
/** TMPDIR of the child processes: where the run's key directory goes. */
let tempRoot: string;

beforeAll(() => {
  tmp = makeTempDir('ledgerlint-spill-');
  tempRoot = tmp.path('tmp');
  mkdirSync(tempRoot);
  mkdirSync(tmp.path('in'));
  // Three copies of the demo ledger: every person is duplicated across the files, and within each file the
  // planted duplicate pair.
  for (const name of ['a.csv', 'b.csv', 'c.csv'])
    copyFileSync(path.join(ROOT, 'fixtures/demo/demo-county-gbk.csv'), tmp.path(`in/${name}`));
});
afterAll(() => tmp.remove());

function check(args: readonly string[], output: string, spillKeys?: number): Buffer {
  const env: Record<string, string> = { TMPDIR: tempRoot };
  if (spillKeys !== undefined) env.LEDGERLINT_SPILL_KEYS = String(spillKeys);
  const run = runCli(['check', 'in', ...args, '--format', 'json', '--output', output], { cwd: tmp.dir, env });
  expect(run.code, run.stderr).toBe(1);
  expect(readdirSync(tempRoot)).toEqual([]);
  return readFileSync(tmp.path(output));
}

describe('uniqueness keys spilled to disk', () => {
  it('give the same report as keys in memory, for --jobs 1, --jobs 2 and --cache', () => {
    const inMemory = check(['--jobs', '1'], 'memory.json');
    const report = JSON.parse(inMemory.toString('utf8')) as {
      findings: { ruleId: string; file: string; data: Record<string, unknown> }[];
    };
    const duplicates = report.findings.filter((f) => f.ruleId === 'id-number-unique');
    expect(duplicates.filter((f) => f.data.otherFile !== f.file).length).toBeGreaterThan(200);

    expect(check(['--jobs', '1'], 'spill-1.json', 7).equals(inMemory)).toBe(true);
    expect(check(['--jobs', '2'], 'spill-2.json', 7).equals(inMemory)).toBe(true);
    // A file whose keys spilled is not cached, so the second run reads it again: same report.
    expect(check(['--jobs', '1', '--cache'], 'cache-1.json', 7).equals(inMemory)).toBe(true);
    expect(check(['--jobs', '1', '--cache'], 'cache-2.json', 7).equals(inMemory)).toBe(true);
    // Keys under the limit are cached (as base64 in the cache file) and give the same report from the cache.
    expect(check(['--jobs', '2', '--cache'], 'cache-3.json').equals(inMemory)).toBe(true);
    expect(check(['--jobs', '2', '--cache'], 'cache-4.json').equals(inMemory)).toBe(true);
    const cache = JSON.parse(readFileSync(tmp.path('.ledgerlint-cache'), 'utf8')) as {
      files: Record<string, { result: { uniqueKeys: { keys: string } } }>;
    };
    expect(Object.keys(cache.files)).toHaveLength(3);
    for (const entry of Object.values(cache.files))
      expect(entry.result.uniqueKeys.keys).toMatch(/^[A-Za-z0-9+/]+=*$/);
  });

  it('are removed when the run is interrupted (Ctrl-C), in this thread and with workers', async () => {
    const [header, ...people] = cleanLedgerRows();
    const rows: string[][] = [header!];
    for (let h = 0; h < 40_000; h++) {
      const id = `4501231${String(h).padStart(8, '0')}`;
      for (const person of people) rows.push(person.map((c, i) => (i === 2 ? id : c)));
    }
    mkdirSync(tmp.path('big'));
    writeFileSync(tmp.path('big/one.csv'), toCsv(rows));
    copyFileSync(tmp.path('big/one.csv'), tmp.path('big/two.csv'));

    for (const jobs of ['1', '2']) {
      const run = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
        const child = spawn(process.execPath, [BIN, 'check', 'big', '--jobs', jobs, '--format', 'json'], {
          cwd: tmp.dir,
          env: {
            ...process.env,
            TMPDIR: tempRoot,
            LEDGERLINT_SPILL_KEYS: '1000',
            LEDGERLINT_PROGRESS: '1',
            LANG: 'en_US.UTF-8',
          },
        });
        let stderr = '';
        let sent = false;
        child.stderr.setEncoding('utf8');
        child.stderr.on('data', (text: string) => {
          stderr += text;
          // Well past the first spill (1,000 keys) before Ctrl-C.
          if (!sent && /[1-9]\d{4,} rows read/.test(stderr)) {
            sent = true;
            child.kill('SIGINT');
          }
        });
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stderr }));
      });
      expect(run.code, run.stderr).toBe(130);
      expect(readdirSync(tempRoot)).toEqual([]);
    }
  });
});
