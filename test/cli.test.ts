/**
 * The CLI as a process: exit codes 0 / 1 / 2, both formats, languages, atomic output, no stack traces.
 * Runs the built binary (npm test builds first).
 */
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cleanLedgerRows, runCli, tempDir, writeCsv } from './helpers/cli.js';

let dir: string;
let clean: string;
let dirty: string;

beforeAll(() => {
  dir = tempDir();
  clean = writeCsv(dir, 'clean.csv', cleanLedgerRows());
  const rows = cleanLedgerRows().map((r) => [...r]);
  const header = rows[0] ?? [];
  const col = (name: string) => header.indexOf(name);
  // Row 2 of the file: the head of household 1 gets a broken check digit; row 4 (a child) is out of school.
  const first = rows[1];
  const child = rows[3];
  if (!first || !child) throw new Error('fixture rows missing');
  const id = first[col('证件号码')] ?? '';
  first[col('证件号码')] = id.slice(0, 17) + (id.endsWith('0') ? '1' : '0');
  child[col('在校生状况')] = '非在校生';
  dirty = writeCsv(dir, 'dirty.csv', rows);
});

describe('ledgerlint check', () => {
  it('exits 0 on a clean ledger and says so', () => {
    const run = runCli(['check', clean]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('未发现问题');
    expect(run.stdout).toContain('5 人、2 户');
  });

  it('exits 1 when there are errors, naming row, column and rule', () => {
    const run = runCli(['check', dirty]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /第2行 F列\s+错误\s+证件号码“4501\*{10}\d{3}[\dX]”校验位错误\s+id-number-checksum/,
    );
    expect(run.stdout).toContain('exit-compulsory-education');
  });

  it('masks ID numbers unless --show-pii', () => {
    const masked = runCli(['check', dirty, '--format', 'json']).stdout;
    expect(masked).not.toMatch(/\d{17}[\dX]/);
    const shown = JSON.parse(runCli(['check', dirty, '--format', 'json', '--show-pii']).stdout);
    const checksum = shown.findings.find((f: { ruleId: string }) => f.ruleId === 'id-number-checksum');
    expect(checksum.data.id).toMatch(/^4501\d{13}[\dX]$/);
  });

  it('writes the JSON contract, byte-identical across runs', () => {
    const a = runCli(['check', dirty, '--format', 'json']);
    const b = runCli(['check', dirty, '--format', 'json']);
    expect(a.code).toBe(1);
    expect(a.stdout).toBe(b.stdout);
    const report = JSON.parse(a.stdout);
    expect(report.schemaVersion).toBe(1);
    expect(report.tool.name).toBe('ledgerlint');
    expect(report.packs.map((p: { id: string }) => p.id)).toEqual(['national-exit', 'data-quality']);
    expect(report.inputs[0].file).toBe(dirty);
    expect(report.inputs[0].sheets[0]).toMatchObject({
      name: null,
      headerRows: [1],
      firstDataRow: 2,
      dataRows: 5,
    });
    expect(report.summary).toMatchObject({ persons: 5, households: 2, errors: 2 });
    const checksum = report.findings.find((f: { ruleId: string }) => f.ruleId === 'id-number-checksum');
    expect(checksum).toMatchObject({
      severity: 'error',
      messageId: 'bad-checksum',
      scope: 'person',
      sheet: null,
      row: 2,
      column: 'F',
      field: 'id_number',
      householdId: '450123101001001',
      township: '青山乡',
      village: '石桥村',
      name: '韦丰年',
      headName: '韦丰年',
    });
    expect(Object.keys(checksum)).toEqual([
      'ruleId',
      'severity',
      'messageId',
      'message',
      'data',
      'scope',
      'file',
      'sheet',
      'row',
      'column',
      'field',
      'householdId',
      'township',
      'village',
      'name',
      'headName',
      'fingerprint',
    ]);
  });

  it('speaks English with --lang en or an English locale', () => {
    const flag = runCli(['check', dirty, '--lang', 'en']);
    expect(flag.stdout).toContain('has a wrong check digit');
    expect(flag.stdout).toContain('row 2 col F');
    const locale = runCli(['check', dirty], { env: { LANG: 'en_US.UTF-8' } });
    expect(locale.stdout).toContain('has a wrong check digit');
  });

  it('writes --output atomically and leaves no temporary file', () => {
    const out = path.join(dir, 'report.json');
    const run = runCli(['check', dirty, '--format', 'json', '--output', out]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).summary.errors).toBe(2);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writes to a device such as /dev/null without replacing it', () => {
    const run = runCli(['check', dirty, '--format', 'json', '--output', '/dev/null']);
    expect(run.code).toBe(1);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('applies --max-warnings', () => {
    const rows = cleanLedgerRows().map((r) => [...r]);
    const phone = (rows[0] ?? []).indexOf('户联系电话');
    for (const r of rows.slice(1, 4)) r[phone] = '1380000000';
    const file = writeCsv(dir, 'warn.csv', rows);
    expect(runCli(['check', file]).code).toBe(0);
    const strict = runCli(['check', file, '--max-warnings', '0']);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('--max-warnings 0');
  });

  it('gates: --fail-on, --quiet and --max-findings-per-rule keep counts exact', () => {
    const rows = cleanLedgerRows().map((r) => [...r]);
    const phone = (rows[0] ?? []).indexOf('户联系电话');
    for (const r of rows.slice(1)) r[phone] = '1380000000';
    const file = writeCsv(dir, 'warn-only.csv', rows);
    expect(runCli(['check', file]).code).toBe(0);
    expect(runCli(['check', file, '--fail-on', 'warning']).code).toBe(1);
    expect(runCli(['check', file, '--fail-on', 'info']).code).toBe(1);
    const quiet = JSON.parse(runCli(['check', file, '--format', 'json', '--quiet']).stdout);
    expect(quiet.findings).toEqual([]);
    expect(quiet.summary.warnings).toBe(2);
    expect(quiet.summary.byRule['phone-format']).toEqual({
      severity: 'warning',
      count: 2,
      households: 2,
      omitted: 2,
    });
    const capped = JSON.parse(
      runCli(['check', 'fixtures/demo/demo-county.xlsx', '--format', 'json', '--max-findings-per-rule', '1'])
        .stdout,
    );
    expect(capped.summary.byRule['id-number-unique']).toMatchObject({ count: 2, omitted: 1 });
    expect(capped.findings.filter((f: { ruleId: string }) => f.ruleId === 'id-number-unique')).toHaveLength(
      1,
    );
  });

  it('writes several formats at once and summarizes by township and village', () => {
    const out = path.join(dir, 'reports');
    const run = runCli([
      'check',
      'fixtures/demo/demo-county.xlsx',
      '--format',
      'json',
      '--format',
      'text',
      '--output-dir',
      out,
      '--summary',
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const report = JSON.parse(readFileSync(path.join(out, 'ledgerlint-report.json'), 'utf8'));
    const areas = report.summary.byArea as {
      persons: number;
      households: number;
      township: string;
      village: string;
    }[];
    expect(areas.reduce((n, a) => n + a.persons, 0)).toBe(236);
    expect(areas.reduce((n, a) => n + a.households, 0)).toBe(60);
    expect(areas).toHaveLength(8);
    expect(areas[0]).toMatchObject({ township: '田峰乡', village: '平南村' });
    expect(Object.values(report.summary.byStatus as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(
      60,
    );
    expect(readFileSync(path.join(out, 'ledgerlint-report.txt'), 'utf8')).toContain('按乡镇、村汇总');
    const both = runCli(['check', clean, '--format', 'json', '--format', 'text']);
    expect(both.code).toBe(2);
    const named = path.join(dir, 'named.json');
    expect(runCli(['check', clean, '--format', `json=${named}`, '--format', 'text']).code).toBe(0);
    expect(JSON.parse(readFileSync(named, 'utf8')).summary.persons).toBe(5);
  });

  it('baselines survive re-sorted and renamed files; new findings still fail', () => {
    const baseline = path.join(dir, 'baseline.json');
    const accepted = runCli([
      'check',
      dirty,
      '--baseline',
      baseline,
      '--update-baseline',
      '--format',
      'json',
    ]);
    expect(accepted.code).toBe(1);
    const original = JSON.parse(accepted.stdout).findings as { row: number }[];
    expect(original.length).toBeGreaterThanOrEqual(2);
    const onChildRow = original.filter((f) => f.row === 4).length;
    expect(onChildRow).toBeGreaterThanOrEqual(1);
    const rows = readFileSync(dirty, 'utf8').trimEnd().split('\r\n');
    const [header, ...data] = rows;
    // Households in the other order, under another file name: the same findings on other rows.
    const resorted = path.join(dir, 're-exported.csv');
    writeFileSync(resorted, [header, ...data.slice(3), ...data.slice(0, 3)].join('\r\n') + '\r\n');
    const same = JSON.parse(runCli(['check', resorted, '--baseline', baseline, '--format', 'json']).stdout);
    expect(same.findings).toEqual([]);
    expect(same.summary.baseline).toEqual({ matched: original.length, disappeared: 0 });
    const text = runCli(['check', resorted, '--baseline', baseline]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`基线已接受 ${original.length} 个问题`);
    // A new defect is reported; a fixed one shows as disappeared.
    const changed = path.join(dir, 'changed.csv');
    const cells = (data[4] ?? '').split(',');
    cells[5] = (cells[5] ?? '').slice(0, 17) + ((cells[5] ?? '').endsWith('0') ? '1' : '0');
    const fixed = (data[2] ?? '').split(',');
    fixed[9] = '小学';
    writeFileSync(
      changed,
      [header, data[0], data[1], fixed.join(','), data[3], cells.join(',')].join('\r\n') + '\r\n',
    );
    const next = JSON.parse(runCli(['check', changed, '--baseline', baseline, '--format', 'json']).stdout);
    expect(next.findings.map((f: { ruleId: string; row: number }) => [f.ruleId, f.row])).toEqual([
      ['id-number-checksum', 6],
    ]);
    expect(next.summary.baseline).toEqual({ matched: original.length - onChildRow, disappeared: onChildRow });
    expect(runCli(['check', changed, '--baseline', path.join(dir, 'no-such-baseline.json')]).code).toBe(2);
  });

  it('waives accepted exceptions with their reason until they expire', () => {
    const json = (args: string[]) => JSON.parse(runCli(['check', dirty, '--format', 'json', ...args]).stdout);
    const before = json([]);
    const checksum = before.findings.find((f: { ruleId: string }) => f.ruleId === 'id-number-checksum');
    const school = before.findings.find((f: { ruleId: string }) => f.ruleId === 'exit-compulsory-education');
    const idOfRow2 = (readFileSync(dirty, 'utf8').split('\r\n')[1] ?? '').split(',')[5];
    const waivers = path.join(dir, 'waivers.yaml');
    writeFileSync(
      waivers,
      [
        'waivers:',
        '  - rule: id-number-checksum',
        `    person: "${idOfRow2}"`,
        '    reason: 公安户籍系统号码如此，已核实',
        '    by: 韦统计',
        '    until: 2021-06-30',
        '  - rule: exit-compulsory-education',
        `    household: "${school.householdId}"`,
        '    reason: 已办理休学',
        '    by: 韦统计',
        '    until: 2019-12-31',
        '  - rule: phone-format',
        '    household: "450123101001002"',
        '    reason: 无此问题',
        '    by: 韦统计',
        '    until: 2030-01-01',
        '',
      ].join('\n'),
    );
    const after = json(['--waivers', waivers]);
    expect(after.waived).toHaveLength(1);
    expect(after.waived[0]).toMatchObject({
      ruleId: 'id-number-checksum',
      row: checksum.row,
      waiver: { by: '韦统计' },
    });
    expect(after.findings.map((f: { ruleId: string }) => f.ruleId)).not.toContain('id-number-checksum');
    expect(after.findings.map((f: { ruleId: string }) => f.ruleId)).toContain('exit-compulsory-education');
    expect(after.summary.waivers).toEqual({ applied: 1, expired: 1, unused: 1 });
    expect(after.summary.errors).toBe(before.summary.errors - 1);
    expect(JSON.stringify(after)).not.toContain(idOfRow2);
    const text = runCli(['check', dirty, '--waivers', waivers]).stdout;
    expect(text).toContain('豁免理由：公安户籍系统号码如此，已核实');
    writeFileSync(
      waivers,
      'waivers:\n  - rule: id-number-checksum\n    reason: x\n    by: y\n    until: 2021-06-30\n',
    );
    const bad = runCli(['check', dirty, '--waivers', waivers]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${waivers}:2:`);
  });

  it('selects the year and overrides params', () => {
    const json = (args: string[]) => JSON.parse(runCli(['check', clean, '--format', 'json', ...args]).stdout);
    expect(json(['--year', '2016']).params.byPack['national-exit'].poverty_line).toBe(2952);
    const raised = json(['--param', 'poverty_line=8000']);
    expect(raised.params.byPack['national-exit'].poverty_line).toBe(8000);
    expect(raised.summary.byRule['exit-income-above-line'].count).toBe(2);
  });

  it('reads a GB18030 CSV with other header spellings and a BOM-less UTF-8 one alike', async () => {
    const iconv = (await import('iconv-lite')).default;
    const rows = cleanLedgerRows();
    const text = `${rows.map((r) => r.join(',')).join('\r\n')}\r\n`;
    const gbk = path.join(dir, 'clean-gbk.csv');
    writeFileSync(
      gbk,
      iconv.encode(text.replace('证件号码', '公民身份号码').replace('家庭人口数', '人数'), 'gb18030'),
    );
    const run = runCli(['check', gbk, '--format', 'json']);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout);
    expect(report.summary.persons).toBe(5);
    expect(report.summary.errors).toBe(0);
    const fields = report.inputs[0].sheets[0].columns.map((c: { field: string }) => c.field);
    expect(fields).toContain('id_number');
    expect(fields).toContain('household_size');
  });
});

describe('ledgers without a 户编号 column', () => {
  it('reports the missing column once, not once per row, at the header row', () => {
    const rows = cleanLedgerRows();
    const drop = (rows[0] ?? []).indexOf('户编号');
    const file = writeCsv(dir, 'no-household-id.csv', [
      ['青山乡建档立卡贫困人口花名册'],
      ...rows.map((r) => r.filter((_, i) => i !== drop)),
    ]);
    const report = JSON.parse(runCli(['check', file, '--format', 'json']).stdout);
    const missing = report.findings.filter((f: { ruleId: string }) => f.ruleId === 'missing-household-id');
    expect(missing).toMatchObject([
      { messageId: 'no-column', scope: 'input', row: 2, column: null, field: 'household_id' },
    ]);
    expect(report.summary.persons).toBe(5);
  });
});

describe('could not run: exit 2, a short message, no stack trace', () => {
  const noTrace = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);

  it('a missing file', () => {
    const run = runCli(['check', path.join(dir, 'nope.csv')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('nope.csv');
    noTrace(run.stderr);
  });

  it('a file with no ledger in it', () => {
    const file = writeCsv(dir, 'notes.csv', [['说明'], ['这是一份说明文件']]);
    const run = runCli(['check', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('没有找到台账表头');
  });

  it('an unknown option, a bad year, an unknown param, an unknown pack', () => {
    for (const args of [
      ['check', clean, '--frobnicate'],
      ['check', clean, '--year', '20x0'],
      ['check', clean, '--param', 'nonsense=1'],
      ['check', clean, '--pack', 'no-such-pack'],
      ['check', clean, '--format', 'pdf'],
      ['check'],
    ]) {
      const run = runCli(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr.length, args.join(' ')).toBeGreaterThan(0);
      noTrace(run.stderr);
    }
  });

  it('an invalid pack names file:line:column', () => {
    const pack = path.join(dir, 'bad-pack.yaml');
    writeFileSync(
      pack,
      [
        'id: bad-pack',
        'version: 1.0.0',
        'title: {zh: 坏规则包, en: Bad pack}',
        'description: test',
        'rules:',
        '  - id: typo-rule',
        '    title: {zh: 拼写错误, en: Typo}',
        '    severity: error',
        '    scope: person',
        '    assert: p.agee > 1',
        '    messages: {m: {zh: 错, en: wrong}}',
        '    fields: [name]',
        '    source: test',
        '',
      ].join('\n'),
    );
    const run = runCli(['check', clean, '--pack', pack]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${pack}:10:`);
    expect(run.stderr).toContain('agee');
    noTrace(run.stderr);
  });

  it('--debug shows the stack', () => {
    const run = runCli(['check', path.join(dir, 'nope.csv'), '--debug']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/\n\s+at /);
  });
});

describe('ledgerlint rules', () => {
  it('lists every rule with severity, scope and title', () => {
    const run = runCli(['rules', '--format', 'json']);
    expect(run.code).toBe(0);
    const rules = JSON.parse(run.stdout) as { id: string; severity: string; scope: string }[];
    expect(rules.map((r) => r.id)).toContain('exit-income-above-line');
    expect(rules.map((r) => r.id)).toContain('id-number-unique');
    const text = runCli(['rules']);
    expect(text.stdout).toContain('人均纯收入超过国家扶贫标准');
  });
});

describe('input files are never modified', () => {
  it('leaves the input byte-identical', () => {
    const before = readFileSync(dirty);
    runCli(['check', dirty, '--output', path.join(dir, 'x.txt')]);
    expect(readFileSync(dirty).equals(before)).toBe(true);
    expect(existsSync(path.join(dir, 'x.txt'))).toBe(true);
  });
});
