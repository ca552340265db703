/**
 * Fuzzing the readers: fixture files with flipped bytes, overwritten runs and truncation go through the whole
 * per-file check (sniffing, reading, header detection, normalization, rules). Each must either be checked or
 * fail with a LedgerlintError, promptly: never another exception, never a hang. Seeded and bounded, so the
 * suite stays fast and a failure can be replayed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFixture } from '../../fixtures/generator/index.js';
import { checkFile, prepareRules, type PreparedRules } from '../../src/commands/check.js';
import { LedgerlintError } from '../../src/errors.js';
import { DEFAULT_PACKS } from '../../src/packs/registry.js';
import { makeTempDir, type TempDir } from '../helpers/files.js';

let tmp: TempDir;
let prepared: PreparedRules;
const originals: Record<'xlsx' | 'csv', Buffer> = { xlsx: Buffer.alloc(0), csv: Buffer.alloc(0) };

beforeAll(async () => {
  tmp = makeTempDir('ledgerlint-fuzz-');
  prepared = await prepareRules({ packs: DEFAULT_PACKS, params: {}, all: false });
  for (const format of ['xlsx', 'csv'] as const) {
    const out = await generateFixture({
      seed: 3,
      households: 6,
      plants: false,
      format,
      out: tmp.dir,
      name: 'seed',
    });
    originals[format] = readFileSync(out.file);
  }
});
afterAll(() => tmp.remove());

type Mutation =
  | { kind: 'flip'; at: number; xor: number }
  | { kind: 'overwrite'; at: number; bytes: number[] }
  | { kind: 'truncate'; at: number };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({
    kind: fc.constant('overwrite' as const),
    at: fc.nat(),
    bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 64 }),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

function mutate(original: Buffer, mutations: readonly Mutation[]): Buffer {
  let bytes = Buffer.from(original);
  for (const m of mutations) {
    if (bytes.length === 0) break;
    const at = m.at % bytes.length;
    if (m.kind === 'flip') bytes[at] = bytes[at]! ^ m.xor;
    else if (m.kind === 'overwrite') m.bytes.forEach((b, i) => at + i < bytes.length && (bytes[at + i] = b));
    else bytes = bytes.subarray(0, at);
  }
  return bytes;
}

const HANG_MS = 10_000;

async function checkOrFailCleanly(file: string): Promise<'checked' | 'refused'> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${HANG_MS} ms`)), HANG_MS);
  });
  try {
    await Promise.race([
      checkFile(file, { rules: prepared.rules, params: prepared.params, fileOptions: { lang: 'en' } }),
      hang,
    ]);
    return 'checked';
  } catch (error) {
    if (error instanceof LedgerlintError) return 'refused';
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

describe.each(['xlsx', 'csv'] as const)('mutated %s fixtures', (format) => {
  it('are checked or refused with a LedgerlintError, never crash or hang', async () => {
    const outcomes = { checked: 0, refused: 0 };
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(mutationArb, { minLength: 1, maxLength: 4 }), async (mutations) => {
        const file = tmp.path(`mutant-${n++}.${format}`);
        writeFileSync(file, mutate(originals[format], mutations));
        outcomes[await checkOrFailCleanly(file)] += 1;
      }),
      { numRuns: 40, seed: format === 'xlsx' ? 20261122 : 20261123, endOnFailure: true },
    );
    // The fuzzing exercised both outcomes, not only one of them.
    expect(outcomes.checked + outcomes.refused).toBe(40);
    expect(outcomes.refused).toBeGreaterThan(0);
  }, 300_000);
});
