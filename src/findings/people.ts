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

/**
 * The 户主 names of one sheet's households, sorted by 户编号, as two strings: compact (a few bytes per
 * household instead of a Map entry per household and file) and plain data (sent from worker threads, kept in
 * the cache). A county of a million persons keeps ~300,000 of them until the end of the run, when duplicate-ID
 * findings of any file may still need their household's 户主.
 */
export interface HeadNameTable {
  readonly file: string;
  readonly sheet: string | null;
  /** 户编号, sorted, separated by U+0001. */
  readonly ids: string;
  /** The 户主 name of each, in the same order, separated by U+0001. */
  readonly names: string;
}

const SEP = '\u0001';

export class HeadNames {
  /** Households of the file being read: file and sheet → 户编号 → name. */
  private readonly bySheet = new Map<string, Map<string, string>>();
  /** Tables of files already read (merge), looked up by binary search. */
  private readonly tables = new Map<string, LookupTable>();
  /** The sheet of the last add() and its names: households of a sheet come one after another. */
  private last: { readonly layout: object; readonly names: Map<string, string> } | undefined;

  /**
   * Remember the 户主's name of a completed household: the member whose 与户主关系 is 户主, else the 户主姓名
   * cell of the household's first member. A household without 户编号 or without either is left out.
   */
  add(group: HouseholdGroup): void {
    if (group.id === null) return;
    const first = group.members[0];
    if (!first) return;
    let names = this.last?.layout === first.layout ? this.last.names : undefined;
    if (!names) {
      const key = sheetKey(first.layout.file, first.layout.sheet);
      names = this.bySheet.get(key);
      if (!names) {
        names = new Map();
        this.bySheet.set(key, names);
      }
      this.last = { layout: first.layout, names };
    }
    const head = group.members.find((m) => m.values.relation === '户主');
    const name = textOf(head?.values.name) ?? textOf(anchorOf(group.members)?.values.head_name);
    // A split household comes back in parts: a part with the 户主 wins over one without.
    if (name !== null && (head !== undefined || !names.has(group.id))) names.set(group.id, name);
  }

  /** What was remembered, one compact table per sheet (a file's names, sent from a worker or cached). */
  entries(): HeadNameTable[] {
    const tables: HeadNameTable[] = [];
    for (const [key, names] of this.bySheet) {
      const [file, sheet] = splitSheetKey(key);
      // A control character U+0001 in a cell would break the table: such a household keeps no name.
      const ids = [...names.keys()]
        .filter((id) => !id.includes(SEP) && !(names.get(id) as string).includes(SEP))
        .sort(compareIds);
      tables.push({ file, sheet, ids: ids.join(SEP), names: ids.map((id) => names.get(id)).join(SEP) });
    }
    return tables;
  }

  /** Add the names remembered for other files (their tables name their file, so they never collide). */
  merge(tables: readonly HeadNameTable[]): void {
    for (const table of tables) this.tables.set(sheetKey(table.file, table.sheet), new LookupTable(table));
  }

  /** The finding with `headName` set where its household is known. */
  fillOne(f: Finding): Finding {
    if (f.householdId === null || f.headName !== undefined) return f;
    const key = sheetKey(f.file, f.sheet);
    const headName = this.bySheet.get(key)?.get(f.householdId) ?? this.tables.get(key)?.get(f.householdId);
    return headName === undefined ? f : { ...f, headName };
  }
}

/** Binary search over a table's sorted 户编号; the offsets are built on the first lookup only. */
class LookupTable {
  private idStarts: Uint32Array | undefined;
  private nameStarts: Uint32Array | undefined;

  constructor(private readonly table: HeadNameTable) {}

  get(id: string): string | undefined {
    const { ids, names } = this.table;
    if (ids === '' && names === '') return undefined;
    const idStarts = (this.idStarts ??= starts(ids));
    const nameStarts = (this.nameStarts ??= starts(names));
    let lo = 0;
    let hi = idStarts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = idStarts[mid] as number;
      const end = mid + 1 < idStarts.length ? (idStarts[mid + 1] as number) - 1 : ids.length;
      const c = compareIds(ids.slice(at, end), id);
      if (c === 0) {
        const from = nameStarts[mid] as number;
        const to = mid + 1 < nameStarts.length ? (nameStarts[mid + 1] as number) - 1 : names.length;
        return names.slice(from, to);
      }
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }
}

function starts(joined: string): Uint32Array {
  let n = 1;
  for (let i = joined.indexOf(SEP); i !== -1; i = joined.indexOf(SEP, i + 1)) n++;
  const out = new Uint32Array(n);
  let k = 1;
  for (let i = joined.indexOf(SEP); i !== -1; i = joined.indexOf(SEP, i + 1)) out[k++] = i + 1;
  return out;
}

/** Code-unit order (not locale order): the same in every thread and on every machine. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sheetKey(file: string, sheet: string | null): string {
  return `${file}\u0000${sheet ?? ''}`;
}

function splitSheetKey(key: string): [string, string | null] {
  const at = key.lastIndexOf('\u0000');
  const sheet = key.slice(at + 1);
  return [key.slice(0, at), sheet === '' ? null : sheet];
}
