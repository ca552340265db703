/**
 * Where packs come from: the built-in packs shipped in rules/<id>/pack.yaml, or a path to a YAML file.
 * This module reads files; the parsing and validation are in load.ts.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { LedgerlintError } from '../errors.js';
import { parsePack, type ParsedPack } from './load.js';

/** rules/ beside dist/ (built) or src/ (tests): both are two levels below the package root. */
export const RULES_DIR = fileURLToPath(new URL('../../rules/', import.meta.url));

export const DEFAULT_PACKS: readonly string[] = ['national-exit', 'data-quality'];

export async function builtinPackIds(): Promise<string[]> {
  const entries = await readdir(RULES_DIR, { withFileTypes: true });
  const ids: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const exists = await stat(path.join(RULES_DIR, entry.name, 'pack.yaml')).then(
      () => true,
      () => false,
    );
    if (exists) ids.push(entry.name);
  }
  return ids.sort();
}

/** Resolve `--pack` values (ids of built-in packs or paths to YAML files) and parse them. */
export async function loadPacks(specs: readonly string[]): Promise<ParsedPack[]> {
  const builtins = await builtinPackIds();
  const parsed: ParsedPack[] = [];
  for (const spec of specs) {
    const isPath = /[\\/]|\.ya?ml$/i.test(spec);
    if (!isPath && !builtins.includes(spec)) {
      throw new LedgerlintError('cli.pack-not-found', { pack: spec, packs: builtins.join(', ') });
    }
    const file = isPath ? spec : path.join(RULES_DIR, spec, 'pack.yaml');
    const display = isPath ? spec : `rules/${spec}/pack.yaml`;
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      throw new LedgerlintError('cli.pack-not-found', { pack: spec, packs: builtins.join(', ') });
    }
    parsed.push(parsePack(text, display));
  }
  return parsed;
}
