/**
 * Benchmark, in size presets (--sizes, default county):
 *   county   — a 300,000-person ledger (--persons) as UTF-8 CSV, GBK CSV and XLSX (--formats);
 *   province — a 3,000,000-person UTF-8 CSV (--province-persons), generated streaming;
 *   national — a 10,000,000-person UTF-8 CSV (--national-persons, 3.3 GB; ~4 min to generate): the issue's
 *              "10 million rows within 1 GiB" (peak RSS of the full check);
 *   folder   — 50 county files of 20,000 persons (--folder-files, --folder-persons), each its own county (seed and
 *              region prefix), checked as one folder with --jobs 1 and --jobs 2.
 * Files are generated once into .bench/ and reused while the seed and size match. Then for each file (folder)
 *   raw  — the parsing library alone (bench/raw-reader.ts: csv-parse over the decoded stream; exceljs
 *          streaming WorkbookReader), counting rows (every file of a folder, one after another);
 *   raw-sax — xlsx only: the parsing layer of ledgerlint's own xlsx reader (yauzl + saxes), counting rows;
 *   raw-own — CSV only: the parsing layer of ledgerlint's own CSV reader (readCsv: TextDecoder + its tokenizer,
 *          io/csv-tokenizer.ts), counting rows;
 *   full — `node bin/ledgerlint.js check <file> --format json --output .bench/report.json` (skipped with a message
 *          while the CLI does not run), with each --jobs of --single-jobs (default 1,2: the file checked in one
 *          thread, and read in a second thread while the first checks it); folders with --jobs 1 and 2;
 *   xlsx-report — with --xlsx-report: the full check writing the annotated workbook too
 *          (`--format json=… --format xlsx=.bench/annotated.xlsx`); its cost is the difference to `full`.
 * Every measurement is a separate child process, so peak RSS (process.resourceUsage().maxRSS, recorded by a
 * preloaded exit hook) is per measurement; worker threads (--jobs 2) live in that process, so it covers them.
 * Seconds are wall time including Node start-up; the median of --runs runs is reported. Every full check is
 * compared with the generator's answer keys. Results go to stdout and .bench/results.json.
 *
 *   npm run bench -- [--sizes county,province,national,folder] [--runs 3] [--persons 300000] [--seed 20201231]
 *                    [--formats csv-utf8,csv-gbk,xlsx] [--province-persons 3000000]
 *                    [--national-persons 10000000] [--folder-files 50]
 *                    [--folder-persons 20000] [--heap-mib N] [--skip-full] [--regenerate] [--xlsx-report]
 *                    [--single-jobs 1,2]
 *
 * --heap-mib N runs the full checks with --max-old-space-size=N: a run that completes under the cap shows that
 * the check's memory is bounded.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, normalize } from 'node:path';
import { parseArgs } from 'node:util';
import ts from 'typescript';

type Format = 'csv-utf8' | 'csv-gbk' | 'xlsx';
type Mode = 'generate' | 'raw' | 'raw-sax' | 'raw-own' | 'full' | 'xlsx-report';
type Size = 'county' | 'province' | 'national' | 'folder';
const SIZES: readonly Size[] = ['county', 'province', 'national', 'folder'];

interface Run {
  readonly seconds: number;
  readonly maxRssKiB: number | null;
  /** Main thread's peak heap used (sampled); absent in runs recorded before it was measured. */
  readonly peakHeapKiB?: number | null;
}

interface Measurement {
  /** A ledger file, or the folder of the folder preset. */
  readonly file: string;
  readonly size: Size;
  readonly format: Format;
  readonly mode: Mode;
  /** full checks of a folder: --jobs. */
  readonly jobs?: number;
  readonly rows: number;
  readonly seconds: number;
  readonly rowsPerSecond: number;
  readonly peakRssMiB: number | null;
  /** Main thread's peak heap used. */
  readonly peakHeapMiB: number | null;
  readonly runs: readonly Run[];
  /** generate only: taken from the manifest, the file was reused. */
  readonly cached?: boolean;
  /** full only: ratios to the raw reader of the same file. */
  readonly vsRaw?: { readonly rowsPerSecond: number; readonly rss: number | null };
  /** full only: ratios to the parsing layer of ledgerlint's own reader (raw-sax for xlsx, raw-own for CSV). */
  readonly vsRawSax?: { readonly rowsPerSecond: number; readonly rss: number | null };
  /** xlsx-report only: size of the annotated workbook. */
  readonly outputMiB?: number;
  /** full only: the report's row findings equal the generator's answer key. */
  readonly matchesKey?: boolean;
}

interface ManifestEntry {
  readonly seed: number;
  /** Persons per file. */
  readonly persons: number;
  /** Folder preset: number of files. */
  readonly files?: number;
  readonly bytes: number;
  readonly generation: Run;
}

/** What is measured: one ledger file, or a folder of them (rows = persons of all files). */
interface Target {
  readonly path: string;
  readonly size: Size;
  readonly format: Format;
  readonly persons: number;
  /** The ledger files (one, or every file of the folder). */
  readonly files: readonly string[];
}

const BENCH_DIR = '.bench';
const MANIFEST = join(BENCH_DIR, 'manifest.json');
const RESULTS = join(BENCH_DIR, 'results.json');
const FORMATS: readonly Format[] = ['csv-utf8', 'csv-gbk', 'xlsx'];
const HEADER_ROWS: Record<Format, number> = { 'csv-utf8': 1, 'csv-gbk': 1, xlsx: 4 };

/**
 * Preloaded into every child: writes its peak RSS and the main thread's peak heap use (KiB, sampled every
 * 250 ms; worker threads' heaps are not in it) to the file named by LEDGERLINT_BENCH_RSS at exit.
 */
const RSS_HOOK =
  'data:text/javascript,' +
  encodeURIComponent(
    "import{writeFileSync}from'node:fs';let h=0;setInterval(()=>{h=Math.max(h,process.memoryUsage().heapUsed)}," +
      "250).unref();process.on('exit',()=>{const f=process.env.LEDGERLINT_BENCH_RSS;" +
      'if(f)writeFileSync(f,JSON.stringify({rss:process.resourceUsage().maxRSS,heap:Math.round(h/1024)}))});',
  );

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

interface ChildResult extends Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node <nodeArgs> <args>` with the RSS hook, timing the whole child. */
function runNode(nodeArgs: readonly string[], args: readonly string[], timeoutMs = 30 * 60_000): ChildResult {
  const rssFile = join(tmpdir(), `ledgerlint-bench-rss-${process.pid}-${Date.now()}`);
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['--import', RSS_HOOK, ...nodeArgs, ...args], {
    env: { ...process.env, LEDGERLINT_BENCH_RSS: rssFile },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: timeoutMs,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  let maxRssKiB: number | null = null;
  let peakHeapKiB: number | null = null;
  if (existsSync(rssFile)) {
    const memory = JSON.parse(readFileSync(rssFile, 'utf8')) as { rss: number; heap: number };
    maxRssKiB = memory.rss;
    peakHeapKiB = memory.heap;
    rmSync(rssFile, { force: true });
  }
  return {
    seconds,
    maxRssKiB,
    peakHeapKiB,
    status: child.status,
    stdout: child.stdout ?? '',
    stderr: child.stderr ?? '',
  };
}

function fileName(format: Format, persons: number, seed: number): string {
  const base = `ledger-${persons}p-${seed}`;
  return format === 'xlsx' ? `${base}.xlsx` : `${base}-${format === 'csv-utf8' ? 'utf8' : 'gbk'}.csv`;
}

function folderName(files: number, persons: number, seed: number): string {
  return `folder-${files}x${persons}p-${seed}`;
}

/** Generation records of the files still present in .bench/. */
function loadManifest(): Record<string, ManifestEntry> {
  if (!existsSync(MANIFEST)) return {};
  try {
    const all = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Record<string, ManifestEntry>;
    return Object.fromEntries(Object.entries(all).filter(([name]) => existsSync(join(BENCH_DIR, name))));
  } catch {
    return {};
  }
}

/** The ledger files of a folder, in name order (the CLI's order). */
function folderFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .map((f) => join(dir, f));
}

function bytesOf(files: readonly string[]): number {
  return files.reduce((sum, f) => sum + statSync(f).size, 0);
}

/** A ledger file (county, province, national) or a folder of them, generated unless the manifest says it is there. */
function ensureTarget(
  size: Size,
  format: Format,
  persons: number,
  seed: number,
  folderCount: number,
  manifest: Record<string, ManifestEntry>,
  regenerate: boolean,
): { target: Target; generation: Measurement } {
  const folder = size === 'folder';
  const name = folder ? folderName(folderCount, persons, seed) : fileName(format, persons, seed);
  const target = join(BENCH_DIR, name);
  const filesOf = () => (folder ? folderFiles(target) : [target]);
  const known = manifest[name];
  const totalPersons = persons * (folder ? folderCount : 1);
  const make = (files: readonly string[], runs: readonly Run[], cached: boolean) => ({
    target: { path: target, size, format, persons: totalPersons, files },
    generation: measurement(target, size, format, 'generate', totalPersons, runs, cached),
  });
  if (
    !regenerate &&
    known !== undefined &&
    known.seed === seed &&
    known.persons === persons &&
    (known.files ?? 1) === (folder ? folderCount : 1) &&
    existsSync(target) &&
    filesOf().length === (folder ? folderCount : 1) &&
    bytesOf(filesOf()) === known.bytes
  ) {
    return make(filesOf(), [known.generation], true);
  }
  process.stderr.write(`generating ${target} …\n`);
  let res: ChildResult;
  if (folder) {
    rmSync(target, { recursive: true, force: true });
    res = runNode(
      ['--import', 'tsx'],
      [
        'bench/generate-folder.ts',
        '--files',
        String(folderCount),
        '--persons',
        String(persons),
        '--seed',
        String(seed),
        '--out',
        target,
      ],
    );
  } else {
    const dot = name.lastIndexOf('.');
    res = runNode(
      ['--import', 'tsx'],
      [
        'scripts/generate-fixtures.ts',
        '--persons',
        String(persons),
        '--seed',
        String(seed),
        '--out',
        BENCH_DIR,
        '--format',
        format === 'xlsx' ? 'xlsx' : 'csv',
        '--encoding',
        format === 'csv-gbk' ? 'gb18030' : 'utf8',
        '--name',
        name.slice(0, dot),
      ],
    );
  }
  if (res.status !== 0) throw new Error(`generating ${target} failed:\n${res.stderr}`);
  const run: Run = { seconds: res.seconds, maxRssKiB: res.maxRssKiB, peakHeapKiB: res.peakHeapKiB };
  const files = filesOf();
  manifest[name] = {
    seed,
    persons,
    ...(folder ? { files: folderCount } : {}),
    bytes: bytesOf(files),
    generation: run,
  };
  writeFileSync(MANIFEST, JSON.stringify(manifest, null, 2) + '\n');
  return make(files, [run], false);
}

function measurement(
  file: string,
  size: Size,
  format: Format,
  mode: Mode,
  rows: number,
  runs: readonly Run[],
  cached?: boolean,
  jobs?: number,
): Measurement {
  const seconds = median(runs.map((r) => r.seconds));
  const rss = runs.every((r) => r.maxRssKiB !== null)
    ? median(runs.map((r) => r.maxRssKiB as number)) / 1024
    : null;
  const heap = runs.every((r) => typeof r.peakHeapKiB === 'number')
    ? median(runs.map((r) => r.peakHeapKiB as number)) / 1024
    : null;
  return {
    file,
    size,
    format,
    mode,
    ...(jobs === undefined ? {} : { jobs }),
    rows,
    seconds,
    rowsPerSecond: rows / seconds,
    peakRssMiB: rss,
    peakHeapMiB: heap,
    runs,
    ...(cached === undefined ? {} : { cached }),
  };
}

const RAW_READER = join(BENCH_DIR, 'raw-reader.mjs');

/** Transpiles bench/raw-reader.ts to plain JS so the measured child starts like the CLI (no tsx loader). */
function prepareRawReader(): void {
  const source = readFileSync('bench/raw-reader.ts', 'utf8');
  const out = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    fileName: 'raw-reader.ts',
  });
  writeFileSync(RAW_READER, out.outputText);
}

/** `own`: the parsing layer of ledgerlint's own reader (raw-sax, raw-own) rather than the library baseline. */
function measureRaw(t: Target, runs: number, own = false): Measurement {
  const list: Run[] = [];
  const headers = HEADER_ROWS[t.format] * t.files.length;
  let rows = t.persons;
  for (let i = 0; i < runs; i++) {
    const rawMode = !own ? t.format : t.format === 'xlsx' ? 'xlsx-sax' : 'csv-own';
    const res = runNode([], [RAW_READER, rawMode, ...t.files]);
    if (res.status !== 0) throw new Error(`raw reader failed on ${t.path}:\n${res.stderr}`);
    const counted = (JSON.parse(res.stdout.trim().split('\n').pop() ?? '{}') as { rows?: number }).rows;
    // The generator completes the household that reaches the size asked for, so small files (the folder's at
    // correctness sizes) can hold a few persons more: the rows the reader counted are the rows measured.
    if (counted === undefined || Math.abs(counted - headers - t.persons) > t.files.length * 10) {
      process.stderr.write(
        `warning: raw reader counted ${counted} rows in ${t.path}, expected ${t.persons + headers}\n`,
      );
    }
    if (counted !== undefined) rows = counted - headers;
    list.push({ seconds: res.seconds, maxRssKiB: res.maxRssKiB, peakHeapKiB: res.peakHeapKiB });
  }
  return measurement(
    t.path,
    t.size,
    t.format,
    !own ? 'raw' : t.format === 'xlsx' ? 'raw-sax' : 'raw-own',
    rows,
    list,
  );
}

const CLI = ['bin/ledgerlint.js'];
/**
 * Where the full check writes its JSON report. Not /dev/null: the CLI writes --output atomically (temp file +
 * rename), which would replace the /dev/null device with a regular file.
 */
const REPORT = join(BENCH_DIR, 'report.json');

/** null when the CLI runs on the small demo CSV; otherwise why it does not. */
function cliProblem(): string | null {
  if (!existsSync('bin/ledgerlint.js')) return 'bin/ledgerlint.js is missing';
  const res = runNode(
    [],
    [...CLI, 'check', 'fixtures/demo/demo-county-gbk.csv', '--format', 'json', '--output', REPORT],
    120_000,
  );
  // Exit code 1 means "findings reported", which the demo ledger has by design.
  if (res.status === 0 || res.status === 1) return null;
  const why = (res.stderr || res.stdout).trim().split('\n').slice(0, 5).join('\n  ');
  return `\`ledgerlint check\` exited with ${res.status ?? 'a signal'} on the demo ledger:\n  ${why}`;
}

interface RowFinding {
  readonly ruleId: string;
  readonly row: number | null;
  readonly field: string | null;
  readonly file?: string;
}

/**
 * Compares the last report's row findings with the answer keys beside the ledgers (as sorted key strings):
 * for a folder, every file's findings with its own key, and no row finding in a file without one.
 */
function reportMatchesKey(files: readonly string[]): boolean {
  if (!existsSync(REPORT)) return false;
  const asKeys = (list: readonly RowFinding[]) =>
    list
      .filter((f) => f.row !== null)
      .map((f) => `${f.row} ${f.ruleId} ${f.field}`)
      .sort();
  const report = JSON.parse(readFileSync(REPORT, 'utf8')) as { findings: RowFinding[] };
  const byFile = new Map<string, RowFinding[]>();
  for (const f of report.findings) {
    const file = normalize(f.file ?? '');
    byFile.set(file, [...(byFile.get(file) ?? []), f]);
  }
  for (const file of byFile.keys()) if (!files.some((f) => normalize(f) === file)) return false;
  return files.every((file) => {
    const keyFile = file.replace(/\.(csv|xlsx)$/, '.answer-key.json');
    if (!existsSync(keyFile)) return false;
    const key = JSON.parse(readFileSync(keyFile, 'utf8')) as { findings: RowFinding[] };
    const found = files.length === 1 ? report.findings : (byFile.get(normalize(file)) ?? []);
    return JSON.stringify(asKeys(key.findings)) === JSON.stringify(asKeys(found));
  });
}

function checkArgs(t: Target, jobs: number | undefined, outputs: readonly string[]): string[] {
  return [
    ...CLI,
    'check',
    t.size === 'folder' ? t.path : (t.files[0] as string),
    ...(jobs === undefined ? [] : ['--jobs', String(jobs)]),
    ...outputs,
  ];
}

function measureFull(
  t: Target,
  runs: number,
  raw: Measurement,
  nodeArgs: readonly string[],
  jobs?: number,
  rawSax?: Measurement,
): Measurement {
  const list: Run[] = [];
  for (let i = 0; i < runs; i++) {
    const res = runNode(nodeArgs, checkArgs(t, jobs, ['--format', 'json', '--output', REPORT]));
    if (res.status !== 0 && res.status !== 1) {
      throw new Error(
        `ledgerlint check failed on ${t.path} (exit ${res.status}):\n${res.stderr.slice(0, 2000)}`,
      );
    }
    list.push({ seconds: res.seconds, maxRssKiB: res.maxRssKiB, peakHeapKiB: res.peakHeapKiB });
  }
  const m = measurement(t.path, t.size, t.format, 'full', raw.rows, list, undefined, jobs);
  const ratios = (to: Measurement) => ({
    rowsPerSecond: m.rowsPerSecond / to.rowsPerSecond,
    rss: m.peakRssMiB !== null && to.peakRssMiB !== null ? m.peakRssMiB / to.peakRssMiB : null,
  });
  return {
    ...m,
    matchesKey: reportMatchesKey(t.files),
    vsRaw: ratios(raw),
    ...(rawSax === undefined ? {} : { vsRawSax: ratios(rawSax) }),
  };
}

const ANNOTATED = join(BENCH_DIR, 'annotated.xlsx');

/** The full check that also writes the annotated workbook (--format xlsx), compared with the plain check. */
function measureXlsxReport(
  t: Target,
  runs: number,
  full: Measurement,
  nodeArgs: readonly string[],
): Measurement {
  const list: Run[] = [];
  for (let i = 0; i < runs; i++) {
    rmSync(ANNOTATED, { force: true });
    const res = runNode(
      nodeArgs,
      checkArgs(t, undefined, ['--format', `json=${REPORT}`, '--format', `xlsx=${ANNOTATED}`]),
    );
    if ((res.status !== 0 && res.status !== 1) || !existsSync(ANNOTATED)) {
      throw new Error(
        `--format xlsx failed on ${t.path} (exit ${res.status}):\n${res.stderr.slice(0, 2000)}`,
      );
    }
    list.push({ seconds: res.seconds, maxRssKiB: res.maxRssKiB, peakHeapKiB: res.peakHeapKiB });
  }
  const m = measurement(t.path, t.size, t.format, 'xlsx-report', full.rows, list);
  const outputMiB = statSync(ANNOTATED).size / 1024 / 1024;
  rmSync(ANNOTATED, { force: true });
  return {
    ...m,
    outputMiB,
    matchesKey: reportMatchesKey(t.files),
    vsRaw: {
      rowsPerSecond: m.rowsPerSecond / full.rowsPerSecond,
      rss: m.peakRssMiB !== null && full.peakRssMiB !== null ? m.peakRssMiB / full.peakRssMiB : null,
    },
  };
}

function table(rows: readonly Measurement[]): string {
  const head = [
    'size',
    'file',
    'mode',
    'rows',
    'seconds',
    'rows/s',
    'peak RSS MiB',
    'peak heap MiB',
    'full/raw rows/s',
    'full/raw RSS',
    'full/own raw rows/s',
    'findings = key',
  ];
  const body = rows.map((m) => [
    m.size,
    m.file.replace(`${BENCH_DIR}/`, ''),
    m.mode + (m.jobs === undefined ? '' : ` --jobs ${m.jobs}`) + (m.cached === true ? ' (cached)' : ''),
    m.rows.toLocaleString('en-US'),
    m.seconds.toFixed(2),
    Math.round(m.rowsPerSecond).toLocaleString('en-US'),
    m.peakRssMiB === null ? '—' : m.peakRssMiB.toFixed(0),
    m.peakHeapMiB === null ? '—' : m.peakHeapMiB.toFixed(0),
    m.vsRaw === undefined ? '' : m.vsRaw.rowsPerSecond.toFixed(2),
    m.vsRaw?.rss == null ? '' : m.vsRaw.rss.toFixed(2),
    m.vsRawSax === undefined ? '' : m.vsRawSax.rowsPerSecond.toFixed(2),
    m.matchesKey === undefined ? '' : m.matchesKey ? 'yes' : 'NO',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] as string).length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i >= 3 ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number)))
      .join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

function wholeNumber(value: string, name: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} needs a whole number ≥ ${min}`);
  return n;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: 'county' },
      runs: { type: 'string', default: '3' },
      persons: { type: 'string', default: '300000' },
      'province-persons': { type: 'string', default: '3000000' },
      'national-persons': { type: 'string', default: '10000000' },
      'folder-files': { type: 'string', default: '50' },
      'folder-persons': { type: 'string', default: '20000' },
      seed: { type: 'string', default: '20201231' },
      formats: { type: 'string', default: FORMATS.join(',') },
      'heap-mib': { type: 'string' },
      'skip-full': { type: 'boolean', default: false },
      regenerate: { type: 'boolean', default: false },
      'xlsx-report': { type: 'boolean', default: false },
      'single-jobs': { type: 'string', default: '1,2' },
    },
    strict: true,
  });
  const runs = Math.max(1, Number(values.runs));
  const persons = wholeNumber(values.persons, 'persons', 100);
  const provincePersons = wholeNumber(values['province-persons'], 'province-persons', 100);
  const nationalPersons = wholeNumber(values['national-persons'], 'national-persons', 100);
  const folderFilesCount = wholeNumber(values['folder-files'], 'folder-files', 1);
  if (folderFilesCount > 99) throw new Error('--folder-files needs a whole number ≤ 99');
  const folderPersons = wholeNumber(values['folder-persons'], 'folder-persons', 100);
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error('--seed needs a whole number');
  const formats = values.formats.split(',').map((f) => f.trim()) as Format[];
  for (const f of formats)
    if (!FORMATS.includes(f)) throw new Error(`unknown format ${f} (${FORMATS.join(', ')})`);
  const sizes = values.sizes.split(',').map((f) => f.trim()) as Size[];
  for (const s of sizes) if (!SIZES.includes(s)) throw new Error(`unknown size ${s} (${SIZES.join(', ')})`);
  const heapMib =
    values['heap-mib'] === undefined ? undefined : wholeNumber(values['heap-mib'], 'heap-mib', 64);
  const checkNodeArgs = heapMib === undefined ? [] : [`--max-old-space-size=${heapMib}`];
  const singleJobs = values['single-jobs'].split(',').map((j) => wholeNumber(j.trim(), 'single-jobs', 1));

  mkdirSync(BENCH_DIR, { recursive: true });
  const manifest = loadManifest();
  const results: Measurement[] = [];
  const targets: Target[] = [];
  const add = (size: Size, format: Format, n: number) => {
    const { target, generation } = ensureTarget(
      size,
      format,
      n,
      seed,
      folderFilesCount,
      manifest,
      values.regenerate,
    );
    results.push(generation);
    targets.push(target);
  };
  for (const size of sizes) {
    if (size === 'county') for (const format of formats) add(size, format, persons);
    if (size === 'province') add(size, 'csv-utf8', provincePersons);
    if (size === 'national') add(size, 'csv-utf8', nationalPersons);
    if (size === 'folder') add(size, 'csv-utf8', folderPersons);
  }

  prepareRawReader();
  const problem = values['skip-full'] ? '--skip-full given' : cliProblem();
  if (problem !== null) process.stderr.write(`skipping the full check: ${problem}\n`);
  for (const t of targets) {
    const label = `${t.size} ${t.format}`;
    process.stderr.write(`raw ${label} ×${runs} …\n`);
    const raw = measureRaw(t, runs);
    results.push(raw);
    const ownMode = t.format === 'xlsx' ? 'raw-sax' : 'raw-own';
    process.stderr.write(`${ownMode} ${label} ×${runs} …\n`);
    const ownRaw = measureRaw(t, runs, true);
    results.push(ownRaw);
    if (problem !== null) continue;
    for (const jobs of t.size === 'folder' ? [1, 2] : singleJobs) {
      process.stderr.write(`full ${label} --jobs ${jobs} ×${runs} …\n`);
      const full = measureFull(t, runs, raw, checkNodeArgs, jobs, ownRaw);
      results.push(full);
      if (values['xlsx-report'] && t.size !== 'folder') {
        process.stderr.write(`xlsx-report ${label} ×${runs} …\n`);
        results.push(measureXlsxReport(t, runs, full, checkNodeArgs));
      }
    }
  }

  rmSync(REPORT, { force: true });
  console.log(table(results));
  if (problem !== null) console.log(`\nfull check skipped: ${problem.split('\n')[0]}`);
  writeFileSync(
    RESULTS,
    JSON.stringify(
      {
        date: new Date().toISOString(),
        node: process.version,
        machine: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB`,
        sizes,
        persons,
        provincePersons,
        nationalPersons,
        folder: { files: folderFilesCount, persons: folderPersons },
        seed,
        runs,
        heapMib: heapMib ?? null,
        fullCheck: problem === null ? 'measured' : `skipped: ${problem}`,
        results,
      },
      null,
      2,
    ) + '\n',
  );
  console.log(`\nwritten to ${RESULTS}`);
}

try {
  main();
} catch (error: unknown) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
