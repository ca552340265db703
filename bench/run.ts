/**
 * Benchmark: a 300,000-person ledger as UTF-8 CSV, GBK CSV and XLSX (generated once into .bench/, reused
 * while the seed and size match), then for each file
 *   raw  — the parsing library alone (bench/raw-reader.ts: csv-parse over the decoded stream; exceljs
 *          streaming WorkbookReader), counting rows;
 *   raw-sax — xlsx only: the parsing layer of ledgerlint's own xlsx reader (yauzl + saxes), counting rows;
 *   full — `node bin/ledgerlint.js check <file> --format json --output .bench/report.json` (skipped with a message
 *          while the CLI does not run);
 *   xlsx-report — with --xlsx-report: the full check writing the annotated workbook too
 *          (`--format json=… --format xlsx=.bench/annotated.xlsx`); its cost is the difference to `full`.
 * Every measurement is a separate child process, so peak RSS (process.resourceUsage().maxRSS, recorded by a
 * preloaded exit hook) is per measurement. Seconds are wall time including Node start-up; the median of
 * --runs runs is reported. Results go to stdout and .bench/results.json.
 *
 *   npm run bench -- [--runs 3] [--persons 300000] [--seed 20201231] [--formats csv-utf8,csv-gbk,xlsx]
 *                    [--skip-full] [--regenerate] [--xlsx-report]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import ts from 'typescript';

type Format = 'csv-utf8' | 'csv-gbk' | 'xlsx';
type Mode = 'generate' | 'raw' | 'raw-sax' | 'full' | 'xlsx-report';

interface Run {
  readonly seconds: number;
  readonly maxRssKiB: number | null;
}

interface Measurement {
  readonly file: string;
  readonly format: Format;
  readonly mode: Mode;
  readonly rows: number;
  readonly seconds: number;
  readonly rowsPerSecond: number;
  readonly peakRssMiB: number | null;
  readonly runs: readonly Run[];
  /** generate only: taken from the manifest, the file was reused. */
  readonly cached?: boolean;
  /** full only: ratios to the raw reader of the same file. */
  readonly vsRaw?: { readonly rowsPerSecond: number; readonly rss: number | null };
  /** full on xlsx only: ratios to the raw-sax reader (the parsing layer of ledgerlint's own xlsx reader). */
  readonly vsRawSax?: { readonly rowsPerSecond: number; readonly rss: number | null };
  /** xlsx-report only: size of the annotated workbook. */
  readonly outputMiB?: number;
  /** full only: the report's row findings equal the generator's answer key. */
  readonly matchesKey?: boolean;
}

interface ManifestEntry {
  readonly seed: number;
  readonly persons: number;
  readonly bytes: number;
  readonly generation: Run;
}

const BENCH_DIR = '.bench';
const MANIFEST = join(BENCH_DIR, 'manifest.json');
const RESULTS = join(BENCH_DIR, 'results.json');
const FORMATS: readonly Format[] = ['csv-utf8', 'csv-gbk', 'xlsx'];
const HEADER_ROWS: Record<Format, number> = { 'csv-utf8': 1, 'csv-gbk': 1, xlsx: 4 };

/** Preloaded into every child: writes its peak RSS (KiB) to the file named by LEDGERLINT_BENCH_RSS at exit. */
const RSS_HOOK =
  'data:text/javascript,' +
  encodeURIComponent(
    "import{writeFileSync}from'node:fs';process.on('exit',()=>{const f=process.env.LEDGERLINT_BENCH_RSS;" +
      'if(f)writeFileSync(f,String(process.resourceUsage().maxRSS))});',
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
  if (existsSync(rssFile)) {
    maxRssKiB = Number(readFileSync(rssFile, 'utf8'));
    rmSync(rssFile, { force: true });
  }
  return { seconds, maxRssKiB, status: child.status, stdout: child.stdout ?? '', stderr: child.stderr ?? '' };
}

function fileName(format: Format, persons: number, seed: number): string {
  const base = `ledger-${persons}p-${seed}`;
  return format === 'xlsx' ? `${base}.xlsx` : `${base}-${format === 'csv-utf8' ? 'utf8' : 'gbk'}.csv`;
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

function ensureFile(
  format: Format,
  persons: number,
  seed: number,
  manifest: Record<string, ManifestEntry>,
  regenerate: boolean,
): Measurement {
  const name = fileName(format, persons, seed);
  const file = join(BENCH_DIR, name);
  const known = manifest[name];
  if (
    !regenerate &&
    known !== undefined &&
    known.seed === seed &&
    known.persons === persons &&
    existsSync(file) &&
    statSync(file).size === known.bytes
  ) {
    return measurement(file, format, 'generate', persons, [known.generation], true);
  }
  process.stderr.write(`generating ${file} …\n`);
  const dot = name.lastIndexOf('.');
  const res = runNode(
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
  if (res.status !== 0) throw new Error(`generating ${file} failed:\n${res.stderr}`);
  const run: Run = { seconds: res.seconds, maxRssKiB: res.maxRssKiB };
  manifest[name] = { seed, persons, bytes: statSync(file).size, generation: run };
  writeFileSync(MANIFEST, JSON.stringify(manifest, null, 2) + '\n');
  return measurement(file, format, 'generate', persons, [run], false);
}

function measurement(
  file: string,
  format: Format,
  mode: Mode,
  rows: number,
  runs: readonly Run[],
  cached?: boolean,
): Measurement {
  const seconds = median(runs.map((r) => r.seconds));
  const rss = runs.every((r) => r.maxRssKiB !== null)
    ? median(runs.map((r) => r.maxRssKiB as number)) / 1024
    : null;
  return {
    file,
    format,
    mode,
    rows,
    seconds,
    rowsPerSecond: rows / seconds,
    peakRssMiB: rss,
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

function measureRaw(file: string, format: Format, persons: number, runs: number, sax = false): Measurement {
  const list: Run[] = [];
  for (let i = 0; i < runs; i++) {
    const res = runNode([], [RAW_READER, sax ? 'xlsx-sax' : format, file]);
    if (res.status !== 0) throw new Error(`raw reader failed on ${file}:\n${res.stderr}`);
    const counted = (JSON.parse(res.stdout.trim().split('\n').pop() ?? '{}') as { rows?: number }).rows;
    if (counted !== persons + HEADER_ROWS[format]) {
      process.stderr.write(
        `warning: raw reader counted ${counted} rows in ${file}, expected ${persons + HEADER_ROWS[format]}\n`,
      );
    }
    list.push({ seconds: res.seconds, maxRssKiB: res.maxRssKiB });
  }
  return measurement(file, format, sax ? 'raw-sax' : 'raw', persons, list);
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
}

/** Compares the last report's row findings with the answer key beside the ledger (as sorted key strings). */
function reportMatchesKey(file: string): boolean {
  const keyFile = file.replace(/\.(csv|xlsx)$/, '.answer-key.json');
  if (!existsSync(keyFile) || !existsSync(REPORT)) return false;
  const asKeys = (list: readonly RowFinding[]) =>
    list
      .filter((f) => f.row !== null)
      .map((f) => `${f.row} ${f.ruleId} ${f.field}`)
      .sort();
  const key = JSON.parse(readFileSync(keyFile, 'utf8')) as { findings: RowFinding[] };
  const report = JSON.parse(readFileSync(REPORT, 'utf8')) as { findings: RowFinding[] };
  return JSON.stringify(asKeys(key.findings)) === JSON.stringify(asKeys(report.findings));
}

function measureFull(
  file: string,
  format: Format,
  persons: number,
  runs: number,
  raw: Measurement,
  rawSax?: Measurement,
): Measurement {
  const list: Run[] = [];
  for (let i = 0; i < runs; i++) {
    const res = runNode([], [...CLI, 'check', file, '--format', 'json', '--output', REPORT]);
    if (res.status !== 0 && res.status !== 1) {
      throw new Error(
        `ledgerlint check failed on ${file} (exit ${res.status}):\n${res.stderr.slice(0, 2000)}`,
      );
    }
    list.push({ seconds: res.seconds, maxRssKiB: res.maxRssKiB });
  }
  const m = measurement(file, format, 'full', persons, list);
  const ratios = (to: Measurement) => ({
    rowsPerSecond: m.rowsPerSecond / to.rowsPerSecond,
    rss: m.peakRssMiB !== null && to.peakRssMiB !== null ? m.peakRssMiB / to.peakRssMiB : null,
  });
  return {
    ...m,
    matchesKey: reportMatchesKey(file),
    vsRaw: ratios(raw),
    ...(rawSax === undefined ? {} : { vsRawSax: ratios(rawSax) }),
  };
}

const ANNOTATED = join(BENCH_DIR, 'annotated.xlsx');

/** The full check that also writes the annotated workbook (--format xlsx), compared with the plain check. */
function measureXlsxReport(
  file: string,
  format: Format,
  persons: number,
  runs: number,
  full: Measurement,
): Measurement {
  const list: Run[] = [];
  for (let i = 0; i < runs; i++) {
    rmSync(ANNOTATED, { force: true });
    const res = runNode(
      [],
      [...CLI, 'check', file, '--format', `json=${REPORT}`, '--format', `xlsx=${ANNOTATED}`],
    );
    if ((res.status !== 0 && res.status !== 1) || !existsSync(ANNOTATED)) {
      throw new Error(`--format xlsx failed on ${file} (exit ${res.status}):\n${res.stderr.slice(0, 2000)}`);
    }
    list.push({ seconds: res.seconds, maxRssKiB: res.maxRssKiB });
  }
  const m = measurement(file, format, 'xlsx-report', persons, list);
  const outputMiB = statSync(ANNOTATED).size / 1024 / 1024;
  rmSync(ANNOTATED, { force: true });
  return {
    ...m,
    outputMiB,
    matchesKey: reportMatchesKey(file),
    vsRaw: {
      rowsPerSecond: m.rowsPerSecond / full.rowsPerSecond,
      rss: m.peakRssMiB !== null && full.peakRssMiB !== null ? m.peakRssMiB / full.peakRssMiB : null,
    },
  };
}

function table(rows: readonly Measurement[]): string {
  const head = [
    'file',
    'mode',
    'rows',
    'seconds',
    'rows/s',
    'peak RSS MiB',
    'full/raw rows/s',
    'full/raw RSS',
    'full/raw-sax rows/s',
    'findings = key',
  ];
  const body = rows.map((m) => [
    m.file.replace(`${BENCH_DIR}/`, ''),
    m.mode + (m.cached === true ? ' (cached)' : ''),
    m.rows.toLocaleString('en-US'),
    m.seconds.toFixed(2),
    Math.round(m.rowsPerSecond).toLocaleString('en-US'),
    m.peakRssMiB === null ? '—' : m.peakRssMiB.toFixed(0),
    m.vsRaw === undefined ? '' : m.vsRaw.rowsPerSecond.toFixed(2),
    m.vsRaw?.rss == null ? '' : m.vsRaw.rss.toFixed(2),
    m.vsRawSax === undefined ? '' : m.vsRawSax.rowsPerSecond.toFixed(2),
    m.matchesKey === undefined ? '' : m.matchesKey ? 'yes' : 'NO',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] as string).length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i >= 2 ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number)))
      .join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

function main(): void {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '3' },
      persons: { type: 'string', default: '300000' },
      seed: { type: 'string', default: '20201231' },
      formats: { type: 'string', default: FORMATS.join(',') },
      'skip-full': { type: 'boolean', default: false },
      regenerate: { type: 'boolean', default: false },
      'xlsx-report': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const runs = Math.max(1, Number(values.runs));
  const persons = Number(values.persons);
  const seed = Number(values.seed);
  if (!Number.isInteger(persons) || persons < 100) throw new Error('--persons needs a whole number ≥ 100');
  if (!Number.isInteger(seed)) throw new Error('--seed needs a whole number');
  const formats = values.formats.split(',').map((f) => f.trim()) as Format[];
  for (const f of formats)
    if (!FORMATS.includes(f)) throw new Error(`unknown format ${f} (${FORMATS.join(', ')})`);

  mkdirSync(BENCH_DIR, { recursive: true });
  const manifest = loadManifest();
  const results: Measurement[] = [];
  const files = formats.map((format) => {
    const gen = ensureFile(format, persons, seed, manifest, values.regenerate);
    results.push(gen);
    return gen;
  });

  prepareRawReader();
  const problem = values['skip-full'] ? '--skip-full given' : cliProblem();
  if (problem !== null) process.stderr.write(`skipping the full check: ${problem}\n`);
  for (const gen of files) {
    process.stderr.write(`raw ${gen.format} ×${runs} …\n`);
    const raw = measureRaw(gen.file, gen.format, persons, runs);
    results.push(raw);
    let rawSax: Measurement | undefined;
    if (gen.format === 'xlsx') {
      process.stderr.write(`raw-sax ${gen.format} ×${runs} …\n`);
      rawSax = measureRaw(gen.file, gen.format, persons, runs, true);
      results.push(rawSax);
    }
    if (problem === null) {
      process.stderr.write(`full ${gen.format} ×${runs} …\n`);
      const full = measureFull(gen.file, gen.format, persons, runs, raw, rawSax);
      results.push(full);
      if (values['xlsx-report']) {
        process.stderr.write(`xlsx-report ${gen.format} ×${runs} …\n`);
        results.push(measureXlsxReport(gen.file, gen.format, persons, runs, full));
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
        persons,
        seed,
        runs,
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
