import { describe, expect, it } from 'vitest';
import { fieldByHeader } from '../../src/dictionary/index.js';
import { PackError } from '../../src/packs/load.js';
import { parseProfile } from '../../src/profiles/load.js';
import { builtinProfiles, resolveProfile } from '../../src/profiles/registry.js';

describe('built-in column profiles (rules/profiles)', () => {
  it('ships the four era profiles, each valid against the dictionary', () => {
    expect(builtinProfiles().map((p) => p.name)).toEqual([
      'form-2014',
      'monitoring-2021',
      'nfx-2016',
      'township-handmade',
    ]);
  });

  it('adds only headers the dictionary does not already map (one source of truth)', () => {
    for (const profile of builtinProfiles()) {
      for (const texts of profile.aliasTexts.values()) {
        for (const text of texts) expect(fieldByHeader(text), `${profile.name}: ${text}`).toBeUndefined();
      }
    }
  });

  it('resolves a name and refuses an unknown one', () => {
    expect(resolveProfile('nfx-2016').name).toBe('nfx-2016');
    expect(() => resolveProfile('nope')).toThrow(/profile.not-found/);
  });
});

describe('parseProfile', () => {
  const base = 'name: t\ntitle: { zh: 测, en: t }\nera: x\nsource: x\n';

  it('reads aliases, markers and the code dialect', () => {
    const p = parseProfile(
      `${base}header: { maxRows: 2 }\nmarkers: [户号]\naliases:\n  household_id: [户号]\ncodes:\n  health: { 病: 长期慢性病 }\n`,
      't.yaml',
    );
    expect(p.maxHeaderRows).toBe(2);
    expect(p.aliases.get('户号')?.key).toBe('household_id');
    expect(p.codes.get('health')?.get('病')).toBe('长期慢性病');
  });

  it('reports unknown fields, dictionary headers and unknown labels with file:line', () => {
    let error: unknown;
    try {
      parseProfile(
        `${base}aliases:\n  nonsense: [甲]\n  name: [姓名]\ncodes:\n  health: { 病: 生病了 }\n`,
        't.yaml',
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PackError);
    const messages = (error as PackError).problems.map((p) => `${p.line}: ${p.message}`);
    expect(messages).toEqual([
      '6: unknown field "nonsense" (see docs/fields.md)',
      '7: "姓名" is already a dictionary header of name',
      '9: "生病了" is not a label of code list health',
    ]);
  });
});
