/**
 * openLedger with the reading done in a second thread: a worker (io/reader-worker.ts) unzips, decodes and
 * tokenizes the file and posts its rows in batches, while this thread normalizes and checks them. On a
 * machine with two cores a single big file is then checked at the speed of the slower half instead of the
 * sum of both (measured in BENCHMARKS.md). The contract is openLedger's: the same sheets, the same rows, the
 * same errors at the same points (an error while reading a sheet's rows comes out of that sheet's `rows`; an
 * error opening the file or between sheets out of the generator).
 *
 * Flow control: the worker sends at most `window` batches ahead of what this thread has consumed, so memory
 * stays bounded whichever side is faster.
 */
import { stopWorker } from './stop-worker.js';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { LedgerlintError } from '../errors.js';
import type { Finding } from '../findings/types.js';
import {
  openBuiltSheets,
  type BuiltRow,
  type BuiltSheet,
  type SheetBuilt,
  type SheetOpened,
  type SheetRequest,
} from '../normalize/built.js';
import { openSheet } from '../normalize/sheet.js';
import { profileRequest, type ProfileRequest } from '../profiles/registry.js';
import type { MergedFill } from '../normalize/merged.js';
import type { ExcludedReason } from '../normalize/records.js';
import type { FieldValue, PersonRecord, SheetLayout } from '../normalize/types.js';
import { openLedger } from './open.js';
import { readerResourceLimits } from './reader-limits.js';
import type { OpenOptions, RawRow, SheetSource } from './types.js';

/** What the reader worker is started with. */
export interface ReaderInit {
  readonly path: string;
  readonly displayName: string;
  readonly options: OpenOptions;
  readonly batchRows: number;
  readonly window: number;
  /** Present: open the sheets and build their rows in the worker (openBuiltSheetsInThread); absent: raw rows. */
  readonly build?: { readonly request: SheetRequest; readonly placement: BuildPlacement };
}

/**
 * Which sheets the reader thread builds records for (the others go raw and are opened and built in the main
 * thread): `text` — CSV/TSV only; `all` — workbooks too.
 *
 * `text` by default. `all` was chosen once from per-thread CPU time measured on a busy machine (on the 60,000-person
 * bench xlsx it moved ~1.4 s of the main thread's ~4.7 s to the reader), but wall time on the idle machine says
 * otherwise: the 300k bench xlsx with `--jobs 2` takes 14.0 s with `text` against 16.3 s with `all` (317 against
 * 418 MiB peak); why the CPU split and the wall time disagree was not profiled. BENCHMARKS.md (the top section)
 * has the figures.
 */
export type BuildPlacement = 'text' | 'all';

export const DEFAULT_BUILD_PLACEMENT: BuildPlacement = 'text';

/** Whether the reader thread builds the records of `source` (see BuildPlacement). */
export function buildsInReader(source: Omit<SheetSource, 'rows'>, placement: BuildPlacement): boolean {
  return placement === 'all' || source.sheet === null;
}

/** A checked sheet as the worker opened it: BuiltSheet without its batches, which follow as messages. */
export type BuiltSheetHead =
  | Extract<BuiltSheet, { skipped: 'hidden' | 'no-header' | 'not-a-ledger' }>
  | Omit<Extract<BuiltSheet, { skipped: null }>, 'batches'>;

/**
 * A batch of built rows as posted: the values objects exactly as the record builder made them (their key
 * order kept by structured clone), the row numbers in a typed array, and the rare rows with findings, an
 * exclusion or extra cells apart. Measured against arrays of values aligned with a per-sheet key list (sent
 * once, objects rebuilt here) on 20k rows of the 300k UTF-8 CSV: cloning the objects costs ~6 µs a row in
 * the worker and ~4 µs here, the aligned arrays ~5 µs there and 5–7 µs here with the rebuild (the strings
 * dominate either way), so the objects go as they are. BENCHMARKS.md has the figures. An encoding by shape (strings
 * joined, numbers in typed arrays, one object literal per shape on arrival) was measured again in session 6: half
 * the cost on this side, but more on the reader's, which is the thread a CSV check waits on (300k UTF-8 CSV,
 * `--jobs 2`, 4 runs each, idle machine: 6.2–7.0 s cloned against 6.6–8.0 s encoded).
 */
export interface BuiltBatch {
  readonly rows: Int32Array;
  /** Per row: the record's values, or null for a row that holds no person. */
  readonly values: (Readonly<Record<string, FieldValue>> | null)[];
  /** Rows (by position in the batch) with findings, an exclusion reason or a row-longer-than-header. */
  readonly notes: readonly BuiltNote[];
}

export interface BuiltNote {
  readonly at: number;
  readonly findings?: Finding[];
  readonly excluded?: ExcludedReason;
  readonly extra?: Finding;
}

/** Reader worker → this thread. */
export type FromReader =
  | { readonly t: 'sheet'; readonly index: number; readonly sheet: Omit<SheetSource, 'rows'> }
  | { readonly t: 'rows'; readonly index: number; readonly rows: RawRow[] }
  | {
      readonly t: 'built-sheet';
      readonly index: number;
      readonly source: Omit<SheetSource, 'rows'>;
      readonly sheet: BuiltSheetHead;
    }
  | { readonly t: 'built'; readonly index: number; readonly batch: BuiltBatch }
  | { readonly t: 'sheet-end'; readonly index: number; readonly merged?: MergedFill | null }
  | { readonly t: 'end' }
  | { readonly t: 'error'; readonly error: ReaderError };

/** This thread → reader worker: more batches may be sent; or sheet `index` is no longer read. */
export type ToReader =
  | { readonly t: 'credit'; readonly n: number }
  | { readonly t: 'skip'; readonly index: number }
  | { readonly t: 'stop' };

export interface ReaderError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  readonly messageId?: string;
  readonly data?: Record<string, string | number | null>;
}

const WORKER_URL = new URL('./reader-worker.js', import.meta.url);
const BATCH_ROWS = 256;
const WINDOW = 16;

/**
 * The worker runs the compiled dist/io/reader-worker.js. Run from the TypeScript sources (in-process tests)
 * there is no such file; callers then read in their own thread.
 */
export function readerThreadAvailable(): boolean {
  return existsSync(fileURLToPath(WORKER_URL));
}

/** openLedger, reading in a worker thread when one is available, else in this thread. */
export async function* openLedgerInThread(
  path: string,
  displayName: string,
  options: OpenOptions = {},
): AsyncGenerator<SheetSource> {
  if (!readerThreadAvailable()) {
    yield* openLedger(path, displayName, options);
    return;
  }
  const init: ReaderInit = { path, displayName, options, batchRows: BATCH_ROWS, window: WINDOW };
  const worker = new Worker(WORKER_URL, { workerData: init, resourceLimits: readerResourceLimits() });
  const inbox = new Inbox(worker);
  try {
    for (;;) {
      const message = await inbox.next();
      if (message.t === 'end') return;
      if (message.t === 'error') throw revive(message.error);
      if (message.t !== 'sheet') continue; // rows of a sheet left behind: already skipped
      const sheet = new SheetStream(inbox, message.index, worker, (m) =>
        m.t === 'rows' ? m.rows : undefined,
      );
      yield { ...message.sheet, rows: sheet };
      await sheet.leave();
    }
  } finally {
    inbox.close();
    await stopReader(worker, inbox);
  }
}

/** Readers that had to be terminated because they did not stop when asked (for the tests: none should). */
export const readerStops = { terminated: 0 };

/** Ask the reader to stop and wait until it has ended by itself (io/stop-worker.ts). */
async function stopReader(worker: Worker, inbox: Inbox): Promise<void> {
  if (inbox.exited) return;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  await stopWorker(worker, { t: 'stop' } satisfies ToReader, exited, readerStops);
}

/**
 * openLedger, openSheet and the record building of every row done in a worker thread (normalize/built.ts,
 * openBuiltSheets, run there): this thread receives each sheet's layout once and then built rows, and only
 * checks them. Same sheets, rows, records, findings and errors at the same points as openBuiltSheets run
 * here (tested on every fixture). Without a worker (run from the sources) it runs here.
 */
export async function* openBuiltSheetsInThread(
  path: string,
  displayName: string,
  options: OpenOptions,
  request: SheetRequest,
  placement: BuildPlacement = DEFAULT_BUILD_PLACEMENT,
): AsyncGenerator<SheetBuilt | SheetOpened> {
  if (!readerThreadAvailable()) {
    yield* openBuiltSheets(path, displayName, options, request, BATCH_ROWS);
    return;
  }
  const init: ReaderInit = {
    path,
    displayName,
    options,
    batchRows: BATCH_ROWS,
    window: WINDOW,
    build: { request, placement },
  };
  const worker = new Worker(WORKER_URL, { workerData: init, resourceLimits: readerResourceLimits() });
  const inbox = new Inbox(worker);
  let profiles: ProfileRequest | undefined;
  try {
    for (;;) {
      const message = await inbox.next();
      if (message.t === 'end') return;
      if (message.t === 'error') throw revive(message.error);
      if (message.t === 'sheet') {
        // A sheet sent raw (see BuildPlacement): opened here, its rows built by the caller.
        const rows = new SheetStream(inbox, message.index, worker, (m) =>
          m.t === 'rows' ? m.rows : undefined,
        );
        profiles ??= profileRequest(request.profile);
        const source = { ...message.sheet, rows };
        yield { source, sheet: await openSheet(source, request.sheetAsked, profiles) };
        await rows.leave();
        continue;
      }
      if (message.t !== 'built-sheet') continue; // batches of a sheet left behind: already skipped
      const head = message.sheet;
      if (head.skipped !== null) {
        yield { source: message.source, sheet: head };
        continue;
      }
      const { layout, merged } = head;
      const batches = new SheetStream(
        inbox,
        message.index,
        worker,
        (m) => (m.t === 'built' ? [unpackBatch(m.batch, layout)] : undefined),
        (end) => {
          if (merged && end.merged) Object.assign(merged, end.merged);
        },
      );
      yield { source: message.source, sheet: { ...head, batches } };
      await batches.leave();
    }
  } finally {
    inbox.close();
    await stopReader(worker, inbox);
  }
}

/** Findings of a row that has none: shared, never written to (frozen). */
const NO_FINDINGS = Object.freeze([]) as unknown as Finding[];

/** A posted batch as BuiltRow objects, the records sharing this thread's copy of the sheet's layout. */
function unpackBatch(batch: BuiltBatch, layout: SheetLayout): BuiltRow[] {
  const { rows, values, notes } = batch;
  const out = new Array<BuiltRow>(rows.length);
  let noted = 0;
  let nextNote = notes.length > 0 ? notes[0]!.at : -1;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const v = values[i];
    const record: PersonRecord | null = v === null || v === undefined ? null : { layout, row, values: v };
    if (i !== nextNote) {
      out[i] = { record, findings: NO_FINDINGS, row };
      continue;
    }
    const note = notes[noted]!;
    noted += 1;
    nextNote = noted < notes.length ? notes[noted]!.at : -1;
    const built: BuiltRow = {
      record,
      findings: note.findings ?? NO_FINDINGS,
      ...(note.excluded !== undefined ? { excluded: note.excluded } : {}),
      row,
      ...(note.extra !== undefined ? { extra: note.extra } : {}),
    };
    out[i] = built;
  }
  return out;
}

/** Built rows → the batch posted (the inverse of unpackBatch). */
export function packBatch(built: readonly BuiltRow[]): BuiltBatch {
  const rows = new Int32Array(built.length);
  const values: (Readonly<Record<string, FieldValue>> | null)[] = new Array(built.length);
  const notes: BuiltNote[] = [];
  for (let i = 0; i < built.length; i++) {
    const b = built[i]!;
    rows[i] = b.row;
    values[i] = b.record === null ? null : b.record.values;
    if (b.findings.length > 0 || b.excluded !== undefined || b.extra !== undefined) {
      notes.push({
        at: i,
        ...(b.findings.length > 0 ? { findings: b.findings } : {}),
        ...(b.excluded !== undefined ? { excluded: b.excluded } : {}),
        ...(b.extra !== undefined ? { extra: b.extra } : {}),
      });
    }
  }
  return { rows, values, notes };
}

type SheetEnd = Extract<FromReader, { t: 'sheet-end' }>;

/**
 * What the worker sends of one sheet (raw rows, or batches of built rows), item by item. Single use, like
 * the readers' own rows.
 */
class SheetStream<T> implements AsyncIterable<T> {
  private ended = false;

  constructor(
    private readonly inbox: Inbox,
    private readonly index: number,
    private readonly worker: Worker,
    /** The items of a message of this sheet's kind; undefined for other messages. */
    private readonly unpack: (message: FromReader) => readonly T[] | undefined,
    private readonly onEnd?: (message: SheetEnd) => void,
  ) {}

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    while (!this.ended) {
      const message = await this.inbox.next();
      if (message.t === 'error') {
        this.ended = true;
        throw revive(message.error);
      }
      if (message.t === 'sheet-end' && message.index === this.index) {
        this.ended = true;
        this.onEnd?.(message);
        return;
      }
      if (!('index' in message) || message.index !== this.index) continue;
      const items = this.unpack(message);
      if (items === undefined) continue;
      this.worker.postMessage({ t: 'credit', n: 1 } satisfies ToReader);
      // A plain loop: yield* over an array costs one more await per row in an async generator.
      for (const item of items) yield item;
    }
  }

  /** The caller moved on: tell the worker, and drop what it already sent of this sheet. */
  async leave(): Promise<void> {
    if (this.ended) return;
    this.worker.postMessage({ t: 'skip', index: this.index } satisfies ToReader);
    for (;;) {
      const message = this.inbox.peek() ?? (await this.inbox.wait());
      // An error belongs to whoever reads next (the generator), as in openLedger: leave it queued.
      if (
        message.t === 'error' ||
        message.t === 'end' ||
        message.t === 'sheet' ||
        message.t === 'built-sheet'
      )
        break;
      this.inbox.shift();
      if (message.t === 'rows' || message.t === 'built')
        this.worker.postMessage({ t: 'credit', n: 1 } satisfies ToReader);
      if (message.t === 'sheet-end' && message.index === this.index) {
        this.onEnd?.(message);
        break;
      }
    }
    this.ended = true;
  }
}

/** The worker's messages in order; a worker that dies becomes an error message. */
class Inbox {
  private readonly queue: FromReader[] = [];
  private waiter: (() => void) | undefined;
  private closed = false;
  /** The worker thread has ended. */
  exited = false;

  constructor(worker: Worker) {
    worker.on('message', (message: FromReader) => this.push(message));
    worker.on('error', (error) =>
      this.push({ t: 'error', error: { name: error.name, message: error.message, stack: error.stack } }),
    );
    worker.on('exit', (code) => {
      this.exited = true;
      if (!this.closed)
        this.push({
          t: 'error',
          error: { name: 'Error', message: `the reader thread stopped unexpectedly (exit code ${code})` },
        });
    });
  }

  private push(message: FromReader): void {
    if (this.closed) return;
    this.queue.push(message);
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }

  peek(): FromReader | undefined {
    return this.queue[0];
  }

  shift(): FromReader | undefined {
    return this.queue.shift();
  }

  /** The first queued message, waiting for one if there is none (not removed). */
  async wait(): Promise<FromReader> {
    while (this.queue.length === 0) await new Promise<void>((resolve) => (this.waiter = resolve));
    return this.queue[0]!;
  }

  async next(): Promise<FromReader> {
    await this.wait();
    return this.queue.shift()!;
  }

  close(): void {
    this.closed = true;
    this.queue.length = 0;
  }
}

/** The worker's error as the error openLedger would have thrown here. */
function revive(error: ReaderError): Error {
  if (error.messageId !== undefined) return new LedgerlintError(error.messageId, error.data ?? {});
  const revived = new Error(error.message);
  revived.name = error.name;
  if (error.stack) revived.stack = error.stack;
  return revived;
}
