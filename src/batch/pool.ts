/**
 * A small pool of worker threads, each checking one file at a time. Hand-written on node:worker_threads rather
 * than piscina/tinypool: what is needed beyond a task queue is row progress streamed while a file is read, a
 * crashed worker turned into that file's outcome (and replaced) rather than a failed run, and every worker
 * stopped at once on Ctrl-C; with those the queue itself is a dozen lines.
 *
 * Workers are stopped by asking them (a `stop` message: the file being checked is abandoned at its next rows
 * and the worker ends by itself), not by terminate(): terminating a thread in the middle of an inflate can abort
 * the whole process in Node's zlib binding (see io/threaded.ts, stopReader). terminate() is kept for a worker
 * that does not end within STOP_GRACE_MS (a hostile file stuck in a read).
 */
import { stopWorker } from '../io/stop-worker.js';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { LedgerlintError } from '../errors.js';
import type { FileOptions, RuleOptions } from '../commands/check.js';
import type { FileOutcome } from './run.js';
import type { SpillSettings } from './unique-store.js';

/** What every worker is started with. */
export interface WorkerInit {
  readonly rules: RuleOptions;
  readonly fileOptions: FileOptions;
  readonly spill?: SpillSettings;
}

/** Main thread → worker. */
export type ToWorker =
  | { readonly type: 'file'; readonly index: number; readonly file: string }
  /** Abandon the file being checked (if any) and end. */
  | { readonly type: 'stop' };

/** Worker → main thread. */
export type FromWorker =
  | { readonly type: 'rows'; readonly rows: number }
  | { readonly type: 'done'; readonly index: number; readonly outcome: FileOutcome };

export interface PoolOptions {
  readonly jobs: number;
  readonly tasks: readonly { readonly index: number; readonly file: string }[];
  readonly init: WorkerInit;
  readonly signal?: AbortSignal;
  readonly onRows: (rows: number) => void;
  readonly onDone: (index: number, outcome: FileOutcome) => void;
}

const WORKER_URL = new URL('./worker.js', import.meta.url);

export { STOP_GRACE_MS } from '../io/stop-worker.js';

const STOP: ToWorker = { type: 'stop' };

/** Workers that had to be terminated because they did not end when asked (for the tests: none should). */
export const workerStops = { terminated: 0 };

/**
 * Workers run the compiled dist/batch/worker.js. Run from the TypeScript sources (the tests' in-process
 * calls), there is no such file and the files are checked in this thread instead.
 */
export function workersAvailable(): boolean {
  return existsSync(fileURLToPath(WORKER_URL));
}

export function runInWorkers(options: PoolOptions): Promise<void> {
  const queue = [...options.tasks];
  /** Running workers, and when each has exited. */
  const workers = new Map<Worker, Promise<void>>();
  let remaining = queue.length;

  return new Promise<void>((resolve, reject) => {
    let stopped = false;
    const stop = (error?: unknown) => {
      if (stopped) return;
      stopped = true;
      options.signal?.removeEventListener('abort', onAbort);
      const all = [...workers].map(([w, exited]) => stopWorker(w, STOP, exited, workerStops));
      void Promise.allSettled(all).then(() => (error === undefined ? resolve() : reject(error)));
    };
    const onAbort = () => stop(new LedgerlintError('cli.interrupted', {}));
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort);

    const finish = (index: number, outcome: FileOutcome) => {
      try {
        options.onDone(index, outcome);
      } catch (error) {
        stop(error);
        return;
      }
      remaining -= 1;
      if (remaining === 0) stop();
    };

    const start = () => {
      const worker = new Worker(WORKER_URL, { workerData: options.init });
      workers.set(worker, new Promise<void>((resolve) => worker.once('exit', () => resolve())));
      let current: { index: number; file: string } | undefined;
      const feed = () => {
        current = queue.shift();
        if (current) worker.postMessage({ type: 'file', ...current } satisfies ToWorker);
        else {
          const exited = workers.get(worker);
          workers.delete(worker);
          if (exited) void stopWorker(worker, STOP, exited, workerStops);
        }
      };
      worker.on('message', (message: FromWorker) => {
        if (stopped) return;
        if (message.type === 'rows') options.onRows(message.rows);
        else {
          current = undefined;
          finish(message.index, message.outcome);
          if (!stopped) feed();
        }
      });
      // A worker that dies (out of memory on a hostile file, a crash in a reader) fails only its file.
      const died = (detail: string) => {
        if (!workers.delete(worker) || stopped) return;
        const task = current;
        current = undefined;
        if (task) {
          finish(task.index, {
            file: task.file,
            failure: { messageId: 'cli.worker-failed', data: { file: task.file, detail } },
          });
        }
        if (!stopped && queue.length > 0) start();
      };
      worker.on('error', (error) => died(error.message));
      worker.on('exit', (code) => died(`exit code ${code}`));
      feed();
    };
    for (let i = 0; i < Math.min(options.jobs, queue.length); i++) start();
  });
}
