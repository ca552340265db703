/**
 * Keeps a long single-file check from letting its heap grow far beyond what it keeps alive.
 *
 * What a check keeps between rows is small and grows slowly (measured on 200,000 rows with a full collection every
 * 5 s: ~30 MiB live, +3 MiB per 200,000 rows), but V8 sizes its old generation by allocation pressure, not by that
 * live set: on the 3,000,000-row CSV checked in one thread the heap grew to ~360 MiB (609 MiB peak RSS), almost
 * all of it garbage that a collection would have freed. The heap limit flags (--max-old-space-size) cannot be
 * changed once the process runs, and a hard limit would make a legitimately large run fail.
 *
 * So: every few thousand rows the caller asks check(); when the heap in use passes a soft limit, a full
 * collection runs and the next limit is set from what survived it (twice the live set, at least FLOOR). The
 * doubling bounds the cost: between two forced collections at least the live set's worth of garbage was made,
 * so the collections cost a constant share of the allocation, like V8's own. Nothing ever fails here: if the
 * collector cannot be reached, check() does nothing.
 *
 * The collector is reached the way Node documents for v8.setFlagsFromString: `--expose-gc` set at run time, the
 * `gc` function read from a new context (the main context was made before the flag).
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { envWholeNumber, type Env } from '../env.js';

/**
 * Heap in use below which no collection is forced. 96 MiB: the main thread of a 3,000,000-row check keeps ~40-50
 * MiB alive; measured on the 300,000-row CSV (`--jobs 2`), 160 → 96 MiB took 8 MiB off the peak RSS at the same
 * CPU time, 64 MiB another 17 MiB but cost ~13–15 % more CPU (BENCHMARKS.md, "memory").
 */
export const HEAP_FLOOR_BYTES = 96 * 2 ** 20;

/** Hidden setting for experiments: `0` turns the governor off. */
export const HEAP_GOVERNOR_ENV = 'LEDGERLINT_HEAP_GOVERNOR';

/** Hidden setting for experiments: the floor in MiB instead of HEAP_FLOOR_BYTES. */
export const HEAP_FLOOR_ENV = 'LEDGERLINT_HEAP_FLOOR_MIB';

let collect: (() => void) | null | undefined;

function fullCollection(): (() => void) | null {
  if (collect !== undefined) return collect;
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as unknown;
    collect = typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    collect = null;
  }
  return collect;
}

export class HeapGovernor {
  private limit: number;
  /** Full collections forced so far. */
  collections = 0;

  private readonly floor: number;

  constructor(floor = HEAP_FLOOR_BYTES, env: Env = process.env) {
    const floorMb = envWholeNumber(env, HEAP_FLOOR_ENV);
    this.floor = floorMb !== undefined ? floorMb * 2 ** 20 : floor;
    this.limit = env[HEAP_GOVERNOR_ENV] === '0' ? Infinity : this.floor;
  }

  /** Called now and then (every 2,000 rows): collect if the heap in use has passed the limit. */
  check(): void {
    if (v8.getHeapStatistics().used_heap_size < this.limit) return;
    const gc = fullCollection();
    if (!gc) {
      this.limit = Infinity;
      return;
    }
    gc();
    this.collections += 1;
    this.limit = Math.max(this.floor, 2 * v8.getHeapStatistics().used_heap_size);
  }
}
