/**
 * --cache: like ESLint's cache, the results of files whose content, packs, params, rule settings, column
 * profile and ledgerlint version are unchanged since the last run are reused instead of re-read, dataset
 * uniqueness keys included (so a duplicate ID between a cached and a changed file is still found). One JSON file (default `.ledgerlint-cache` in the
 * working directory), written atomically. It holds finding data and uniqueness keys, i.e. ID numbers and names
 * from the ledgers: it is written readable by its owner only, and must be kept like the ledgers themselves.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import pMap from 'p-map';
import { z } from 'zod';
import { writeFileAtomically } from './atomic.js';
import { LedgerlintError } from '../errors.js';
import type { FileCheck, FileOptions, PreparedRules, RuleOptions } from '../commands/check.js';
import { profileRequest } from '../profiles/registry.js';
import { VERSION } from '../version.js';
import { batchFromJson, batchToJson, type UniqueKeyBatchJson } from '../engine/unique.js';

export const DEFAULT_CACHE_FILE = '.ledgerlint-cache';

export interface CacheSettings {
  /** The cache file. */
  readonly file: string;
}

const entrySchema = z.object({
  file: z.string(),
  size: z.number(),
  hash: z.string(),
  /** The file's result, its uniqueness keys as JSON (typed arrays in base64: engine/unique.ts). */
  result: z.custom<CachedCheck>((v) => typeof v === 'object' && v !== null),
});

type CachedCheck = Omit<FileCheck, 'uniqueKeys'> & { readonly uniqueKeys: UniqueKeyBatchJson };

const cacheSchema = z.object({
  tool: z.literal('ledgerlint'),
  cacheVersion: z.literal(4),
  /** Hash of the ledgerlint version, the packs' ids, versions and content, params and read options. */
  key: z.string(),
  files: z.record(z.string(), entrySchema),
});

type CacheEntry = z.infer<typeof entrySchema>;

/**
 * Files whose content is hashed at the same time by lookupAll. Each file is read in libuv's thread pool (four
 * threads) while the main thread hashes what another file has already read: a few at once keep both busy
 * without opening every file of a province folder at the same moment.
 */
export const HASH_CONCURRENCY = 4;

export interface OpenedCache {
  /** The stored result of a file whose content is unchanged, else undefined. */
  lookup(file: string): Promise<FileCheck | undefined>;
  /** lookup of every file, HASH_CONCURRENCY at a time; the results in the files' order. */
  lookupAll(files: readonly string[]): Promise<(FileCheck | undefined)[]>;
  /** Remember a fresh result (its content hash was taken by lookup). */
  store(file: string, result: FileCheck): void;
  /** Write the cache file (atomically) when something changed. */
  save(): Promise<void>;
}

export async function openCache(
  settings: CacheSettings,
  prepared: PreparedRules,
  rules: RuleOptions,
  fileOptions: FileOptions,
): Promise<OpenedCache> {
  const key = runKey(prepared, rules, fileOptions);
  const entries = await loadEntries(settings.file, key);
  const hashes = new Map<string, { size: number; hash: string }>();
  let changed = false;

  const cache: OpenedCache = {
    lookupAll: (files) => pMap(files, (file) => cache.lookup(file), { concurrency: HASH_CONCURRENCY }),
    async lookup(file) {
      const info = await stat(file).catch(() => null);
      if (!info?.isFile()) return undefined;
      const hash = await hashFile(file).catch(() => null);
      if (hash === null) return undefined;
      hashes.set(file, { size: info.size, hash });
      const entry = entries.get(path.resolve(file));
      if (entry?.file === file && entry.size === info.size && entry.hash === hash)
        return { ...entry.result, uniqueKeys: batchFromJson(entry.result.uniqueKeys) };
      return undefined;
    },
    store(file, result) {
      const content = hashes.get(file);
      // A file whose keys went to disk (more than the spill limit) is not cached: its keys would not fit in
      // the cache, which is one JSON document in memory. It is read again next time.
      if (!content || result.uniqueKeys.runs.length > 0) return;
      entries.set(path.resolve(file), {
        file,
        ...content,
        result: { ...result, uniqueKeys: batchToJson(result.uniqueKeys) },
      });
      changed = true;
    },
    async save() {
      if (!changed) return;
      const data: z.infer<typeof cacheSchema> = {
        tool: 'ledgerlint',
        cacheVersion: 4,
        key,
        files: Object.fromEntries([...entries.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))),
      };
      try {
        await writeFileAtomically(settings.file, JSON.stringify(data), { mode: 0o600 });
      } catch (error) {
        throw new LedgerlintError(
          'cli.cache-unwritable',
          { file: settings.file, detail: (error as Error).message },
          { cause: error },
        );
      }
    },
  };
  return cache;
}

/** Entries of a cache written with the same key; a missing, damaged or outdated cache is simply empty. */
async function loadEntries(file: string, key: string): Promise<Map<string, CacheEntry>> {
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === null) return new Map();
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return new Map();
  }
  const parsed = cacheSchema.safeParse(data);
  if (!parsed.success || parsed.data.key !== key) return new Map();
  return new Map(Object.entries(parsed.data.files));
}

function runKey(prepared: PreparedRules, rules: RuleOptions, fileOptions: FileOptions): string {
  const { params } = prepared;
  return createHash('sha256')
    .update(
      JSON.stringify({
        version: VERSION,
        packs: prepared.parsed.map((p) => ({ id: p.pack.id, version: p.pack.version, content: p.pack })),
        params: {
          year: params.year,
          assessmentDate: params.assessmentDate,
          province: params.province,
          byPack: [...params.byPack.entries()],
        },
        all: rules.all,
        // Rule settings of the config file turn rules off or change severities (config params are in `params`).
        rules: prepared.rules.map((r) => [r.id, r.severity]),
        ruleSettings: rules.ruleSettings ?? null,
        sheet: fileOptions.sheet ?? null,
        encoding: fileOptions.encoding ?? null,
        // The profile's content, not just its name or path: an edited profile file maps columns differently.
        profile: fileOptions.profile === undefined ? null : profileRequest(fileOptions.profile).forced,
        lang: fileOptions.lang,
      }),
    )
    .digest('hex');
}

/** SHA-256 of the file's bytes, streamed. */
function hashFile(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}
