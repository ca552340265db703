/**
 * The run's uniqueness index (engine/unique.ts) with its keys on disk above a threshold, so that a province of
 * ten million rows is checked in bounded memory. Each holder of keys — the log of a file being read (in this
 * thread or a worker) and the run-wide store of the main thread — keeps at most `limit` keys in memory; past
 * that, it sorts them and writes them as one run file into the run's private temp directory. At the end the
 * run files and what is still in memory are merged (k-way) and the duplicates read off in one pass.
 *
 * The run files hold ID numbers and names: the directory is created readable by its owner only (0700, files
 * 0600) in the system temp dir, and removed at the end of the run, on error and on Ctrl-C (batch/atomic.ts).
 */
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import type { CompiledRule } from '../engine/compile.js';
import {
  duplicateFindings,
  mergeSources,
  sortedBatch,
  uniqueRules,
  UniqueKeyLog,
  type KeyRecord,
  type KeySource,
  type UniqueKeyBatch,
} from '../engine/unique.js';
import type { Finding } from '../findings/types.js';
import { removeTempDir, trackTempDir } from './atomic.js';
import { type Env, envWholeNumber } from '../env.js';

/** Where and from what size keys go to disk: plain data, handed to worker threads. */
export interface SpillSettings {
  /** The run's private temp directory (created at the first spill). */
  readonly dir: string;
  /** Keys a holder keeps in memory before it writes them out as a sorted run. */
  readonly limit: number;
}

/** Default `limit`: ~15 MiB of keys per holder (~75 bytes a key in memory, measured on ledger-like keys). */
export const DEFAULT_SPILL_KEYS = 200_000;

/**
 * Settings for a new run: a fresh directory name under the system temp dir, and the limit from the
 * LEDGERLINT_SPILL_KEYS environment variable (tests set it low to exercise the disk path) or the default.
 */
export function newSpillSettings(env: Env = process.env): SpillSettings {
  const fromEnv = envWholeNumber(env, 'LEDGERLINT_SPILL_KEYS');
  return {
    dir: path.join(tmpdir(), `ledgerlint-keys-${process.pid}-${randomBytes(6).toString('hex')}`),
    limit: fromEnv !== undefined && fromEnv > 0 ? fromEnv : DEFAULT_SPILL_KEYS,
  };
}

/** A file's key log that spills into the run's directory. */
export function spillingKeyLog(rules: readonly CompiledRule[], spill: SpillSettings): UniqueKeyLog {
  return new UniqueKeyLog(rules, { limit: spill.limit, run: (keys) => writeRun(spill.dir, keys) });
}

// ——— run files ———
// A run is a sequence of records, little-endian: u8 rule, u32 file, u32 ordinal, u32 value length, value
// (UTF-8), u32 location length, location (engine/unique.ts packing). Sorted by (rule, value, file, ordinal).

const BLOCK = 1 << 20;
let runCounter = 0;

/** Writes a sorted stream of keys as a run file; returns its path. */
export function writeRun(dir: string, keys: KeySource): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  trackTempDir(dir);
  const file = path.join(dir, `run-${threadId}-${++runCounter}-${randomBytes(4).toString('hex')}.keys`);
  const fd = openSync(file, 'w', 0o600);
  try {
    let buffer = Buffer.allocUnsafe(BLOCK);
    let length = 0;
    const flush = () => {
      let at = 0;
      while (at < length) at += writeSync(fd, buffer, at, length - at);
      length = 0;
    };
    for (let key = keys.next(); key; key = keys.next()) {
      if (key.rule < 0) continue; // a rule this run does not have (cannot happen with one set of packs)
      const valueBytes = Buffer.byteLength(key.value, 'utf8');
      const size = 17 + valueBytes + key.location.length;
      if (length + size > buffer.length) {
        flush();
        if (size > buffer.length) buffer = Buffer.allocUnsafe(size);
      }
      buffer.writeUInt8(key.rule, length);
      buffer.writeUInt32LE(key.file, length + 1);
      buffer.writeUInt32LE(key.ordinal, length + 5);
      buffer.writeUInt32LE(valueBytes, length + 9);
      buffer.write(key.value, length + 13, 'utf8');
      buffer.writeUInt32LE(key.location.length, length + 13 + valueBytes);
      buffer.set(key.location, length + 17 + valueBytes);
      length += size;
    }
    flush();
  } finally {
    closeSync(fd);
  }
  return file;
}

/**
 * A run file as a sorted source, read in blocks. `fileBase` is added to each record's file index (a file's
 * own runs say 0); `rules` maps the run's rule indexes to the run-wide ones.
 */
export function readRun(file: string, fileBase: number, rules: readonly number[]): KeySource {
  let fd: number | null = openSync(file, 'r');
  let buffer = Buffer.allocUnsafe(BLOCK);
  let start = 0;
  let end = 0;
  let eof = false;
  /** Makes `n` bytes available from `start`; false at the end of the file. */
  const ensure = (n: number): boolean => {
    if (end - start >= n) return true;
    if (eof || fd === null) return false;
    if (start > 0) {
      buffer.copy(buffer, 0, start, end);
      end -= start;
      start = 0;
    }
    if (n > buffer.length) {
      const grown = Buffer.allocUnsafe(n);
      buffer.copy(grown, 0, 0, end);
      buffer = grown;
    }
    while (end - start < n) {
      const read = readSync(fd, buffer, end, buffer.length - end, null);
      if (read === 0) {
        eof = true;
        return false;
      }
      end += read;
    }
    return true;
  };
  const close = () => {
    if (fd !== null) closeSync(fd);
    fd = null;
  };
  return {
    next(): KeyRecord | undefined {
      if (!ensure(13)) {
        close();
        return undefined;
      }
      const rule = rules[buffer.readUInt8(start)] ?? -1;
      const fileIndex = buffer.readUInt32LE(start + 1) + fileBase;
      const ordinal = buffer.readUInt32LE(start + 5);
      const valueBytes = buffer.readUInt32LE(start + 9);
      if (!ensure(17 + valueBytes)) throw new Error(`truncated key run ${file}`);
      const locationBytes = buffer.readUInt32LE(start + 13 + valueBytes);
      if (!ensure(17 + valueBytes + locationBytes)) throw new Error(`truncated key run ${file}`);
      const value = buffer.toString('utf8', start + 13, start + 13 + valueBytes);
      const at = start + 17 + valueBytes;
      const location = new Uint8Array(buffer.subarray(at, at + locationBytes));
      start = at + locationBytes;
      return { rule, value, file: fileIndex, ordinal, location };
    },
    close,
  };
}

// ——— the run-wide store ———

interface HeldBatch {
  readonly batch: UniqueKeyBatch;
  readonly file: number;
  readonly rules: readonly number[];
}

interface Run {
  readonly path: string;
  readonly fileBase: number;
  readonly rules: readonly number[];
}

/**
 * Every file's keys, added in input order; `finish` returns the uniqueness findings of the whole run. Call
 * `close` in any case (it removes the run files).
 */
export class UniqueKeyStore {
  private readonly rules: CompiledRule[];
  private readonly ruleIndex: Map<string, number>;
  private readonly files: string[] = [];
  private held: HeldBatch[] = [];
  private heldKeys = 0;
  private readonly runs: Run[] = [];

  constructor(
    rules: readonly CompiledRule[],
    private readonly spill: SpillSettings,
  ) {
    this.rules = uniqueRules(rules);
    this.ruleIndex = new Map(this.rules.map((r, i) => [r.id, i]));
    // Worker threads write runs into the directory too: tracked here, so Ctrl-C in this thread removes it.
    trackTempDir(spill.dir);
  }

  /** The keys of the next file of the run. */
  add(file: string, batch: UniqueKeyBatch): void {
    const index = this.files.length;
    this.files.push(file);
    const rules = batch.rules.map((id) => this.ruleIndex.get(id) ?? -1);
    for (const run of batch.runs) this.runs.push({ path: run, fileBase: index, rules });
    if (batch.keyEnds.length === 0) return;
    this.held.push({ batch, file: index, rules });
    this.heldKeys += batch.keyEnds.length;
    if (this.heldKeys >= this.spill.limit) this.spillHeld();
  }

  /** The duplicates among every key added. */
  finish(): Finding[] {
    if (this.rules.length === 0) return [];
    const sources: KeySource[] = [
      ...this.runs.map((r) => readRun(r.path, r.fileBase, r.rules)),
      ...this.heldSources(),
    ];
    const merged = mergeSources(sources);
    try {
      return [...duplicateFindings(merged, this.rules, this.files)];
    } finally {
      merged.close?.();
    }
  }

  /** finish(), then close(). */
  finishAndClose(): Finding[] {
    try {
      return this.finish();
    } finally {
      this.close();
    }
  }

  /** Remove the run's temp directory (safe to call more than once, and when nothing was spilled). */
  close(): void {
    this.held = [];
    removeTempDir(this.spill.dir);
  }

  private heldSources(): KeySource[] {
    return this.held.map((h) => sortedBatch(h.batch, h.file, h.rules));
  }

  private spillHeld(): void {
    const path = writeRun(this.spill.dir, mergeSources(this.heldSources()));
    this.runs.push({ path, fileBase: 0, rules: this.rules.map((_, i) => i) });
    this.held = [];
    this.heldKeys = 0;
  }
}
