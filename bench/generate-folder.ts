/**
 * The bench's folder of county ledgers (bench/run.ts, `--sizes folder`): N UTF-8 CSV files with their answer
 * keys, each a county of its own — its own seed and its own 4-digit region prefix (45 01…, 45 02…), so no ID
 * number is shared between files and each file's answer key is the whole truth about it. One process for all
 * files (a tsx start-up per file would cost more than the generation).
 *
 *   tsx bench/generate-folder.ts --files 50 --persons 20000 --seed 20201231 --out .bench/folder-50x20000-20201231
 */
import { parseArgs } from 'node:util';
import { generateFixture } from '../fixtures/generator/index.js';

/** File name of the i-th county (0-based): county-01.csv … */
function countyName(i: number): string {
  return `county-${String(i + 1).padStart(2, '0')}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      files: { type: 'string' },
      persons: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
    },
    strict: true,
  });
  const files = Number(values.files);
  const persons = Number(values.persons);
  const seed = Number(values.seed);
  if (!Number.isInteger(files) || files < 1 || files > 99) throw new Error('--files needs 1…99');
  if (!Number.isInteger(persons) || persons < 100) throw new Error('--persons needs a whole number ≥ 100');
  if (!Number.isInteger(seed) || values.out === undefined) throw new Error('--seed and --out are needed');
  for (let i = 0; i < files; i++) {
    await generateFixture({
      seed: seed + i,
      persons,
      countyCode: `45${String(i + 1).padStart(2, '0')}21`,
      format: 'csv',
      encoding: 'utf8',
      out: values.out,
      name: countyName(i),
    });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
