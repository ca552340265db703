/**
 * Atomic file writes (a temp file beside the target, then rename) whose temp files are tracked, so that Ctrl-C
 * in the middle of a write can remove them: an interrupted run leaves neither half a report nor a stray temp.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';

const pendingTemps = new Set<string>();

/** `text` may come in chunks (a streaming reporter): they are written as they come. */
export async function writeFileAtomically(
  file: string,
  text: string | Iterable<string>,
  options: { mode?: number } = {},
): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  pendingTemps.add(tmp);
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(tmp, typeof text === 'string' ? text : Readable.from(text), {
      encoding: 'utf8',
      mode: options.mode,
    });
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  } finally {
    pendingTemps.delete(tmp);
  }
}

/** Remove the temp files of writes still in progress (synchronously: called on SIGINT just before exiting). */
export function removePendingTemps(): void {
  for (const tmp of pendingTemps) rmSync(tmp, { force: true });
  pendingTemps.clear();
  for (const dir of tempDirs) rmSync(dir, { force: true, recursive: true });
  tempDirs.clear();
}

/** Private temp directories of the run (spilled uniqueness keys): removed with the pending temp files. */
const tempDirs = new Set<string>();

export function trackTempDir(dir: string): void {
  tempDirs.add(dir);
}

/** Remove a temp directory now (the end of a run, or its failure). */
export function removeTempDir(dir: string): void {
  rmSync(dir, { force: true, recursive: true });
  tempDirs.delete(dir);
}
