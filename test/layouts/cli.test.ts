/**
 * The layout fixtures through the built CLI (npm run build first): household fields filled on some rows
 * only, the report's record of how each input was read, --profile, and the one message for a file
 * ledgerlint cannot understand.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { layoutFile } from './read.js';

const PROBE = path.join('test', 'layouts', 'probe-pack.yaml');
const noTrace = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);

interface JsonFinding {
  ruleId: string;
  householdId: string | null;
  row: number | null;
  data: Record<string, unknown>;
}

function probe(file: string): Map<string | null, Record<string, unknown>> {
  const run = runCli(['check', layoutFile(file), '--pack', PROBE, '--format', 'json', '--show-pii']);
  expect(run.stderr).toBe('');
  const report = JSON.parse(run.stdout) as { findings: JsonFinding[] };
  return new Map(
    report.findings.filter((f) => f.ruleId === 'probe-household').map((f) => [f.householdId, f.data]),
  );
}

describe('household fields filled on some rows only reach the household', () => {
  it('on the 户主 row only (township workbook)', () => {
    const households = probe('township-handmade.xlsx');
    expect(households.get('0101')).toEqual({ income: '5200', phone: '13712345678', head: '黄大' });
    expect(households.get('0102')).toEqual({ income: '3900', phone: '-', head: '李老' });
    expect(households.get('0201')).toEqual({ income: '6100', phone: '13512345678', head: '蒙四' });
  });

  it('on the first member row, the 户主 listed second (2016–2020 export)', () => {
    const households = probe('nfx-2016.xlsx');
    expect(households.get('452226101001002')).toEqual({ income: '-', phone: '13912345678', head: '-' });
    expect(households.get('452226101001001')).toEqual({ income: '4000', phone: '13812345678', head: '-' });
  });

  it('on every member row (2021+ export)', () => {
    const households = probe('monitoring-2021.xlsx');
    expect(households.get('450000202100001')).toMatchObject({ income: '5400' });
    expect(households.get('450000202100002')).toMatchObject({ income: '6600' });
  });
});

describe('the JSON report says how each input was read (fields added to inputs)', () => {
  it('encoding, dialect and profile', () => {
    const run = runCli([
      'check',
      layoutFile('gbk-comma.csv'),
      layoutFile('nfx-2016.xlsx'),
      '--pack',
      PROBE,
      '--format',
      'json',
    ]);
    const report = JSON.parse(run.stdout) as {
      inputs: { encoding?: unknown; dialect?: unknown; sheets: { profile?: unknown }[] }[];
    };
    expect(report.inputs[0]).toMatchObject({
      encoding: { name: 'gb18030', reason: 'fallback' },
      dialect: { delimiter: ',', quote: '"', reason: 'sniffed' },
    });
    expect(report.inputs[1]).toMatchObject({ encoding: null, dialect: null });
    expect(report.inputs[1]?.sheets[0]?.profile).toEqual({ name: 'nfx-2016', reason: 'auto', score: 31 });
  });
});

describe('--profile', () => {
  it('names a built-in profile on check and inspect', () => {
    const run = runCli([
      'inspect',
      layoutFile('nfx-2016.xlsx'),
      '--profile',
      'form-2014',
      '--format',
      'json',
    ]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { files: { sheets: { profile: unknown }[] }[] };
    expect(report.files[0]?.sheets[0]?.profile).toMatchObject({ name: 'form-2014', reason: 'option' });
  });

  it('takes a profile file of the user’s own', () => {
    const dir = tempDir();
    const file = path.join(dir, 'mine.yaml');
    writeFileSync(
      file,
      [
        'name: my-county',
        'title: { zh: 本县导出, en: Our county export }',
        'era: "2020"',
        'source: local',
        'aliases:',
        '  household_id: [家庭户号]',
        '  name: [成员名]',
        '  id_number: [身份号]',
      ].join('\n'),
    );
    const csv = path.join(dir, 'ours.csv');
    writeFileSync(csv, '家庭户号,成员名,身份号\r\n1001,甲,452122198001010119\r\n');
    const plain = runCli(['check', csv, '--pack', PROBE]);
    expect(plain.code).toBe(2);
    const run = runCli(['inspect', csv, '--profile', file, '--format', 'json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as {
      files: { sheets: { columns: { field: string; match: string }[]; profile: unknown }[] }[];
    };
    const sheet = report.files[0]?.sheets[0];
    expect(sheet?.profile).toMatchObject({ name: 'my-county', reason: 'option' });
    expect(sheet?.columns.map((c) => [c.field, c.match])).toEqual([
      ['household_id', 'profile'],
      ['name', 'profile'],
      ['id_number', 'profile'],
    ]);
  });

  it('an unknown profile or a bad profile file: exit 2, a short message', () => {
    const unknown = runCli(['check', layoutFile('nfx-2016.xlsx'), '--profile', 'no-such']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('找不到列配置档“no-such”');
    expect(unknown.stderr).toContain('township-handmade');
    const dir = tempDir();
    const bad = path.join(dir, 'bad.yaml');
    writeFileSync(
      bad,
      'name: bad\ntitle: { zh: 坏, en: bad }\nera: x\nsource: x\naliases:\n  name: [姓名]\n',
    );
    const run = runCli(['check', layoutFile('nfx-2016.xlsx'), '--profile', bad, '--lang', 'en']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('bad.yaml:6');
    expect(run.stderr).toContain('already a dictionary header of name');
    noTrace(run.stderr);
  });
});

describe('a file ledgerlint cannot understand: one clear message, exit 2', () => {
  it('says what was expected, what was found and what to try', () => {
    const run = runCli(['check', layoutFile('not-a-ledger.csv')]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    for (const part of [
      '没有找到台账表头',
      '需要：',
      '找到：文件没有可识别的表头，第一行是“会议记录”',
      '--sheet',
      '--encoding',
      '--profile',
      'form-2014',
    ]) {
      expect(run.stderr).toContain(part);
    }
    noTrace(run.stderr);
  });

  it('a GBK file read as UTF-8 is not silently mis-mapped', () => {
    const run = runCli(['check', layoutFile('gbk-comma.csv'), '--encoding', 'utf8', '--lang', 'en']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('No ledger header found');
    expect(run.stderr).toContain('--encoding gb18030');
    noTrace(run.stderr);
  });

  it('a workbook whose sheets are all skipped names each sheet and why', () => {
    const run = runCli(['check', layoutFile('township-handmade.xlsx'), '--sheet', '汇总', '--lang', 'en']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('sheet "汇总" has a header without 户编号, 姓名 or 证件号码');
    expect(run.stderr).toContain('Try: --sheet <name>');
  });
});
