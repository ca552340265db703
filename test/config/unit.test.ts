import { describe, expect, it } from 'vitest';
import { filterIgnored } from '../../src/config/ignore.js';
import { parseConfig } from '../../src/config/load.js';
import { configParamOverrides } from '../../src/config/params.js';
import type { ConfigParams } from '../../src/config/schema.js';
import { LedgerlintError } from '../../src/errors.js';

describe('filterIgnored', () => {
  it('matches patterns relative to the config directory; a bare pattern matches the file name anywhere', () => {
    const inputs = ['data/a.xlsx', 'data/乡镇汇总.xlsx', 'drafts/b.csv', '/elsewhere/c.csv', 'x/y/old-1.csv'];
    expect(filterIgnored(inputs, ['*汇总*', 'drafts/**', 'x/**/old-*.csv'], '/proj', '/proj')).toEqual([
      'data/a.xlsx',
      '/elsewhere/c.csv',
    ]);
    // From a subdirectory, paths are still taken relative to the config file's directory.
    expect(filterIgnored(['../drafts/b.csv', 'a.csv'], ['drafts/**'], '/proj', '/proj/data')).toEqual([
      'a.csv',
    ]);
    expect(filterIgnored(inputs, undefined, '/proj')).toEqual(inputs);
  });
});

describe('configParamOverrides', () => {
  const withoutProvince = {
    poverty_line: 3000,
    byYear: { '2019': { poverty_line: 3500, school_age_max: 16 } },
  } as unknown as ConfigParams;
  const params = {
    poverty_line: 3000,
    province: '陕西',
    byYear: { '2019': { poverty_line: 3500, school_age_max: 16 } },
    byProvince: { 陕西: { poverty_line: 3600 }, 四川: { poverty_line: 9999 } },
  } as unknown as ConfigParams;
  it('plain < byYear < byProvince < --param', () => {
    expect(configParamOverrides(params, 2019, {})).toEqual({
      poverty_line: '3600',
      province: '陕西',
      school_age_max: '16',
    });
    expect(configParamOverrides(withoutProvince, 2020, {})).toEqual({
      poverty_line: '3000',
    });
    expect(configParamOverrides(params, 2019, { province: '四川' }).poverty_line).toBe('9999');
    expect(configParamOverrides(params, 2019, { poverty_line: '1' }).poverty_line).toBe('1');
  });
});

describe('parseConfig', () => {
  it('accepts every key and points at the value of a problem', () => {
    const ok = parseConfig(
      'packs: [national-exit]\nyear: 2019\nprofile: gx-2019\nignore: ["*.bak"]\nlang: en\nformat: [json, text]\nfailOn: warning\nrules: {exit-safe-housing: "off"}\nparams: {poverty_line: 3000, byYear: {"2019": {poverty_line: 1}}}\n',
      'c.yaml',
      '/p',
    );
    expect(ok.config.profile).toBe('gx-2019');
    expect(ok.where(['rules', 'exit-safe-housing'])).toBe('c.yaml:8:28');
    let error: unknown;
    try {
      parseConfig('year: "2019"\nrules: {Exit: warning}\n', 'c.yaml', '/p');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LedgerlintError);
    const detail = String((error as LedgerlintError).data.detail);
    expect(detail).toContain('c.yaml:1:7');
    expect(detail).toContain('c.yaml:2:15  ✖ Invalid key in record');
  });
});
