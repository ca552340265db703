/**
 * --jobs 2 on one file reads it in a worker thread that also builds the records (io/threaded.ts); --jobs 1
 * does everything in this thread. Through the CLI process, the reports must be byte-identical and a file
 * that breaks mid-way must fail with the same message and exit code.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

const dir = tempDir('ll-built-cli-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A CSV larger than the reader's window (16 batches of 256 rows), with cells right of the header. */
function bigCsv(): string {
  const lines = readFileSync('fixtures/demo/demo-county-gbk.csv', 'latin1').split('\r\n').filter(Boolean);
  const [header, ...data] = lines;
  const body: string[] = [];
  for (let i = 0; i < 30; i++)
    for (const line of data) body.push(i % 5 === 0 ? `${line},${body.length}` : line);
  const file = join(dir, 'big.csv');
  writeFileSync(file, Buffer.from([header, ...body, ''].join('\r\n'), 'latin1'));
  return file;
}

function check(file: string, jobs: string, format: string, extra: string[] = []) {
  const output = join(dir, `r-${jobs}.${format}`);
  rmSync(output, { force: true });
  const run = runCli(['check', file, '--jobs', jobs, '--format', format, '--output', output, ...extra]);
  let bytes: Buffer | null = null;
  try {
    bytes = readFileSync(output);
  } catch {
    bytes = null;
  }
  return { ...run, bytes };
}

const REPORTS: [string, string, string[]][] = [
  ['fixtures/demo/demo-county.xlsx', 'json', []],
  ['fixtures/demo/demo-county.xlsx', 'csv', ['--lang', 'en']],
  ['fixtures/demo/demo-county-gbk.csv', 'json', []],
  ['fixtures/layouts/merged-cells.xlsx', 'json', []],
  ['fixtures/layouts/township-handmade.xlsx', 'json', ['--lang', 'en']],
  ['fixtures/layouts/form-2014.xlsx', 'json', ['--profile', 'form-2014']],
  ['fixtures/layouts/semicolon-bom.csv', 'json', []],
  ['fixtures/layouts/tables-2021.xlsx', 'json', []],
];

describe('check --jobs 2 (records built in the reader thread) against --jobs 1', () => {
  it.each(REPORTS)('writes the same %s report (%s)', (file, format, extra) => {
    const one = check(file, '1', format, extra);
    const two = check(file, '2', format, extra);
    expect([0, 1], one.stderr).toContain(one.code);
    expect(two.code, two.stderr).toBe(one.code);
    expect(one.bytes).not.toBeNull();
    expect(two.bytes?.equals(one.bytes!)).toBe(true);
  });

  it('writes the same report for a file larger than the reader window', () => {
    const file = bigCsv();
    const one = check(file, '1', 'json');
    const two = check(file, '2', 'json');
    expect(one.code, one.stderr).toBe(1);
    expect(one.bytes!.toString()).toContain('row-longer-than-header');
    expect(two.bytes?.equals(one.bytes!)).toBe(true);
  });

  it.each([
    'fixtures/hostile/truncated.xlsx',
    'fixtures/hostile/unclosed-quote.csv',
    'fixtures/hostile/mixed-encodings-late.csv',
    'fixtures/hostile/not-a-ledger.xlsx',
  ])('fails on %s with the same message and exit code', (file) => {
    const one = check(file, '1', 'json', ['--lang', 'en']);
    const two = check(file, '2', 'json', ['--lang', 'en']);
    expect(one.code).toBe(2);
    expect(two.code).toBe(2);
    expect(one.stderr).not.toBe('');
    expect(two.stderr).toBe(one.stderr);
    expect(two.stderr).not.toContain('    at ');
  });
});
