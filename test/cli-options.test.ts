/**
 * Output options that would have no effect are refused (exit 2, a message in the user's language) before
 * anything is read or written; --output goes to the one format that names no file of its own.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cleanLedgerRows, runCli, tempDir, writeCsv } from './helpers/cli.js';

let dir: string;
let clean: string;

beforeAll(() => {
  dir = tempDir('ledgerlint-outputs-');
  clean = writeCsv(dir, '台账.csv', cleanLedgerRows());
});

describe('output options that would do nothing', () => {
  it('--output when every format names its own file: exit 2, nothing written', () => {
    const book = path.join(dir, 'a.xlsx');
    const text = path.join(dir, 'r.txt');
    const run = runCli(['check', clean, '--format', `xlsx=${book}`, '--output', text]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--output 不起作用：每种报告格式都已指定了自己的文件');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(book)).toBe(false);
    expect(existsSync(text)).toBe(false);

    const en = runCli([
      'check',
      clean,
      '--format',
      `json=${path.join(dir, 'b.json')}`,
      '--output',
      text,
      '--lang',
      'en',
    ]);
    expect(en.code).toBe(2);
    expect(en.stderr).toContain('--output has no effect: every report format names its own file');
  });

  it('--output-dir when every format names its own file, or beside --output', () => {
    const out = path.join(dir, 'unused-dir');
    const run = runCli(['check', clean, '--format', `json=${path.join(dir, 'c.json')}`, '--output-dir', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--output-dir 不起作用');
    const both = runCli([
      'check',
      clean,
      '--output',
      path.join(dir, 'd.txt'),
      '--output-dir',
      out,
      '--lang',
      'en',
    ]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--output and --output-dir do not go together');
    expect(existsSync(out)).toBe(false);
  });

  it('--summary without a text report', () => {
    const run = runCli(['check', clean, '--format', 'json', '--summary']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--summary 只作用于 text 报告');
    expect(run.stdout).toBe('');
  });

  it('--output is the file of the one format without a file of its own', () => {
    const book = path.join(dir, 'e.xlsx');
    const json = path.join(dir, 'e.json');
    const run = runCli(['check', clean, '--format', 'json', '--format', `xlsx=${book}`, '--output', json]);
    expect(run.code).toBe(0);
    expect(JSON.parse(readFileSync(json, 'utf8')).summary.persons).toBe(5);
    expect(readFileSync(book).subarray(0, 2).toString()).toBe('PK');

    const text = path.join(dir, 'f.txt');
    const named = path.join(dir, 'f.json');
    const mixed = runCli(['check', clean, '--format', `json=${named}`, '--format', 'text', '--output', text]);
    expect(mixed.code).toBe(0);
    expect(mixed.stdout).toBe('');
    expect(readFileSync(text, 'utf8')).toBe(runCli(['check', clean]).stdout);
    expect(JSON.parse(readFileSync(named, 'utf8')).summary.persons).toBe(5);

    const workbook = path.join(dir, 'g.xlsx');
    const xlsx = runCli([
      'check',
      clean,
      '--format',
      'xlsx',
      '--format',
      `json=${path.join(dir, 'g.json')}`,
      '--output',
      workbook,
    ]);
    expect(xlsx.code).toBe(0);
    expect(existsSync(workbook)).toBe(true);
  });
});
