import { describe, expect, it } from 'vitest';
import { BUILTIN_FINDINGS } from '../../src/findings/catalogue.js';
import { CATALOGUE, detectLang, message } from '../../src/i18n/catalogue.js';
import { packsUnderTest } from '../helpers/rule-cases.js';

const PLACEHOLDER = /\{\{\s*([\w.-]+)\s*\}\}/g;
const placeholders = (s: string) => [...s.matchAll(PLACEHOLDER)].map((m) => m[1]).sort();

describe('message catalogue', () => {
  it('has every message in both languages, with the same placeholders', () => {
    for (const [id, text] of Object.entries(CATALOGUE)) {
      expect(text.zh.trim(), `${id} zh`).not.toBe('');
      expect(text.en.trim(), `${id} en`).not.toBe('');
      expect(placeholders(text.en), id).toEqual(placeholders(text.zh));
    }
  });

  it('has a message for every message id of every built-in finding type', () => {
    for (const type of Object.values(BUILTIN_FINDINGS)) {
      for (const id of type.messages) expect(CATALOGUE[`${type.id}.${id}`], `${type.id}.${id}`).toBeDefined();
    }
  });

  it('pack rule messages are bilingual with matching placeholders, all filled by data', () => {
    for (const pack of packsUnderTest()) {
      for (const rule of pack.parsed.pack.rules) {
        const provided = new Set([
          ...Object.keys(rule.data ?? {}),
          'fieldLabel',
          'value',
          'list',
          'count',
          'otherFile',
          'otherSheet',
          'otherRow',
          // village/township/county findings name their group
          ...(rule.scope === 'village' || rule.scope === 'township' || rule.scope === 'county'
            ? ['group']
            : []),
        ]);
        for (const [id, text] of Object.entries(rule.messages)) {
          expect(placeholders(text.en), `${rule.id}.${id}`).toEqual(placeholders(text.zh));
          for (const name of placeholders(text.zh))
            expect(provided.has(name ?? ''), `${rule.id}.${id}: {{${name}}}`).toBe(true);
        }
      }
    }
  });

  it('renders with data and leaves unknown ids visible', () => {
    expect(message('report.household', 'zh', { id: 'H1' })).toBe('户 H1');
    expect(message('no.such.id', 'en')).toBe('no.such.id');
  });

  it('defaults to Chinese, follows an English locale and the --lang flag', () => {
    expect(detectLang(undefined, {})).toBe('zh');
    expect(detectLang(undefined, { LANG: 'zh_CN.UTF-8' })).toBe('zh');
    expect(detectLang(undefined, { LANG: 'en_US.UTF-8' })).toBe('en');
    expect(detectLang(undefined, { LC_ALL: 'C', LANG: 'en_US.UTF-8' })).toBe('zh');
    expect(detectLang('zh', { LANG: 'en_US.UTF-8' })).toBe('zh');
  });
});
