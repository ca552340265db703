/**
 * The finding store: spilled sorted runs merged back give exactly the order of sorting everything in memory
 * (ties in the order of appending), the store reads again, and its temporary files go when it is disposed of,
 * when a run fails, and when the process exits.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCheck, runCheckStreamed } from '../../src/commands/check.js';
import { fingerprint } from '../../src/findings/baseline.js';
import { compareFindings } from '../../src/findings/order.js';
import { FindingStore, spillThreshold, type StoredFinding } from '../../src/findings/store.js';
import type { Finding } from '../../src/findings/types.js';
import { renderReport, REPORTERS } from '../../src/reporters/index.js';
import { cleanLedgerRows } from '../helpers/cli.js';
import { makeTempDir, toCsv, type TempDir } from '../helpers/files.js';

vi.setConfig({ testTimeout: 120_000 });

const DEMO = ['fixtures/demo/demo-county.xlsx', 'fixtures/demo/demo-county-gbk.csv'];

let tmp: TempDir;
beforeEach(() => {
  tmp = makeTempDir('ledgerlint-store-test-');
});
afterEach(() => tmp.remove());

/** A deterministic jumble of findings over two files and their sheets, with ties that only appending orders. */
function jumble(count: number): StoredFinding[] {
  const findings: StoredFinding[] = [];
  let seed = 7;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  for (let i = 0; i < count; i++) {
    const file = next(2) === 0 ? 'a.xlsx' : 'b.csv';
    const f: Finding = {
      ruleId: ['id-number-checksum', 'exit-income-above-line', 'household-split'][next(3)]!,
      severity: 'error',
      messageId: 'checksum',
      data: { value: next(4), text: `第${next(3)}项` },
      scope: 'person',
      file,
      sheet: file === 'a.xlsx' ? ['花名册', '附表'][next(2)]! : null,
      row: next(5) === 0 ? null : 3 + next(40),
      column: next(4) === 0 ? null : ['A', 'C', 'AA'][next(3)]!,
      field: null,
      householdId: `45${next(30)}`,
      township: '青山乡',
      village: '石桥村',
      // Not part of the sort: findings equal in every sorted key still differ here, so order of ties shows.
      name: `第${i}个`,
    };
    findings.push({ ...f, fingerprint: fingerprint(f) });
  }
  return findings;
}

function storeWith(findings: readonly StoredFinding[], threshold: number): FindingStore {
  const store = new FindingStore({ threshold, tmpDir: tmp.dir });
  store.addInput('a.xlsx', ['花名册', '附表']);
  store.addInput('b.csv', [null]);
  for (const f of findings) store.append(f);
  return store;
}

describe('FindingStore', () => {
  it('gives the in-memory order after spilling, ties in the order of appending, and reads again', () => {
    const findings = jumble(500);
    const inMemory = storeWith(findings, 10_000);
    const expected = [...inMemory];
    expect(inMemory.spilledRuns).toBe(0);
    expect(inMemory.directory).toBeNull();
    // The expectation itself: a stable sort of everything.
    expect(expected.map((f) => f.name)).toEqual(
      [...findings].sort((a, b) => compareFindings(a, b, inMemory.order)).map((f) => f.name),
    );

    const spilled = storeWith(findings, 7);
    expect(spilled.spilledRuns).toBe(Math.floor(500 / 7));
    expect(spilled.directory).not.toBeNull();
    expect(readdirSync(spilled.directory!)).toHaveLength(spilled.spilledRuns);
    expect([...spilled]).toEqual(expected);
    expect([...spilled]).toEqual(expected); // again: each report format reads the store once
    expect(spilled.size).toBe(500);

    const dir = spilled.directory!;
    spilled.dispose();
    expect(existsSync(dir)).toBe(false);
    expect(readdirSync(tmp.dir)).toEqual([]);
    inMemory.dispose();
  });

  it('writes nothing under the threshold', () => {
    const store = storeWith(jumble(50), 50 + 1);
    expect([...store]).toHaveLength(50);
    expect(store.directory).toBeNull();
    expect(readdirSync(tmp.dir)).toEqual([]);
  });

  it('reads its threshold from LEDGERLINT_SPILL_THRESHOLD, ignoring nonsense', () => {
    expect(spillThreshold({ LEDGERLINT_SPILL_THRESHOLD: '12' })).toBe(12);
    expect(spillThreshold({ LEDGERLINT_SPILL_THRESHOLD: '0' })).toBe(25_000);
    expect(spillThreshold({ LEDGERLINT_SPILL_THRESHOLD: 'many' })).toBe(25_000);
    expect(spillThreshold({})).toBe(25_000);
  });

  it('leaves no temporary files when the process exits without disposing', () => {
    const script = `
      import { FindingStore } from './src/findings/store.ts';
      const store = new FindingStore({ threshold: 1, tmpDir: ${JSON.stringify(tmp.dir)} });
      store.addInput('a.csv', [null]);
      for (let row = 3; row < 6; row++)
        store.append({ ruleId: 'r', severity: 'error', messageId: 'm', data: {}, scope: 'person', file: 'a.csv',
          sheet: null, row, column: null, field: null, householdId: null, township: null, village: null,
          fingerprint: 'f' });
      console.log(store.spilledRuns, store.directory !== null);
      process.exit(0);
    `;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('3 true');
    expect(readdirSync(tmp.dir)).toEqual([]);
  });
});

describe('a run that spills', () => {
  it('builds the same report as a run in memory, with baseline, waivers and caps', async () => {
    const waivers = [
      {
        rule: 'id-number-checksum',
        household: '451026103002003',
        reason: '已核实',
        by: '韦统计',
        until: '2021-06-30',
      },
    ];
    const options = {
      inputs: DEMO,
      packs: ['national-exit', 'data-quality'],
      params: {},
      all: false,
      lang: 'zh' as const,
      waivers,
      maxFindingsPerRule: 3,
    };
    const inMemory = await runCheck(options);
    const spilled = await runCheck({ ...options, spill: { threshold: 2, tmpDir: tmp.dir } });
    expect(spilled.report).toEqual(inMemory.report);
    expect(spilled.fingerprints).toEqual(inMemory.fingerprints);
    expect(inMemory.report.summary.errors).toBeGreaterThan(10);
    expect(readdirSync(tmp.dir)).toEqual([]);
  });

  it('streams byte-identical reports in every text format', async () => {
    const options = {
      inputs: DEMO,
      packs: ['national-exit', 'data-quality'],
      params: {},
      all: false,
      lang: 'en' as const,
    };
    const inMemory = await runCheckStreamed(options);
    const spilled = await runCheckStreamed({ ...options, spill: { threshold: 3, tmpDir: tmp.dir } });
    try {
      expect(readdirSync(tmp.dir)).toHaveLength(1); // the spilled run's private directory
      for (const [name, reporter] of Object.entries(REPORTERS)) {
        const context = { lang: 'en' as const, color: false, ruleTitles: inMemory.ruleTitles, summary: true };
        const expected = renderReport(reporter, inMemory.report, context);
        expect(renderReport(reporter, spilled.report, context), name).toBe(expected);
      }
      // The JSON reporter gives what JSON.stringify gives for the whole report.
      const whole = JSON.stringify({ ...inMemory.report, findings: [...inMemory.report.findings] }, null, 2);
      expect(
        renderReport(REPORTERS.json!, spilled.report, { lang: 'en', color: false, ruleTitles: new Map() }),
      ).toBe(`${whole}\n`);
    } finally {
      inMemory.dispose();
      spilled.dispose();
    }
    expect(readdirSync(tmp.dir)).toEqual([]);
  });

  it('removes its temporary files when the run fails after spilling', async () => {
    // The demo spills (threshold 1) when it is merged; the run then stops while reading the second file.
    const big = tmp.path('big.csv');
    const [header, ...people] = cleanLedgerRows();
    const rows: string[][] = [header!];
    for (let h = 0; h < 1500; h++)
      for (const person of people)
        rows.push(person.map((c, i) => (i === 2 ? `4501231${String(h).padStart(8, '0')}` : c)));
    writeFileSync(big, toCsv(rows));
    const spillDir = makeTempDir('ledgerlint-store-spill-');
    const abort = new AbortController();
    let spilledBeforeStop = false;
    let demoRows: number | undefined;
    try {
      const failing = runCheckStreamed({
        inputs: [DEMO[0]!, big],
        batch: true,
        packs: ['national-exit', 'data-quality'],
        params: {},
        all: false,
        lang: 'en',
        spill: { threshold: 1, tmpDir: spillDir.dir },
        signal: abort.signal,
        // The first call with the demo done comes before its merge; the next ones are from the big file.
        onProgress: (progress) => {
          if (progress.filesDone >= 1) demoRows ??= progress.rows;
          if (demoRows !== undefined && progress.rows > demoRows && !abort.signal.aborted) {
            spilledBeforeStop = readdirSync(spillDir.dir).length === 1;
            abort.abort();
          }
        },
      });
      await expect(failing).rejects.toMatchObject({ messageId: 'cli.interrupted' });
      expect(spilledBeforeStop).toBe(true);
      expect(readdirSync(spillDir.dir)).toEqual([]);
    } finally {
      spillDir.remove();
    }
  });
});
