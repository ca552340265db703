/**
 * Writes the generated docs, or with --check verifies they are up to date (exit 1 naming the stale files).
 *   npm run docs         (tsx scripts/generate-docs.ts)
 *   npm run docs:check   (tsx scripts/generate-docs.ts --check)
 * To add a generated page, append an entry to GENERATED_DOCS.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderFieldsDoc } from './docs/fields.js';
import { rulePages } from './docs/rule-pages.js';
import { renderRulesDoc } from './docs/rules.js';
import { renderProfilesDoc } from './docs/profiles.js';
import {
  renderConfigSchema,
  renderPackSchema,
  renderProfileSchema,
  renderReportSchema,
} from './docs/schemas.js';

export interface GeneratedDoc {
  /** Path relative to the repository root. */
  readonly path: string;
  readonly render: () => string;
}

export const GENERATED_DOCS: readonly GeneratedDoc[] = [
  { path: 'docs/fields.md', render: renderFieldsDoc },
  { path: 'docs/rules.md', render: renderRulesDoc },
  { path: 'docs/report.schema.json', render: renderReportSchema },
  { path: 'rules/schema.json', render: renderPackSchema },
  { path: 'docs/config.schema.json', render: renderConfigSchema },
  ...rulePages(),
  { path: 'rules/profiles/schema.json', render: renderProfileSchema },
  { path: 'docs/profiles.md', render: renderProfilesDoc },
];

/** Directories whose every file is generated: a file there that nothing generates is stale (a removed rule). */
const GENERATED_DIRS: readonly string[] = ['docs/rules'];

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

async function readOrNull(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const entry of entries) {
    const full = resolve(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(full)));
    else files.push(full);
  }
  return files;
}

/** Returns the process exit code. */
export async function generateDocs(check: boolean): Promise<number> {
  const stale: string[] = [];
  for (const doc of GENERATED_DOCS) {
    const file = resolve(ROOT, doc.path);
    const expected = doc.render();
    const actual = await readOrNull(file);
    if (actual === expected) {
      if (!check) console.log(`${doc.path} is up to date`);
      continue;
    }
    if (check) {
      stale.push(actual === null ? `${doc.path} (missing)` : doc.path);
    } else {
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, expected, 'utf8');
      console.log(`wrote ${doc.path}`);
    }
  }
  const expected = new Set(GENERATED_DOCS.map((d) => d.path));
  for (const dir of GENERATED_DIRS) {
    for (const file of await listFiles(resolve(ROOT, dir))) {
      const rel = relative(ROOT, file).split(sep).join('/');
      if (expected.has(rel)) continue;
      if (check) stale.push(`${rel} (not generated any more)`);
      else {
        await rm(file);
        console.log(`removed ${rel}`);
      }
    }
  }
  if (stale.length > 0) {
    console.error(
      `Generated docs are out of date: ${stale.join(', ')}. Run \`npm run docs\` and commit the result.`,
    );
    return 1;
  }
  if (check) console.log(`Generated docs are up to date (${GENERATED_DOCS.length} files).`);
  return 0;
}

const invokedDirectly =
  process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== '--check');
  if (unknown.length > 0) {
    console.error(`generate-docs: unknown argument ${unknown.join(' ')} (usage: generate-docs [--check])`);
    process.exitCode = 2;
  } else {
    process.exitCode = await generateDocs(args.includes('--check'));
  }
}
