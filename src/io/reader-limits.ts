/**
 * V8 heap settings of the reader thread (io/threaded.ts). A worker thread is its own V8 isolate with its own
 * young generation, which V8 sizes like the main thread's (16 MiB semi-spaces: ~48 MiB once a long read has
 * grown it) although the reader keeps little alive between batches: what survives a scavenge there is the
 * batch being built and the read buffer. A smaller young generation costs more scavenges, each cheap because
 * little survives. It was capped at 12 MiB (BENCHMARKS.md, "memory") until the reader thread got its own CSV
 * tokenizer: since then the cap costs ~20 % of a CSV check's throughput with `--jobs 2` (300k UTF-8 rows: 11.4 s
 * against 9.1 s) and saves nothing that matters (3M rows: 334 MiB peak without it), so V8's default is used and
 * the setting stays for experiments (READER_YOUNG_ENV). No old-generation limit: a hard limit would
 * make a legitimately large read (an xlsx with a huge shared-strings table) fail instead of using memory.
 */
import type { ResourceLimits } from 'node:worker_threads';
import { envWholeNumber, type Env } from '../env.js';

/**
 * Young generation of the reader thread in MiB (V8 splits it in three: two semi-spaces and a large-object part);
 * 0: V8's default.
 */
export const READER_YOUNG_GENERATION_MB = 0;

/** Hidden setting for experiments: the reader's young generation in MiB (`0`: V8's default). */
export const READER_YOUNG_ENV = 'LEDGERLINT_READER_YOUNG_MB';

export function readerResourceLimits(env: Env = process.env): ResourceLimits {
  const mb = envWholeNumber(env, READER_YOUNG_ENV) ?? READER_YOUNG_GENERATION_MB;
  return mb === 0 ? {} : { maxYoungGenerationSizeMb: mb };
}
