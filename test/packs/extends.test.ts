import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compilePacks } from '../../src/engine/compile.js';
import { effectivePacks } from '../../src/packs/extends.js';
import { PackError, type PackProblem } from '../../src/packs/load.js';
import { resolveParams } from '../../src/packs/params.js';
import { loadPackSync } from '../../src/packs/registry.js';
import { makeTempDir } from '../helpers/files.js';

const tmp = makeTempDir('ledgerlint-extends-');
afterAll(() => tmp.remove());

function write(name: string, text: string): string {
  const file = tmp.path(name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text, 'utf8');
  return file;
}

const rule = (id: string, extra = '') => `
  - id: ${id}
    title: {zh: 规则, en: Rule}
    severity: warning
    scope: household
    assert: h.income_per_capita > params.line${extra}
    messages:
      below: {zh: 低于, en: Below}
    fields: [income_per_capita]
    source: test`;

const base = `id: base-pack
version: 1.0.0
title: {zh: 基础, en: Base}
description: base
params:
  line:
    type: number
    title: {zh: 标准, en: Line}
    default: 100
    byYear: {"2019": 3000, "2020": 4000}
rules:${rule('base-rule')}${rule('other-rule')}
`;

function problems(spec: string): PackProblem[] {
  try {
    loadPackSync(spec);
  } catch (error) {
    if (error instanceof PackError) return [...error.problems];
    throw error;
  }
  throw new Error('expected a PackError');
}

describe('extends', () => {
  write('base.yaml', base);

  it('inherits rules and params, overrides params by year and province, adds rules', () => {
    const file = write(
      'child.yaml',
      `id: child-pack
extends: ./base.yaml
version: 2.0.0
title: {zh: 子包, en: Child}
description: child
paramOverrides:
  line:
    byYear: {"2020": 4500}
    byProvince:
      陕西: {byYear: {"2020": 5000}}
params:
  extra:
    type: integer
    title: {zh: 额外, en: Extra}
    default: 3
rules:${rule('child-rule')}
`,
    );
    const parsed = loadPackSync(file);
    expect(parsed.pack.id).toBe('child-pack');
    expect(parsed.bases).toEqual(['base-pack']);
    expect(parsed.ownRuleIds).toEqual(['child-rule']);
    expect(parsed.pack.rules.map((r) => r.id)).toEqual(['base-rule', 'other-rule', 'child-rule']);
    const at = (year: number, province?: string) =>
      resolveParams([parsed.pack], { year, overrides: province ? { province } : {} }).byPack.get(
        'child-pack',
      );
    expect(at(2020)).toEqual({ line: 4500, extra: 3 });
    expect(at(2019)).toEqual({ line: 3000, extra: 3 });
    expect(at(2020, '陕西')).toEqual({ line: 5000, extra: 3 });
    expect(at(2018)).toEqual({ line: 100, extra: 3 });
    // Compiled rules carry the child pack's id and params.
    const params = resolveParams([parsed.pack], { year: 2020, overrides: {} });
    const compiled = compilePacks([parsed], params, { all: false });
    expect(compiled.map((r) => [r.id, r.packId, r.params.line])).toEqual([
      ['base-rule', 'child-pack', 4500],
      ['other-rule', 'child-pack', 4500],
      ['child-rule', 'child-pack', 4500],
    ]);
  });

  it('replaces a base rule marked override: true, in place', () => {
    const file = write(
      'override.yaml',
      `id: override-pack
extends: base.yaml
version: 1.0.0
title: {zh: 覆盖, en: Override}
description: override
rules:${rule('base-rule', '\n    override: true').replace('severity: warning', 'severity: error')}
`,
    );
    const parsed = loadPackSync(file);
    expect(parsed.pack.rules.map((r) => [r.id, r.severity])).toEqual([
      ['base-rule', 'error'],
      ['other-rule', 'warning'],
    ]);
  });

  it('rejects a base rule id without override, with file:line:column', () => {
    const file = write(
      'dup.yaml',
      `id: dup-pack
extends: ./base.yaml
version: 1.0.0
title: {zh: 重复, en: Dup}
description: dup
rules:${rule('other-rule')}
`,
    );
    const [problem, ...rest] = problems(file);
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ line: 7, column: 9, path: 'rules[0].id' });
    expect(problem?.file).toContain('dup.yaml');
    expect(problem?.message).toMatch(/already a rule of base pack base-pack.*override: true/);
  });

  it('rejects override of a rule the base does not have, and an override of an unknown param', () => {
    const file = write(
      'bad-override.yaml',
      `id: bad-override
extends: ./base.yaml
version: 1.0.0
title: {zh: 错, en: Bad}
description: bad
paramOverrides:
  nope: {default: 1}
rules:${rule('new-rule', '\n    override: true')}
`,
    );
    const found = problems(file);
    expect(found.map((p) => [p.path, p.line])).toEqual([
      ['paramOverrides.nope', 7],
      ['rules[0].override', 14],
    ]);
    expect(found[0]?.message).toMatch(/not a param of base pack base-pack/);
  });

  it('rejects a param redeclared instead of overridden', () => {
    const file = write(
      'redeclare.yaml',
      `id: redeclare
extends: ./base.yaml
version: 1.0.0
title: {zh: 错, en: Bad}
description: bad
params:
  line:
    type: number
    title: {zh: 标准, en: Line}
    default: 1
`,
    );
    expect(problems(file)[0]?.message).toMatch(/change it under paramOverrides/);
  });

  it('reports an unknown base at the extends value', () => {
    const file = write(
      'unknown.yaml',
      `id: unknown-base
version: 1.0.0
extends: no-such-pack
title: {zh: 错, en: Bad}
description: bad
`,
    );
    expect(problems(file)).toEqual([
      expect.objectContaining({
        line: 3,
        column: 10,
        path: 'extends',
        message: expect.stringMatching(/unknown base pack "no-such-pack".*national-exit/),
      }),
    ]);
  });

  it('reports a cycle at the extends that closes it', () => {
    write(
      'cycle/a.yaml',
      `id: cycle-a\nversion: 1.0.0\nextends: b.yaml\ntitle: {zh: 甲, en: A}\ndescription: a\n`,
    );
    write(
      'cycle/b.yaml',
      `id: cycle-b\nversion: 1.0.0\nextends: ./a.yaml\ntitle: {zh: 乙, en: B}\ndescription: b\n`,
    );
    const found = problems(tmp.path('cycle/a.yaml'));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ line: 3, column: 10, path: 'extends' });
    expect(found[0]?.file).toContain('b.yaml');
    expect(found[0]?.message).toBe('extends cycle: a.yaml → b.yaml → a.yaml');
  });

  it('locates an expression error of an inherited rule in the base file', () => {
    write('broken-base.yaml', base.replace('base-pack', 'broken-base').replace('params.line', 'params.nope'));
    const file = write(
      'on-broken.yaml',
      `id: on-broken\nextends: ./broken-base.yaml\nversion: 1.0.0\ntitle: {zh: 子, en: C}\ndescription: c\n`,
    );
    const parsed = loadPackSync(file);
    const params = resolveParams([parsed.pack], { year: 2020, overrides: {} });
    let error: unknown;
    try {
      compilePacks([parsed], params, { all: false });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PackError);
    const problem = (error as PackError).problems[0];
    expect(problem?.file).toContain('broken-base.yaml');
    expect(problem).toMatchObject({ line: 16, path: 'rules[0].assert' });
  });

  it('needs extends for override and paramOverrides', () => {
    const file = write(
      'no-extends.yaml',
      base.replace('base-pack', 'no-extends') + 'paramOverrides: {line: {default: 1}}\n',
    );
    expect(problems(file).map((p) => p.path)).toEqual(['paramOverrides']);
  });

  it('runs a base selected beside a pack that extends it once, as part of that pack', () => {
    const shaanxi = loadPackSync('shaanxi');
    const national = loadPackSync('national-exit');
    expect(effectivePacks([national, shaanxi, shaanxi]).map((p) => p.pack.id)).toEqual(['shaanxi']);
  });
});

describe('province packs', () => {
  it('shaanxi: national rules plus 大病保险, the Shaanxi income line from 2017', () => {
    const shaanxi = loadPackSync('shaanxi');
    expect(shaanxi.bases).toEqual(['national-exit']);
    const nationalIds = loadPackSync('national-exit').pack.rules.map((r) => r.id);
    const shaanxiAggregateIds = shaanxi.pack.rules
      .filter((r) => r.scope === 'village' || r.scope === 'county')
      .map((r) => r.id);
    expect(nationalIds).toContain('exit-not-in-entry-year');
    expect(shaanxi.pack.rules.map((r) => r.id)).toEqual([
      ...nationalIds,
      'shaanxi-critical-illness-insurance',
      ...shaanxiAggregateIds,
    ]);
    const line = (year: number) =>
      resolveParams([shaanxi.pack], { year, overrides: {} }).byPack.get('shaanxi')?.poverty_line;
    expect([line(2016), line(2017), line(2020)]).toEqual([2952, 3209, 4348]);
    // 村7 and 县7 are rules now (computed or manual); nothing is pending.
    expect(shaanxi.pack.pending ?? []).toEqual([]);
    const byScope = (scope: string, manual: boolean) =>
      shaanxi.pack.rules.filter((r) => r.scope === scope && (r.manual === true) === manual).length;
    expect([byScope('village', false), byScope('village', true)]).toEqual([3, 4]);
    expect([byScope('county', false), byScope('county', true)]).toEqual([3, 4]);
    const own = resolveParams([shaanxi.pack], { year: 2018, overrides: {} }).byPack.get('shaanxi');
    expect([own?.poverty_rate_max, own?.village_water_share_min, own?.county_insured_share_min]).toEqual([
      3, 0.95, 1,
    ]);
  });

  it('sichuan: national rules plus 生活用电 and 广播电视', () => {
    const sichuan = loadPackSync('sichuan');
    expect(sichuan.ownRuleIds).toEqual(['sichuan-household-electricity', 'sichuan-broadcast-tv']);
    expect(sichuan.pack.rules).toHaveLength(loadPackSync('national-exit').pack.rules.length + 2);
  });
});
