import { describe, expect, it } from 'vitest';
import { PackError, parsePack } from '../../src/packs/load.js';
import { demoPackYaml } from '../helpers/demo-pack.js';

const valid = demoPackYaml();

function problems(text: string) {
  try {
    parsePack(text, 'pack.yaml');
  } catch (error) {
    if (error instanceof PackError) return error.problems;
    throw error;
  }
  throw new Error('expected a PackError');
}

describe('parsePack', () => {
  it('accepts a valid pack and locates its values', () => {
    const parsed = parsePack(valid, 'pack.yaml');
    expect(parsed.pack.rules[0]?.id).toBe('demo-rule');
    expect(parsed.locate(['rules', 0, 'assert'])).toEqual({ line: 15, column: 13 });
  });

  it('reports YAML syntax errors with line and column', () => {
    const [p] = problems('id: x\nrules: [\n');
    expect(p?.file).toBe('pack.yaml');
    expect(p?.line).toBeGreaterThanOrEqual(2);
  });

  it('reports duplicate keys', () => {
    const [p] = problems(valid.replace('version: 1.0.0', 'version: 1.0.0\nversion: 1.0.1'));
    expect(p?.line).toBe(3);
  });

  it('points schema errors at the offending value', () => {
    const [p] = problems(valid.replace('severity: error', 'severity: fatal'));
    expect(p).toMatchObject({ line: 13, column: 15, path: 'rules[0].severity' });
  });

  it('points unknown keys at the key itself', () => {
    const [p] = problems(valid.replace('    source: test', '    source: test\n    sevrity: error'));
    expect(p).toMatchObject({ line: 20, message: 'unknown key "sevrity"' });
  });

  it('rejects duplicate rule ids and rules with neither assert nor check', () => {
    const twice = valid + valid.slice(valid.indexOf('  - id: demo-rule'));
    expect(problems(twice).map((p) => p.message)).toContain('duplicate rule id "demo-rule" (also rules[0])');
    const none = valid.replace('    assert: h.income_per_capita > params.line\n', '');
    expect(problems(none)[0]?.message).toContain('exactly one of `assert` or `check`');
  });
});
