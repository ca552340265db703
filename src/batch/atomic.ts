/**
 * Atomic file writes (a temp file beside the target, then rename) whose temp files are tracked, so that Ctrl-C
 * in the middle of a write can remove them: an interrupted run leaves neither half a report nor a stray temp.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { isMainThread } from 'node:worker_threads';

const pendingTemps = new Set<string>();

/**
 * Have `write` produce the file at the path it is given: a tracked temp file beside `file`, renamed into place
 * once written (removed if `write` fails). A target that exists and is not a regular file (/dev/null,
 * /dev/stdout, a FIFO) is written directly: renaming onto it would replace the device itself.
 */
export async function writeAtomicallyWith(
  file: string,
  write: (target: string) => Promise<void>,
): Promise<void> {
  const existing = await stat(file).catch(() => null);
  if (existing && !existing.isFile()) {
    await write(file);
    return;
  }
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  pendingTemps.add(tmp);
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await write(tmp);
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  } finally {
    pendingTemps.delete(tmp);
  }
}

/** `text` may come in chunks (a streaming reporter): they are written as they come. */
export function writeFileAtomically(
  file: string,
  text: string | Iterable<string>,
  options: { mode?: number } = {},
): Promise<void> {
  return writeAtomicallyWith(file, (target) =>
    writeFile(target, typeof text === 'string' ? text : Readable.from(text), {
      encoding: 'utf8',
      mode: options.mode,
    }),
  );
}

/**
 * Remove the temp files of writes still in progress and the run's private temp directories (synchronously:
 * called on SIGINT just before exiting, and at exit).
 */
export function removePendingTemps(): void {
  for (const tmp of pendingTemps) rmSync(tmp, { force: true });
  pendingTemps.clear();
  for (const dir of tempDirs) rmSync(dir, { force: true, recursive: true });
  tempDirs.clear();
}

/**
 * Private temp directories of the run (spilled findings and uniqueness keys, which hold names and ID numbers):
 * removed with the pending temp files, on SIGINT and at the latest when the process exits.
 */
const tempDirs = new Set<string>();
let exitHook = false;

export function trackTempDir(dir: string): void {
  tempDirs.add(dir);
  // Not in a worker thread: the directories a worker writes into belong to the main thread's run, which tracks
  // them itself and still reads them after the worker has ended (a worker now ends by itself, and 'exit' fires).
  if (!exitHook && isMainThread) {
    exitHook = true;
    process.once('exit', removePendingTemps);
  }
}

/** Remove a temp directory now (the end of a run, or its failure). */
export function removeTempDir(dir: string): void {
  rmSync(dir, { force: true, recursive: true });
  tempDirs.delete(dir);
}
