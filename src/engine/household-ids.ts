/**
 * The 户编号 of the households completed so far in a sheet, with the row each started on (split-household
 * detection, engine/households.ts). One entry per household of the sheet: at province scale millions, so the
 * usual all-digit 户编号 (15 digits, no leading zero) are kept as numbers in an open-addressing hash table of
 * typed arrays — 12 bytes a slot, 16–32 bytes a household (filled up to three quarters: at 2.6 million
 * households, 10 million rows, 48 MiB instead of 96 at half) — instead of a Map entry with its string (~80
 * bytes).
 * Any other 户编号 (letters, a leading zero, more than 15 digits) goes to a Map. Hand-written: no npm package
 * offers a number-keyed hash map on typed arrays for Node 20 that is maintained and smaller than this.
 */

/** Largest all-digit id kept as a number: 15 digits are exact in a double (< 2^53). */
const NUMERIC = /^[1-9]\d{0,14}$/;

export class CompletedHouseholds {
  private keys = new Float64Array(1024);
  private rows = new Uint32Array(1024);
  private used = 0;
  private readonly others = new Map<string, number>();

  get size(): number {
    return this.used + this.others.size;
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  /** The first row of the completed household `id`, or undefined. */
  get(id: string): number | undefined {
    if (!NUMERIC.test(id)) return this.others.get(id);
    const key = Number(id);
    const slot = this.slotOf(key);
    return this.keys[slot] === key ? this.rows[slot] : undefined;
  }

  /** Remember `id` (once: a later set of the same id keeps the first row). */
  add(id: string, row: number): void {
    if (!NUMERIC.test(id)) {
      if (!this.others.has(id)) this.others.set(id, row);
      return;
    }
    const key = Number(id);
    const slot = this.slotOf(key);
    if (this.keys[slot] === key) return;
    this.keys[slot] = key;
    this.rows[slot] = row;
    this.used += 1;
    // Linear probing stays short (~2.5 probes a hit, ~8.5 a miss) up to three quarters full.
    if (this.used * 4 > this.keys.length * 3) this.grow();
  }

  /** The slot holding `key`, or the empty slot (0: no key is 0) where it would go. Linear probing. */
  private slotOf(key: number): number {
    const mask = this.keys.length - 1;
    // Mix the high and low 32 bits (15-digit ids differ mostly in their low digits).
    let slot = Math.imul((key % 0x100000000) ^ Math.floor(key / 0x100000000), 0x9e3779b1) & mask;
    for (;;) {
      const at = this.keys[slot];
      if (at === key || at === 0) return slot;
      slot = (slot + 1) & mask;
    }
  }

  private grow(): void {
    const keys = this.keys;
    const rows = this.rows;
    this.keys = new Float64Array(keys.length * 2);
    this.rows = new Uint32Array(keys.length * 2);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as number;
      if (key === 0) continue;
      const slot = this.slotOf(key);
      this.keys[slot] = key;
      this.rows[slot] = rows[i] as number;
    }
  }
}
