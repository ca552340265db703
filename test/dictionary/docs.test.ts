import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderFieldsDoc } from '../../scripts/docs/fields.js';
import { CODE_LISTS, FIELDS } from '../../src/dictionary/index.js';

const DOC = fileURLToPath(new URL('../../docs/fields.md', import.meta.url));

describe('docs/fields.md', () => {
  it('is the output of renderFieldsDoc() (run `npm run docs` after changing the dictionary)', () => {
    let actual: string;
    try {
      actual = readFileSync(DOC, 'utf8');
    } catch {
      actual = '';
    }
    const fresh = actual === renderFieldsDoc();
    expect(fresh, 'docs/fields.md is out of date: run `npm run docs`').toBe(true);
  });

  it('renders deterministically and mentions every field and code list', () => {
    const doc = renderFieldsDoc();
    expect(renderFieldsDoc()).toBe(doc);
    for (const f of FIELDS) expect(doc).toContain(`| \`${f.key}\` |`);
    for (const l of CODE_LISTS) expect(doc).toContain(`<a id="list-${l.id}"></a>`);
  });
});
