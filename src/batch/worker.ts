/**
 * Worker thread entry: compiles the rules once, then checks the files the main thread sends, one at a time,
 * and posts back each file's result as plain data (see batch/pool.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { checkFile, prepareRules } from '../commands/check.js';
import type { FromWorker, ToWorker, WorkerInit } from './pool.js';
import { failureOf, type FileOutcome } from './run.js';

const init = workerData as WorkerInit;
const port = parentPort;
if (!port) throw new Error('batch/worker.js runs only as a worker thread');

const prepared = prepareRules(init.rules);

port.on('message', (message: ToWorker) => {
  void (async () => {
    const { rules, params } = await prepared;
    const { index, file } = message;
    const outcome: FileOutcome = await checkFile(file, {
      rules,
      params,
      fileOptions: init.fileOptions,
      spill: init.spill,
      onRows: (rows) => port.postMessage({ type: 'rows', rows } satisfies FromWorker),
    }).then(
      (result) => ({ file, result }),
      (error: unknown) => ({ file, failure: failureOf(error, file) }),
    );
    port.postMessage({ type: 'done', index, outcome } satisfies FromWorker);
  })();
});
