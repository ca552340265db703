/**
 * Pass rates per standard: for every rule of a `standard` pack, how many households it was evaluated on and how
 * many failed, by township and village. A person rule counts a household once: checked when any member was
 * evaluated, failing when any member failed. Counters only — nothing per household is kept.
 */

/** Receives one outcome per standard rule evaluated on a household. */
export type OutcomeSink = (
  ruleId: string,
  failed: boolean,
  township: string | null,
  village: string | null,
) => void;

export interface StandardCount {
  readonly township: string | null;
  readonly village: string | null;
  readonly ruleId: string;
  checked: number;
  failing: number;
}

export class StandardTally {
  private readonly counts = new Map<string, StandardCount>();
  /** The counts of the last township and village asked for, by rule: a household's outcomes come together. */
  private area: {
    readonly township: string | null;
    readonly village: string | null;
    readonly byRule: Map<string, StandardCount>;
  } = { township: null, village: null, byRule: new Map() };

  /**
   * A sink that adds (sign 1) or takes back (sign -1) outcomes. Taking back serves split households: the part
   * checked on the first read is replaced by the whole household checked on the re-read.
   */
  sink(sign: 1 | -1 = 1): OutcomeSink {
    return (ruleId, failed, township, village) => {
      const count = this.count(ruleId, township, village);
      count.checked += sign;
      if (failed) count.failing += sign;
    };
  }

  /** Add counts tallied elsewhere (another file of the run, from a worker thread or the cache). */
  merge(counts: readonly StandardCount[]): void {
    for (const c of counts) {
      const count = this.count(c.ruleId, c.township, c.village);
      count.checked += c.checked;
      count.failing += c.failing;
    }
  }

  private count(ruleId: string, township: string | null, village: string | null): StandardCount {
    let area = this.area;
    if (area.township !== township || area.village !== village) {
      area = { township, village, byRule: new Map() };
      this.area = area;
    }
    let count = area.byRule.get(ruleId);
    if (!count) {
      count = this.keyed(ruleId, township, village);
      area.byRule.set(ruleId, count);
    }
    return count;
  }

  private keyed(ruleId: string, township: string | null, village: string | null): StandardCount {
    const key = `${township ?? ''}\u0000${village ?? ''}\u0000${ruleId}`;
    let count = this.counts.get(key);
    if (!count) {
      count = { township, village, ruleId, checked: 0, failing: 0 };
      this.counts.set(key, count);
    }
    return count;
  }

  /** In order of first appearance; counts that came back to zero are dropped. */
  counted(): StandardCount[] {
    return [...this.counts.values()].filter((c) => c.checked !== 0);
  }
}
