/**
 * The monitoring pack end to end: a 2021+ 防返贫监测 "全字段"-style workbook (title row, export headers such as
 * 致贫/返贫风险1 and YYYYMM months) through the real xlsx reader and the built CLI (`--pack monitoring`).
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../src/normalize/idnumber.js';
import { runCli, tempDir } from './helpers/cli.js';
import { writeXlsx } from './helpers/files.js';

const HEADER = [
  '县',
  '乡',
  '村',
  '户编号',
  '姓名',
  '证件号码',
  '与户主关系',
  '健康状况',
  '户类型',
  '监测对象类别',
  '致贫/返贫风险1',
  '风险是否已消除',
  '风险消除方式',
  '识别监测时间',
  '消除监测时间',
  '人均纯收入（元）',
  '是否危房户',
  '是否解决安全饮用水',
  '是否义务教育阶段适龄儿童少年失学辍学',
  '是否有家庭成员未参加城乡居民（职工）基本医疗保险',
  '合规自付支出',
  '健康帮扶',
  '社会帮扶',
  '综合保障',
  '产业帮扶',
];

const id = (born: string, seq: number) => makeIdNumber('522729', born, seq);

/** One row per person; household columns repeated on every row as exports do. */
function row(hh: string, name: string, idn: string, relation: string, health: string, h: readonly unknown[]) {
  return ['长顺县', '广顺镇', '石洞村', hh, name, idn, relation, health, ...h];
}

// Household columns from 户类型 on.
const STABLE = [
  '脱贫户',
  '脱贫不稳定户',
  '因病',
  '否',
  null,
  '202203',
  null,
  5000,
  '否',
  '是',
  '否',
  '否',
  9000,
  '大病救治',
  null,
  null,
  null,
];
const BAD_ELIMINATION = [
  '一般农户',
  '边缘易致贫户',
  '因病',
  '是',
  '帮扶消除',
  202203,
  '202204',
  5500,
  '否',
  '是',
  '否',
  '否',
  0,
  '无',
  null,
  null,
  null,
];
const NOT_MONITORED = [
  '脱贫户',
  null,
  null,
  null,
  null,
  null,
  null,
  5200,
  '否',
  '是',
  null,
  null,
  null,
  null,
  null,
  null,
  null,
];

let file = '';

beforeAll(async () => {
  const dir = tempDir();
  file = path.join(dir, '监测对象信息.xlsx');
  await writeXlsx(file, (wb) => {
    const ws = wb.addWorksheet('（自定义）监测对象信息');
    ws.addRow(['长顺县防止返贫监测对象信息（全字段）']);
    ws.addRow(HEADER);
    ws.addRow(row('522729101001001', '罗一', id('19700304', 11), '户主', '患有大病', STABLE));
    ws.addRow(row('522729101001001', '王二', id('19720610', 22), '配偶', '健康', STABLE));
    ws.addRow(row('522729101001002', '杨三', id('19650815', 31), '户主', '健康', BAD_ELIMINATION));
    ws.addRow(row('522729101001003', '吴四', id('19801120', 41), '户主', '健康', NOT_MONITORED));
  });
});

interface Finding {
  readonly ruleId: string;
  readonly severity: string;
  readonly row: number | null;
  readonly field: string | null;
  readonly message: string;
}

describe('ledgerlint check --pack monitoring', () => {
  it('reports the monitoring findings of a 2021 export, household by household', () => {
    const run = runCli(['check', file, '--pack', 'monitoring', '--year', '2021', '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as {
      findings: Finding[];
      params: { year: number; byPack: Record<string, Record<string, unknown>> };
    };
    expect(report.params.year).toBe(2021);
    expect(report.params.byPack.monitoring?.monitoring_threshold).toBe(6000);
    const got = report.findings
      .filter((f) => f.row !== null)
      .map((f) => `${f.row} ${f.ruleId}`)
      .sort();
    expect(got).toEqual(
      [
        // 杨三 (row 5): eliminated 1 month after identification, income 5500 < 6000, no measure at all,
        // 因病 without an ill member, without out-of-pocket spending and without health support.
        '5 monitoring-elimination-after-identification',
        '5 monitoring-eliminated-income-above-threshold',
        '5 monitoring-supported-elimination-has-measure',
        '5 monitoring-risk-illness-has-ill-member',
        '5 monitoring-sudden-illness-has-spending',
        '5 monitoring-illness-risk-health-support',
        // 吴四 (row 6): a 脱贫户 below the threshold that is not monitored.
        '6 monitoring-exited-below-threshold-monitored',
      ].sort(),
    );
    const tooSoon = report.findings.find((f) => f.ruleId === 'monitoring-elimination-after-identification');
    expect(tooSoon?.message).toBe('识别监测时间 202203，消除监测时间 202204，相隔 1 个月，少于 6 个月');
    expect(tooSoon?.field).toBe('monitoring_end');
  });

  it('uses a province threshold and a --param override', () => {
    const guizhou = runCli([
      'check',
      file,
      '--pack',
      'monitoring',
      '--year',
      '2023',
      '--param',
      'province=贵州',
      '--format',
      'json',
      '--lang',
      'en',
    ]);
    expect(guizhou.stderr).toBe('');
    const g = JSON.parse(guizhou.stdout) as { findings: Finding[] };
    const below = g.findings.find((f) => f.ruleId === 'monitoring-exited-below-threshold-monitored');
    expect(below?.message).toContain('7300');
    // With a threshold of 5100 the 5200 of 吴四 is above it: no finding; 杨三's 5500 passes elimination.
    const low = runCli([
      'check',
      file,
      '--pack',
      'monitoring',
      '--year',
      '2021',
      '--param',
      'monitoring_threshold=5100',
      '--format',
      'json',
    ]);
    const l = JSON.parse(low.stdout) as { findings: Finding[] };
    const ids = new Set(l.findings.map((f) => f.ruleId));
    expect(ids.has('monitoring-exited-below-threshold-monitored')).toBe(false);
    expect(ids.has('monitoring-eliminated-income-above-threshold')).toBe(false);
    expect(ids.has('monitoring-elimination-after-identification')).toBe(true);
  });

  it('is not a default pack', () => {
    const run = runCli(['rules', '--format', 'json']);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('monitoring-has-risk');
    const mine = runCli(['rules', '--pack', 'monitoring', '--format', 'json']);
    expect(mine.stdout).toContain('monitoring-has-risk');
  });
});
