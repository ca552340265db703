/**
 * Stopping a worker thread: ask it, and wait until it has ended by itself. Terminating a thread in the middle of an
 * inflate can abort the whole process in Node's zlib binding (seen in this project's tests under load), so
 * terminate() is kept for a thread that does not answer within STOP_GRACE_MS (a hostile file stuck in a read).
 * Used by the reader thread (io/threaded.ts) and the batch pool (batch/pool.ts).
 */
import type { Worker } from 'node:worker_threads';

/** How long a thread asked to stop may take before it is terminated. */
export const STOP_GRACE_MS = 5000;

/**
 * Post `message` (the thread's own stop request) and wait for `exited`; terminate the thread, counting it in
 * `terminations` (the tests expect none), if it has not ended after STOP_GRACE_MS.
 */
export async function stopWorker(
  worker: Worker,
  message: unknown,
  exited: Promise<void>,
  terminations: { terminated: number },
): Promise<void> {
  worker.postMessage(message);
  const timer = setTimeout(() => {
    terminations.terminated += 1;
    void worker.terminate();
  }, STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}
