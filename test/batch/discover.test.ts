import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { discoverLedgers } from '../../src/batch/discover.js';
import { makeTempDir, rejectionOf, type TempDir } from '../helpers/files.js';

let tmp: TempDir;
afterEach(() => tmp?.remove());

function touch(rel: string): void {
  const file = tmp.path(rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, 'x');
}

describe('discoverLedgers', () => {
  it('finds ledgers recursively in sorted order, skipping lock files, hidden folders and node_modules', async () => {
    tmp = makeTempDir();
    for (const rel of [
      'b/县2.xlsx',
      'a.csv',
      'b/县1.XLSX',
      'b/c/deep.tsv',
      'old.xls',
      '~$a.xlsx',
      'b/~$县1.xlsx',
      '.git/x.csv',
      'node_modules/pkg/y.csv',
      'notes.txt',
      'report.json',
    ])
      touch(rel);
    const found = await discoverLedgers([tmp.dir]);
    expect(found.batch).toBe(true);
    expect(found.files.map((f) => path.relative(tmp.dir, f))).toEqual([
      'a.csv',
      'b/c/deep.tsv',
      'b/县1.XLSX',
      'b/县2.xlsx',
      'old.xls',
    ]);
  });

  it('expands globs relative to cwd, keeps explicit files as given and drops duplicates', async () => {
    tmp = makeTempDir();
    for (const rel of ['x/1.csv', 'x/2.csv', 'x/3.xlsx', 'x/skip.txt']) touch(rel);
    const found = await discoverLedgers(['x/2.csv', 'x/*', 'x/**/*.xlsx'], { cwd: tmp.dir });
    expect(found.files).toEqual(['x/2.csv', 'x/1.csv', 'x/3.xlsx']);
    expect(found.batch).toBe(true);
  });

  it('one explicit file is not a batch run; a missing plain path is kept for the reader to report', async () => {
    tmp = makeTempDir();
    touch('one.csv');
    expect(await discoverLedgers(['one.csv'], { cwd: tmp.dir })).toEqual({
      files: ['one.csv'],
      batch: false,
    });
    expect(await discoverLedgers(['missing.csv'], { cwd: tmp.dir })).toEqual({
      files: ['missing.csv'],
      batch: false,
    });
  });

  it('takes extra ignore patterns (a config file’s ignore list)', async () => {
    tmp = makeTempDir();
    for (const rel of ['keep/a.csv', 'archive/old.csv', 'keep/b.backup.csv']) touch(rel);
    const found = await discoverLedgers([tmp.dir], { ignore: ['archive/**', '**/*.backup.csv'] });
    expect(found.files.map((f) => path.relative(tmp.dir, f))).toEqual(['keep/a.csv']);
  });

  it('a folder or glob without ledgers is an error naming it', async () => {
    tmp = makeTempDir();
    touch('empty/readme.txt');
    const error = await rejectionOf(discoverLedgers([tmp.path('empty')]));
    expect(error.messageId).toBe('cli.no-ledgers-found');
    expect(error.data.pattern).toBe(tmp.path('empty'));
    expect((await rejectionOf(discoverLedgers(['nothing/*.xlsx'], { cwd: tmp.dir }))).messageId).toBe(
      'cli.no-ledgers-found',
    );
  });
});
