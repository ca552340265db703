/**
 * Writes the layout fixtures (fixtures/layouts/): one small ledger per export era and per quirk, each read by
 * a test in test/layouts/. Every module in scripts/layouts/*.ts exports `layouts: LayoutFixture[]`; this
 * runner imports them all and builds each into the output folder.
 *
 *   npm run layouts                 # fixtures/layouts
 *   npm run layouts -- --out /tmp/x
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

export interface LayoutFixture {
  /** Short name, as in the file names it writes. */
  readonly name: string;
  /** Writes the fixture's files into `dir`. */
  build(dir: string): Promise<void>;
}

const MODULES_DIR = join(import.meta.dirname, 'layouts');

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string' } }, strict: true });
  const out = resolve(values.out ?? 'fixtures/layouts');
  mkdirSync(out, { recursive: true });
  const modules = readdirSync(MODULES_DIR)
    .filter((f) => f.endsWith('.ts'))
    .sort();
  for (const file of modules) {
    const mod = (await import(pathToFileURL(join(MODULES_DIR, file)).href)) as {
      layouts?: readonly LayoutFixture[];
    };
    for (const fixture of mod.layouts ?? []) {
      await fixture.build(out);
      console.log(`${file}: ${fixture.name}`);
    }
  }
}

await main();
