/**
 * Generates synthetic ledgers with planted defects and answer keys (fixtures/generator).
 *
 *   npm run fixtures                       # the committed demo files in fixtures/demo
 *   npm run fixtures -- --households 500 --seed 7 --out /tmp/x --format csv [--encoding utf8] [--name n]
 *   npm run fixtures -- --persons 300000 --seed 7 --out .bench --format xlsx --no-plants
 */
import { parseArgs } from 'node:util';
import { writeCountyFixture } from '../fixtures/generator/county.js';
import { generateFixture, type FixtureOptions, type FixtureResult } from '../fixtures/generator/index.js';

const DEMO: readonly FixtureOptions[] = [
  { seed: 20201231, households: 60, format: 'xlsx', out: 'fixtures/demo', name: 'demo-county' },
  {
    seed: 20210225,
    households: 40,
    format: 'csv',
    encoding: 'gb18030',
    out: 'fixtures/demo',
    name: 'demo-county-gbk',
  },
];

function report(r: FixtureResult): void {
  const planted = r.key.planted.length;
  console.log(
    `${r.file}: ${r.households} households, ${r.persons} persons, ${r.key.findings.length} expected findings ` +
      `(${planted} planted households) in ${r.seconds.toFixed(2)} s` +
      (r.keyFile === null ? '' : ` → ${r.keyFile}`),
  );
}

function intOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} needs a whole number, got "${value}"`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      households: { type: 'string' },
      persons: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      format: { type: 'string' },
      encoding: { type: 'string' },
      name: { type: 'string' },
      'no-plants': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help === true) {
    console.log(
      'usage: tsx scripts/generate-fixtures.ts [--households N | --persons N] [--seed S] [--out DIR]\n' +
        '         [--format xlsx|csv] [--encoding gb18030|utf8] [--name BASENAME] [--no-plants]\n' +
        'Without options: writes the demo ledgers into fixtures/demo.',
    );
    return;
  }
  const custom = Object.keys(values).length > 0;
  if (!custom) {
    for (const options of DEMO) report(await generateFixture(options));
    await writeCountyFixture('fixtures/county');
    console.log('fixtures/county: multi-village county, population table and answer keys (guangxi pack)');
    return;
  }
  const format = values.format ?? 'xlsx';
  if (format !== 'xlsx' && format !== 'csv') throw new Error(`--format must be xlsx or csv, got "${format}"`);
  const encoding = values.encoding ?? 'gb18030';
  if (encoding !== 'gb18030' && encoding !== 'utf8') throw new Error(`--encoding must be gb18030 or utf8`);
  const seed = intOption(values.seed, 'seed') ?? 20201231;
  const persons = intOption(values.persons, 'persons');
  const households = intOption(values.households, 'households') ?? 60;
  const name =
    values.name ?? (persons !== undefined ? `ledger-${persons}p-${seed}` : `ledger-${households}h-${seed}`);
  report(
    await generateFixture({
      seed,
      households,
      persons,
      format,
      encoding,
      out: values.out ?? '.',
      name: format === 'csv' && encoding === 'gb18030' && values.name === undefined ? `${name}-gbk` : name,
      plants: values['no-plants'] !== true,
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
