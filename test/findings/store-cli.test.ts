/**
 * The finding store through the CLI process: with a tiny spill threshold (LEDGERLINT_SPILL_THRESHOLD) the
 * reports are byte-identical to an in-memory run, the spill goes to TMPDIR, and nothing is left there after the
 * run — nor after Ctrl-C in the middle of a run that has spilled.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BIN, cleanLedgerRows, runCli } from '../helpers/cli.js';
import { makeTempDir, toCsv, type TempDir } from '../helpers/files.js';

vi.setConfig({ testTimeout: 240_000 });

const DEMO = ['fixtures/demo/demo-county.xlsx', 'fixtures/demo/demo-county-gbk.csv'];

let tmp: TempDir;
beforeAll(() => {
  tmp = makeTempDir('ledgerlint-store-cli-');
  mkdirSync(tmp.path('spill'));
});
afterAll(() => tmp.remove());

/** The spill directories the store made under TMPDIR (`ledgerlint-XXXXXX`). */
function spillDirs(): string[] {
  return readdirSync(tmp.path('spill')).filter((name) => name.startsWith('ledgerlint-'));
}

describe('check with a tiny spill threshold', () => {
  it('writes JSON, CSV and SARIF byte-identical to an in-memory run, and cleans TMPDIR', () => {
    const formats = ['json', 'csv', 'sarif'];
    const outputs = (dir: string) =>
      formats.flatMap((f) => ['--format', `${f}=${tmp.path(`${dir}/report.${f}`)}`]);
    const memory = runCli(['check', ...DEMO, ...outputs('memory')], { env: { TMPDIR: tmp.path('spill') } });
    expect(memory.code, memory.stderr).toBe(1);
    const spilled = runCli(['check', ...DEMO, ...outputs('spilled')], {
      env: { TMPDIR: tmp.path('spill'), LEDGERLINT_SPILL_THRESHOLD: '3' },
    });
    expect(spilled.code, spilled.stderr).toBe(1);
    for (const f of formats) {
      const expected = readFileSync(tmp.path(`memory/report.${f}`));
      expect(readFileSync(tmp.path(`spilled/report.${f}`)).equals(expected), f).toBe(true);
    }
    const report = JSON.parse(readFileSync(tmp.path('memory/report.json'), 'utf8')) as {
      findings: unknown[];
    };
    expect(report.findings.length).toBeGreaterThan(3 * 5); // several runs were spilled
    expect(spillDirs()).toEqual([]);
  });

  it('exits 130 on Ctrl-C after spilling and leaves no spill files', async () => {
    // a.csv (the demo's CSV, with findings) is merged and spilled first; then Ctrl-C while big.csv is read.
    const folder = tmp.path('folder');
    mkdirSync(folder);
    copyFileSync(DEMO[1]!, `${folder}/a.csv`);
    const [header, ...people] = cleanLedgerRows();
    const rows: string[][] = [header!];
    for (let h = 0; h < 40_000; h++) {
      const id = `4501231${String(h).padStart(8, '0')}`;
      for (const person of people) rows.push(person.map((c, i) => (i === 2 ? id : c)));
    }
    writeFileSync(`${folder}/big.csv`, toCsv(rows));

    const run = await new Promise<{ code: number | null; stderr: string; sawSpill: boolean }>(
      (resolve, reject) => {
        const child = spawn(
          process.execPath,
          [BIN, 'check', 'folder', '--jobs', '1', '--format', 'json', '--output', 'r.json'],
          {
            cwd: tmp.dir,
            env: {
              ...process.env,
              TMPDIR: tmp.path('spill'),
              LEDGERLINT_SPILL_THRESHOLD: '1',
              LANG: 'en_US.UTF-8',
            },
          },
        );
        let stderr = '';
        let sawSpill = false;
        child.stderr.setEncoding('utf8');
        child.stderr.on('data', (text: string) => (stderr += text));
        const poll = setInterval(() => {
          if (spillDirs().length > 0) {
            sawSpill = true;
            clearInterval(poll);
            child.kill('SIGINT');
          }
        }, 20);
        child.on('error', reject);
        child.on('close', (code) => {
          clearInterval(poll);
          resolve({ code, stderr, sawSpill });
        });
      },
    );
    expect(run.sawSpill, run.stderr).toBe(true);
    expect(run.code, run.stderr).toBe(130);
    expect(spillDirs()).toEqual([]);
    expect(readdirSync(tmp.dir).filter((name) => name.includes('r.json'))).toEqual([]); // no report, no temp
  });
});
