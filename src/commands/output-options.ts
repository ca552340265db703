/**
 * Output options that would have no effect are refused before anything is read (exit 2), rather than silently
 * ignored: a user who wrote `--output r.txt` expects a file named r.txt.
 *
 * - `--output <file>` is the file of the one format that names none (`--format json --format xlsx=a.xlsx
 *   --output r.json`). Every format naming its own file leaves it nothing to do; several without one are
 *   ambiguous.
 * - `--output-dir <dir>` holds the formats that name no file; with every format naming its own, or with
 *   `--output` taking the only one, it would do nothing.
 * - `--summary` adds tables to the text report only: without a text report it would do nothing.
 */
import { LedgerlintError } from '../errors.js';

export interface OutputOptionFlags {
  /** --format values (or the config file's), `name` or `name=file`; none: text. */
  readonly format?: readonly string[];
  readonly output?: string;
  readonly outputDir?: string;
  readonly summary?: boolean;
}

/** The format name of a --format value. */
export function formatName(spec: string): string {
  const eq = spec.indexOf('=');
  return eq < 0 ? spec : spec.slice(0, eq);
}

/** The file a --format value names (`json=report.json` → report.json), or undefined. */
export function formatFile(spec: string): string | undefined {
  const eq = spec.indexOf('=');
  return eq < 0 ? undefined : spec.slice(eq + 1);
}

/** Whether a --format value names its own file (`json=report.json`). */
export function namesOwnFile(spec: string): boolean {
  return spec.includes('=');
}

/** Throws a LedgerlintError for an output option that would have no effect. */
export function refuseIneffectiveOutputOptions(flags: OutputOptionFlags): void {
  const specs = flags.format && flags.format.length > 0 ? flags.format : ['text'];
  const withoutFile = specs.filter((spec) => !namesOwnFile(spec));
  const all = specs.join(', ');
  if (flags.output !== undefined) {
    if (withoutFile.length === 0) throw new LedgerlintError('cli.output-unused', { formats: all });
    if (withoutFile.length > 1) throw new LedgerlintError('cli.output-with-many-formats', {});
    if (flags.outputDir !== undefined) throw new LedgerlintError('cli.output-and-output-dir', {});
  }
  if (flags.outputDir !== undefined && withoutFile.length === 0) {
    throw new LedgerlintError('cli.output-dir-unused', { formats: all });
  }
  if (flags.summary === true && !specs.some((spec) => formatName(spec) === 'text')) {
    throw new LedgerlintError('cli.summary-without-text', { formats: all });
  }
}
