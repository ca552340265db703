// node bench/checker-cost.mjs <distDir> <ledger> [iterations]: CPU ms of the Checker alone over every record of the
// ledger's first sheet (default packs; records built beforehand, in this thread), min and median of the passes.
// Compare two builds by giving each its dist/ directory (see BENCHMARKS.md, "codegen").
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const [distArg, file, iterArg] = process.argv.slice(2);
if (!distArg || !file) {
  console.error('usage: node bench/checker-cost.mjs <distDir> <ledger> [iterations]');
  process.exit(2);
}
const dist = pathToFileURL(resolve(distArg)).href;
const iterations = Number(iterArg ?? 7);
const imp = (p) => import(`${dist}/${p}`);
const { openLedger } = await imp('io/open.js');
const { openSheet } = await imp('normalize/sheet.js');
const { createRecordBuilder } = await imp('normalize/records.js');
const { loadPackSync } = await imp('packs/registry.js');
const { resolveParams } = await imp('packs/params.js');
const { compilePacks } = await imp('engine/compile.js');
const { Checker } = await imp('engine/checker.js');
const { HouseholdAssembler } = await imp('engine/households.js');
const { profileRequest } = await imp('profiles/registry.js');
const records = [];
let layout;
for await (const source of openLedger(file, file, {})) {
  const opened = await openSheet(source, false, profileRequest(undefined));
  if (opened.skipped !== null) continue;
  layout = opened.layout;
  const build = createRecordBuilder(layout);
  for await (const raw of opened.rows) {
    const b = build(raw);
    if (b.record) records.push(b.record);
  }
  break;
}
const parsed = ['national-exit', 'data-quality'].map((id) => loadPackSync(id));
const params = resolveParams(
  parsed.map((p) => p.pack),
  { overrides: {} },
);
let t0 = performance.now();
const rules = compilePacks(parsed, params, { all: false });
const compileMs = performance.now() - t0;
const first = rules[0];
const year = new Date(String(first.params.assessment_date)).getUTCFullYear();
const times = [];
for (let i = 0; i < iterations; i++) {
  const c0 = process.cpuUsage();
  const checker = new Checker(rules, {
    year,
    assessmentDate: String(first.params.assessment_date),
    uniqueKeys: { add() {} },
  });
  checker.beginSheet(layout);
  const assembler = new HouseholdAssembler();
  for (const r of records) {
    checker.observe(r);
    for (const g of assembler.push(r)) checker.checkHousehold(g);
  }
  for (const g of assembler.end()) checker.checkHousehold(g);
  checker.finish();
  const c = process.cpuUsage(c0);
  times.push((c.user + c.system) / 1000);
}
const sorted = [...times].sort((a, b) => a - b);
console.log(
  `${dist.split('/').slice(-2).join('/')} ${process.env.LL_ACCESS ?? ''} rules=${rules.length} records=${records.length} compile=${compileMs.toFixed(1)}ms checker cpu min=${sorted[0].toFixed(0)} median=${sorted[Math.floor(sorted.length / 2)].toFixed(0)} ms (${times.map((t) => t.toFixed(0)).join(' ')})`,
);
try {
  const { generate } = await imp('engine/codegen.js');
  const evaluators = rules.flatMap((r) =>
    [r.appliesTo, r.when, r.assert, ...r.data.map(([, e]) => e), r.check?.where].filter(Boolean),
  );
  const fns = (await imp('engine/cel.js')).RULE_FUNCTIONS;
  const g0 = performance.now();
  let n = 0;
  for (const e of evaluators) {
    try {
      generate(e.cel.ast, fns);
      n++;
    } catch {
      // outside the generated subset: cel-js evaluates it (not counted)
    }
  }
  console.log(`generate: ${n} expressions in ${(performance.now() - g0).toFixed(1)} ms`);
} catch (e) {
  console.log('no codegen', e.message);
}
