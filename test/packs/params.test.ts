import { describe, expect, it } from 'vitest';
import { LedgerlintError } from '../../src/errors.js';
import { parsePack } from '../../src/packs/load.js';
import { latestYear, resolveParams } from '../../src/packs/params.js';

const pack = parsePack(
  `id: p
version: 1.0.0
title: {zh: 甲, en: A}
description: d
params:
  line:
    type: number
    title: {zh: 标准, en: Line}
    byYear: {"2019": 3218, "2020": 4000}
    byProvince:
      广西: {byYear: {"2020": 4100}}
  band:
    type: integer
    title: {zh: 上限, en: Max}
    default: 15
rules:
  - id: r
    title: {zh: 规则, en: Rule}
    severity: error
    scope: household
    assert: h.income_per_capita > params.line
    messages: {m: {zh: 错, en: wrong}}
    fields: [income_per_capita]
    source: test
`,
  'p.yaml',
).pack;

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof LedgerlintError ? error.messageId : String(error);
  }
  return 'no error';
};

describe('resolveParams', () => {
  it('defaults to the latest year of the tables and 31 December as assessment date', () => {
    expect(latestYear([pack])).toBe(2020);
    const r = resolveParams([pack], { overrides: {} });
    expect(r.year).toBe(2020);
    expect(r.assessmentDate).toBe('2020-12-31');
    expect(r.byPack.get('p')).toEqual({ line: 4000, band: 15 });
  });

  it('selects a year, a province and command-line overrides, typed', () => {
    expect(resolveParams([pack], { year: 2019, overrides: {} }).byPack.get('p')?.line).toBe(3218);
    expect(resolveParams([pack], { overrides: { province: '广西' } }).byPack.get('p')?.line).toBe(4100);
    expect(resolveParams([pack], { overrides: { band: '16', line: '5000.5' } }).byPack.get('p')).toEqual({
      line: 5000.5,
      band: 16,
    });
  });

  it('refuses unknown params, badly typed values and years without a value', () => {
    expect(code(() => resolveParams([pack], { overrides: { lien: '1' } }))).toBe('cli.param-unknown');
    expect(code(() => resolveParams([pack], { overrides: { band: '15.5' } }))).toBe('cli.param-invalid');
    expect(code(() => resolveParams([pack], { overrides: { assessment_date: '2020/12/31' } }))).toBe(
      'cli.param-invalid',
    );
    expect(code(() => resolveParams([pack], { year: 2015, overrides: {} }))).toBe(
      'cli.param-no-value-for-year',
    );
  });
});
