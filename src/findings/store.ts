/**
 * The finding store: every finding of a run, appended as it is produced and read back in report order
 * (compareFindings), without holding a province's million findings in memory.
 *
 * - Up to `threshold` findings stay in memory. When the buffer is full it is sorted in report order and
 *   written as a sorted run (NDJSON, one finding a line) to a private temporary directory (`ledgerlint-…` under
 *   os.tmpdir(), which honours TMPDIR); the buffer starts again.
 * - Iterating merges the runs and the sorted in-memory tail (a k-way merge with a binary heap): the findings in
 *   report order. Ties keep the order of appending (earlier run first, and Array.prototype.sort is stable), so a
 *   spilled run gives exactly the order of sorting everything in memory. The store can be iterated again (each
 *   report format reads it once).
 * - Under the threshold nothing touches the disk.
 * - The directory is removed by dispose(), and in any case when the process exits (also on Ctrl-C, whose
 *   handler calls process.exit): batch/atomic.ts tracks it with the run's other temp files.
 *
 * The sort order needs the position of each file and sheet (InputOrder). A file's findings are appended after
 * its position is registered (addInput), and a registered position never changes, so runs sorted early agree
 * with the order of the finished report.
 *
 * The NDJSON reader is hand-written (synchronous, ~40 lines) rather than a stream library: the merge pulls one
 * line at a time from many files inside a synchronous iterator, so reporters stay plain generators.
 */
import { mkdtempSync, openSync, readSync, closeSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { Heap } from '@datastructures-js/heap';
import { removeTempDir, trackTempDir } from '../batch/atomic.js';
import { compareFindings, extendInputOrder, type InputOrder } from './order.js';
import type { Finding } from './types.js';

/** A finding as stored: with its fingerprint, computed once when it is appended. */
export type StoredFinding = Finding & { readonly fingerprint: string };

/** Findings kept in memory before a sorted run is written to disk. */
export const DEFAULT_SPILL_THRESHOLD = 25_000;

/** Hidden setting for tests and experiments: the spill threshold (a positive integer). */
export const SPILL_THRESHOLD_ENV = 'LEDGERLINT_SPILL_THRESHOLD';

export interface FindingStoreOptions {
  /** Findings kept in memory before spilling; default DEFAULT_SPILL_THRESHOLD or $LEDGERLINT_SPILL_THRESHOLD. */
  readonly threshold?: number;
  /** Parent of the private temporary directory; default os.tmpdir() (TMPDIR). */
  readonly tmpDir?: string;
}

/** The threshold from the environment, or the default. */
export function spillThreshold(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const value = env[SPILL_THRESHOLD_ENV];
  if (value !== undefined && /^\d+$/.test(value) && Number(value) > 0) return Number(value);
  return DEFAULT_SPILL_THRESHOLD;
}

export class FindingStore implements Iterable<StoredFinding> {
  readonly order: InputOrder = { file: new Map(), sheet: new Map() };
  private readonly threshold: number;
  private readonly tmpDir: string;
  private inputs = 0;
  private buffer: StoredFinding[] = [];
  private sorted = true;
  private readonly runs: string[] = [];
  private dir: string | null = null;
  private total = 0;

  constructor(options: FindingStoreOptions = {}) {
    this.threshold = Math.max(1, options.threshold ?? spillThreshold());
    this.tmpDir = options.tmpDir ?? os.tmpdir();
  }

  /** Register the next input file and its sheets (workbook order): before any of its findings is appended. */
  addInput(file: string, sheets: readonly (string | null)[]): void {
    extendInputOrder(this.order, file, this.inputs, sheets);
    this.inputs += 1;
  }

  append(finding: StoredFinding): void {
    this.buffer.push(finding);
    this.sorted = false;
    this.total += 1;
    if (this.buffer.length >= this.threshold) this.spill();
  }

  /** Findings appended so far. */
  get size(): number {
    return this.total;
  }

  /** Sorted runs written to disk so far. */
  get spilledRuns(): number {
    return this.runs.length;
  }

  /** The private temporary directory, once something was spilled. */
  get directory(): string | null {
    return this.dir;
  }

  [Symbol.iterator](): Iterator<StoredFinding> {
    this.sortBuffer();
    if (this.runs.length === 0) return this.buffer[Symbol.iterator]();
    return this.merged();
  }

  /** Remove the temporary directory and forget the findings. Safe to call twice. */
  dispose(): void {
    this.buffer = [];
    this.runs.length = 0;
    if (this.dir !== null) {
      removeTempDir(this.dir);
      this.dir = null;
    }
  }

  private sortBuffer(): void {
    if (this.sorted) return;
    this.buffer.sort((a, b) => compareFindings(a, b, this.order));
    this.sorted = true;
  }

  private spill(): void {
    this.sortBuffer();
    if (this.dir === null) {
      this.dir = mkdtempSync(path.join(this.tmpDir, 'ledgerlint-'));
      trackTempDir(this.dir);
    }
    const file = path.join(this.dir, `run-${String(this.runs.length).padStart(5, '0')}.ndjson`);
    let text = '';
    for (const f of this.buffer) text += `${JSON.stringify(f)}\n`;
    writeFileSync(file, text, 'utf8');
    this.runs.push(file);
    this.buffer = [];
  }

  private *merged(): Generator<StoredFinding> {
    interface Head {
      readonly finding: StoredFinding;
      readonly source: number;
    }
    const readers = this.runs.map((file) => new NdjsonReader(file));
    const tail = this.buffer;
    let tailAt = 0;
    const next = (source: number): StoredFinding | null => {
      if (source < readers.length) return readers[source]!.next();
      return tailAt < tail.length ? tail[tailAt++]! : null;
    };
    const heap = new Heap<Head>(
      (a, b) => compareFindings(a.finding, b.finding, this.order) || a.source - b.source,
    );
    try {
      for (let source = 0; source <= readers.length; source++) {
        const finding = next(source);
        if (finding) heap.push({ finding, source });
      }
      for (let head = heap.pop(); head !== null; head = heap.pop()) {
        yield head.finding;
        const finding = next(head.source);
        if (finding) heap.push({ finding, source: head.source });
      }
    } finally {
      for (const reader of readers) reader.close();
    }
  }
}

/** Reads one sorted run back, a line at a time. */
class NdjsonReader {
  private fd: number | null;
  private readonly chunk = Buffer.allocUnsafe(1 << 16);
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';
  private lines: string[] = [];
  private at = 0;

  constructor(file: string) {
    this.fd = openSync(file, 'r');
  }

  next(): StoredFinding | null {
    while (this.at >= this.lines.length) {
      if (this.fd === null) return null;
      const n = readSync(this.fd, this.chunk, 0, this.chunk.length, null);
      if (n === 0) {
        this.close();
        this.pending += this.decoder.end();
      } else this.pending += this.decoder.write(this.chunk.subarray(0, n));
      const parts = this.pending.split('\n');
      this.pending = parts.pop() ?? '';
      this.lines = parts.filter((l) => l !== '');
      this.at = 0;
      if (this.fd === null && this.lines.length === 0) return null;
    }
    return JSON.parse(this.lines[this.at++]!) as StoredFinding;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
