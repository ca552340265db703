/**
 * The generated multi-village county (fixtures/county, fixtures/generator/county.ts) through the built CLI with
 * the guangxi pack and the population table: village 十一有一低于 and county 九有一低于 findings must equal the
 * answer key exactly, for 2020 (3%) and 2015 (the earlier 5% form).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  generateCounty,
  ledgerCsv,
  populationCsv,
  type CountyAnswerKey,
} from '../fixtures/generator/county.js';
import { ROOT, runCli, tempDir } from './helpers/cli.js';

interface JsonFinding {
  readonly ruleId: string;
  readonly severity: string;
  readonly messageId: string;
  readonly scope: string;
  readonly row: number | null;
  readonly column: string | null;
  readonly householdId: string | null;
  readonly township: string | null;
  readonly village: string | null;
  readonly data: Record<string, unknown>;
  readonly message: string;
}

const LEDGER = path.join('fixtures', 'county', 'county.csv');
const POPULATION = path.join('fixtures', 'county', 'population.csv');

function keyOf(name: string): CountyAnswerKey {
  return JSON.parse(readFileSync(path.join(ROOT, 'fixtures', 'county', name), 'utf8')) as CountyAnswerKey;
}

function check(args: readonly string[]): { code: number | null; findings: JsonFinding[] } {
  const run = runCli(['check', LEDGER, '--pack', 'guangxi', '--format', 'json', ...args]);
  expect(run.stderr).toBe('');
  return { code: run.code, findings: (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings };
}

const asKey = (f: JsonFinding) =>
  `${f.scope}\t${f.scope === 'household' ? String(f.row) : String(f.data.group)}\t${f.ruleId}`;

describe('generated county with a population table', () => {
  it('is what the generator writes (regenerate with npm run fixtures)', () => {
    const { rows, key } = generateCounty(2020);
    expect(readFileSync(path.join(ROOT, LEDGER), 'utf8')).toBe(ledgerCsv(rows));
    expect(readFileSync(path.join(ROOT, POPULATION), 'utf8')).toBe(populationCsv());
    expect(keyOf('county.answer-key.json').findings).toEqual(key);
  });

  for (const [year, keyFile] of [
    [2020, 'county.answer-key.json'],
    [2015, 'county-2015.answer-key.json'],
  ] as const) {
    it(`finds exactly the answer key (${year})`, () => {
      const key = keyOf(keyFile);
      const { code, findings } = check(['--population', POPULATION, '--year', String(year)]);
      expect(code).toBe(1);
      const want = key.findings.map((f) => `${f.scope}\t${f.row ?? f.group}\t${f.ruleId}`).sort();
      expect(findings.map(asKey).sort()).toEqual(want);
      // Every household rule of the pack has a finding in the 2020 key.
      if (year === 2020) {
        const householdRules = new Set(
          key.findings.filter((f) => f.scope === 'household').map((f) => f.ruleId),
        );
        expect([...householdRules].sort()).toEqual([
          'gx-basic-medical',
          'gx-compulsory-education',
          'gx-drinking-water',
          'gx-electricity',
          'gx-housing',
          'gx-income-above-line',
          'gx-income-source',
          'gx-road',
          'gx-television',
        ]);
      }
      // Both versions of 一低于 are exercised: 下林村 (4%) fails in 2020 and passes in 2015.
      const xialin = findings.filter((f) => f.ruleId === 'gx-village-poverty-rate').map((f) => f.data.group);
      expect(xialin).toEqual(year === 2020 ? ['云岭乡下林村'] : []);
    });
  }

  it('locates group findings by township and village, not a row, with the numbers in data', () => {
    const { findings } = check(['--population', POPULATION]);
    const housing = findings.find((f) => f.ruleId === 'gx-village-housing');
    expect(housing).toMatchObject({
      scope: 'village',
      severity: 'error',
      row: null,
      column: null,
      householdId: null,
      township: '云岭乡',
      village: '下林村',
      data: { group: '云岭乡下林村', share: 90, count: 18, total: 20, min: 95 },
    });
    const rate = findings.find((f) => f.ruleId === 'gx-village-poverty-rate');
    expect(rate?.data).toMatchObject({ rate: 4, poor: 12, population: 300, max: 3 });
    const county = findings.find((f) => f.ruleId === 'gx-county-social-assistance');
    expect(county).toMatchObject({
      scope: 'county',
      township: null,
      village: null,
      data: { group: '岚溪县' },
    });
    const missing = findings.filter((f) => f.ruleId === 'population-missing');
    expect(missing.map((f) => [f.messageId, f.severity, f.data.group, f.data.rules])).toEqual([
      ['not-in-table', 'warning', '石门镇龙潭村', 'gx-village-poverty-rate'],
    ]);
    // Manual items: one info per village (5 villages × 5 items) and per county (3 items), never passed.
    const manual = findings.filter((f) => f.messageId === 'confirm');
    expect(manual.every((f) => f.severity === 'info')).toBe(true);
    expect(manual).toHaveLength(5 * 5 + 3);
  });

  it('skips the 贫困发生率 rules with one finding per group when no population table is given', () => {
    const { findings } = check([]);
    expect(findings.filter((f) => f.ruleId.endsWith('-poverty-rate'))).toEqual([]);
    const missing = findings.filter((f) => f.ruleId === 'population-missing');
    expect(missing.map((f) => `${f.scope}:${String(f.data.group)}:${f.messageId}`).sort()).toEqual([
      'county:岚溪县:no-table',
      'village:云岭乡上林村:no-table',
      'village:云岭乡下林村:no-table',
      'village:云岭乡中坪村:no-table',
      'village:石门镇石门村:no-table',
      'village:石门镇龙潭村:no-table',
    ]);
    // The other aggregate rules still run.
    expect(findings.some((f) => f.ruleId === 'gx-village-housing')).toBe(true);
  });

  it('names the group in every reporter', () => {
    const args = ['check', LEDGER, '--pack', 'guangxi', '--population', POPULATION, '--lang', 'en'];
    const text = runCli([...args, '--no-color']).stdout;
    expect(text).toContain('Village 云岭乡下林村');
    expect(text).toContain('County 岚溪县');
    const csv = runCli([...args, '--format', 'csv']).stdout;
    expect(csv).toMatch(/fixtures\/county\/county\.csv,,,,云岭乡,下林村,,gx-village-housing,error,/);
    const sarif = JSON.parse(runCli([...args, '--format', 'sarif']).stdout) as {
      runs: { results: { ruleId: string; properties: Record<string, unknown>; locations: unknown[] }[] }[];
    };
    const result = sarif.runs[0]?.results.find((r) => r.ruleId === 'gx-village-housing');
    expect(result?.properties).toMatchObject({ scope: 'village', group: '云岭乡下林村', village: '下林村' });
    expect(JSON.stringify(result?.locations)).not.toContain('startLine');
    const junit = runCli([...args, '--format', 'junit']).stdout;
    expect(junit).toContain('Village 云岭乡下林村 · 云岭乡下林村: 90% of households');
    const markdown = runCli([...args, '--format', 'markdown']).stdout;
    expect(markdown).toContain('| Village 云岭乡下林村 |');
  });

  it('rejects a population table with a bad number, naming file, row and column (exit 2)', () => {
    const bad = path.join(tempDir(), 'population.csv');
    writeFileSync(
      bad,
      '县,乡镇,行政村,乡村总人口\r\n岚溪县,云岭乡,上林村,900\r\n岚溪县,云岭乡,下林村,三百\r\n',
    );
    const run = runCli(['check', LEDGER, '--pack', 'guangxi', '--population', bad]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`人口基数表 ${bad}`);
    expect(run.stderr).toContain('第 3 行 D 列：人口“三百”不是正数');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
