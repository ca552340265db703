/**
 * Worker thread entry of io/threaded.ts: opens one ledger with openLedger and posts its sheets and rows to the
 * main thread in batches, never more than the window the main thread has granted (so a fast reader cannot
 * pile a county up in memory while the checker is busy).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { buildSheet } from '../normalize/built.js';
import { profileRequest } from '../profiles/registry.js';
import { openLedger } from './open.js';
import { buildsInReader, packBatch, type FromReader, type ReaderInit, type ToReader } from './threaded.js';
import type { RawRow, SheetSource } from './types.js';

const init = workerData as ReaderInit;
const port = parentPort;
if (!port) throw new Error('io/reader-worker.js runs only as a worker thread');

let credit = init.window;
/** Index of a sheet the main thread no longer reads: its remaining rows are not sent. */
let skipped = -1;
let wake: (() => void) | undefined;
/**
 * The main thread is done with the file: stop reading at the next row and let this thread end by itself (its
 * port closed), rather than be terminated in the middle of an inflate (see threaded.ts, stopReader).
 */
let stopping = false;
let finished = false;

port.on('message', (message: ToReader) => {
  if (message.t === 'credit') credit += message.n;
  else if (message.t === 'skip') skipped = Math.max(skipped, message.index);
  else {
    stopping = true;
    if (finished) port.close();
  }
  wake?.();
});

const post = (message: FromReader): void => port.postMessage(message);

/** Wait until a batch may be sent, or the sheet is skipped. */
async function mayPost(index: number): Promise<boolean> {
  while (credit <= 0 && skipped < index && !stopping) await new Promise<void>((resolve) => (wake = resolve));
  wake = undefined;
  if (skipped >= index || stopping) return false;
  credit -= 1;
  return true;
}

/** Rows read but not yet sent: on an error they go out first, so the main thread sees every row before it. */
let batch: RawRow[] = [];
let sheetIndex = -1;

/**
 * One sheet opened and its rows built here (normalize/built.ts, buildSheet): its head posted once, then its
 * rows built, batch by batch. A batch is built before credit is asked for it; a read error after some rows of a
 * batch comes after those rows (see buildSheet), so the main thread sees every row before it. False: the main
 * thread asked to stop.
 */
async function postBuiltSheet(
  source: SheetSource,
  index: number,
  build: NonNullable<ReaderInit['build']>,
  profiles: ReturnType<typeof profileRequest>,
): Promise<boolean> {
  const { source: meta, sheet } = await buildSheet(
    source,
    build.request.sheetAsked,
    profiles,
    init.batchRows,
  );
  if (sheet.skipped !== null) {
    post({ t: 'built-sheet', index, source: meta, sheet });
    return true;
  }
  const { batches, ...head } = sheet;
  post({ t: 'built-sheet', index, source: meta, sheet: head });
  // By hand, as in postRawSheet: a sheet the main thread leaves is left here without return() on its rows.
  const iterator = batches[Symbol.asyncIterator]();
  for (;;) {
    if (skipped >= index) break;
    if (stopping) return false;
    const next = await iterator.next();
    if (next.done) break;
    if (!(await mayPost(index))) break;
    post({ t: 'built', index, batch: packBatch(next.value) });
  }
  post({ t: 'sheet-end', index, merged: sheet.merged });
  return true;
}

/** One sheet's raw rows, in batches within the credit granted. False: the main thread asked to stop. */
async function postRawSheet(source: SheetSource, index: number): Promise<boolean> {
  const { rows, ...sheet } = source;
  post({ t: 'sheet', index, sheet });
  sheetIndex = index;
  // Iterated by hand: a sheet the main thread leaves is left here too, without calling return() on its
  // rows, exactly as the main thread's openLedger would see it.
  const iterator = rows[Symbol.asyncIterator]();
  batch = [];
  for (;;) {
    if (skipped >= index) break;
    if (stopping) return false;
    const next = await iterator.next();
    if (next.done) break;
    batch.push(next.value);
    if (batch.length >= init.batchRows) {
      if (!(await mayPost(index))) break;
      post({ t: 'rows', index, rows: batch });
      batch = [];
    }
  }
  if (batch.length > 0 && (await mayPost(index))) post({ t: 'rows', index, rows: batch });
  batch = [];
  post({ t: 'sheet-end', index });
  return true;
}

/**
 * Every sheet of the file, in order: built here when `build` gives this thread the sheet (its `placement`),
 * raw otherwise (and every sheet when there is no `build`).
 */
async function run(build: ReaderInit['build']): Promise<void> {
  const profiles = build === undefined ? undefined : profileRequest(build.request.profile);
  let index = 0;
  for await (const source of openLedger(init.path, init.displayName, init.options)) {
    if (stopping) return;
    const posted =
      build !== undefined && profiles !== undefined && buildsInReader(source, build.placement)
        ? await postBuiltSheet(source, index, build, profiles)
        : await postRawSheet(source, index);
    if (!posted) return;
    index += 1;
  }
  post({ t: 'end' });
}

run(init.build)
  .catch((error: unknown) => {
    if (batch.length > 0 && sheetIndex > skipped) post({ t: 'rows', index: sheetIndex, rows: batch });
    const e = error as {
      name?: string;
      message?: string;
      stack?: string;
      messageId?: string;
      data?: unknown;
    };
    post({
      t: 'error',
      error: {
        name: typeof e?.name === 'string' ? e.name : 'Error',
        message: typeof e?.message === 'string' ? e.message : String(error),
        stack: typeof e?.stack === 'string' ? e.stack : undefined,
        messageId: e?.name === 'LedgerlintError' && typeof e.messageId === 'string' ? e.messageId : undefined,
        data: e?.name === 'LedgerlintError' ? (e.data as Record<string, string | number | null>) : undefined,
      },
    });
  })
  .finally(() => {
    finished = true;
    if (stopping) port.close();
  });
