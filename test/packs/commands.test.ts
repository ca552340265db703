/**
 * `ledgerlint rules list|show` and `ledgerlint packs validate` through the built CLI as a process.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPackSync } from '../../src/packs/registry.js';
import { cleanLedgerRows, runCli, tempDir, writeCsv } from '../helpers/cli.js';

let dir: string;

const pack = (body: string) => `id: my-pack
version: 1.0.0
title: {zh: 我的包, en: My pack}
description: test
${body}`;

const ruleYaml = (assert: string) => `rules:
  - id: my-rule
    title: {zh: 我的规则, en: My rule}
    severity: warning
    scope: household
    assert: ${assert}
    messages:
      bad: {zh: 不好, en: Bad}
    fields: [income_per_capita]
    source: test
`;

beforeAll(() => {
  dir = tempDir('ledgerlint-packs-cmd-');
});

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text, 'utf8');
  return file;
}

describe('ledgerlint rules', () => {
  it('list filters by pack, scope and tag; bare `rules` still lists', () => {
    const run = runCli(['rules', 'list', '--pack', 'shaanxi', '--scope', 'person', '--format', 'json']);
    expect(run.code).toBe(0);
    const rows = JSON.parse(run.stdout) as { id: string; pack: string; scope: string }[];
    expect(rows.map((r) => r.id)).toEqual([
      'exit-compulsory-education',
      'exit-basic-medical-insurance',
      'shaanxi-critical-illness-insurance',
    ]);
    expect(new Set(rows.map((r) => r.pack))).toEqual(new Set(['shaanxi']));

    const tagged = runCli(['rules', '--pack', 'sichuan', '--tag', '四川', '--lang', 'en']);
    expect(tagged.code).toBe(0);
    expect(tagged.stdout).toContain('sichuan-broadcast-tv');
    expect(tagged.stdout).not.toContain('exit-safe-housing');
    expect(tagged.stdout).toContain('2 rules');
  });

  it('show prints title, pack, scope, severity, description, source, params with values, expression', () => {
    const run = runCli(['rules', 'show', 'exit-income-above-line', '--lang', 'en']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('exit-income-above-line — Per-capita net income above the poverty line');
    expect(run.stdout).toMatch(/Pack: national-exit \d+\.\d+\.\d+/);
    expect(run.stdout).toContain('Scope: household    Severity: error');
    expect(run.stdout).toMatch(/Source: 《关于建立贫困退出机制的意见》/);
    expect(run.stdout).toContain('params.poverty_line — National poverty line');
    expect(run.stdout).toContain('2020: 4000');
    expect(run.stdout).toContain('Expression: h.income_per_capita > (params.use_exit_threshold');
    expect(run.stdout).toContain('docs/rules/national-exit/exit-income-above-line.md');

    // Within a pack that extends national-exit, the inherited rule shows that pack's param values.
    const json = JSON.parse(
      runCli(['rules', 'show', 'exit-income-above-line', '--pack', 'shaanxi', '--format', 'json']).stdout,
    ) as { pack: string; extends: string[]; params: { poverty_line: { byYear: Record<string, number> } } };
    expect(json.pack).toBe('shaanxi');
    expect(json.extends).toEqual(['national-exit']);
    expect(json.params.poverty_line.byYear['2020']).toBe(4348);
  });

  it('show of an unknown rule, or without an id, is exit 2 with a message', () => {
    const run = runCli(['rules', 'show', 'no-such-rule']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('没有规则“no-such-rule”');
    expect(runCli(['rules', 'show']).code).toBe(2);
    expect(runCli(['rules', 'frob', '--lang', 'en']).stderr).toContain('Unknown rules command "frob"');
  });
});

describe('ledgerlint packs validate', () => {
  it('accepts a valid pack and a pack extending a built-in one', () => {
    const ok = runCli(['packs', 'validate', write('ok.yaml', pack(ruleYaml('h.income_per_capita > 1.0')))]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('规则包 my-pack 1.0.0 有效，1 条规则');

    const child = write(
      'child.yaml',
      `${pack(ruleYaml('h.income_per_capita > params.poverty_line'))}extends: sichuan\n`,
    );
    const run = runCli(['packs', 'validate', child, '--lang', 'en']);
    expect(run.code).toBe(0);
    const inherited = loadPackSync('sichuan').pack.rules.length;
    expect(run.stdout).toContain(`${inherited + 1} rules (${inherited} inherited)`);
    expect(run.stdout).toContain('extends: sichuan → national-exit');
  });

  it('prints file:line:column of a type error and exits 2', () => {
    const file = write('bad.yaml', pack(ruleYaml('h.income_per_capita > "many"')));
    const run = runCli(['packs', 'validate', file]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('规则包有 1 处错误');
    expect(run.stderr).toMatch(/bad\.yaml:10:13 {2}✖ invalid expression/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports an unknown base and a duplicate rule id at their place', () => {
    const unknown = write('unknown.yaml', `${pack(ruleYaml('h.income_per_capita > 0.0'))}extends: nowhere\n`);
    const run = runCli(['packs', 'validate', unknown, '--lang', 'en']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown\.yaml:15:10 {2}✖ unknown base pack "nowhere"/);

    const dup = write(
      'dup.yaml',
      `${pack(ruleYaml('h.income_per_capita > 0.0').replace('my-rule', 'exit-safe-housing'))}extends: national-exit\n`,
    );
    const dupRun = runCli(['packs', 'validate', dup]);
    expect(dupRun.code).toBe(2);
    expect(dupRun.stderr).toMatch(
      /dup\.yaml:6:9 {2}✖ rule "exit-safe-housing" is already a rule of base pack/,
    );
  });
});

describe('ledgerlint check --pack shaanxi', () => {
  it("runs national-exit's rules with Shaanxi's line, once, and lists the pack with its base", () => {
    // Household 2 has 4200 yuan per person in 2020: above the national line (4000), below Shaanxi's (4348).
    const rows = cleanLedgerRows().map((r) => [...r]);
    const header = rows[0] ?? [];
    for (const row of rows.slice(1)) {
      if (row[header.indexOf('户编号')] === '450123101001002') row[header.indexOf('人均纯收入')] = '4200';
    }
    const ledger = writeCsv(dir, 'ledger.csv', rows);
    type Report = {
      packs: unknown[];
      findings: { ruleId: string; householdId: string | null; message: string }[];
    };
    const national = JSON.parse(
      runCli(['check', ledger, '--pack', 'national-exit', '--format', 'json']).stdout,
    ) as Report;
    expect(national.findings.filter((f) => f.ruleId === 'exit-income-above-line')).toEqual([]);

    const run = runCli(['check', ledger, '--pack', 'national-exit', '--pack', 'shaanxi', '--format', 'json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.packs).toEqual([{ id: 'shaanxi', version: '1.0.0', extends: ['national-exit'] }]);
    const income = report.findings.filter((f) => f.ruleId === 'exit-income-above-line');
    expect(income.map((f) => f.householdId)).toEqual(['450123101001002']);
    expect(income[0]?.message).toContain('4348');
  });
});
