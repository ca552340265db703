/** Batch runs through the built CLI: folders, worker threads, file-level failures, progress and the cache. */
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Each test runs the CLI a few times; on a loaded 2-core machine that can take minutes.
vi.setConfig({ testTimeout: 240_000 });
import { generateFixture } from '../../fixtures/generator/index.js';
import type { Report } from '../../src/findings/report.js';
import { ROOT, cleanLedgerRows, runCli, writeCsv } from '../helpers/cli.js';
import { makeTempDir, type TempDir } from '../helpers/files.js';

let tmp: TempDir;

beforeAll(async () => {
  tmp = makeTempDir('ledgerlint-batch-');
  mkdirSync(tmp.path('in/sub'), { recursive: true });
  const rows = cleanLedgerRows();
  writeCsv(tmp.path('in'), 'a.csv', rows);
  // The first household again under another 户编号: its three ID numbers repeat those of a.csv.
  const moved = rows
    .slice(0, 4)
    .map((r, i) => (i === 0 ? r : r.map((c) => c.replace('101001001', '101001009'))));
  writeCsv(tmp.path('in/sub'), 'b.csv', moved);
  await generateFixture({ seed: 11, households: 40, format: 'xlsx', out: tmp.path('in/sub'), name: 'c' });
  copyFileSync(path.join(ROOT, 'fixtures/hostile/truncated.xlsx'), tmp.path('in/broken.xlsx'));
});
afterAll(() => tmp.remove());

function readReport(file: string): Report {
  return JSON.parse(readFileSync(file, 'utf8')) as Report;
}

describe('check <folder> in batch', () => {
  it('merges one report, byte-identical for --jobs 1 and --jobs 2, with the unreadable file as a finding (exit 2)', () => {
    const one = runCli(
      ['check', 'in', '--jobs', '1', '--format', 'json', '--output', 'r1.json', '--lang', 'en'],
      {
        cwd: tmp.dir,
      },
    );
    const two = runCli(
      ['check', 'in', '--jobs', '2', '--format', 'json', '--output', 'r2.json', '--lang', 'en'],
      {
        cwd: tmp.dir,
      },
    );
    expect(one.code, one.stderr).toBe(2);
    expect(two.code, two.stderr).toBe(2);
    expect(one.stderr).toContain('1 file(s) could not be read');
    const bytes = readFileSync(tmp.path('r1.json'));
    expect(readFileSync(tmp.path('r2.json')).equals(bytes)).toBe(true);

    const report = readReport(tmp.path('r1.json'));
    expect(report.inputs.map((i) => i.file)).toEqual([
      'in/a.csv',
      'in/broken.xlsx',
      'in/sub/b.csv',
      'in/sub/c.xlsx',
    ]);
    const unreadable = report.findings.filter((f) => f.ruleId === 'file-unreadable');
    expect(unreadable).toHaveLength(1);
    expect(unreadable[0]).toMatchObject({ file: 'in/broken.xlsx', scope: 'input', severity: 'error' });
    expect(unreadable[0]?.message).toContain('Cannot read the Excel file in/broken.xlsx');
    // Dataset uniqueness spans the files: b.csv's three people are also in a.csv.
    const crossFile = report.findings.filter(
      (f) => f.ruleId === 'id-number-unique' && f.data.otherFile !== f.file,
    );
    expect(crossFile.map((f) => `${f.file}:${f.row}→${String(f.data.otherFile)}`)).toEqual([
      'in/a.csv:2→in/sub/b.csv',
      'in/a.csv:3→in/sub/b.csv',
      'in/a.csv:4→in/sub/b.csv',
      'in/sub/b.csv:2→in/a.csv',
      'in/sub/b.csv:3→in/a.csv',
      'in/sub/b.csv:4→in/a.csv',
    ]);
    expect(report.summary.persons).toBe(5 + 3 + report.inputs[3]!.sheets[0]!.dataRows);
  });

  it('a single unreadable file given by name still stops the run with exit 2 and writes no report', () => {
    const run = runCli(['check', 'in/broken.xlsx', '--format', 'json', '--output', 'single.json'], {
      cwd: tmp.dir,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('无法读取 Excel 文件 in/broken.xlsx');
    expect(existsSync(tmp.path('single.json'))).toBe(false);
  });

  it('shows progress (files, rows/s) on stderr when forced, and none with --quiet', () => {
    const args = [
      'check',
      'in/a.csv',
      'in/sub',
      '--jobs',
      '1',
      '--lang',
      'en',
      '--format',
      'json',
      '--output',
      'p.json',
    ];
    const shown = runCli(args, { cwd: tmp.dir, env: { LEDGERLINT_PROGRESS: '1' } });
    expect(shown.code, shown.stderr).toBe(1);
    expect(shown.stderr).toMatch(/\d\/3 files done, \d+ rows read \(\d+ rows\/s\)/);
    const quiet = runCli([...args, '--quiet'], { cwd: tmp.dir, env: { LEDGERLINT_PROGRESS: '1' } });
    expect(quiet.stderr).not.toContain('files done');
    // Not a terminal and not forced: silent.
    expect(runCli(args, { cwd: tmp.dir }).stderr).not.toContain('files done');
  });
});

describe('--cache', () => {
  it('reuses the results of unchanged files and re-reads changed ones; uniqueness still spans both', () => {
    const dir = tmp.path('cached');
    mkdirSync(dir);
    copyFileSync(tmp.path('in/a.csv'), path.join(dir, 'a.csv'));
    copyFileSync(tmp.path('in/sub/b.csv'), path.join(dir, 'b.csv'));
    const args = ['check', 'cached', '--cache', '--jobs', '1', '--format', 'json', '--output', 'c.json'];

    const first = runCli(args, { cwd: tmp.dir });
    expect(first.code, first.stderr).toBe(1);
    const cacheFile = tmp.path('.ledgerlint-cache');
    expect(statSync(cacheFile).mode & 0o777).toBe(0o600);
    const fresh = readFileSync(tmp.path('c.json'));

    // Unchanged inputs: the same report.
    expect(runCli(args, { cwd: tmp.dir }).code).toBe(1);
    expect(readFileSync(tmp.path('c.json')).equals(fresh)).toBe(true);

    // Proof the cached result is used and not re-read: a mark put into the cache shows in the report.
    const cache = JSON.parse(readFileSync(cacheFile, 'utf8')) as {
      files: Record<string, { result: { persons: number } }>;
    };
    const entry = cache.files[path.join(dir, 'a.csv')];
    expect(entry).toBeDefined();
    entry!.result.persons += 1000;
    writeFileSync(cacheFile, JSON.stringify(cache));
    expect(runCli(args, { cwd: tmp.dir }).code).toBe(1);
    expect(readReport(tmp.path('c.json')).summary.persons).toBe(8 + 1000);

    // b.csv changes (one more row): it is re-read, a.csv still comes from the cache, duplicates still span them.
    writeFileSync(
      path.join(dir, 'b.csv'),
      `${readFileSync(path.join(dir, 'b.csv'), 'utf8')}青山乡,石桥村\r\n`,
    );
    expect(runCli(args, { cwd: tmp.dir }).code).toBe(1);
    const changed = readReport(tmp.path('c.json'));
    expect(changed.summary.persons).toBe(9 + 1000);
    expect(
      changed.findings.filter((f) => f.ruleId === 'id-number-unique' && f.file === 'cached/b.csv'),
    ).toHaveLength(3);

    // Other params: nothing is reused.
    expect(runCli([...args, '--param', 'school_age_max=16'], { cwd: tmp.dir }).code).toBe(1);
    expect(readReport(tmp.path('c.json')).summary.persons).toBe(9);
  });

  it('an unwritable cache location is exit 2 with its name', () => {
    const locked = tmp.path('locked');
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    const run = runCli(['check', 'in/a.csv', '--cache', 'locked/sub/cache.json', '--lang', 'en'], {
      cwd: tmp.dir,
    });
    chmodSync(locked, 0o700);
    if (process.getuid?.() === 0) {
      // root writes anyway: the cache is there.
      expect(existsSync(tmp.path('locked/sub/cache.json'))).toBe(true);
    } else {
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('Cannot write the cache file locked/sub/cache.json');
    }
  });
});
