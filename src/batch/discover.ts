/**
 * Batch inputs: turn the command line's files, folders and globs into the ledger files to check, in a
 * deterministic order. Folders are searched recursively for xlsx, xls, csv and tsv files; Office lock files
 * (~$*.xlsx), hidden files and folders and node_modules are left out. Globbing is tinyglobby's (fdir +
 * picomatch), not a hand-written walk.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { LedgerlintError } from '../errors.js';

/** File extensions a folder or glob yields (an explicit file is checked whatever its name). */
export const LEDGER_EXTENSIONS = ['xlsx', 'xls', 'csv', 'tsv'] as const;

/** Always left out of folder and glob expansion: Office/WPS lock files, node_modules (hidden ones via `dot`). */
export const DEFAULT_IGNORE = ['**/~$*', '**/node_modules/**'] as const;

export interface DiscoverOptions {
  /** Extra glob patterns to leave out (e.g. the `ignore` list of a config file), relative to each folder. */
  readonly ignore?: readonly string[];
  /** Base for relative globs (default: process.cwd()). */
  readonly cwd?: string;
}

export interface DiscoveredInputs {
  /** The files to check, as they will be named in the report. */
  readonly files: readonly string[];
  /**
   * True when a folder or a glob was given, or more than one file: a batch run, in which a file that cannot
   * be read becomes a file-level finding instead of stopping the run.
   */
  readonly batch: boolean;
}

/**
 * Expand each argument: an existing file is kept as given; a folder is searched recursively; anything else
 * with glob syntax is matched against the file system. A plain path that does not exist is kept, so the
 * reader reports it as not found. Each folder's or glob's matches are sorted; duplicates are dropped, the first
 * mention wins. A folder or glob that matches no ledger is an error (exit 2).
 */
export async function discoverLedgers(
  args: readonly string[],
  options: DiscoverOptions = {},
): Promise<DiscoveredInputs> {
  const cwd = options.cwd ?? process.cwd();
  const ignore = [...DEFAULT_IGNORE, ...(options.ignore ?? [])];
  const files: string[] = [];
  const seen = new Set<string>();
  let expanded = false;
  const add = (file: string) => {
    const key = path.resolve(cwd, file);
    if (seen.has(key)) return;
    seen.add(key);
    files.push(file);
  };

  for (const arg of args) {
    const info = await stat(path.resolve(cwd, arg)).catch(() => null);
    if (info?.isFile() || (!info && !isDynamicPattern(arg))) {
      add(arg);
      continue;
    }
    expanded = true;
    const matches = info?.isDirectory()
      ? await globLedgers([`**/*.{${LEDGER_EXTENSIONS.join(',')}}`], path.resolve(cwd, arg), ignore)
      : await globLedgers([toPosix(arg)], cwd, ignore);
    const base = info?.isDirectory() ? arg : '';
    const ledgers = matches
      .filter((m) => info?.isDirectory() || hasLedgerExtension(m))
      .map((m) => (base ? path.join(base, m) : path.normalize(m)))
      .sort(comparePaths);
    if (ledgers.length === 0) throw new LedgerlintError('cli.no-ledgers-found', { pattern: arg });
    for (const ledger of ledgers) add(ledger);
  }
  return { files, batch: expanded || files.length > 1 };
}

async function globLedgers(patterns: string[], cwd: string, ignore: readonly string[]): Promise<string[]> {
  return glob(patterns, {
    cwd,
    ignore: [...ignore],
    dot: false,
    onlyFiles: true,
    caseSensitiveMatch: false,
    expandDirectories: false,
    followSymbolicLinks: false,
  });
}

function hasLedgerExtension(file: string): boolean {
  const ext = path.extname(file).slice(1).toLowerCase();
  return (LEDGER_EXTENSIONS as readonly string[]).includes(ext);
}

/** Globs use forward slashes whatever the platform. */
function toPosix(pattern: string): string {
  return pattern.split(path.sep).join('/');
}

/** Code-unit order, the same on every machine and locale. */
function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
