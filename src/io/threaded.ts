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
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { LedgerlintError } from '../errors.js';
import { openLedger } from './open.js';
import type { OpenOptions, RawRow, SheetSource } from './types.js';

/** What the reader worker is started with. */
export interface ReaderInit {
  readonly path: string;
  readonly displayName: string;
  readonly options: OpenOptions;
  readonly batchRows: number;
  readonly window: number;
}

/** Reader worker → this thread. */
export type FromReader =
  | { readonly t: 'sheet'; readonly index: number; readonly sheet: Omit<SheetSource, 'rows'> }
  | { readonly t: 'rows'; readonly index: number; readonly rows: RawRow[] }
  | { readonly t: 'sheet-end'; readonly index: number }
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
  const worker = new Worker(WORKER_URL, { workerData: init });
  const inbox = new Inbox(worker);
  try {
    for (;;) {
      const message = await inbox.next();
      if (message.t === 'end') return;
      if (message.t === 'error') throw revive(message.error);
      if (message.t !== 'sheet') continue; // rows of a sheet left behind: already skipped
      const sheet = new SheetRows(inbox, message.index, worker);
      yield { ...message.sheet, rows: sheet };
      await sheet.leave();
    }
  } finally {
    inbox.close();
    await stopReader(worker, inbox);
  }
}

/** How long a reader that was asked to stop may take to finish its current row before it is terminated. */
const STOP_GRACE_MS = 5000;

/** Readers that had to be terminated because they did not stop when asked (for the tests: none should). */
export const readerStops = { terminated: 0 };

/**
 * Ask the worker to stop and wait until it has ended by itself. Terminating a thread in the middle of an
 * inflate can abort the whole process in Node's zlib binding (seen in this project's tests under load), so
 * terminate() is kept for a reader that does not answer (a hostile file stuck in a read).
 */
async function stopReader(worker: Worker, inbox: Inbox): Promise<void> {
  if (inbox.exited) return;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.postMessage({ t: 'stop' } satisfies ToReader);
  const timer = setTimeout(() => {
    readerStops.terminated += 1;
    void worker.terminate();
  }, STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

/** The rows of one sheet, as the worker sends them. Single use, like the readers' own. */
class SheetRows implements AsyncIterable<RawRow> {
  private ended = false;

  constructor(
    private readonly inbox: Inbox,
    private readonly index: number,
    private readonly worker: Worker,
  ) {}

  async *[Symbol.asyncIterator](): AsyncGenerator<RawRow> {
    while (!this.ended) {
      const message = await this.inbox.next();
      if (message.t === 'error') {
        this.ended = true;
        throw revive(message.error);
      }
      if (message.t === 'sheet-end' && message.index === this.index) {
        this.ended = true;
        return;
      }
      if (message.t !== 'rows' || message.index !== this.index) continue;
      this.worker.postMessage({ t: 'credit', n: 1 } satisfies ToReader);
      // A plain loop: yield* over an array costs one more await per row in an async generator.
      for (const row of message.rows) yield row;
    }
  }

  /** The caller moved on: tell the worker, and drop what it already sent of this sheet. */
  async leave(): Promise<void> {
    if (this.ended) return;
    this.worker.postMessage({ t: 'skip', index: this.index } satisfies ToReader);
    for (;;) {
      const message = this.inbox.peek() ?? (await this.inbox.wait());
      // An error belongs to whoever reads next (the generator), as in openLedger: leave it queued.
      if (message.t === 'error' || message.t === 'end' || message.t === 'sheet') break;
      this.inbox.shift();
      if (message.t === 'rows') this.worker.postMessage({ t: 'credit', n: 1 } satisfies ToReader);
      if (message.t === 'sheet-end' && message.index === this.index) break;
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
