/**
 * A cache of parsed and validated packs, so that a run does not parse the same YAML with the same schema again
 * (about a quarter of a second of every start-up for the default packs: the yaml parser and zod).
 *
 * An entry is the pack's validated data as JSON, under a name that is the SHA-256 of ledgerlint's version, a
 * fingerprint of the parser code (the text of the modules that shape a parsed pack: load and schema) and the
 * pack's text: any change to the text, the version or the parser (a new default or a renamed field during
 * development, when the version stays) is a different name, so a stale entry is never read. Params (--param, --year, the province) are applied after parsing
 * (engine/compile.ts) and are not part of what is cached. Entries are written atomically (temp file + rename),
 * so concurrent runs and tests share the directory safely.
 *
 * The cache is an optimisation only: every failure (no directory, not writable, a damaged entry) falls back
 * silently to parsing. Pack data is JSON data (the schema admits finite numbers only); a pack whose data would not
 * survive JSON unchanged is not cached all the same. Positions (`locate`, needed only for error messages) come from parsing the text again on first use.
 *
 * Where: LEDGERLINT_PACK_CACHE names the directory ("0" or "off": no cache); by default
 * node_modules/.cache/ledgerlint/packs under ledgerlint's package root, the usual place for tools' caches.
 * Hand-written: find-cache-dir looks up from the working directory (the user's project), not from ledgerlint.
 */
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { VERSION } from '../version.js';
import { parsePack, type ParsedPack } from './load.js';
import type { PackDef } from './schema.js';
import { type Env } from '../env.js';

/** node_modules/.cache/ledgerlint/packs beside src/ (tests) or dist/ (built): both two levels below the root. */
const DEFAULT_DIR = fileURLToPath(new URL('../../node_modules/.cache/ledgerlint/packs/', import.meta.url));

/** The cache directory from the environment, or null when the cache is off. */
export function packCacheDir(env: Env = process.env): string | null {
  const setting = env.LEDGERLINT_PACK_CACHE;
  if (setting === '0' || setting === 'off') return null;
  return setting ? path.resolve(setting) : DEFAULT_DIR;
}

/**
 * The modules whose code shapes a parsed pack (parsePack in load, the zod schema and its defaults in schema),
 * beside this one: .ts under the tests, .js when built. Keep in step with load's imports.
 */
const PARSER_MODULES = ['load', 'schema'] as const;

let parserFingerprintMemo: string | undefined;

/** The libraries a parsed pack depends on (their versions are part of parserFingerprint). */
const PARSER_LIBRARIES = ['yaml', 'zod'] as const;

/**
 * SHA-256 of the parser modules' code and of the versions of the libraries they parse with (yaml, zod), read
 * once per process; '' where they cannot be read (bundled). An upgrade of either without a new ledgerlint version
 * must not serve packs parsed by the old one.
 */
export function parserFingerprint(): string {
  if (parserFingerprintMemo !== undefined) return parserFingerprintMemo;
  const here = fileURLToPath(import.meta.url);
  const extension = path.extname(here);
  const hash = createHash('sha256');
  try {
    const requireHere = createRequire(import.meta.url);
    for (const library of PARSER_LIBRARIES) {
      const { version } = requireHere(`${library}/package.json`) as { version: string };
      hash.update(library).update('\u0000').update(version).update('\u0000');
    }
    for (const name of PARSER_MODULES) {
      hash
        .update(name)
        .update('\u0000')
        .update(readFileSync(path.join(path.dirname(here), name + extension)));
    }
    parserFingerprintMemo = hash.digest('hex');
  } catch {
    parserFingerprintMemo = '';
  }
  return parserFingerprintMemo;
}

/** The entry name of a pack text for a ledgerlint version and a parser fingerprint. */
export function packCacheKey(
  text: string,
  version: string = VERSION,
  parser: string = parserFingerprint(),
): string {
  return createHash('sha256')
    .update(version)
    .update('\u0000')
    .update(parser)
    .update('\u0000')
    .update(text)
    .digest('hex');
}

interface Entry {
  readonly version: string;
  readonly pack: PackDef;
}

/**
 * parsePack through the cache in `dir` (null: no cache). Same result as parsePack: the same data, the same
 * PackError for a bad pack (bad packs are never cached).
 */
export function parsePackCached(
  text: string,
  file: string,
  dir: string | null = packCacheDir(),
  version: string = VERSION,
  parser: string = parserFingerprint(),
): ParsedPack {
  if (dir === null) return parsePack(text, file);
  const entryFile = path.join(dir, `${packCacheKey(text, version, parser)}.json`);
  const cached = readEntry(entryFile, version);
  if (cached) {
    let parsed: ParsedPack | undefined;
    return {
      pack: cached,
      file,
      locate: (at) => (parsed ??= parsePack(text, file)).locate(at),
    };
  }
  const parsed = parsePack(text, file);
  writeEntry(dir, entryFile, { version, pack: parsed.pack });
  return parsed;
}

function readEntry(entryFile: string, version: string): PackDef | undefined {
  try {
    const entry = JSON.parse(readFileSync(entryFile, 'utf8')) as Partial<Entry> | null;
    if (entry?.version !== version || typeof entry.pack !== 'object' || entry.pack === null) return undefined;
    return entry.pack;
  } catch {
    return undefined; // absent or damaged: parse
  }
}

function writeEntry(dir: string, entryFile: string, entry: Entry): void {
  const json = JSON.stringify(entry);
  // Only data that JSON gives back unchanged (no Infinity, NaN or undefined values).
  if (!isDeepStrictEqual(JSON.parse(json), entry)) return;
  const temp = `${entryFile}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(temp, json);
    renameSync(temp, entryFile);
  } catch {
    // Not writable: run without the cache.
    try {
      rmSync(temp, { force: true });
    } catch {
      // no directory to remove it from
    }
  }
}
