/**
 * Aggregate scopes (engine/aggregate.ts) end to end: a pack with township and county rules over a real CSV,
 * through the built CLI; pack errors of the aggregate surface; the population table through the real readers.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../src/normalize/idnumber.js';
import { readPopulationTable } from '../../src/population/table.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { makeTempDir, rejectionOf, toCsv, writeText, writeXlsx } from '../helpers/files.js';

const PACK = `
id: test-aggregate
version: 1.0.0
title: { zh: 测试, en: Test }
description: Aggregate test pack.
params:
  area_min:
    type: number
    title: { zh: 户均住房面积下限, en: Minimum mean floor area per household }
    default: 40
rules:
  - id: township-area
    title: { zh: 乡镇户均住房面积, en: Mean floor area per household of a township }
    severity: warning
    scope: township
    householdFacts:
      area: h.house_area
    personFacts:
      adult: p.age >= 18
    assert: g.facts.area.sum / g.households >= params.area_min
    messages:
      low:
        zh: "{{group}} 户均 {{mean}}（合计 {{sum}}，最小 {{min}}，最大 {{max}}，有值 {{known}} 户 / {{households}} 户，成年 {{adults}} / {{persons}} 人）"
        en: "{{group}} mean {{mean}} (sum {{sum}}, min {{min}}, max {{max}}, {{known}} of {{households}} households, {{adults}} of {{persons}} adults)"
    data:
      mean: g.facts.area.sum / g.households
      sum: g.facts.area.sum
      min: g.facts.area.min
      max: g.facts.area.max
      known: g.facts.area.known
      households: g.households
      adults: g.facts.adult.count
      persons: g.persons
    fields: [house_area]
    source: test
  - id: county-households
    title: { zh: 县户数, en: Households of the county }
    severity: info
    scope: county
    assert: g.households < 3.0
    messages:
      many: { zh: "{{group}} 有 {{n}} 户", en: "{{group}} has {{n}} households" }
    data:
      n: g.households
    fields: [household_id]
    source: test
`;

const HEADER = ['乡镇', '行政村', '户编号', '姓名', '证件号码', '与户主关系', '住房面积'];
const id = (birth: string, seq: number) => makeIdNumber('451026', birth, seq);

describe('aggregate rules through the CLI', () => {
  it('tallies sum, min, max, known and counts per township, counting a split household once', () => {
    const dir = tempDir();
    const pack = writeText(path.join(dir, 'pack.yaml'), PACK);
    const ledger = writeText(
      path.join(dir, 'ledger.csv'),
      toCsv([
        HEADER,
        ['东乡', '甲村', 'H1', '韦一', id('19800101', 11), '户主', '30'],
        ['东乡', '甲村', 'H2', '黄二', id('19810101', 21), '户主', '50'],
        ['东乡', '乙村', 'H3', '蓝三', id('19820101', 31), '户主', ''],
        // H1 again: a split household, re-checked whole (2 members, one household).
        ['东乡', '甲村', 'H1', '韦小', id('20150101', 13), '之子', '30'],
        ['西乡', '丙村', 'H4', '覃四', id('19830101', 41), '户主', '100'],
      ]),
    );
    const run = runCli(['check', ledger, '--pack', pack, '--format', 'json']);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as {
      findings: { ruleId: string; scope: string; township: string | null; data: Record<string, unknown> }[];
    };
    const area = report.findings.filter((f) => f.ruleId === 'township-area');
    expect(area).toHaveLength(1);
    expect(area[0]).toMatchObject({
      scope: 'township',
      township: '东乡',
      data: {
        group: '东乡',
        mean: 26.6667,
        sum: 80,
        min: 30,
        max: 50,
        known: 2,
        households: 3,
        adults: 3,
        persons: 4,
      },
    });
    const county = report.findings.filter((f) => f.ruleId === 'county-households');
    // No 县 column: the whole run is one county group.
    expect(county.map((f) => [f.scope, f.data.group, f.data.n])).toEqual([['county', '（全部）', 4]]);
  });

  it('skips a village rule with a missing-column finding when the ledger has no village column', () => {
    const dir = tempDir();
    const pack = writeText(
      path.join(dir, 'pack.yaml'),
      PACK.replace('scope: township', 'scope: village').replace('id: county-households', 'id: county-x'),
    );
    const ledger = writeText(
      path.join(dir, 'ledger.csv'),
      toCsv([
        ['乡镇', '户编号', '姓名', '与户主关系', '住房面积'],
        ['东乡', 'H1', '韦一', '户主', '30'],
      ]),
    );
    const run = runCli(['check', ledger, '--pack', pack, '--format', 'json']);
    const report = JSON.parse(run.stdout) as {
      findings: { ruleId: string; data: Record<string, unknown> }[];
    };
    expect(report.findings.filter((f) => f.ruleId === 'township-area')).toEqual([]);
    expect(report.findings.find((f) => f.ruleId === 'missing-column')?.data.rules).toBe('township-area');
  });

  it.each([
    [
      'a fact that is neither a bool nor a number',
      PACK.replace('area: h.house_area', 'area: h.village'),
      'expression must be a bool or double, it is string',
    ],
    [
      'an unknown fact in the assertion',
      PACK.replace('assert: g.facts.area.sum', 'assert: g.facts.nope.sum'),
      'nope',
    ],
    [
      'a manual rule with an assertion',
      PACK.replace('    scope: county\n', '    scope: county\n    manual: true\n'),
      'a manual rule has no `assert`',
    ],
    [
      'facts on a household rule',
      PACK.replace('    scope: county\n', '    scope: household\n    householdFacts: { x: h.house_area }\n'),
      'facts belong to village/township/county rules',
    ],
  ])('rejects %s with exit 2 and file:line', (_name, text, expected) => {
    const dir = tempDir();
    const pack = writeText(path.join(dir, 'pack.yaml'), text);
    const ledger = writeText(path.join(dir, 'ledger.csv'), toCsv([HEADER]));
    const run = runCli(['check', ledger, '--pack', pack]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(expected);
    expect(run.stderr).toMatch(/pack\.yaml:\d+:\d+/);
  });
});

describe('population table', () => {
  it('reads an xlsx with title rows and header aliases; townships and the county sum their villages', async () => {
    const dir = makeTempDir();
    try {
      const file = await writeXlsx(dir.path('人口.xlsx'), (wb) => {
        const ws = wb.addWorksheet('人口');
        ws.addRow(['某县各村农村人口（2020年）']);
        ws.addRow(['单位：人']);
        ws.addRow(['乡(镇)', '村', '农村人口（人）']);
        ws.addRow(['东乡', '甲村', 1200]);
        ws.addRow(['东乡', '乙村', '800']);
        ws.addRow(['西乡', '丙村', '1,500']);
        ws.addRow(['合计', '', 3500]);
      });
      const table = await readPopulationTable(file);
      const at = (township: string | null, village: string | null) => ({ county: null, township, village });
      expect(table.population('village', at('东乡', '甲村'))).toBe(1200);
      expect(table.population('village', at('西乡', '丙村'))).toBe(1500);
      expect(table.population('village', at('西乡', '丁村'))).toBeUndefined();
      expect(table.population('township', at('东乡', null))).toBe(2000);
      expect(table.population('county', at(null, null))).toBe(3500);
    } finally {
      dir.remove();
    }
  });

  it('prefers an explicit township or county row over the sum of villages', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'p.csv');
    writeFileSync(
      file,
      toCsv([
        ['县', '乡镇', '行政村', '乡村总人口'],
        ['甲县', '东乡', '甲村', '100'],
        ['甲县', '东乡', '', '5000'],
        ['甲县', '', '', '90000'],
      ]),
    );
    const table = await readPopulationTable(file);
    expect(table.population('township', { county: '甲县', township: '东乡', village: null })).toBe(5000);
    expect(table.population('county', { county: '甲县', township: null, village: null })).toBe(90000);
    expect(table.population('county', { county: '乙县', township: null, village: null })).toBe(undefined);
  });

  it('fails with the file named when no header is found', async () => {
    const dir = tempDir();
    const file = writeText(
      path.join(dir, 'p.csv'),
      toCsv([
        ['名称', '数量'],
        ['甲村', '1'],
      ]),
    );
    const error = await rejectionOf(readPopulationTable(file));
    expect(error.messageId).toBe('io.population-no-header');
    expect(error.data.file).toBe(file);
  });
});
