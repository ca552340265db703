/**
 * The heap governor (batch/heap-governor.ts): past its soft limit it runs a full collection (reached without
 * --expose-gc) that frees the garbage, and sets the next limit from what survived; below it, or turned off, it
 * does nothing.
 */
import v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import { HEAP_FLOOR_ENV, HEAP_GOVERNOR_ENV, HeapGovernor } from '../../src/batch/heap-governor.js';

const MiB = 2 ** 20;

/** Garbage on the heap: ~`mib` MiB of small objects kept until the function returns. */
function makeGarbage(mib: number): number {
  let kept: { readonly n: number; readonly s: string }[] = [];
  for (let i = 0; i < mib * 8000; i++) kept.push({ n: i, s: `行${i}` });
  const length = kept.length;
  kept = [];
  return length;
}

describe('HeapGovernor', () => {
  it('collects once the heap in use passes the limit, then sets the limit from the live set', () => {
    const used = () => v8.getHeapStatistics().used_heap_size;
    const governor = new HeapGovernor(used() + 16 * MiB, {});
    governor.check();
    expect(governor.collections).toBe(0); // under the limit: nothing
    expect(makeGarbage(64)).toBeGreaterThan(0);
    const before = used();
    governor.check();
    expect(governor.collections).toBe(1);
    expect(used()).toBeLessThan(before - 16 * MiB); // the garbage went
    governor.check();
    expect(governor.collections).toBe(1); // the new limit is above what survived
  });

  it(`does nothing when ${HEAP_GOVERNOR_ENV}=0`, () => {
    const governor = new HeapGovernor(1, { [HEAP_GOVERNOR_ENV]: '0' });
    makeGarbage(8);
    governor.check();
    expect(governor.collections).toBe(0);
  });

  it(`takes its floor in MiB from ${HEAP_FLOOR_ENV}`, () => {
    const high = new HeapGovernor(undefined, { [HEAP_FLOOR_ENV]: '100000' });
    const low = new HeapGovernor(undefined, { [HEAP_FLOOR_ENV]: '1' });
    makeGarbage(8);
    high.check();
    low.check();
    expect(high.collections).toBe(0);
    expect(low.collections).toBe(1);
  });
});
