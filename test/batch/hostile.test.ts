/**
 * The hostile corpus (fixtures/hostile, npm run fixtures:hostile): every file is refused calmly with a clear
 * error, or read, within bounded time; in a batch run each becomes a file-level finding and the good file
 * still completes.
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Each test runs the CLI a few times; on a loaded 2-core machine that can take minutes.
vi.setConfig({ testTimeout: 240_000 });
import { runCheck } from '../../src/commands/check.js';
import type { Report } from '../../src/findings/report.js';
import { DEFAULT_PACKS } from '../../src/packs/registry.js';
import { ROOT, cleanLedgerRows, runCli, writeCsv } from '../helpers/cli.js';
import { makeTempDir, rejectionOf, type TempDir } from '../helpers/files.js';

const HOSTILE = path.join(ROOT, 'fixtures/hostile');

function check(file: string) {
  return runCheck({
    inputs: [path.join(HOSTILE, file)],
    packs: DEFAULT_PACKS,
    params: {},
    all: false,
    lang: 'en',
  });
}

async function refusal(
  file: string,
): Promise<{ messageId: string; data: Record<string, unknown>; ms: number }> {
  const started = Date.now();
  const error = await rejectionOf(check(file));
  return { messageId: error.messageId, data: error.data, ms: Date.now() - started };
}

describe('hostile and broken files, one at a time', () => {
  it.each([
    ['truncated.xlsx', 'io.xlsx-unreadable'],
    ['empty.csv', 'io.empty-file'],
    ['zero-byte.xlsx', 'io.empty-file'],
    ['encrypted.xlsx', 'io.xlsx-encrypted'],
    ['not-a-ledger.xlsx', 'cli.no-ledger'],
    ['binary-garbage.csv', 'io.unsupported-format'],
    ['mixed-encodings.csv', 'io.mixed-encoding'],
    ['unclosed-quote.csv', 'io.csv-malformed'],
  ])('%s is refused with %s', async (file, messageId) => {
    const refused = await refusal(file);
    expect(refused.messageId).toBe(messageId);
    expect(refused.data.file).toBe(path.join(HOSTILE, file));
    expect(refused.ms).toBeLessThan(15_000);
  });

  it('a zip bomb (a 512 MiB sheet in a 0.5 MB file) is refused from its zip directory, before inflating', async () => {
    const refused = await refusal('zip-bomb.xlsx');
    expect(refused.messageId).toBe('io.xlsx-zip-bomb');
    expect(refused.data).toMatchObject({ size: 512 });
    expect(Number(refused.data.ratio)).toBeGreaterThan(500);
    expect(refused.ms).toBeLessThan(5_000);
  });

  it('GBK rows after the UTF-8 the encoding was detected from (past the head) are refused, not garbled', async () => {
    const refused = await refusal('mixed-encodings-late.csv');
    expect(refused.messageId).toBe('io.mixed-encoding');
    expect(refused.ms).toBeLessThan(15_000);
  });

  it('a workbook declaring A1:XFD1048576 with a cell in the last one is read in bounded time', async () => {
    const started = Date.now();
    const { report } = await check('million-columns.xlsx');
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(report.summary.persons).toBe(1);
  });

  it('a .csv that is really xlsx and a .xlsx that is really CSV are read by their content', async () => {
    const asXlsx = (await check('xlsx-named.csv')).report;
    expect(asXlsx.inputs[0]?.sheets[0]?.name).toBe('花名册');
    expect(asXlsx.summary.persons).toBeGreaterThan(0);
    const asCsv = (await check('csv-named.xlsx')).report;
    expect(asCsv.inputs[0]?.sheets[0]?.name).toBeNull();
    expect(asCsv.summary.persons).toBe(asXlsx.summary.persons);
  });

  it('rows longer than the header: the extra cells are reported per row, the rest is checked', async () => {
    const { report } = await check('long-rows.csv');
    expect(report.summary.persons).toBe(2);
    const extra = report.findings.filter((f) => f.ruleId === 'row-longer-than-header');
    expect(extra.map((f) => [f.row, f.data.count, f.column])).toEqual([
      [2, 40, 'I'],
      [3, 80, 'I'],
    ]);
    expect(extra[0]?.message).toBe(
      'This row has 40 filled cell(s) right of the last header column (from column I); they have no column name and are not checked',
    );
  });
});

describe('a 50 MB single cell (generated, not committed)', () => {
  let tmp: TempDir;
  beforeAll(() => {
    tmp = makeTempDir();
    const fd = openSync(tmp.path('huge-cell.csv'), 'w');
    const rows = cleanLedgerRows();
    writeSync(fd, `${rows[0]!.join(',')}\r\n${rows[1]!.slice(0, 4).join(',')},`);
    const chunk = '韦'.repeat(1024 * 1024);
    for (let written = 0; written < 50 * 1024 * 1024; written += Buffer.byteLength(chunk))
      writeSync(fd, chunk);
    writeSync(fd, `\r\n`);
    closeSync(fd);
  });
  afterAll(() => tmp.remove());

  it('is refused as malformed at its row, in bounded time and memory', async () => {
    const started = Date.now();
    const before = process.memoryUsage().rss;
    const error = await rejectionOf(
      runCheck({
        inputs: [tmp.path('huge-cell.csv')],
        packs: DEFAULT_PACKS,
        params: {},
        all: false,
        lang: 'en',
      }),
    );
    expect(error.messageId).toBe('io.csv-malformed');
    expect(error.data.row).toBe(2);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(process.memoryUsage().rss - before).toBeLessThan(300 * 1024 * 1024);
  });
});

describe('the whole corpus in one batch run', () => {
  let tmp: TempDir;
  beforeAll(() => {
    tmp = makeTempDir();
    writeCsv(tmp.dir, 'good.csv', cleanLedgerRows());
  });
  afterAll(() => tmp.remove());

  it('every broken file is a file-level finding, the good ones are checked, the report is written, exit 2', () => {
    const started = Date.now();
    const run = runCli(
      [
        'check',
        HOSTILE,
        tmp.path('good.csv'),
        '--format',
        'json',
        '--output',
        tmp.path('r.json'),
        '--lang',
        'en',
      ],
      {},
    );
    expect(Date.now() - started).toBeLessThan(90_000);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    const report = JSON.parse(require_('r.json')) as Report;
    const unreadable = new Map(
      report.findings
        .filter((f) => f.ruleId === 'file-unreadable')
        .map((f) => [path.basename(f.file), f.messageId]),
    );
    expect(Object.fromEntries(unreadable)).toEqual({
      'binary-garbage.csv': 'io.unsupported-format',
      'empty.csv': 'io.empty-file',
      'encrypted.xlsx': 'io.xlsx-encrypted',
      'mixed-encodings-late.csv': 'io.mixed-encoding',
      'mixed-encodings.csv': 'io.mixed-encoding',
      'not-a-ledger.xlsx': 'cli.no-ledger',
      'truncated.xlsx': 'io.xlsx-unreadable',
      'unclosed-quote.csv': 'io.csv-malformed',
      'zero-byte.xlsx': 'io.empty-file',
      'zip-bomb.xlsx': 'io.xlsx-zip-bomb',
    });
    const good = report.inputs.find((i) => i.file === tmp.path('good.csv'));
    expect(good?.sheets[0]?.dataRows).toBe(5);
  });

  function require_(name: string): string {
    return readFileSync(tmp.path(name), 'utf8');
  }
});
