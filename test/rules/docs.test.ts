/**
 * Every rule of every pack in rules/ has its generated page (docs/rules/<pack>/<rule>.md) with a source, a failing
 * example that ledgerlint flags and a passing one it does not; the pages, pack indexes and docs/rules/README.md
 * are what `npm run docs` writes, and no page is left over from a removed rule.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rulePages } from '../../scripts/docs/rule-pages.js';
import { ROOT } from '../helpers/cli.js';
import { packsUnderTest } from '../helpers/rule-cases.js';

const pages = rulePages();
const byPath = new Map(pages.map((p) => [p.path, p]));
const read = (rel: string) => {
  const file = path.join(ROOT, rel);
  return existsSync(file) ? readFileSync(file, 'utf8') : null;
};

describe.each(packsUnderTest().map((p) => [p.id, p] as const))('docs of pack %s', (id, pack) => {
  const own = pack.parsed.pack.rules.filter(
    (r) => pack.parsed.ownRuleIds === undefined || pack.parsed.ownRuleIds.includes(r.id),
  );

  it('has an index page, up to date', () => {
    const page = byPath.get(`docs/rules/${id}/README.md`);
    expect(page, 'no index page generated').toBeDefined();
    expect(read(`docs/rules/${id}/README.md`), 'run `npm run docs`').toBe(page?.render());
  });

  for (const rule of own) {
    it(`${rule.id}: page with source, failing and passing example, up to date`, () => {
      expect(rule.source.trim(), 'no source').not.toBe('');
      const test = pack.tests.get(rule.id)?.data;
      expect(test?.invalid.length ?? 0, 'no failing case').toBeGreaterThan(0);
      // A manual rule (no ledger evidence) never passes on its own: it asks for confirmation.
      if (!rule.manual) expect(test?.valid.length ?? 0, 'no passing case').toBeGreaterThan(0);
      const rel = `docs/rules/${id}/${rule.id}.md`;
      const page = byPath.get(rel);
      expect(page, 'no page generated').toBeDefined();
      const text = page?.render() ?? '';
      const failing = text.slice(text.indexOf('## Failing example'), text.indexOf('## Passing example'));
      const passing = text.slice(text.indexOf('## Passing example'));
      expect(failing).toContain(`\`${rule.id}\` / \``);
      if (!rule.manual) expect(passing).toContain('ledgerlint reports nothing for this rule.');
      expect(read(rel), `${rel} is out of date: run \`npm run docs\``).toBe(text);
    });
  }
});

describe('docs/rules', () => {
  it('has the top index up to date, and no file that is not generated', () => {
    expect(read('docs/rules/README.md')).toBe(byPath.get('docs/rules/README.md')?.render());
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
        const rel = `${dir}/${entry.name}`;
        if (entry.isDirectory()) walk(rel);
        else files.push(rel);
      }
    };
    walk('docs/rules');
    expect(files.filter((f) => !byPath.has(f))).toEqual([]);
  });
});
