/** `ledgerlint diff` as users run it: two real CSV drops through the built CLI. */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleInPlace } from '../../src/commands/diff.js';
import type { Finding } from '../../src/findings/types.js';
import { makeIdNumber } from '../../src/normalize/idnumber.js';
import { cleanLedgerRows, runCli, tempDir, writeCsv } from '../helpers/cli.js';

/** ledgerlint.config.yaml in `dir`, one line each. */
function writeConfig(dir: string, lines: readonly string[]): void {
  writeFileSync(path.join(dir, 'ledgerlint.config.yaml'), lines.join('\n'), 'utf8');
}

const HID = 2;
const NAME = 4;
const SCHOOL = 9;
const PER_CAPITA = 26;
const HOUSE = 27;

let dir: string;
let oldFile: string;
let newFile: string;

beforeAll(() => {
  dir = tempDir('ledgerlint-diff-');
  const old = cleanLedgerRows().map((r) => [...r]);
  // A household that is gone from the new drop.
  const gone = [...(old[4] ?? [])];
  gone[HID] = '450123101001004';
  gone[NAME] = '覃远山';
  gone[5] = makeIdNumber('450123', '19580303', '071');
  old.push(gone);
  oldFile = writeCsv(dir, '2023-06.csv', old);

  const rows = cleanLedgerRows().map((r) => [...r]);
  const [header, head1, spouse1, child1, head2, daughter2] = rows as [
    string[],
    string[],
    string[],
    string[],
    string[],
    string[],
  ];
  void spouse1; // 黄秀英 is not in the new drop
  for (const r of [head1, child1]) r[PER_CAPITA] = '2000';
  child1[SCHOOL] = '非在校生';
  head2[HOUSE] = 'D';
  daughter2[HOUSE] = 'D';
  daughter2[HID] = '450123101001003'; // moved into a household of her own
  daughter2[8] = '户主';
  daughter2[HOUSE] = 'B';
  newFile = writeCsv(dir, '2023-12.csv', [header, head1, child1, head2, daughter2]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ledgerlint diff', () => {
  it('reports the changes between two drops, located in the new drop (removals in the old one)', () => {
    const run = runCli(['diff', oldFile, newFile, '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0); // warnings and infos only; --fail-on error
    const report = JSON.parse(run.stdout) as {
      packs: { id: string }[];
      summary: { persons: number; households: number; warnings: number; infos: number };
      findings: { ruleId: string; file: string; row: number; householdId: string; message: string }[];
    };
    expect(report.packs.map((p) => p.id)).toEqual(['monitoring-diff']);
    expect(report.summary).toMatchObject({ persons: 4, households: 3 });
    // Neither drop has a 监测对象类别 column: the two monitoring rules cannot compare, said once per drop.
    const missing = report.findings.filter((f) => f.ruleId === 'missing-column');
    expect(missing.map((f) => [path.basename(f.file), f.message])).toEqual([
      [
        '2023-12.csv',
        '本期台账缺少列 监测对象类别，2 条变化规则无法比较：diff-monitoring-entered、diff-monitoring-left',
      ],
      [
        '2023-06.csv',
        '上期台账缺少列 监测对象类别，2 条变化规则无法比较：diff-monitoring-entered、diff-monitoring-left',
      ],
    ]);
    const changes = report.findings.filter((f) => f.ruleId !== 'missing-column');
    expect(changes.map((f) => [f.ruleId, path.basename(f.file), f.row, f.householdId])).toEqual([
      ['diff-income-drop', '2023-12.csv', 2, '450123101001001'],
      ['diff-left-school', '2023-12.csv', 3, '450123101001001'],
      ['diff-house-became-unsafe', '2023-12.csv', 4, '450123101001002'],
      ['household-added', '2023-12.csv', 5, '450123101001003'],
      ['person-moved', '2023-12.csv', 5, '450123101001003'],
      ['person-removed', '2023-06.csv', 3, '450123101001001'],
      ['household-removed', '2023-06.csv', 7, '450123101001004'],
    ]);
    const messages = changes.map((f) => f.message);
    expect(messages[0]).toBe('人均纯收入由 5000 元降至 2000 元，下降 60%（收入骤减阈值 30%）');
    expect(messages[4]).toBe('成员 蒙小丽 由户 450123101001002 转入户 450123101001003');
  });

  it('gates like check: --fail-on warning exits 1; English with --lang en; byte-identical JSON', () => {
    const run = runCli(['diff', oldFile, newFile, '--fail-on', 'warning', '--lang', 'en']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Per-capita net income fell from 5000 to 2000 yuan');
    const a = runCli(['diff', oldFile, newFile, '--format', 'json']);
    const b = runCli(['diff', oldFile, newFile, '--format', 'json']);
    expect(a.stdout).toBe(b.stdout);
  });

  it('a param changes the threshold', () => {
    const run = runCli(['diff', oldFile, newFile, '--format', 'json', '--param', 'income_drop_ratio=0.7']);
    const report = JSON.parse(run.stdout) as { findings: { ruleId: string }[] };
    expect(report.findings.map((f) => f.ruleId)).not.toContain('diff-income-drop');
  });

  it('a column missing from one drop disables the rules that read it, with one finding', () => {
    const rows = cleanLedgerRows().map((r) => r.filter((_, i) => i !== HOUSE && i !== 28));
    const noHouse = writeCsv(dir, 'no-house.csv', rows);
    const run = runCli(['diff', noHouse, newFile, '--format', 'json']);
    const report = JSON.parse(run.stdout) as {
      findings: { ruleId: string; messageId: string; file: string; message: string }[];
    };
    const missing = report.findings.filter(
      (f) => f.ruleId === 'missing-column' && f.message.includes('diff-house-became-unsafe'),
    );
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatchObject({ messageId: 'diff-old-rules-skipped', file: noHouse });
    expect(missing[0]?.message).toContain('diff-house-became-unsafe');
    expect(report.findings.map((f) => f.ruleId)).not.toContain('diff-house-became-unsafe');
  });

  it('check refuses a pack of change rules with a pointer to diff (exit 2)', () => {
    const run = runCli(['check', newFile, '--pack', 'monitoring-diff']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('ledgerlint diff');
  });

  it('reads the project config as check does: language, format, params, rule settings, diffPacks', () => {
    const work = path.join(dir, 'with-config');
    mkdirSync(path.join(work, 'packs'), { recursive: true });
    // A pack of check's own (the config's `packs`): a setting of its rule is no unknown id to diff.
    writeFileSync(
      path.join(work, 'packs', 'county.yaml'),
      [
        'id: county-check',
        'version: 1.0.0',
        'title: {zh: 本县, en: County}',
        'description: test pack',
        'rules:',
        '  - id: county-income-rule',
        '    title: {zh: 本县收入, en: County income}',
        '    severity: error',
        '    scope: household',
        '    assert: h.income_per_capita > 4000',
        '    messages:',
        '      below: {zh: 低于标准, en: Below the line}',
        '    fields: [income_per_capita]',
        '    source: test',
      ].join('\n'),
      'utf8',
    );
    const configText = [
      'lang: en',
      'format: json',
      'packs: [packs/county.yaml]',
      'params:',
      '  income_drop_ratio: 0.7',
      'rules:',
      '  county-income-rule: warning',
      '  diff-left-school: "off"',
      '  diff-house-became-unsafe: error',
      '  missing-column: "off"',
    ];
    writeConfig(work, configText);
    const run = runCli(['diff', oldFile, newFile], { cwd: work });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1); // diff-house-became-unsafe set to error
    const report = JSON.parse(run.stdout) as {
      packs: { id: string }[];
      findings: { ruleId: string; severity: string; message: string }[];
    };
    expect(report.packs.map((p) => p.id)).toEqual(['monitoring-diff']);
    const ids = report.findings.map((f) => f.ruleId);
    expect(ids).not.toContain('diff-income-drop'); // a drop of 60% is under the config's 70%
    expect(ids).not.toContain('diff-left-school');
    expect(ids).not.toContain('missing-column');
    const unsafe = report.findings.find((f) => f.ruleId === 'diff-house-became-unsafe');
    expect(unsafe?.severity).toBe('error');
    expect(report.findings.find((f) => f.ruleId === 'person-moved')?.message).toMatch(/^Member /);

    // Flags win over the file; --no-config reads none; --config names another file.
    const flags = runCli(['diff', oldFile, newFile, '--lang', 'zh', '--format', 'text'], { cwd: work });
    expect(flags.stdout).toContain('成员 蒙小丽');
    const none = runCli(['diff', oldFile, newFile, '--no-config', '--format', 'json'], { cwd: work });
    expect(none.code).toBe(0);
    const plain = JSON.parse(none.stdout) as { findings: { ruleId: string }[] };
    expect(plain.findings.map((f) => f.ruleId)).toEqual(
      expect.arrayContaining(['diff-income-drop', 'diff-left-school', 'missing-column']),
    );
    // `diffPacks` names diff's packs (`packs` are check's); --pack wins over it.
    writeFileSync(path.join(work, 'other.yaml'), 'diffPacks: [data-quality]\n', 'utf8');
    const wrong = runCli(['diff', oldFile, newFile, '--config', 'other.yaml'], { cwd: work });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('data-quality');
    const packFlag = runCli(
      ['diff', oldFile, newFile, '--config', 'other.yaml', '--pack', 'monitoring-diff'],
      {
        cwd: work,
      },
    );
    expect(packFlag.code).toBe(0);
    // A setting naming no rule of any pack is still a config error, with where it is written.
    writeFileSync(path.join(work, 'typo.yaml'), 'rules:\n  diff-income-dorp: "off"\n', 'utf8');
    const typo = runCli(['diff', oldFile, newFile, '--config', 'typo.yaml'], { cwd: work });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('typo.yaml:2:');
    expect(typo.stderr).toContain('diff-income-dorp');
  });

  it("does not load check's packs when every setting names a built-in rule or finding type", () => {
    const work = path.join(dir, 'broken-check-pack');
    mkdirSync(work, { recursive: true });
    writeFileSync(path.join(work, 'broken.yaml'), 'id: broken\nrules: [\n', 'utf8');
    const settings = [
      'packs: [broken.yaml]',
      'format: json',
      'rules:',
      '  diff-left-school: "off"',
      '  missing-column: "off"',
    ];
    writeConfig(work, settings);
    const run = runCli(['diff', oldFile, newFile], { cwd: work });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const ids = (JSON.parse(run.stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId);
    expect(ids).not.toContain('diff-left-school');
    expect(ids).toContain('diff-income-drop');
    // check itself still reports the broken pack.
    expect(runCli(['check', newFile], { cwd: work }).code).toBe(2);
  });

  it('settles findings in place, past the number a spread of arguments could take', () => {
    const findings = Array.from({ length: 600_000 }, (_, i) => ({ ruleId: i % 2 ? 'keep' : 'drop', i }));
    const settle = (f: (typeof findings)[number]) => (f.ruleId === 'drop' ? null : { ...f, ruleId: 'kept' });
    settleInPlace(findings as unknown as Finding[], settle as unknown as (f: Finding) => Finding | null);
    expect(findings).toHaveLength(300_000);
    expect(findings[0]).toEqual({ ruleId: 'kept', i: 1 });
    expect(findings.at(-1)).toEqual({ ruleId: 'kept', i: 599_999 });
  });

  it('an unreadable drop is exit 2 with the file named', () => {
    const run = runCli(['diff', path.join(dir, 'nope.csv'), newFile]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('nope.csv');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
