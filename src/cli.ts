/**
 * The command line: parse arguments, call the library, write the report, return an exit code.
 * 0 = no errors (and warnings within --max-warnings), 1 = findings over the limit, 2 = could not run.
 * Only bin/ledgerlint.js sets the process exit code.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { removePendingTemps, writeFileAtomically } from './batch/atomic.js';
import { DEFAULT_CACHE_FILE } from './batch/cache.js';
import { discoverLedgers } from './batch/discover.js';
import { progressText } from './batch/progress.js';
import { defaultJobs } from './batch/run.js';
import { runCheckStreamed, type StreamedCheckResult } from './commands/check.js';
import { DEFAULT_DIFF_PACKS, diffRuleSettings, runDiff } from './commands/diff.js';
import { isFileFormat, planFileOutputs, writeFileOutput } from './commands/file-outputs.js';
import { inspectFiles, renderInspectText } from './commands/inspect.js';
import { formatFile, formatName, refuseIneffectiveOutputOptions } from './commands/output-options.js';
import { listRules, showRule, validatePack } from './commands/rules.js';
import { sequentialRunNotes } from './commands/sequential-run.js';
import { flagsWithConfig } from './config/flags.js';
import { filterIgnored } from './config/ignore.js';
import { ruleSettingsOf } from './config/rules.js';
import { CONFIG_FILE_NAME, loadProjectConfig, type LoadedConfig } from './config/load.js';
import { LedgerlintError } from './errors.js';
import { baselineSchema, createBaseline, type Baseline } from './findings/baseline.js';
import { detectLang, message } from './i18n/catalogue.js';
import type { Lang } from './i18n/types.js';
import type { TextEncoding } from './io/types.js';
import { PackError, parseYaml } from './packs/load.js';
import { waiverFileSchema, type Waiver } from './findings/waivers.js';
import { DEFAULT_PACKS } from './packs/registry.js';
import { FILE_REPORTERS, REPORTERS, type Reporter } from './reporters/index.js';
import { VERSION } from './version.js';
import { argumentName, helpText, localizeHelp } from './cli-help.js';

export interface CliIo {
  readonly stdout: { write(text: string): unknown; isTTY?: boolean };
  /** When isTTY is true this must be a real stream: the progress spinner draws on it. */
  readonly stderr: { write(text: string): unknown; isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
}

const defaultIo: CliIo = { stdout: process.stdout, stderr: process.stderr, env: process.env };

/** Options `check` and `diff` share: packs and params, reports, gates, baseline, waivers. */
interface ReportFlags {
  pack?: string[];
  year?: string;
  param?: string[];
  format?: string[];
  output?: string;
  outputDir?: string;
  failOn: string;
  quiet?: boolean;
  maxFindingsPerRule?: string;
  summary?: boolean;
  baseline?: string;
  updateBaseline?: boolean;
  waivers?: string;
  population?: string;
  lang?: string;
  maxWarnings?: string;
  sheet?: string;
  profile?: string;
  encoding?: string;
  debug?: boolean;
  color: boolean;
  showPii?: boolean;
  /** --config <file>, or false for --no-config. */
  config?: string | false;
}

interface CheckFlags extends ReportFlags {
  all?: boolean;
  jobs?: string;
  cache?: string | boolean;
}

interface RulesFlags {
  pack?: string[];
  tag?: string;
  scope?: string;
  builtin?: boolean;
  format: 'text' | 'json';
  lang?: string;
  config?: string | false;
}

/** Exit code of a run stopped by Ctrl-C (128 + SIGINT), as shells report it. */
const EXIT_INTERRUPTED = 130;

export async function main(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  const langFlag = argv.find((a, i) => argv[i - 1] === '--lang' || a.startsWith('--lang='));
  let lang: Lang = detectLang(langFlag?.replace(/^--lang=/, ''), io.env);
  const debug = argv.includes('--debug');
  let exitCode = 0;
  // Help text in the language of --lang or the locale (the config file is not read for --help).
  const h = (id: string, data?: Readonly<Record<string, unknown>>) => helpText(lang, id, data);

  const program = localizeHelp(new Command(), lang)
    .name('ledgerlint')
    .description(h('program'))
    .version(VERSION, '-v, --version', h('version'))
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: () => undefined,
    });

  withReportOptions(
    program
      .command('check')
      .description(h('check'))
      .argument('<inputs...>', h('check.inputs'))
      .option('--pack <id|path>', h('pack', { packs: DEFAULT_PACKS.join(', ') }), collect)
      .option('--all', h('all'))
      .option('--quiet', h('quiet'))
      .option('--config <file>', h('config', { file: CONFIG_FILE_NAME }))
      .option('--no-config', h('no-config', { file: CONFIG_FILE_NAME }))
      .option('--profile <name|path>', h('profile'))
      .option('--population <file>', h('population'))
      .option('--jobs <n>', h('jobs'))
      .option('--cache [file]', h('cache', { file: DEFAULT_CACHE_FILE })),
    h,
  ).action(async (inputs: string[], cliFlags: CheckFlags, command: Command) => {
    lang = detectLang(cliFlags.lang, io.env);
    const config = await loadProjectConfig(cliFlags.config, process.cwd());
    const flags = flagsWithConfig(cliFlags, config, (f) => command.getOptionValueSource(f) === 'cli');
    lang = detectLang(flags.lang, io.env);
    exitCode = await check(inputs, flags, lang, io, config);
  });

  withReportOptions(
    program
      .command('diff')
      .description(h('diff'))
      .argument('<old>', h('diff.old'))
      .argument('<new>', h('diff.new'))
      .option('--pack <id|path>', h('pack', { packs: DEFAULT_DIFF_PACKS.join(', ') }), collect)
      .option('--quiet', h('diff.quiet'))
      .option('--config <file>', h('config', { file: CONFIG_FILE_NAME }))
      .option('--no-config', h('no-config', { file: CONFIG_FILE_NAME })),
    h,
  ).action(async (oldFile: string, newFile: string, cliFlags: ReportFlags, command: Command) => {
    lang = detectLang(cliFlags.lang, io.env);
    // The project config as check reads it; its `diffPacks` name diff's packs (its `packs` are check's).
    const config = await loadProjectConfig(cliFlags.config, process.cwd());
    const given = (f: string) => command.getOptionValueSource(f) === 'cli';
    const flags = flagsWithConfig(cliFlags, config, given, process.cwd(), 'diffPacks');
    lang = detectLang(flags.lang, io.env);
    exitCode = await diff(oldFile, newFile, flags, lang, io, config);
  });

  program
    .command('inspect')
    .description(h('inspect'))
    .argument('<inputs...>', h('inspect.inputs'))
    .addOption(new Option('--format <format>', h('output-format')).choices(['text', 'json']).default('text'))
    .option('--sheet <name>', h('inspect.sheet'))
    .addOption(new Option('--encoding <encoding>', h('inspect.encoding')).choices(['utf8', 'gb18030']))
    .option('--profile <name|path>', h('profile'))
    .option('--sample-rows <n>', h('sample-rows'))
    .option('--show-pii', h('inspect.show-pii'))
    .addOption(new Option('--lang <lang>', h('lang')).choices(['zh', 'en']))
    .option('--debug', h('debug'))
    .action(
      async (
        inputs: string[],
        flags: {
          format: 'text' | 'json';
          sheet?: string;
          encoding?: string;
          profile?: string;
          sampleRows?: string;
          showPii?: boolean;
          lang?: string;
        },
      ) => {
        lang = detectLang(flags.lang, io.env);
        const sampleRows =
          flags.sampleRows === undefined ? undefined : parseInteger('--sample-rows', flags.sampleRows, 0);
        const report = await inspectFiles(inputs, {
          sheet: flags.sheet,
          encoding: flags.encoding as TextEncoding | undefined,
          profile: flags.profile,
          sampleRows,
          showPii: flags.showPii === true,
        });
        io.stdout.write(
          flags.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderInspectText(report, lang),
        );
        exitCode = 0;
      },
    );

  program
    .command('rules')
    .description(h('rules'))
    .argument('[action]', h('rules.action'))
    .argument('[id]', h('rules.id'))
    .option('--pack <id|path>', h('pack', { packs: DEFAULT_PACKS.join(', ') }), collect)
    .option('--tag <tag>', h('rules.tag'))
    .option('--scope <scope>', h('rules.scope'))
    .option('--builtin', h('rules.builtin'))
    .addOption(new Option('--format <format>', h('output-format')).choices(['text', 'json']).default('text'))
    .option('--config <file>', h('config', { file: CONFIG_FILE_NAME }))
    .option('--no-config', h('no-config', { file: CONFIG_FILE_NAME }))
    .addOption(new Option('--lang <lang>', h('lang')).choices(['zh', 'en']))
    .option('--debug', h('debug'))
    .action(async (action: string | undefined, id: string | undefined, cliFlags: RulesFlags) => {
      lang = detectLang(cliFlags.lang, io.env);
      // The project config as `check` reads it: its packs, rule settings and language.
      const config = await loadProjectConfig(cliFlags.config, process.cwd());
      const fromConfig = flagsWithConfig(
        { pack: cliFlags.pack, lang: cliFlags.lang, failOn: 'error' },
        config,
        () => false,
      );
      const flags = { ...cliFlags, pack: fromConfig.pack, lang: fromConfig.lang };
      lang = detectLang(flags.lang, io.env);
      const settings = ruleSettingsOf(config);
      if (action === undefined || action === 'list') {
        if (id !== undefined) throw new LedgerlintError('cli.rules-list-takes-no-id', { id });
        io.stdout.write(
          await listRules(flags.pack ?? [...DEFAULT_PACKS], flags.format, lang, {
            tag: flags.tag,
            scope: flags.scope,
            builtin: flags.builtin === true,
            settings,
          }),
        );
      } else if (action === 'show') {
        if (id === undefined) throw new LedgerlintError('cli.rules-show-needs-id', {});
        // The list filters would do nothing to one rule: refused rather than ignored.
        const filter = ['tag', 'scope', 'builtin'].find((f) => flags[f as 'tag'] !== undefined);
        if (filter !== undefined)
          throw new LedgerlintError('cli.rules-show-filter', { option: `--${filter}` });
        io.stdout.write(await showRule(flags.pack, id, flags.format, lang, settings));
      } else {
        throw new LedgerlintError('cli.rules-action-unknown', { action });
      }
      exitCode = 0;
    });

  program
    .command('packs')
    .description(h('packs'))
    .command('validate')
    .description(h('packs.validate'))
    .argument('<file>', h('packs.file'))
    .addOption(new Option('--lang <lang>', h('lang')).choices(['zh', 'en']))
    .option('--debug', h('debug'))
    .action((file: string, flags: { lang?: string }) => {
      lang = detectLang(flags.lang, io.env);
      const result = validatePack(file, lang);
      io.stdout.write(result.stdout);
      io.stderr.write(result.stderr);
      exitCode = result.code;
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    return reportFatal(error, lang, debug, io);
  }
}

interface Gates {
  readonly year?: number;
  readonly maxWarnings?: number;
  readonly maxFindingsPerRule?: number;
  readonly outputs: PlannedOutput[];
  /** Binary formats written per input (xlsx), planned before reading so refusals come first. */
  readonly fileOutputs: Awaited<ReturnType<typeof planFileOutputs>>;
  readonly baseline?: Baseline;
  readonly waivers?: Waiver[];
}

/** The options `check` and `diff` share, validated before any input is read. */
async function readGates(flags: ReportFlags, inputs: readonly string[]): Promise<Gates> {
  const year = flags.year === undefined ? undefined : parseInteger('--year', flags.year, 1990, 2100);
  const maxWarnings =
    flags.maxWarnings === undefined ? undefined : parseInteger('--max-warnings', flags.maxWarnings, 0);
  const maxFindingsPerRule =
    flags.maxFindingsPerRule === undefined
      ? undefined
      : parseInteger('--max-findings-per-rule', flags.maxFindingsPerRule, 1);
  refuseIneffectiveOutputOptions(flags);
  const outputs = planOutputs(flags);
  const fileOutputs = await planFileOutputs(flags, [...inputs]);
  if (flags.updateBaseline && flags.baseline === undefined) {
    throw new LedgerlintError('cli.update-baseline-needs-file', {});
  }
  const baseline =
    flags.baseline !== undefined && !flags.updateBaseline ? await readBaseline(flags.baseline) : undefined;
  const waivers = flags.waivers !== undefined ? await readWaivers(flags.waivers) : undefined;
  return { year, maxWarnings, maxFindingsPerRule, outputs, fileOutputs, baseline, waivers };
}

async function check(
  allInputs: string[],
  flags: CheckFlags,
  lang: Lang,
  io: CliIo,
  config: LoadedConfig | null,
): Promise<number> {
  const params = parseParams(flags.param ?? []);
  const jobs = flags.jobs === undefined ? defaultJobs() : parseInteger('--jobs', flags.jobs, 1, 256);
  const cacheFile =
    flags.cache === undefined || flags.cache === false
      ? undefined
      : flags.cache === true
        ? DEFAULT_CACHE_FILE
        : flags.cache;
  const discovered = await discoverLedgers(allInputs);
  // The config's ignore list applies to the files found in folders and globs as well as to named files.
  const inputs = config
    ? filterIgnored(discovered.files, config.config.ignore, config.dir)
    : [...discovered.files];
  if (inputs.length === 0 && config)
    throw new LedgerlintError('cli.all-inputs-ignored', { file: config.file });
  const gates = await readGates(flags, inputs);
  const { year, maxFindingsPerRule, baseline, waivers } = gates;

  // LEDGERLINT_PROGRESS=1 forces the display where stderr is not a terminal (tests, recordings).
  const spinnerEnabled =
    (io.stderr.isTTY === true || io.env.LEDGERLINT_PROGRESS === '1') && !flags.debug && !flags.quiet;
  // ora (and what it brings) loaded only when the spinner is drawn: ~80 ms off every other start.
  const spinner = spinnerEnabled
    ? (await import('ora')).default({
        stream: io.stderr as NodeJS.WritableStream,
        isEnabled: true,
        text: message('cli.progress', lang, { rows: 0 }),
      })
    : undefined;
  spinner?.start();
  const started = Date.now();
  // Ctrl-C: stop reading (workers terminated), write nothing, remove temp files, exit 130. A reader stuck
  // where it cannot notice (inside one huge zip entry) gets two seconds before the process exits anyway.
  // Once the reports are being written, Ctrl-C removes the temp file of the one in progress and exits at once.
  const interrupt = new AbortController();
  let writing = false;
  const abort = () => {
    removePendingTemps();
    process.exit(EXIT_INTERRUPTED);
  };
  const onSigint = () => {
    interrupt.abort();
    if (writing) abort();
    setTimeout(abort, 2000).unref();
  };
  process.once('SIGINT', onSigint);
  let result;
  try {
    result = await runCheckStreamed({
      inputs,
      batch: discovered.batch,
      jobs,
      cache: cacheFile === undefined ? undefined : { file: cacheFile },
      signal: interrupt.signal,
      packs: flags.pack ?? [...DEFAULT_PACKS],
      year,
      params,
      all: flags.all === true,
      sheet: flags.sheet,
      encoding: flags.encoding as TextEncoding | undefined,
      profile: flags.profile ?? config?.config.profile,
      lang,
      showPii: flags.showPii === true,
      quiet: flags.quiet === true,
      maxFindingsPerRule,
      baseline,
      waivers,
      ruleSettings: ruleSettingsOf(config),
      configParams: config?.config.params,
      population: flags.population,
      onProgress: spinnerEnabled
        ? (progress) => {
            if (spinner) spinner.text = progressText(progress, Date.now() - started, lang);
          }
        : undefined,
    });
  } catch (error) {
    if (error instanceof LedgerlintError && error.messageId === 'cli.interrupted') {
      spinner?.stop();
      removePendingTemps();
      io.stderr.write(`${message('cli.interrupted', lang)}\n`);
      return EXIT_INTERRUPTED;
    }
    throw error;
  } finally {
    spinner?.stop();
  }
  // Options a run that checks its files one after another could not use: said, not silently dropped.
  for (const note of sequentialRunNotes(
    result.sequential,
    {
      jobs: flags.jobs === undefined ? undefined : jobs,
      files: inputs.length,
      cache: cacheFile !== undefined,
    },
    lang,
  ))
    io.stderr.write(`${note}\n`);
  try {
    if (interrupt.signal.aborted) {
      removePendingTemps();
      io.stderr.write(`${message('cli.interrupted', lang)}\n`);
      return EXIT_INTERRUPTED;
    }
    writing = true;
    return await emitReports(result, flags, gates, io);
  } finally {
    result.dispose();
    process.off('SIGINT', onSigint);
  }
}

/** Write the baseline (--update-baseline) and every planned report; the exit code from the gates. */
async function emitReports(
  result: Omit<StreamedCheckResult, 'dispose'>,
  flags: ReportFlags,
  gates: Gates,
  io: CliIo,
): Promise<number> {
  const { report, ruleTitles } = result;
  const { outputs, maxWarnings } = gates;
  const lang = detectLang(flags.lang, io.env);
  if (flags.updateBaseline && flags.baseline !== undefined) {
    await writeAtomically(
      flags.baseline,
      `${JSON.stringify(createBaseline(result.fingerprints), null, 2)}\n`,
    );
  }
  const tooManyWarnings = maxWarnings !== undefined && report.summary.warnings > maxWarnings;
  for (const output of outputs) {
    const color =
      flags.color &&
      output.file === undefined &&
      !('NO_COLOR' in io.env) &&
      (io.stdout.isTTY === true || io.env.FORCE_COLOR !== undefined);
    const chunks = output.reporter(report, {
      lang,
      color,
      ruleTitles,
      ruleDocs: result.ruleDocs,
      summary: flags.summary === true,
      maxWarningsExceeded: tooManyWarnings
        ? { warnings: report.summary.warnings, max: maxWarnings ?? 0 }
        : undefined,
    });
    if (output.file !== undefined) await writeAtomically(output.file, chunks);
    else await writeChunks(io.stdout, chunks);
  }
  for (const output of gates.fileOutputs) {
    await writeFileOutput(output, report, {
      lang,
      color: false,
      ruleTitles,
      ruleDocs: result.ruleDocs,
      summary: true,
      encoding: flags.encoding as TextEncoding | undefined,
    });
  }
  if (result.unreadable !== undefined && result.unreadable > 0) {
    io.stderr.write(`${message('cli.batch-unreadable', lang, { count: result.unreadable })}\n`);
    return 2;
  }
  return failed(report.summary, flags.failOn) || tooManyWarnings ? 1 : 0;
}

/** The options `check` and `diff` share: params, report formats and files, gates, baseline, waivers, reading. */
function withReportOptions(
  command: Command,
  h: (id: string, data?: Record<string, unknown>) => string,
): Command {
  return command
    .option('--year <yyyy>', h('year'))
    .option('--param <name=value>', h('param'), collect)
    .option('--format <name[=file]>', h('format', { formats: FORMAT_NAMES.join(', ') }), collect)
    .option('--output <file>', h('output'))
    .option('--output-dir <dir>', h('output-dir'))
    .addOption(
      new Option('--fail-on <severity>', h('fail-on')).choices(['error', 'warning', 'info']).default('error'),
    )
    .option('--max-findings-per-rule <n>', h('max-findings-per-rule'))
    .option('--summary', h('summary'))
    .option('--baseline <file>', h('baseline'))
    .option('--update-baseline', h('update-baseline'))
    .option('--waivers <file>', h('waivers'))
    .addOption(new Option('--lang <lang>', h('report-lang')).choices(['zh', 'en']))
    .option('--max-warnings <n>', h('max-warnings'))
    .option('--sheet <name>', h('sheet'))
    .addOption(new Option('--encoding <encoding>', h('encoding')).choices(['utf8', 'gb18030']))
    .option('--no-color', h('no-color'))
    .option('--show-pii', h('show-pii'))
    .option('--debug', h('debug'));
}

async function diff(
  oldFile: string,
  newFile: string,
  flags: ReportFlags,
  lang: Lang,
  io: CliIo,
  config: LoadedConfig | null,
): Promise<number> {
  const gates = await readGates(flags, [newFile]);
  const result = await runDiff({
    old: [oldFile],
    new: [newFile],
    packs: flags.pack ?? [...DEFAULT_DIFF_PACKS],
    year: gates.year,
    params: parseParams(flags.param ?? []),
    sheet: flags.sheet,
    encoding: flags.encoding as TextEncoding | undefined,
    lang,
    showPii: flags.showPii === true,
    quiet: flags.quiet === true,
    maxFindingsPerRule: gates.maxFindingsPerRule,
    baseline: gates.baseline,
    waivers: gates.waivers,
    profile: config?.config.profile,
    configParams: config?.config.params,
    ruleSettings: await diffRuleSettings(config),
  });
  return emitReports(result, flags, gates, io);
}

async function readWaivers(file: string): Promise<Waiver[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new LedgerlintError(
      'cli.waivers-unreadable',
      { file, detail: (error as Error).message },
      { cause: error },
    );
  }
  try {
    return parseYaml(waiverFileSchema, text, file).data.waivers;
  } catch (error) {
    if (error instanceof PackError)
      throw new LedgerlintError('cli.waivers-invalid', { detail: error.message });
    throw error;
  }
}

async function readBaseline(file: string): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new LedgerlintError(
      'cli.baseline-unreadable',
      { file, detail: (error as Error).message },
      { cause: error },
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new LedgerlintError(
      'cli.baseline-invalid',
      { file, detail: (error as Error).message },
      { cause: error },
    );
  }
  const parsed = baselineSchema.safeParse(data);
  if (!parsed.success) {
    throw new LedgerlintError('cli.baseline-invalid', {
      file,
      detail: parsed.error.issues[0]?.message ?? '',
    });
  }
  return parsed.data;
}

/** --fail-on: error (default) fails on errors; warning on errors or warnings; info on any finding. */
function failed(summary: { errors: number; warnings: number; infos: number }, failOn: string): boolean {
  if (summary.errors > 0) return true;
  if (failOn === 'warning' || failOn === 'info') {
    if (summary.warnings > 0) return true;
  }
  return failOn === 'info' && summary.infos > 0;
}

/** Every --format name: the text formatters, then the file reporters (xlsx). */
const FORMAT_NAMES = [...Object.keys(REPORTERS), ...Object.keys(FILE_REPORTERS)];

/** File extensions for --output-dir. */
const EXTENSIONS: Readonly<Record<string, string>> = {
  text: '.txt',
  json: '.json',
  csv: '.csv',
  sarif: '.sarif',
  junit: '.xml',
  markdown: '.md',
  html: '.html',
};

interface PlannedOutput {
  readonly name: string;
  readonly reporter: Reporter;
  /** undefined: standard output. */
  readonly file?: string;
}

/**
 * Where each report goes: `--format name=file` names its file; otherwise --output (one format) or --output-dir;
 * what is left goes to standard output, which only one format may use.
 */
function planOutputs(flags: ReportFlags): PlannedOutput[] {
  const specs = (flags.format && flags.format.length > 0 ? flags.format : ['text']).filter(
    (spec) => !isFileFormat(spec), // written by commands/file-outputs.ts
  );
  if (specs.length === 0) return [];
  const outputs = specs.map((spec): PlannedOutput => {
    const name = formatName(spec);
    const file = formatFile(spec);
    const reporter = REPORTERS[name];
    if (!reporter) {
      throw new LedgerlintError('cli.unknown-format', {
        format: name,
        formats: FORMAT_NAMES.join(', '),
      });
    }
    if (file !== undefined) return { name, reporter, file };
    if (flags.outputDir !== undefined) {
      return {
        name,
        reporter,
        file: path.join(flags.outputDir, `ledgerlint-report${EXTENSIONS[name] ?? `.${name}`}`),
      };
    }
    return { name, reporter };
  });
  const toStdout = outputs.filter((o) => o.file === undefined);
  // --output is the file of the one format without its own (refuseIneffectiveOutputOptions made sure of that).
  if (flags.output !== undefined)
    return outputs.map((o) => (o.file === undefined ? { ...o, file: flags.output } : o));
  if (toStdout.length > 1) {
    throw new LedgerlintError('cli.formats-share-stdout', {
      formats: toStdout.map((o) => o.name).join(', '),
    });
  }
  return outputs;
}

/**
 * Write to a temporary file beside the target, then rename: a crash never leaves half a report. A target that
 * exists and is not a regular file (/dev/null, /dev/stdout, a FIFO) is written directly: renaming onto it
 * would replace the device itself.
 */
export async function writeAtomically(file: string, text: string | Iterable<string>): Promise<void> {
  try {
    await writeFileAtomically(file, text);
  } catch (error) {
    throw new LedgerlintError(
      'cli.write-failed',
      { file, detail: (error as Error).message },
      { cause: error },
    );
  }
}

/**
 * A streaming reporter's chunks to standard output, waiting for 'drain' when the stream's buffer is full (a
 * report piped into a slow reader is not buffered whole in memory).
 */
async function writeChunks(stdout: CliIo['stdout'], chunks: Iterable<string>): Promise<void> {
  const stream = stdout as CliIo['stdout'] & { once?: (event: 'drain', listener: () => void) => unknown };
  for (const chunk of chunks) {
    if (stdout.write(chunk) === false && typeof stream.once === 'function') {
      await new Promise<void>((resolve) => stream.once?.('drain', resolve));
    }
  }
}

/** Repeatable options collect into a list (variadic ones would swallow the input files after them). */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function parseInteger(option: string, value: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) {
    throw new LedgerlintError('cli.option-invalid', {
      option,
      value,
      expected: `${min}–${max === Number.MAX_SAFE_INTEGER ? '∞' : max}`,
    });
  }
  return n;
}

function parseParams(pairs: readonly string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new LedgerlintError('cli.param-syntax', { value: pair });
    params[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return params;
}

/** Exit code 2 with a short message in the user's language; a stack trace only with --debug. */
function reportFatal(error: unknown, lang: Lang, debug: boolean, io: CliIo): number {
  const prefix = message('cli.error-prefix', lang);
  if (error instanceof CommanderError) {
    if (
      error.code === 'commander.helpDisplayed' ||
      error.code === 'commander.version' ||
      error.code === 'commander.help'
    ) {
      return 0;
    }
    const quoted = /'([^']*)'/.exec(error.message)?.[1] ?? '';
    // A missing argument by the name --help gives it.
    const arg = error.code === 'commander.missingArgument' ? argumentName(lang, quoted) : quoted;
    const known = message(`cli.${error.code}`, lang, { arg, detail: error.message });
    const text = known === `cli.${error.code}` ? error.message.replace(/^error: /, '') : known;
    io.stderr.write(`${prefix}: ${text}\n${message('cli.usage-hint', lang)}\n`);
    return 2;
  }
  if (error instanceof LedgerlintError) {
    io.stderr.write(`${prefix}: ${message(error.messageId, lang, error.data)}\n`);
    if (debug) io.stderr.write(`${error.stack ?? ''}\n`);
    return 2;
  }
  if (error instanceof PackError) {
    io.stderr.write(`${prefix}: ${message('cli.pack-invalid', lang, { detail: error.message })}\n`);
    if (debug) io.stderr.write(`${error.stack ?? ''}\n`);
    return 2;
  }
  const detail = error instanceof Error ? error.message : String(error);
  io.stderr.write(`${prefix}: ${message('cli.internal-error', lang, { version: VERSION, detail })}\n`);
  if (debug && error instanceof Error) io.stderr.write(`${error.stack ?? ''}\n`);
  return 2;
}
