/**
 * Writes the layout fixtures into fixtures/layouts: imports every module in scripts/layouts/*.ts and runs
 * the build() of each fixture in its `layouts` export (see scripts/layout-fixture.ts).
 *   npm run layouts
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { LayoutFixture } from './layout-fixture.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MODULES = join(ROOT, 'scripts', 'layouts');
const OUT = join(ROOT, 'fixtures', 'layouts');

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  for (const file of readdirSync(MODULES)
    .filter((f) => f.endsWith('.ts'))
    .sort()) {
    const mod = (await import(pathToFileURL(join(MODULES, file)).href)) as { layouts?: LayoutFixture[] };
    if (!Array.isArray(mod.layouts)) throw new Error(`scripts/layouts/${file} exports no \`layouts\` array`);
    for (const fixture of mod.layouts) {
      await fixture.build(OUT);
      console.log(`${file}: ${fixture.name}`);
    }
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
