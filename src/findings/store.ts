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
 * A file checked in this thread streams its findings here as they are made (beginInput: InputStream) instead of
 * handing them over whole when it ends, so one messy province file is not O(findings) in memory. Such findings
 * carry a tag (non-enumerable, so no reporter sees it; spilled as `[input, household, finding]` lines): the
 * findings of a file that fails later are dropped (discard), and so are the household findings of the first
 * read of a household that turns out split (withdrawHouseholds), which its re-read replaces. The tag is read
 * when the store is iterated; dropped findings still count towards the spill threshold until then.
 * The 户主's name is filled in on reading too (fillOnRead): it is known only once the household is complete,
 * after the findings of its rows were streamed.
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
import { addSheet, compareFindings, extendInputOrder, type InputOrder } from './order.js';
import type { Finding } from './types.js';
import { envWholeNumber, type Env } from '../env.js';

/** A finding as stored: with its fingerprint, computed once when it is appended. */
export type StoredFinding = Finding & { readonly fingerprint: string };

/** Where a streamed finding came from: its input (beginInput's number) and, for a provisional household finding, its household. */
interface Tag {
  readonly input: number;
  /** `sheet \0 户编号` of a household finding of a first read, withdrawn if the household turns out split. */
  readonly household: string | null;
}

const TAG = Symbol('ledgerlint.finding-tag');

type Tagged = StoredFinding & { [TAG]?: Tag };

function tagged(finding: StoredFinding, tag: Tag): StoredFinding {
  // Non-enumerable: spreads, JSON and reporters never see it.
  Object.defineProperty(finding, TAG, { value: tag, enumerable: false, configurable: true });
  return finding;
}

function householdKey(sheet: string | null, householdId: string): string {
  return `${sheet ?? ''}\u0000${householdId}`;
}

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
export function spillThreshold(env: Env = process.env): number {
  const threshold = envWholeNumber(env, SPILL_THRESHOLD_ENV);
  return threshold !== undefined && threshold > 0 ? threshold : DEFAULT_SPILL_THRESHOLD;
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
  /** Streamed inputs whose findings are dropped (the file failed after some were streamed). */
  private readonly discarded = new Set<number>();
  /** Streamed input → split households whose first-read household findings are dropped. */
  private readonly withdrawn = new Map<number, Set<string>>();
  private fill: ((finding: StoredFinding) => StoredFinding) | undefined;

  constructor(options: FindingStoreOptions = {}) {
    this.threshold = Math.max(1, options.threshold ?? spillThreshold());
    this.tmpDir = options.tmpDir ?? os.tmpdir();
  }

  /** Register the next input file and its sheets (workbook order): before any of its findings is appended. */
  addInput(file: string, sheets: readonly (string | null)[]): void {
    extendInputOrder(this.order, file, this.inputs, sheets);
    this.inputs += 1;
  }

  /**
   * Register the next input and stream its findings as they are made (a file checked in this thread). Its
   * sheets are registered one by one as they are read (InputStream.sheet), each before its findings.
   */
  beginInput(file: string): InputStream {
    const input = this.inputs;
    extendInputOrder(this.order, file, input, []);
    this.inputs += 1;
    // extendInputOrder registered the file with no sheets yet: they are added as they are read.
    const sheets = this.order.sheet.get(file) as Map<string, number>;
    return {
      sheet: (sheet) => addSheet(sheets, sheet),
      add: (finding) => this.append(tagged(finding, { input, household: null })),
      addHousehold: (finding) =>
        this.append(
          tagged(finding, {
            input,
            household:
              finding.file === file && finding.householdId !== null
                ? householdKey(finding.sheet, finding.householdId)
                : null,
          }),
        ),
      withdrawHouseholds: (sheet, householdIds) => {
        let keys = this.withdrawn.get(input);
        if (!keys) this.withdrawn.set(input, (keys = new Set()));
        for (const id of householdIds) keys.add(householdKey(sheet, id));
      },
      discard: () => {
        this.discarded.add(input);
        this.order.sheet.delete(file);
        this.order.file.delete(file);
      },
    };
  }

  /** Set the 户主's name (or anything else known only at the end) into each finding as it is read. */
  fillOnRead(fill: (finding: StoredFinding) => StoredFinding): void {
    this.fill = fill;
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
    const all = this.runs.length === 0 ? this.buffer[Symbol.iterator]() : this.merged();
    if (this.fill === undefined && this.discarded.size === 0 && this.withdrawn.size === 0) return all;
    return this.kept(all);
  }

  /** The findings as read: dropped ones left out, the rest filled (fillOnRead). */
  private *kept(all: Iterator<StoredFinding>): Generator<StoredFinding> {
    const fill = this.fill;
    for (let r = all.next(); r.done !== true; r = all.next()) {
      const finding: Tagged = r.value;
      const tag = finding[TAG];
      if (tag !== undefined) {
        if (this.discarded.has(tag.input)) continue;
        if (tag.household !== null && this.withdrawn.get(tag.input)?.has(tag.household) === true) continue;
      }
      yield fill ? fill(finding) : finding;
    }
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
    for (const f of this.buffer as Tagged[]) {
      const tag = f[TAG];
      text +=
        tag === undefined
          ? `${JSON.stringify(f)}\n`
          : `[${tag.input},${JSON.stringify(tag.household)},${JSON.stringify(f)}]\n`;
    }
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

/** The findings of one input as it is read (FindingStore.beginInput), appended as they are made. */
export interface InputStream {
  /** The next sheet of the input (workbook order, skipped ones included): before any of its findings. */
  sheet(sheet: string | null): void;
  add(finding: StoredFinding): void;
  /** A household finding of the first read: dropped if its household is later withdrawn (split). */
  addHousehold(finding: StoredFinding): void;
  /** Drop the first-read household findings of these households of the sheet (their re-read replaces them). */
  withdrawHouseholds(sheet: string | null, householdIds: Iterable<string>): void;
  /** Drop every finding of the input (it failed; the caller reports that on its own) and its place. */
  discard(): void;
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
    const line = this.lines[this.at++]!;
    if (!line.startsWith('[')) return JSON.parse(line) as StoredFinding;
    const [input, household, finding] = JSON.parse(line) as [number, string | null, StoredFinding];
    return tagged(finding, { input, household });
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
