/** Running the built CLI as a child process, the way users and CI run it. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeIdNumber } from '../../src/normalize/idnumber.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = path.join(ROOT, 'bin', 'ledgerlint.js');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(
  args: readonly string[],
  options: { env?: Record<string, string>; cwd?: string } = {},
): CliRun {
  const env: Record<string, string> = { ...(process.env as Record<string, string>), ...options.env };
  delete env.FORCE_COLOR;
  delete env.LC_ALL;
  delete env.LC_MESSAGES;
  if (!options.env?.LANG) delete env.LANG;
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function tempDir(prefix = 'ledgerlint-test-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

const HEADER = [
  '乡(镇)',
  '行政村',
  '户编号',
  '家庭人口数',
  '姓名',
  '证件号码',
  '性别',
  '出生日期',
  '与户主关系',
  '在校生状况',
  '文化程度',
  '劳动技能',
  '是否参加城乡居民基本医疗保险',
  '是否参加城镇职工基本医疗保险',
  '脱贫属性',
  '脱贫年度',
  '贫困户属性',
  '主要致贫原因',
  '健康状况',
  '义务教育阶段未上学原因',
  '工资性收入',
  '生产经营性收入',
  '财产性收入',
  '转移性收入',
  '生产经营性支出',
  '纯收入',
  '人均纯收入',
  '危房等级',
  '是否危房户',
  '饮水是否安全',
  '饮水是否困难',
  '户联系电话',
  '建档年度',
];

/** A small synthetic ledger (invented names, valid-checksum fake IDs) that every default rule passes. */
export function cleanLedgerRows(): string[][] {
  const household = (
    id: string,
    phone: string,
    people: [string, string, string, string, string, string, string][],
  ) =>
    people.map(([name, birth, seq, sex, relation, school, labor]) => [
      '青山乡',
      '石桥村',
      id,
      String(people.length),
      name,
      makeIdNumber('450123', birth.replace(/-/g, ''), seq),
      sex,
      birth,
      relation,
      school,
      school === '非在校生' ? '初中' : '',
      labor,
      '是',
      '否',
      '已脱贫',
      '2018',
      '一般脱贫户',
      '缺技术',
      '健康',
      '',
      '12000',
      '3000',
      '0',
      '1000',
      '1000',
      '15000',
      (15000 / people.length).toFixed(2),
      'B',
      '否',
      '是',
      '否',
      phone,
      '2015',
    ]);
  return [
    HEADER,
    ...household('450123101001001', '13800000001', [
      ['韦丰年', '1975-04-02', '011', '男', '户主', '非在校生', '普通劳动力'],
      ['黄秀英', '1977-08-19', '022', '女', '配偶', '非在校生', '普通劳动力'],
      ['韦小明', '2010-09-01', '031', '男', '之子', '小学', '无劳动力'],
    ]),
    ...household('450123101001002', '13900000002', [
      ['蒙桂兰', '1962-02-11', '042', '女', '户主', '非在校生', '普通劳动力'],
      ['蒙小丽', '1988-12-30', '062', '女', '之女', '非在校生', '技能劳动力'],
    ]),
  ];
}

export function writeCsv(
  dir: string,
  name: string,
  rows: readonly (readonly string[])[],
  bom = false,
): string {
  const file = path.join(dir, name);
  writeFileSync(file, `${bom ? '\uFEFF' : ''}${rows.map((r) => r.join(',')).join('\r\n')}\r\n`, 'utf8');
  return file;
}
