/**
 * The project config file through the built CLI as a process: found by walking up from the working directory,
 * --config and --no-config, rule severities and `off`, params by year and province, ignore, packs relative to
 * the file, flags winning over the file, and errors with file:line:column.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cleanLedgerRows, runCli, tempDir, writeCsv } from '../helpers/cli.js';

interface JsonReport {
  params: { year: number; province: string | null; byPack: Record<string, Record<string, unknown>> };
  packs: { id: string; version: string; extends?: string[] }[];
  inputs: { file: string }[];
  findings: { ruleId: string; severity: string; message: string; householdId: string | null }[];
}

let root: string;
let sub: string;

/** Household 1 lives in a D-graded house; household 2 has unsafe water; per-capita incomes 5000 and 7500. */
function ledgerRows(): string[][] {
  const rows = cleanLedgerRows().map((r) => [...r]);
  const header = rows[0] ?? [];
  const col = (name: string) => header.indexOf(name);
  for (const row of rows.slice(1)) {
    if (row[col('户编号')] === '450123101001001') {
      row[col('危房等级')] = 'D';
      row[col('是否危房户')] = '是';
    } else row[col('饮水是否安全')] = '否';
  }
  return rows;
}

function config(dir: string, text: string, name = 'ledgerlint.config.yaml'): string {
  const file = path.join(dir, name);
  writeFileSync(file, text, 'utf8');
  return file;
}

const json = (stdout: string) => JSON.parse(stdout) as JsonReport;
const rulesOf = (report: JsonReport) => report.findings.map((f) => `${f.ruleId}:${f.severity}`);

beforeAll(() => {
  root = tempDir('ledgerlint-config-');
  sub = path.join(root, 'county', 'village');
  mkdirSync(sub, { recursive: true });
  writeCsv(sub, '台账.csv', ledgerRows());
});

describe('ledgerlint.config.yaml', () => {
  it('is found in a parent directory: rules off or re-graded, lang and format from the file', () => {
    config(
      root,
      [
        'lang: en',
        'format: json',
        'rules:',
        '  exit-safe-housing: "off"',
        '  exit-safe-drinking-water: warning',
      ].join('\n'),
    );
    const run = runCli(['check', '台账.csv'], { cwd: sub });
    expect(run.stderr).toBe('');
    const report = json(run.stdout);
    expect(rulesOf(report)).toEqual(['exit-safe-drinking-water:warning']);
    expect(report.findings[0]?.message).toMatch(/^Exited household has unsafe/);
    expect(run.code).toBe(0);

    // Flags win over the file.
    const strict = runCli(['check', '台账.csv', '--fail-on', 'warning', '--format', 'text', '--lang', 'zh'], {
      cwd: sub,
    });
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('已脱贫户饮水不安全或饮水困难');

    // --no-config: every rule at its own severity.
    const plain = runCli(['check', '台账.csv', '--no-config', '--format', 'json'], { cwd: sub });
    expect(plain.code).toBe(1);
    expect(rulesOf(json(plain.stdout))).toEqual([
      'exit-safe-housing:error',
      'exit-safe-drinking-water:error',
    ]);
  });

  it('--config names the file; failOn, year and params by year and province come from it', () => {
    const dir = tempDir('ledgerlint-config-explicit-');
    const ledger = writeCsv(dir, 'ledger.csv', cleanLedgerRows());
    const file = config(
      dir,
      [
        'year: 2019',
        'failOn: error',
        'params:',
        '  province: 陕西',
        '  school_age_max: 16',
        '  byYear:',
        '    "2019": { poverty_line: 5500 }',
        '  byProvince:',
        '    陕西: { newborn_age: 2 }',
      ].join('\n'),
      'team.yaml',
    );
    const run = runCli(['check', ledger, '--config', file, '--pack', 'national-exit', '--format', 'json']);
    const report = json(run.stdout);
    expect(report.params.year).toBe(2019);
    expect(report.params.province).toBe('陕西');
    expect(report.params.byPack['national-exit']).toMatchObject({
      poverty_line: 5500,
      school_age_min: 6,
      school_age_max: 16,
      newborn_age: 2,
    });
    // Household 1 (5000 per person) is now below the line; household 2 (7500) is not.
    expect(report.findings.map((f) => [f.ruleId, f.householdId])).toEqual([
      ['exit-income-above-line', '450123101001001'],
    ]);
    expect(run.code).toBe(1);

    // --param wins over the config's byYear value.
    const overridden = runCli([
      'check',
      ledger,
      '--config',
      file,
      '--pack',
      'national-exit',
      '--format',
      'json',
      '--param',
      'poverty_line=4000',
    ]);
    expect(json(overridden.stdout).findings).toEqual([]);
    expect(overridden.code).toBe(0);
  });

  it('skips ignored inputs, relative to the config file; all ignored is exit 2', () => {
    const dir = tempDir('ledgerlint-config-ignore-');
    mkdirSync(path.join(dir, 'data'));
    writeCsv(path.join(dir, 'data'), 'ledger.csv', cleanLedgerRows());
    writeFileSync(path.join(dir, 'data', '乡镇汇总.csv'), 'not,a,ledger\n1,2,3\n', 'utf8');
    config(dir, 'ignore: ["*汇总*", "drafts/**"]\n');
    const run = runCli(['check', 'data/ledger.csv', 'data/乡镇汇总.csv', '--format', 'json'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(json(run.stdout).inputs.map((i) => i.file)).toEqual(['data/ledger.csv']);

    const unignored = runCli(['check', 'data/ledger.csv', 'data/乡镇汇总.csv', '--no-config'], { cwd: dir });
    expect(unignored.code).toBe(2);

    const none = runCli(['check', 'data/乡镇汇总.csv'], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('ledgerlint.config.yaml 的 ignore 排除了');
  });

  it('takes packs relative to the file, and reports a pack that extends another with its base', () => {
    const dir = tempDir('ledgerlint-config-packs-');
    mkdirSync(path.join(dir, 'packs'));
    mkdirSync(path.join(dir, 'work'));
    writeFileSync(
      path.join(dir, 'packs', 'county.yaml'),
      [
        'id: county-exit',
        'extends: shaanxi',
        'version: 0.1.0',
        'title: {zh: 本县, en: County}',
        'description: county rules on top of Shaanxi',
        'paramOverrides:',
        '  poverty_line: {byYear: {"2020": 6000}}',
      ].join('\n'),
      'utf8',
    );
    config(dir, 'packs: [packs/county.yaml]\nformat: json\n');
    writeCsv(path.join(dir, 'work'), 'ledger.csv', cleanLedgerRows());
    const run = runCli(['check', 'ledger.csv'], { cwd: path.join(dir, 'work') });
    expect(run.stderr).toBe('');
    const report = json(run.stdout);
    expect(report.packs).toEqual([
      { id: 'county-exit', version: '0.1.0', extends: ['shaanxi', 'national-exit'] },
    ]);
    expect(report.params.byPack['county-exit']?.poverty_line).toBe(6000);
    expect(report.findings.map((f) => f.ruleId).sort()).toEqual([
      'exit-income-above-line',
      // 是否参加大病保险 is missing: the Shaanxi household and county insurance rules cannot run, and say so
      'missing-column',
      'missing-column',
      // no --population: the village and county poverty incidence rules cannot run, and say so
      'population-missing',
      'population-missing',
      // Shaanxi 村7/县7 items without ledger evidence: one info finding for the ledger's one village and county
      'shaanxi-county-road',
      'shaanxi-county-rural-income',
      'shaanxi-county-safe-housing',
      'shaanxi-county-tap-water',
      'shaanxi-village-clinic',
      'shaanxi-village-collective-economy',
      'shaanxi-village-income-share',
      'shaanxi-village-road',
    ]);
  });

  it('turns built-in finding types off or re-grades them too', () => {
    const dir = tempDir('ledgerlint-config-builtin-');
    const rows = cleanLedgerRows().map((r, i) => [
      ...r,
      i === 0 ? '户联系电话' : (r[31] ?? ''),
      i === 0 ? '备注' : '',
    ]);
    const header = rows[0] ?? [];
    const second = rows[2] ?? [];
    second[header.indexOf('出生日期')] = '不详';
    writeCsv(dir, 'ledger.csv', rows);
    const builtin = (report: JsonReport) =>
      rulesOf(report).filter((r) => /^(invalid-value|duplicate-column|unmapped-column):/.test(r));

    const plain = runCli(['check', 'ledger.csv', '--format', 'json'], { cwd: dir });
    expect(builtin(json(plain.stdout))).toEqual([
      'duplicate-column:warning',
      'unmapped-column:info',
      'invalid-value:error',
    ]);
    expect(plain.code).toBe(1);

    config(
      dir,
      [
        'format: json',
        'rules:',
        '  invalid-value: warning',
        '  duplicate-column: "off"',
        '  unmapped-column: error',
      ].join('\n'),
    );
    const settled = runCli(['check', 'ledger.csv'], { cwd: dir });
    const report = json(settled.stdout) as JsonReport & {
      summary: { byRule: Record<string, { severity: string; count: number }> };
    };
    expect(builtin(report)).toEqual(['unmapped-column:error', 'invalid-value:warning']);
    expect(report.summary.byRule['duplicate-column']).toBeUndefined();
    expect(report.summary.byRule['invalid-value']).toMatchObject({ severity: 'warning', count: 1 });
    expect(settled.code).toBe(1);

    config(dir, 'format: json\nrules:\n  invalid-value: "off"\n  unmapped-column: "off"\n');
    const off = runCli(['check', 'ledger.csv'], { cwd: dir });
    expect(builtin(json(off.stdout))).toEqual(['duplicate-column:warning']);
    expect(off.code).toBe(0);
  });

  it('rules list and rules show show what check would run: the packs and rule settings of the config', () => {
    const dir = tempDir('ledgerlint-config-rules-');
    config(
      dir,
      [
        'packs: [national-exit]',
        'lang: en',
        'rules:',
        '  exit-safe-housing: "off"',
        '  exit-safe-drinking-water: warning',
        '  invalid-value: info',
        '  duplicate-column: "off"',
      ].join('\n'),
    );
    type Row = { id: string; pack: string | null; severity: string; title: string };
    const list = (args: string[]) => {
      const run = runCli(['rules', 'list', '--format', 'json', ...args], { cwd: dir });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      return JSON.parse(run.stdout) as Row[];
    };
    const rows = list([]);
    expect(rows.every((r) => r.pack === 'national-exit')).toBe(true);
    expect(rows.map((r) => r.id)).not.toContain('exit-safe-housing');
    expect(rows.find((r) => r.id === 'exit-safe-drinking-water')).toMatchObject({
      severity: 'warning',
      title: 'Safe drinking water',
    });
    expect(rows.find((r) => r.id === 'exit-income-above-line')?.severity).toBe('error');

    const withBuiltin = list(['--builtin']);
    expect(withBuiltin.find((r) => r.id === 'invalid-value')).toMatchObject({ pack: null, severity: 'info' });
    expect(withBuiltin.map((r) => r.id)).not.toContain('duplicate-column');
    expect(withBuiltin.find((r) => r.id === 'missing-household-id')?.severity).toBe('error');

    const plain = list(['--no-config']);
    expect(plain.map((r) => r.id)).toContain('exit-safe-housing');
    expect(plain.some((r) => r.pack === 'data-quality')).toBe(true);

    const show = runCli(['rules', 'show', 'exit-safe-drinking-water', '--lang', 'zh'], { cwd: dir });
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('严重程度: 警告（配置文件所设；规则本身为错误）');

    const filtered = runCli(['rules', 'show', 'exit-safe-drinking-water', '--tag', '饮水安全'], { cwd: dir });
    expect(filtered.code).toBe(2);
    expect(filtered.stderr).toContain('--tag is for rules list; it does nothing to rules show');
    const listWithId = runCli(['rules', 'list', 'exit-safe-housing'], { cwd: dir });
    expect(listWithId.code).toBe(2);
    expect(listWithId.stderr).toContain('rules list takes no rule id ("exit-safe-housing")');

    config(dir, 'rules:\n  exit-safe-housng: warning\n');
    const typo = runCli(['rules', 'list'], { cwd: dir });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('ledgerlint.config.yaml:2:21：“exit-safe-housng”不是任何规则包中的规则');
  });

  it('explains a bad file with file:line:column, in the user language, exit 2', () => {
    const dir = tempDir('ledgerlint-config-bad-');
    writeCsv(dir, 'ledger.csv', cleanLedgerRows());
    config(dir, 'year: 2020\nrules:\n  exit-safe-housing: fatal\nformats: json\n');
    const run = runCli(['check', 'ledger.csv'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('配置文件有误');
    expect(run.stderr).toMatch(/ledgerlint\.config\.yaml:3:22 {2}✖ Invalid option/);
    expect(run.stderr).toMatch(/ledgerlint\.config\.yaml:4:1 {2}✖ unknown key "formats"/);
    expect(run.stderr).not.toMatch(/\n\s+at /);

    config(dir, 'rules:\n  exit-safe-housng: warning\n');
    const typo = runCli(['check', 'ledger.csv', '--lang', 'en'], { cwd: dir });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain(
      'ledgerlint.config.yaml:2:21: "exit-safe-housng" is not a rule of any pack',
    );

    // A rule of a pack that is not selected in this run is not an error.
    config(dir, 'rules:\n  id-number-checksum: warning\n');
    expect(runCli(['check', 'ledger.csv', '--pack', 'national-exit'], { cwd: dir }).code).toBe(0);

    const missing = runCli(['check', 'ledger.csv', '--config', 'nope.yaml'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('无法读取配置文件 nope.yaml');
  });
});
