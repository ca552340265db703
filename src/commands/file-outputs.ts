/**
 * Outputs of the file reporters (--format xlsx): where each input's workbook goes, checked before the run
 * starts, and written atomically afterwards.
 *
 * - `--format xlsx=<file>` (or `--format xlsx --output <file>`, --output being the file of the one format that
 *   names none) with one input writes that file.
 * - A directory instead (an existing one, or a path ending in `/`), or `--output-dir <dir>`: one file per
 *   input, `<dir>/<input name without extension>.ledgerlint.xlsx`; inputs with the same name get `-2`, `-3`, …
 *   in input order.
 * - One file for several inputs, or no file at all (a workbook cannot go to the terminal): refused (exit 2).
 * - A target that is one of the inputs is refused: inputs are never written.
 */
import { formatFile, formatName } from './output-options.js';
import { realpath, stat } from 'node:fs/promises';
import { writeAtomicallyWith } from '../batch/atomic.js';
import path from 'node:path';
import { LedgerlintError } from '../errors.js';
import type { ReportView } from '../findings/assemble.js';
import {
  FILE_REPORTERS,
  type FileReporter,
  type FileReporterContext,
  type FileReporterTarget,
} from '../reporters/index.js';

export interface FileOutput {
  readonly name: string;
  readonly reporter: FileReporter;
  readonly targets: readonly FileReporterTarget[];
}

export interface FileOutputFlags {
  readonly format?: readonly string[];
  readonly output?: string;
  readonly outputDir?: string;
}

/** `--format` values that name a file reporter ("xlsx", "xlsx=out.xlsx"). */
export function isFileFormat(spec: string): boolean {
  return Object.hasOwn(FILE_REPORTERS, formatName(spec));
}

export async function planFileOutputs(
  flags: FileOutputFlags,
  inputs: readonly string[],
): Promise<FileOutput[]> {
  const specs = flags.format ?? [];
  const outputs: FileOutput[] = [];
  for (const spec of specs.filter(isFileFormat)) {
    const name = formatName(spec);
    const reporter = FILE_REPORTERS[name] as FileReporter;
    // --output is the file of the one format that names none (commands/output-options.ts checked there is one).
    const named = formatFile(spec) ?? flags.output;
    let targets: FileReporterTarget[];
    if (named !== undefined && !(await isDirectoryTarget(named))) {
      if (inputs.length > 1) {
        throw new LedgerlintError('cli.xlsx-one-file-many-inputs', { count: inputs.length, file: named });
      }
      targets = [{ input: inputs[0] ?? '', file: named }];
    } else {
      const dir = named ?? flags.outputDir;
      if (dir === undefined) throw new LedgerlintError('cli.xlsx-needs-file', {});
      targets = perInputTargets(dir, inputs, reporter.suffix);
    }
    for (const target of targets) await refuseInput(target.file, inputs);
    outputs.push({ name, reporter, targets });
  }
  return outputs;
}

async function isDirectoryTarget(file: string): Promise<boolean> {
  if (file.endsWith('/') || file.endsWith(path.sep)) return true;
  return (await stat(file).catch(() => null))?.isDirectory() === true;
}

function perInputTargets(dir: string, inputs: readonly string[], suffix: string): FileReporterTarget[] {
  const used = new Set<string>();
  return inputs.map((input) => {
    const base = path.parse(input).name;
    let file = '';
    for (let n = 1; file === '' || used.has(file); n++)
      file = path.join(dir, `${base}${n === 1 ? '' : `-${n}`}${suffix}`);
    used.add(file);
    return { input, file };
  });
}

/** Refuse a target that is an input file: the same path, or (through links) the same file. */
async function refuseInput(target: string, inputs: readonly string[]): Promise<void> {
  const targetReal = await realpath(target).catch(() => path.resolve(target));
  for (const input of inputs) {
    const inputReal = await realpath(input).catch(() => path.resolve(input));
    if (inputReal === targetReal)
      throw new LedgerlintError('cli.xlsx-target-is-input', { file: target, input });
  }
}

/**
 * Write every target of a file output atomically (batch/atomic.ts): a failure or Ctrl-C never leaves half a
 * workbook, nor its temp file.
 */
export async function writeFileOutput(
  output: FileOutput,
  report: ReportView,
  context: FileReporterContext,
): Promise<void> {
  for (const target of output.targets) {
    try {
      await writeAtomicallyWith(target.file, (file) =>
        output.reporter.write(report, context, { input: target.input, file }),
      );
    } catch (error) {
      if (error instanceof LedgerlintError) throw error;
      throw new LedgerlintError(
        'cli.write-failed',
        { file: target.file, detail: (error as Error).message },
        { cause: error },
      );
    }
  }
}
