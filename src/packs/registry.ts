/**
 * Where packs come from: the built-in packs shipped in rules/<id>/pack.yaml, or a path to a YAML file.
 * This module reads files; the parsing and validation are in load.ts.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { LedgerlintError } from '../errors.js';
import { parsePackCached } from './cache.js';
import { effectivePacks, isPackPath, loadResolved, type PackReader } from './extends.js';
import type { ParsedPack } from './load.js';

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

/**
 * Reads pack files for `extends` resolution. Synchronous on purpose: packs are a few small YAML files read once
 * at start-up, and one code path serves the CLI, the docs generator and the rule-case tests.
 */
export function packReader(builtins: readonly string[] = builtinPackIdsSync()): PackReader {
  return {
    builtinIds: builtins,
    parse: (text, file) => parsePackCached(text, file),
    read(spec, fromDir) {
      const isPath = isPackPath(spec);
      if (!isPath && !builtins.includes(spec)) return null;
      const file = isPath ? path.resolve(fromDir ?? '.', spec) : path.join(RULES_DIR, spec, 'pack.yaml');
      const display = isPath
        ? fromDir === null
          ? spec
          : path.relative('.', file) || file
        : `rules/${spec}/pack.yaml`;
      try {
        return { text: readFileSync(file, 'utf8'), display, key: file, dir: path.dirname(file) };
      } catch {
        return null;
      }
    },
  };
}

function builtinPackIdsSync(): string[] {
  return readdirSync(RULES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(RULES_DIR, entry.name, 'pack.yaml')))
    .map((entry) => entry.name)
    .sort();
}

/** One pack by id or path, with its `extends` resolved. */
export function loadPackSync(spec: string, reader: PackReader = packReader()): ParsedPack {
  const source = reader.read(spec, null);
  if (source === null) {
    throw new LedgerlintError('cli.pack-not-found', { pack: spec, packs: reader.builtinIds.join(', ') });
  }
  return loadResolved(source, reader);
}

/**
 * Resolve `--pack` values (ids of built-in packs or paths to YAML files), parse them with their `extends`, and
 * keep the effective packs (a base of another selected pack runs as part of it).
 */
export async function loadPacks(specs: readonly string[]): Promise<ParsedPack[]> {
  const reader = packReader(await builtinPackIds());
  return effectivePacks(specs.map((spec) => loadPackSync(spec, reader)));
}

/** Ids of the rules of every built-in pack (to tell a typo from a rule of a pack not selected in this run). */
export function builtinRuleIds(): Set<string> {
  const reader = packReader();
  return new Set(reader.builtinIds.flatMap((id) => loadPackSync(id, reader).pack.rules.map((r) => r.id)));
}
