/**
 * Who a finding is about, for the finding list of the annotated workbook (问题清单: 户主, 姓名). A finding gets
 * `name` where it is made (the record is at hand); the 户主's name is only known once the household is complete,
 * so it is remembered per household here and filled into the findings as they reach the run's finding store
 * (after their file's households are all known). One short string
 * per household — not per row — is kept.
 */
import { anchorOf, type HouseholdGroup } from '../engine/households.js';
import { textOf } from '../normalize/records.js';
import type { Finding } from './types.js';

export class HeadNames {
  private readonly byHousehold = new Map<string, string>();

  /**
   * Remember the 户主's name of a completed household: the member whose 与户主关系 is 户主, else the 户主姓名
   * cell of the household's first member. A household without 户编号 or without either is left out.
   */
  add(group: HouseholdGroup): void {
    if (group.id === null) return;
    const first = group.members[0];
    if (!first) return;
    const key = householdKey(first.layout.file, first.layout.sheet, group.id);
    const head = group.members.find((m) => m.values.relation === '户主');
    const name = textOf(head?.values.name) ?? textOf(anchorOf(group.members)?.values.head_name);
    // A split household comes back in parts: a part with the 户主 wins over one without.
    if (name !== null && (head !== undefined || !this.byHousehold.has(key))) this.byHousehold.set(key, name);
  }

  /** What was remembered, as plain pairs (a file's names, sent from a worker thread or kept in the cache). */
  entries(): [string, string][] {
    return [...this.byHousehold];
  }

  /** Add the names remembered for other files (their keys name their file, so they never collide). */
  merge(entries: readonly (readonly [string, string])[]): void {
    for (const [key, name] of entries) this.byHousehold.set(key, name);
  }

  /** The finding with `headName` set where its household is known. */
  fillOne(f: Finding): Finding {
    if (f.householdId === null || f.headName !== undefined) return f;
    const headName = this.byHousehold.get(householdKey(f.file, f.sheet, f.householdId));
    return headName === undefined ? f : { ...f, headName };
  }
}

function householdKey(file: string, sheet: string | null, householdId: string): string {
  return `${file}\u0000${sheet ?? ''}\u0000${householdId}`;
}
