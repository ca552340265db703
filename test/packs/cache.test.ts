import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packCacheDir, packCacheKey, parsePackCached, parserFingerprint } from '../../src/packs/cache.js';
import { VERSION } from '../../src/version.js';
import { PackError, parsePack } from '../../src/packs/load.js';
import { RULES_DIR } from '../../src/packs/registry.js';
import { runCli } from '../helpers/cli.js';
import { demoPackYaml } from '../helpers/demo-pack.js';

const pack = (title: string, assert?: string) => demoPackYaml(title, assert);

const tempDir = () => mkdtempSync(path.join(tmpdir(), 'ledgerlint-pack-cache-'));
const entries = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.json'));

/** Rewrite the one entry in `dir` with another pack title, to tell a read from the cache from a parse. */
function tamper(dir: string, title: string): void {
  const [name] = entries(dir);
  const file = path.join(dir, name as string);
  const entry = JSON.parse(readFileSync(file, 'utf8')) as { pack: { title: { zh: string } } };
  entry.pack.title.zh = title;
  writeFileSync(file, JSON.stringify(entry));
}

describe('pack cache', () => {
  it('writes an entry on the first parse and reads it on the next', () => {
    const dir = tempDir();
    const text = pack('演示');
    const first = parsePackCached(text, 'pack.yaml', dir);
    expect(first.pack).toStrictEqual(parsePack(text, 'pack.yaml').pack);
    expect(entries(dir)).toEqual([`${packCacheKey(text)}.json`]);
    tamper(dir, '来自缓存');
    expect(parsePackCached(text, 'pack.yaml', dir).pack.title.zh).toBe('来自缓存');
  });

  it('never reads an entry of another text or another version', () => {
    const dir = tempDir();
    parsePackCached(pack('演示'), 'pack.yaml', dir, '1.0.0');
    tamper(dir, '旧的');
    // The text changed: a new entry, the stale one left unread.
    expect(parsePackCached(pack('演示二'), 'pack.yaml', dir, '1.0.0').pack.title.zh).toBe('演示二');
    // Same text, another ledgerlint version: parsed again.
    expect(parsePackCached(pack('演示'), 'pack.yaml', dir, '1.0.1').pack.title.zh).toBe('演示');
    expect(entries(dir)).toHaveLength(3);
    expect(packCacheKey('a', '1')).not.toBe(packCacheKey('a', '2'));
    expect(packCacheKey('a', '1')).not.toBe(packCacheKey('b', '1'));
  });

  it('never reads an entry written by other parser code (same version)', () => {
    const dir = tempDir();
    parsePackCached(pack('演示'), 'pack.yaml', dir, '1.0.0', 'parser-a');
    tamper(dir, '旧的');
    expect(parsePackCached(pack('演示'), 'pack.yaml', dir, '1.0.0', 'parser-a').pack.title.zh).toBe('旧的');
    expect(parsePackCached(pack('演示'), 'pack.yaml', dir, '1.0.0', 'parser-b').pack.title.zh).toBe('演示');
    expect(entries(dir)).toHaveLength(2);
    expect(packCacheKey('a', '1', 'parser-a')).not.toBe(packCacheKey('a', '1', 'parser-b'));
  });

  it('fingerprints the parser modules from their code', () => {
    const fingerprint = parserFingerprint();
    expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(parserFingerprint()).toBe(fingerprint);
    expect(packCacheKey('a')).toBe(packCacheKey('a', VERSION, fingerprint));
  });

  it('parses again when an entry is damaged', () => {
    const dir = tempDir();
    const text = pack('演示');
    parsePackCached(text, 'pack.yaml', dir);
    writeFileSync(path.join(dir, entries(dir)[0] as string), '{"version": "0.1.0", "pa');
    expect(parsePackCached(text, 'pack.yaml', dir).pack.title.zh).toBe('演示');
  });

  it('locates values of a cached pack (positions from the text, for error messages)', () => {
    const dir = tempDir();
    const text = pack('演示');
    parsePackCached(text, 'pack.yaml', dir);
    const cached = parsePackCached(text, 'pack.yaml', dir);
    expect(cached.locate(['rules', 0, 'assert'])).toEqual({ line: 15, column: 13 });
  });

  it('caches no bad pack: the same PackError every time', () => {
    const dir = tempDir();
    const bad = pack('演示').replace('severity: error', 'severity: fatal');
    for (let i = 0; i < 2; i++) {
      expect(() => parsePackCached(bad, 'pack.yaml', dir)).toThrow(PackError);
    }
    expect(entries(dir)).toEqual([]);
  });

  it('runs without a cache where the directory cannot be written', () => {
    // Below a regular file: no directory can be made there (whoever runs the test, root included).
    const blocker = path.join(tempDir(), 'a-file');
    writeFileSync(blocker, '');
    const dir = path.join(blocker, 'packs');
    expect(parsePackCached(pack('演示'), 'pack.yaml', dir).pack.title.zh).toBe('演示');
    expect(parsePackCached(pack('演示'), 'pack.yaml', dir).pack.title.zh).toBe('演示');
  });

  it('gives every built-in pack back exactly as parsed', () => {
    const dir = tempDir();
    for (const id of readdirSync(RULES_DIR)) {
      let text: string;
      try {
        text = readFileSync(path.join(RULES_DIR, id, 'pack.yaml'), 'utf8');
      } catch {
        continue; // not a pack directory
      }
      const fresh = parsePack(text, 'pack.yaml').pack;
      expect(parsePackCached(text, 'pack.yaml', dir).pack).toStrictEqual(fresh);
      expect(parsePackCached(text, 'pack.yaml', dir).pack).toStrictEqual(fresh);
    }
    expect(entries(dir).length).toBeGreaterThanOrEqual(7);
  });

  it('takes its directory from LEDGERLINT_PACK_CACHE, or none', () => {
    expect(packCacheDir({ LEDGERLINT_PACK_CACHE: '/tmp/x' })).toBe(path.resolve('/tmp/x'));
    expect(packCacheDir({ LEDGERLINT_PACK_CACHE: '0' })).toBeNull();
    expect(packCacheDir({ LEDGERLINT_PACK_CACHE: 'off' })).toBeNull();
    expect(packCacheDir({})).toMatch(/node_modules[\\/]\.cache[\\/]ledgerlint[\\/]packs[\\/]?$/);
  });

  it('is used by the CLI, and a changed pack file is checked as changed', () => {
    const dir = tempDir();
    const work = tempDir();
    const packFile = path.join(work, 'pack.yaml');
    writeFileSync(packFile, pack('演示'));
    const env = { LEDGERLINT_PACK_CACHE: dir };
    const rules = runCli(['rules', '--pack', packFile, '--lang', 'en'], { env });
    expect(rules.code).toBe(0);
    expect(entries(dir).length).toBeGreaterThan(0);
    // A broken edit of the same file is reported, not answered from the cache.
    writeFileSync(packFile, pack('演示').replace('severity: error', 'severity: fatal'));
    const broken = runCli(['rules', '--pack', packFile, '--lang', 'en'], { env });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('pack.yaml:13');
  });
});
