/**
 * Findings streamed into the store while their file is read (FindingStore.beginInput, batch/finding-sink.ts):
 * the same order as findings handed over whole, also after spilling; the first-read household findings of split
 * households withdrawn, the findings of a file that failed dropped, the 户主's name filled in on reading. And
 * through the real check: a run whose file streams (no cache) gives the report of a run whose file is handed
 * over whole (--cache, first run), split households and spilled runs included, and the findings reach the store
 * while the file is still being read.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { checkFile, prepareRules, runCheck, type CheckOptions } from '../../src/commands/check.js';
import { storeSink } from '../../src/batch/finding-sink.js';
import { fingerprint } from '../../src/findings/baseline.js';
import { FindingStore, type StoredFinding } from '../../src/findings/store.js';
import type { Finding } from '../../src/findings/types.js';
import { cleanLedgerRows } from '../helpers/cli.js';
import { makeTempDir, toCsv, type TempDir } from '../helpers/files.js';

vi.setConfig({ testTimeout: 180_000 });

let tmp: TempDir;
beforeEach(() => {
  tmp = makeTempDir('ledgerlint-store-stream-');
});
afterEach(() => tmp.remove());

function finding(over: Partial<Finding>): StoredFinding {
  const f: Finding = {
    ruleId: 'exit-income-above-line',
    severity: 'error',
    messageId: 'above',
    data: {},
    scope: 'household',
    file: 'a.xlsx',
    sheet: '花名册',
    row: 3,
    column: null,
    field: null,
    householdId: '4501',
    township: null,
    village: null,
    ...over,
  };
  return { ...f, fingerprint: fingerprint(f) };
}

/** Findings of two sheets of a.xlsx and of b.csv, as a check would make them (rows increasing per sheet). */
function sample(): { file: string; sheet: string | null; household: boolean; f: StoredFinding }[] {
  const out: { file: string; sheet: string | null; household: boolean; f: StoredFinding }[] = [];
  for (const [file, sheets] of [
    ['a.xlsx', ['花名册', '附表']],
    ['b.csv', [null]],
  ] as const) {
    for (const sheet of sheets) {
      for (let row = 3; row < 60; row++) {
        const householdId = `45${Math.floor(row / 4)}`;
        out.push({
          file,
          sheet,
          household: false,
          f: finding({
            file,
            sheet,
            row,
            ruleId: 'age-plausible',
            scope: 'person',
            householdId,
            name: `人${row}`,
          }),
        });
        if (row % 4 === 2)
          out.push({ file, sheet, household: true, f: finding({ file, sheet, row: row - 3, householdId }) });
      }
    }
  }
  return out;
}

describe('FindingStore input streams', () => {
  it('orders streamed findings as findings handed over whole, before and after spilling', () => {
    const all = sample();
    const whole = new FindingStore({ threshold: 100_000, tmpDir: tmp.dir });
    whole.addInput('a.xlsx', ['花名册', '附表']);
    for (const x of all) if (x.file === 'a.xlsx') whole.append(x.f);
    whole.addInput('b.csv', [null]);
    for (const x of all) if (x.file === 'b.csv') whole.append(x.f);
    const expected = [...whole];
    expect(expected.length).toBe(all.length);

    for (const threshold of [100_000, 7]) {
      const streamed = new FindingStore({ threshold, tmpDir: tmp.dir });
      for (const file of ['a.xlsx', 'b.csv']) {
        const stream = streamed.beginInput(file);
        let sheet: string | null | undefined;
        for (const x of all.filter((y) => y.file === file)) {
          if (x.sheet !== sheet) stream.sheet((sheet = x.sheet));
          if (x.household) stream.addHousehold({ ...x.f });
          else stream.add({ ...x.f });
        }
      }
      if (threshold === 7) expect(streamed.spilledRuns).toBeGreaterThan(10);
      expect([...streamed]).toEqual(expected);
      // The tag stays internal: nothing of it in the findings read back.
      expect(Object.keys([...streamed][0]!)).toEqual(Object.keys(expected[0]!));
      streamed.dispose();
    }
    whole.dispose();
  });

  it('withdraws the household findings of split households, drops a failed file, fills on reading', () => {
    for (const threshold of [100_000, 5]) {
      const store = new FindingStore({ threshold, tmpDir: tmp.dir });
      const a = store.beginInput('a.csv');
      a.sheet(null);
      a.add(
        finding({ file: 'a.csv', sheet: null, scope: 'person', ruleId: 'age-plausible', householdId: '1' }),
      );
      a.addHousehold(finding({ file: 'a.csv', sheet: null, householdId: '1', row: 3 }));
      a.addHousehold(finding({ file: 'a.csv', sheet: null, householdId: '2', row: 5 }));
      // A household finding about another file is never withdrawn with this file's split households.
      a.addHousehold(finding({ file: 'other.csv', sheet: null, householdId: '1', row: 4 }));
      a.withdrawHouseholds(null, ['1']);
      a.add(finding({ file: 'a.csv', sheet: null, householdId: '1', row: 3, ruleId: 'household-split' }));
      a.add(finding({ file: 'a.csv', sheet: null, householdId: '1', row: 3, data: { again: 1 } }));
      const b = store.beginInput('b.csv');
      b.sheet(null);
      b.add(finding({ file: 'b.csv', sheet: null, householdId: '1' }));
      b.discard();
      store.addInput('b.csv', []);
      store.append(finding({ file: 'b.csv', sheet: null, ruleId: 'file-unreadable', householdId: null }));
      store.fillOnRead((f) => (f.householdId === '2' ? { ...f, headName: '韦二' } : f));

      const read = [...store].map((f) => [f.file, f.ruleId, f.householdId, f.row, f.headName ?? null]);
      expect(read).toEqual([
        ['a.csv', 'age-plausible', '1', 3, null],
        ['a.csv', 'exit-income-above-line', '1', 3, null], // the re-read's (data: again)
        ['a.csv', 'household-split', '1', 3, null],
        ['a.csv', 'exit-income-above-line', '2', 5, '韦二'],
        ['b.csv', 'file-unreadable', null, 3, null],
        ['other.csv', 'exit-income-above-line', '1', 4, null], // about another file: kept
      ]);
      expect([...store].find((f) => f.ruleId === 'exit-income-above-line' && f.row === 3)?.data).toEqual({
        again: 1,
      });
      store.dispose();
    }
  });
});

/** A ledger of `households` households (the clean fixture's members), some of them split: rows moved to the end. */
function splitLedger(file: string, households: number): void {
  const [header, ...people] = cleanLedgerRows();
  const rows: string[][] = [];
  for (let h = 0; h < households; h++) {
    const id = `4501231${String(h).padStart(8, '0')}`;
    for (const person of people) rows.push(person.map((c, i) => (i === 2 ? id : c)));
  }
  const moved = [rows[1]!, rows[people.length * 7 + 1]!, rows[people.length * 40]!];
  const kept = rows.filter((r) => !moved.includes(r));
  writeFileSync(file, toCsv([header!, ...kept, ...moved]));
}

describe('a file checked in this thread streams its findings', () => {
  const many = { max_age: '30', poverty_line: '999999' };

  it('gives the report of a file handed over whole, split households and spilled runs included', async () => {
    const ledger = tmp.path('split.csv');
    splitLedger(ledger, 300);
    const options: CheckOptions = {
      inputs: [ledger, 'fixtures/demo/demo-county.xlsx'],
      packs: ['national-exit', 'data-quality'],
      params: many,
      all: true,
      lang: 'zh',
      batch: true,
      spill: { threshold: 50, tmpDir: tmp.dir },
    };
    const streamed = await runCheck(options);
    // With --cache (an empty cache), each file's findings come back whole from checkFile, as before streaming.
    const whole = await runCheck({ ...options, cache: { file: tmp.path('cache.json') } });
    expect(JSON.parse(readFileSync(tmp.path('cache.json'), 'utf8')).files).not.toEqual({});
    expect(streamed.report).toEqual(whole.report);
    expect(streamed.fingerprints).toEqual(whole.fingerprints);
    const splits = streamed.report.findings.filter((f) => f.ruleId === 'household-split');
    expect(splits.length).toBe(3);
    expect(streamed.report.findings.length).toBeGreaterThan(500);
    expect(streamed.report.findings.some((f) => f.headName)).toBe(true);
  });

  it('hands findings over while the file is read, not when it ends', async () => {
    const ledger = tmp.path('big.csv');
    splitLedger(ledger, 2000);
    const prepared = await prepareRules({
      packs: ['national-exit', 'data-quality'],
      params: many,
      all: true,
    });
    const store = new FindingStore({ threshold: 1_000_000, tmpDir: tmp.dir });
    let streamedWhileReading = 0;
    let rowsSeen = 0;
    const result = await checkFile(ledger, {
      rules: prepared.rules,
      params: prepared.params,
      fileOptions: { lang: 'zh' },
      sink: storeSink(store.beginInput(ledger)),
      onRows: (n) => {
        rowsSeen += n;
        if (rowsSeen === 4000) streamedWhileReading = store.size;
      },
    });
    expect(result.findings).toEqual([]);
    expect(streamedWhileReading).toBeGreaterThan(1000);
    expect(store.size).toBeGreaterThan(streamedWhileReading);
    store.dispose();
  });
});
