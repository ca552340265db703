/** The compact set of completed 户编号 (engine/household-ids.ts) behaves like the Map it replaced. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CompletedHouseholds } from '../../src/engine/household-ids.js';

// Numeric ids near each other (as 户编号 are), with leading zeros, letters, 16+ digits and look-alikes.
const id = fc.oneof(
  fc.integer({ min: 0, max: 5000 }).map((n) => String(450121101001000 + n)),
  fc.integer({ min: 0, max: 50 }).map((n) => String(n)),
  fc.integer({ min: 0, max: 50 }).map((n) => `0${n}`),
  fc.constantFrom('999999999999999', '1000000000000000', '9007199254740993', 'H001', '45012110100100１', ''),
);

describe('CompletedHouseholds', () => {
  it('answers has/get/size like a Map that keeps the first row', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(id, fc.nat({ max: 2 ** 32 - 1 })), { maxLength: 3000 }), (adds) => {
        const compact = new CompletedHouseholds();
        const map = new Map<string, number>();
        for (const [key, row] of adds) {
          expect(compact.get(key)).toBe(map.get(key));
          compact.add(key, row);
          if (!map.has(key)) map.set(key, row);
          expect(compact.has(key)).toBe(true);
        }
        expect(compact.size).toBe(map.size);
        for (const [key, row] of map) expect(compact.get(key)).toBe(row);
        expect(compact.has('450121101009999999')).toBe(map.has('450121101009999999'));
      }),
      { numRuns: 60 },
    );
  });
});
