/**
 * Running the files of a check: from the cache, in this thread (--jobs 1) or in worker threads. Whatever the
 * route and whichever file finishes first, `merge` sees each file's outcome exactly once and in input order,
 * so the merged report is byte-identical for any --jobs.
 */
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { LedgerlintError } from '../errors.js';
import type { HouseholdJoin } from '../normalize/join.js';
import type {
  CheckProgress,
  FileCheck,
  FileOptions,
  PreparedRules,
  RuleOptions,
  RunChecker,
} from '../commands/check.js';
import { openCache, type CacheSettings } from './cache.js';
import type { SpillSettings } from './unique-store.js';
import type { FindingSink } from './finding-sink.js';
import { runInWorkers, workersAvailable } from './pool.js';
import { HeapGovernor } from './heap-governor.js';

/** A file's result, or why it could not be read (a LedgerlintError's id and data). */
export type FileOutcome =
  | { readonly file: string; readonly result: FileCheck }
  | { readonly file: string; readonly failure: FileFailure };

export interface FileFailure {
  readonly messageId: string;
  readonly data: Record<string, string | number | null>;
}

export interface RunFilesOptions {
  readonly files: readonly string[];
  readonly rules: RuleOptions;
  readonly fileOptions: FileOptions;
  readonly prepared: PreparedRules;
  readonly jobs: number;
  /**
   * Files checked in this thread are read in a second one (io/threaded.ts): set when --jobs asks for more
   * than one thread and the files themselves do not use them (one file, or a run that must be sequential).
   */
  readonly readerThreads?: boolean;
  /** Batch run: a file's error becomes its outcome. Otherwise (one file) the error propagates as it is. */
  readonly batch: boolean;
  readonly cache?: CacheSettings;
  /**
   * One checker for every file (village/township/county rules span files): the files are then checked in this
   * thread, one after another, whatever `jobs` says, and the caller does not pass a cache.
   */
  readonly shared?: RunChecker;
  /** Household tables joined onto every file's person rows (given with `shared`). */
  readonly join?: HouseholdJoin | null;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: CheckProgress) => void;
  /** Called once per file, in input order. */
  readonly merge: (outcome: FileOutcome) => void;
  /** Where uniqueness keys beyond the limit go, in this thread and in workers (absent: kept in memory). */
  readonly spill?: SpillSettings;
  /**
   * A file checked in this thread (and not for the cache) streams its findings into this file's sink, opened
   * just before the file is read; its outcome, merged right after, then carries no findings of its own.
   */
  readonly sink?: (file: string) => FindingSink;
}

/** --jobs default: one worker per core the process may use. */
export function defaultJobs(): number {
  return availableParallelism();
}

export async function runFiles(options: RunFilesOptions): Promise<void> {
  const { files, signal } = options;
  const sizes = await Promise.all(
    files.map((f) =>
      stat(f).then(
        (s) => s.size,
        () => 0,
      ),
    ),
  );
  const bytes = sizes.reduce((a, b) => a + b, 0);
  let rows = 0;
  let filesDone = 0;
  let bytesDone = 0;
  const report = () => options.onProgress?.({ rows, filesDone, files: files.length, bytesDone, bytes });
  const onRows = (n: number) => {
    rows += n;
    report();
  };
  // Files checked in this thread: keep the heap near what the check keeps alive (batch/heap-governor.ts).
  const governor = new HeapGovernor();
  const onRowsHere = (n: number) => {
    governor.check();
    onRows(n);
  };

  const cache = options.cache
    ? await openCache(options.cache, options.prepared, options.rules, options.fileOptions)
    : undefined;

  // Outcomes arrive in any order; they are merged as soon as every earlier file has been merged.
  const outcomes = new Map<number, FileOutcome>();
  let next = 0;
  const settle = (index: number, outcome: FileOutcome) => {
    outcomes.set(index, outcome);
    filesDone += 1;
    bytesDone += sizes[index] ?? 0;
    report();
    for (let o = outcomes.get(next); o !== undefined; o = outcomes.get(next)) {
      outcomes.delete(next);
      next += 1;
      options.merge(o);
    }
  };

  const pending: number[] = [];
  // The content hashes of the files, a few at a time (cache.ts: HASH_CONCURRENCY).
  const cachedResults = cache ? await cache.lookupAll(files) : [];
  for (let i = 0; i < files.length; i++) {
    const file = files[i]!;
    const cached = cachedResults[i];
    if (cached) {
      rows += cached.rows;
      settle(i, { file, result: cached });
    } else pending.push(i);
  }

  const done = (index: number, outcome: FileOutcome) => {
    if ('result' in outcome) cache?.store(outcome.file, outcome.result);
    settle(index, outcome);
  };

  const jobs = Math.max(1, Math.min(options.jobs, pending.length));
  if (jobs > 1 && !options.shared && workersAvailable()) {
    await runInWorkers({
      jobs,
      tasks: pending.map((index) => ({ index, file: files[index]! })),
      init: { rules: options.rules, fileOptions: options.fileOptions, spill: options.spill },
      signal,
      onRows,
      onDone: (index, outcome) => done(index, outcome),
    });
  } else {
    const { checkFile } = await import('../commands/check.js');
    for (const index of pending) {
      if (signal?.aborted) throw new LedgerlintError('cli.interrupted', {});
      const file = files[index]!;
      done(
        index,
        await checkFile(file, {
          rules: options.prepared.rules,
          params: options.prepared.params,
          fileOptions: options.fileOptions,
          onRows: onRowsHere,
          signal,
          shared: options.shared,
          join: options.join,
          readInThread: options.readerThreads === true,
          spill: options.spill,
          sink: cache ? undefined : options.sink?.(file),
        }).then(
          (result): FileOutcome => ({ file, result }),
          (error: unknown): FileOutcome => {
            if (!options.batch) throw error;
            return { file, failure: failureOf(error, file) };
          },
        ),
      );
    }
  }
  if (signal?.aborted) throw new LedgerlintError('cli.interrupted', {});
  if (cache) await cache.save();
}

/**
 * A file's error as plain data. An interruption is not a property of the file: it stops the run. Errors other
 * than LedgerlintError are bugs or reader crashes on hostile input; they are kept as `internal`.
 */
export function failureOf(error: unknown, file: string): FileFailure {
  if (error instanceof LedgerlintError) {
    if (error.messageId === 'cli.interrupted') throw error;
    const data: Record<string, string | number | null> = {};
    for (const [key, value] of Object.entries(error.data)) if (value !== undefined) data[key] = value;
    return { messageId: error.messageId, data };
  }
  return {
    messageId: 'internal',
    data: { file, detail: error instanceof Error ? error.message : String(error) },
  };
}
