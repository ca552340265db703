/**
 * Village/township/county rules span files: the generated county split into one CSV per township must give the
 * same aggregate findings and pass rates as the county in one file, for --jobs 1 and --jobs 2 alike (such runs
 * are checked in one thread with one checker, which standard error notes), and --cache does not apply to them
 * (noted too). Likewise a household table in
 * one file joins the members of another.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Report } from '../../src/findings/report.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { makeTempDir, type TempDir } from '../helpers/files.js';

vi.setConfig({ testTimeout: 240_000 });

const LEDGER = path.join(ROOT, 'fixtures', 'county', 'county.csv');
const POPULATION = path.join(ROOT, 'fixtures', 'county', 'population.csv');
const AGGREGATE_SCOPES = new Set(['village', 'township', 'county']);

let tmp: TempDir;
let parts: string[];

beforeAll(() => {
  tmp = makeTempDir('ledgerlint-aggregate-batch-');
  const [header, ...rows] = readFileSync(LEDGER, 'utf8')
    .split('\n')
    .filter((l) => l !== '');
  const townships = [...new Set(rows.map((r) => r.split(',')[1]))];
  expect(townships.length).toBeGreaterThan(1);
  parts = townships.map((township, i) => {
    const file = tmp.path(`part-${i}.csv`);
    writeFileSync(file, `${[header, ...rows.filter((r) => r.split(',')[1] === township)].join('\n')}\n`);
    return file;
  });
});
afterAll(() => tmp.remove());

function checkJson(
  inputs: readonly string[],
  extra: readonly string[],
  out: string,
  packArgs: readonly string[] = ['--pack', 'guangxi', '--population', POPULATION],
  /** The notes expected on standard error, one line each (none by default). */
  notes: readonly string[] = [],
): string {
  const run = runCli(['check', ...inputs, ...packArgs, '--format', `json=${out}`, ...extra]);
  expect(run.stderr).toBe(notes.map((note) => `${note}\n`).join(''));
  expect(run.code).toBe(1);
  return readFileSync(out, 'utf8');
}

const JOBS_NOTE =
  '注意：所选规则包有村、乡、县级规则，各文件在主线程内逐个检查，--jobs 2 只用于另开一个线程读文件（报告不受影响）';

const aggregates = (report: Report) =>
  report.findings
    .filter((f) => AGGREGATE_SCOPES.has(f.scope))
    .map((f) => JSON.stringify([f.scope, f.ruleId, f.messageId, f.severity, f.data]))
    // Aggregate findings are located in the file where their group was first seen: the order follows the files.
    .sort();

describe('aggregate rules over several files', () => {
  it('judge villages and the county over every file, byte-identical for --jobs 1 and 2, as one file does', () => {
    const whole = JSON.parse(checkJson([LEDGER], ['--jobs', '1'], tmp.path('whole.json'))) as Report;
    const one = checkJson(parts, ['--jobs', '1'], tmp.path('one.json'));
    // --jobs 2 cannot check these files at once: said on standard error, the report the same.
    const two = checkJson(parts, ['--jobs', '2'], tmp.path('two.json'), undefined, [JOBS_NOTE]);
    expect(two).toBe(one);
    const split = JSON.parse(one) as Report;

    const wholeAggregates = aggregates(whole);
    expect(wholeAggregates.some((f) => f.startsWith('["county"'))).toBe(true);
    expect(wholeAggregates.some((f) => f.startsWith('["village"'))).toBe(true);
    // Per-file aggregates would judge 岚溪县 once per township file, on part of its households.
    expect(aggregates(split)).toEqual(wholeAggregates);

    // Pass rates per standard are summed over the files to the same counts.
    expect(whole.summary.standards.length).toBeGreaterThan(0);
    expect(split.summary.standards).toEqual(whole.summary.standards);
    expect(split.summary.households).toBe(whole.summary.households);
  });

  it('without aggregate rules, worker threads sum the pass rates of each file to those of one file', () => {
    const pack = ['--pack', 'national-exit'];
    const whole = JSON.parse(checkJson([LEDGER], ['--jobs', '1'], tmp.path('ne-whole.json'), pack)) as Report;
    const split = JSON.parse(checkJson(parts, ['--jobs', '2'], tmp.path('ne-split.json'), pack)) as Report;
    expect(whole.summary.standards.length).toBeGreaterThan(0);
    expect(split.summary.standards).toEqual(whole.summary.standards);
  });

  it('does not read or write the cache (a cached file would not reach the aggregates), and says so', () => {
    const cache = tmp.path('cache.json');
    const cached = checkJson(parts, ['--jobs', '2', '--cache', cache], tmp.path('cached.json'), undefined, [
      JOBS_NOTE,
      '注意：所选规则包有村、乡、县级规则，各文件须在同一次检查中汇总，--cache 未生效（缓存既未读取也未更新；报告不受影响）',
    ]);
    expect(existsSync(cache)).toBe(false);
    expect(cached).toBe(readFileSync(tmp.path('one.json'), 'utf8'));
    // In English, and for a run made sequential by --population alone.
    const en = runCli([
      'check',
      ...parts,
      '--pack',
      'national-exit',
      '--population',
      POPULATION,
      '--cache',
      cache,
      '--lang',
      'en',
      '--format',
      `json=${tmp.path('population.json')}`,
    ]);
    expect(en.stderr).toBe(
      'note: --population was given, so every file has to be checked in the same run; --cache had no effect (the cache was neither read nor updated; the report is the same)\n',
    );
    expect(existsSync(cache)).toBe(false);
    // One file with --jobs 2 is read in a second thread as any run is: nothing to say.
    checkJson([LEDGER], ['--jobs', '2'], tmp.path('whole-2.json'));
  });
});

describe('household and person tables in different files of a batch', () => {
  const households = path.join(ROOT, 'fixtures', 'layouts', 'tables-2021-households.csv');
  const members = path.join(ROOT, 'fixtures', 'layouts', 'tables-2021-members.csv');
  const broken = path.join(ROOT, 'fixtures', 'hostile', 'truncated.xlsx');

  function run(jobs: string, out: string): { code: number | null; json: string } {
    const result = runCli([
      'check',
      households,
      members,
      broken,
      '--pack',
      'data-quality',
      '--jobs',
      jobs,
      '--format',
      `json=${out}`,
    ]);
    return { code: result.code, json: readFileSync(out, 'utf8') };
  }

  it('are joined across files whatever --jobs says; an unreadable file beside them is a finding', () => {
    const one = run('1', tmp.path('tables-1.json'));
    const two = run('2', tmp.path('tables-2.json'));
    expect(one.code).toBe(2);
    expect(two.json).toBe(one.json);
    const report = JSON.parse(one.json) as Report;
    const ids = report.findings.map((f) => f.ruleId);
    // Both need the household table of one file and the members of the other.
    expect(ids).toContain('orphan-member');
    expect(ids).toContain('empty-household');
    expect(report.findings.filter((f) => f.ruleId === 'file-unreadable').map((f) => f.file)).toEqual([
      broken,
    ]);
  });
});
