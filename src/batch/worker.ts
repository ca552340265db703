/**
 * Worker thread entry: compiles the rules once, then checks the files the main thread sends, one at a time,
 * and posts back each file's result as plain data (see batch/pool.ts). Asked to stop, it abandons the file it
 * is checking (at its next rows) and ends by itself: its port closed, nothing left to run.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { checkFile, prepareRules } from '../commands/check.js';
import type { FromWorker, ToWorker, WorkerInit } from './pool.js';
import { failureOf, type FileOutcome } from './run.js';
import { HeapGovernor } from './heap-governor.js';

const init = workerData as WorkerInit;
const port = parentPort;
if (!port) throw new Error('batch/worker.js runs only as a worker thread');

const prepared = prepareRules(init.rules);
const stopping = new AbortController();
/** Each worker keeps its own heap near what it keeps alive (batch/heap-governor.ts). */
const governor = new HeapGovernor();
let busy = false;

port.on('message', (message: ToWorker) => {
  if (message.type === 'stop') {
    stopping.abort();
    if (!busy) port.close();
    return;
  }
  busy = true;
  void (async () => {
    const { rules, params } = await prepared;
    const { index, file } = message;
    const outcome: FileOutcome | null = await checkFile(file, {
      rules,
      params,
      fileOptions: init.fileOptions,
      spill: init.spill,
      signal: stopping.signal,
      onRows: (rows) => {
        governor.check();
        port.postMessage({ type: 'rows', rows } satisfies FromWorker);
      },
    }).then(
      (result) => ({ file, result }),
      (error: unknown) => (stopping.signal.aborted ? null : { file, failure: failureOf(error, file) }),
    );
    busy = false;
    if (stopping.signal.aborted) port.close();
    else if (outcome) port.postMessage({ type: 'done', index, outcome } satisfies FromWorker);
  })();
});
