/**
 * CPU cost per row of what the reader thread does for `--jobs 2` besides reading: building the records of a
 * sheet (normalize/built.ts) and moving them to the main thread by structured clone (node:v8 serialize and
 * deserialize, the serializer postMessage uses).
 *
 *   npx tsx bench/reader-cost.ts <file> [runs]
 *
 * The first checked sheet's raw rows are read once into memory; each step then runs `runs` times (default 7) and
 * its best CPU time (process.cpuUsage: user + system, so a busy machine inflates it less than wall time) is
 * printed in µs per row. Figures in BENCHMARKS.md ("reader").
 */
import { deserialize, serialize } from 'node:v8';
import { openLedger } from '../src/io/open.js';
import type { RawRow } from '../src/io/types.js';
import { createBuiltRowBuilder, type BuiltRow } from '../src/normalize/built.js';
import { openSheet } from '../src/normalize/sheet.js';
import type { FieldValue, SheetLayout } from '../src/normalize/types.js';
import { profileRequest } from '../src/profiles/registry.js';

type Values = Readonly<Record<string, FieldValue>> | null;

const [file, runsArg] = process.argv.slice(2);
if (file === undefined) {
  console.error('usage: tsx bench/reader-cost.ts <file> [runs]');
  process.exit(2);
}
const runs = Number(runsArg ?? 7);
const BATCH_ROWS = 256;

async function firstSheet(path: string): Promise<{ layout: SheetLayout; raws: RawRow[] }> {
  const profiles = profileRequest(undefined);
  for await (const source of openLedger(path, path, {})) {
    const opened = await openSheet(source, false, profiles);
    if (opened.skipped !== null) continue;
    const raws: RawRow[] = [];
    for await (const raw of opened.rows) raws.push(raw);
    return { layout: opened.layout, raws };
  }
  throw new Error(`${path}: no checked sheet`);
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

const best = new Map<string, number>();
function timed<T>(step: string, run: () => T): T {
  const start = cpuMs();
  const result = run();
  const ms = cpuMs() - start;
  best.set(step, Math.min(best.get(step) ?? Infinity, ms));
  return result;
}

const { layout, raws } = await firstSheet(file);
for (let i = 0; i < runs; i++) {
  const build = createBuiltRowBuilder(layout);
  const built: BuiltRow[] = timed('build', () => raws.map(build));
  const batches: Values[][] = [];
  for (let at = 0; at < built.length; at += BATCH_ROWS) {
    batches.push(built.slice(at, at + BATCH_ROWS).map((b) => b.record?.values ?? null));
  }
  const cloned = timed('clone: serialize', () => batches.map((b) => serialize(b)));
  timed('clone: deserialize', () => cloned.map((b) => deserialize(b) as Values[]));
}
console.log(`${file}: ${raws.length} rows, best of ${runs} runs, CPU µs per row`);
for (const [step, ms] of best) console.log(`  ${step.padEnd(30)} ${((ms * 1000) / raws.length).toFixed(2)}`);
