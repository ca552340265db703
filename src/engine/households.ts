/**
 * Household assembly, streaming. Ledgers list a household's members on consecutive rows (the usual case),
 * so a household is complete when the 户编号 changes and memory does not grow with the file. A 户编号 that
 * comes back later is a split household: the assembler reports it, and the caller re-reads just those
 * households and checks them again whole (see commands/check.ts).
 */
import type { PersonRecord } from '../normalize/types.js';
import { CompletedHouseholds } from './household-ids.js';

export interface HouseholdGroup {
  /** 户编号; null for a row without one (checked as a household of its own). */
  readonly id: string | null;
  readonly members: readonly PersonRecord[];
  /** True when this 户编号 was already completed earlier in the sheet (a split household's later part). */
  readonly repeat?: boolean;
}

/** The member that stands for the household: the 户主, else the first member. */
export function anchorOf(members: readonly PersonRecord[]): PersonRecord | undefined {
  return members.find((m) => m.values.relation === '户主') ?? members[0];
}

/**
 * The township and village a household is counted under: the 户主's, else the first member's that has one —
 * the same choice the checker makes for household fields, so summaries and findings agree.
 */
export function areaOf(members: readonly PersonRecord[]): {
  township: string | null;
  village: string | null;
} {
  const anchor = anchorOf(members);
  const pick = (key: 'township' | 'village'): string | null => {
    const value = anchor?.values[key] ?? members.find((m) => m.values[key] !== undefined)?.values[key];
    return typeof value === 'string' ? value : null;
  };
  return { township: pick('township'), village: pick('village') };
}

export interface SplitAt {
  readonly firstRow: number;
  readonly againRow: number;
}

/** What push() returns for the usual row, one more member of the current household (no array per row). */
const NONE_COMPLETED: readonly HouseholdGroup[] = Object.freeze([]);

export class HouseholdAssembler {
  private current: PersonRecord[] = [];
  private currentId: string | null = null;
  /** Households already completed in this sheet, with the row each started on (compact: millions of them). */
  private readonly completed = new CompletedHouseholds();
  /** 户编号 seen again after their household was completed → its first row and the row where it came back. */
  readonly splits = new Map<string, SplitAt>();
  private withoutId = 0;

  /** Distinct households so far (a split household counts once; each row without 户编号 counts as one). */
  get householdCount(): number {
    return (
      this.completed.size +
      this.withoutId +
      (this.currentId !== null && !this.completed.has(this.currentId) ? 1 : 0)
    );
  }

  /** Add a record; returns the households this record completes (zero or one, or two for an id-less row). */
  push(record: PersonRecord): readonly HouseholdGroup[] {
    const id = householdIdOf(record);
    if (id === null) {
      const done = this.flush();
      this.withoutId += 1;
      done.push({ id: null, members: [record] });
      return done;
    }
    if (id === this.currentId) {
      this.current.push(record);
      return NONE_COMPLETED;
    }
    const done = this.flush();
    const firstRow = this.completed.get(id);
    if (firstRow !== undefined && !this.splits.has(id))
      this.splits.set(id, { firstRow, againRow: record.row });
    this.currentId = id;
    this.current = [record];
    return done;
  }

  /** Completes the last household. */
  end(): HouseholdGroup[] {
    return this.flush();
  }

  private flush(): HouseholdGroup[] {
    if (this.currentId === null || this.current.length === 0) return [];
    const repeat = this.completed.has(this.currentId);
    const group: HouseholdGroup = { id: this.currentId, members: this.current, repeat };
    if (!repeat) this.completed.add(this.currentId, this.current[0]?.row ?? 0);
    this.current = [];
    this.currentId = null;
    return [group];
  }
}

export function householdIdOf(record: PersonRecord): string | null {
  const value = record.values.household_id;
  return typeof value === 'string' && value !== '' ? value : null;
}

/**
 * Collects the members of the given split households during a second read, in row order, and hands them
 * out whole at the end. Memory holds only these households.
 */
export class SplitCollector {
  private readonly members = new Map<string, PersonRecord[]>();
  constructor(ids: Iterable<string>) {
    for (const id of ids) this.members.set(id, []);
  }
  push(record: PersonRecord): void {
    const id = householdIdOf(record);
    if (id !== null) this.members.get(id)?.push(record);
  }
  groups(): HouseholdGroup[] {
    return [...this.members.entries()].map(([id, members]) => ({ id, members }));
  }
}
