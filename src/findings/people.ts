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
  /** Households of the file being read: file and sheet → their names, in reading order. */
  private readonly bySheet = new Map<string, SheetHeadNames>();
  /** Tables of files already read (merge), looked up by binary search. */
  private readonly tables = new Map<string, LookupTable>();
  /** The sheet of the last add() and its names: households of a sheet come one after another. */
  private last: { readonly layout: object; readonly names: SheetHeadNames } | undefined;

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
        names = new SheetHeadNames(first.layout.file, first.layout.sheet);
        this.bySheet.set(key, names);
      }
      this.last = { layout: first.layout, names };
    }
    const head = group.members.find((m) => m.values.relation === '户主');
    const name = textOf(head?.values.name) ?? textOf(anchorOf(group.members)?.values.head_name);
    if (name === null) return;
    names.add(group.id, name, head !== undefined);
  }

  /** What was remembered, one compact table per sheet (a file's names, sent from a worker or cached). */
  entries(): HeadNameTable[] {
    return [...this.bySheet.values()].map((names) => names.table());
  }

  /** Add the names remembered for other files (their tables name their file, so they never collide). */
  merge(tables: readonly HeadNameTable[]): void {
    for (const table of tables) this.tables.set(sheetKey(table.file, table.sheet), new LookupTable(table));
  }

  /** The finding with `headName` set where its household is known. */
  fillOne(f: Finding): Finding {
    if (f.householdId === null || f.headName !== undefined) return f;
    const key = sheetKey(f.file, f.sheet);
    const headName = this.tables.get(key)?.get(f.householdId);
    return headName === undefined ? f : { ...f, headName };
  }
}

/** Households remembered per chunk: the chunk's ids and names are joined into one string each when it is full. */
const CHUNK = 4096;

/** Flags of one remembered household (SheetHeadNames.flags). */
const HAS_HEAD = 1;

/**
 * The names of one sheet as it is read, already in the compact form of HeadNameTable: a Map entry per
 * household (~100 bytes: 2.6 million households at 10 million rows) and the sorted copy made from it at the
 * end of the file were most of a province run's memory. Here a household costs its id and name in a joined
 * chunk string, their separators and one flag byte. Ledgers list their households by 户编号, so the chunks in
 * reading order usually are the sorted table already, and table() only strings them together (a rope: no copy
 * until the first lookup flattens it). Otherwise (households out of order, or a split household coming back
 * in parts) table() sorts once, as the Map did.
 */
class SheetHeadNames {
  private readonly idChunks: string[] = [];
  private readonly nameChunks: string[] = [];
  private pendingIds: string[] = [];
  private pendingNames: string[] = [];
  private flags = new Uint8Array(CHUNK);
  private count = 0;
  private lastId: string | undefined;
  /** Every id so far greater than the one before it (code-unit order): no sort, no duplicate. */
  private increasing = true;

  constructor(
    readonly file: string,
    readonly sheet: string | null,
  ) {}

  add(id: string, name: string, hasHead: boolean): void {
    // A control character U+0001 in a cell would break the table: such a household keeps no name.
    if (id.includes(SEP) || name.includes(SEP)) return;
    if (this.lastId !== undefined && !(this.lastId < id)) this.increasing = false;
    this.lastId = id;
    if (this.count === this.flags.length) {
      const grown = new Uint8Array(this.flags.length * 2);
      grown.set(this.flags);
      this.flags = grown;
    }
    this.flags[this.count++] = hasHead ? HAS_HEAD : 0;
    this.pendingIds.push(id);
    this.pendingNames.push(name);
    if (this.pendingIds.length === CHUNK) this.seal();
  }

  table(): HeadNameTable {
    this.seal();
    const { file, sheet } = this;
    if (this.increasing) return { file, sheet, ids: rope(this.idChunks), names: rope(this.nameChunks) };
    return { file, sheet, ...this.sorted() };
  }

  /** Joins the pending ids and names into a chunk (fresh flat strings: no cell's parent string stays alive). */
  private seal(): void {
    if (this.pendingIds.length === 0) return;
    this.idChunks.push(this.pendingIds.join(SEP));
    this.nameChunks.push(this.pendingNames.join(SEP));
    this.pendingIds = [];
    this.pendingNames = [];
  }

  /**
   * Sorted by id; of a household met more than once (split), the last part with its 户主 wins, else the first
   * part (what the Map kept: a part with the 户主 overwrote, one without only filled a gap).
   */
  private sorted(): { ids: string; names: string } {
    const ids = this.idChunks.flatMap((chunk) => chunk.split(SEP));
    const names = this.nameChunks.flatMap((chunk) => chunk.split(SEP));
    const order = Array.from(ids.keys()).sort(
      (a, b) => compareIds(ids[a] as string, ids[b] as string) || a - b,
    );
    const outIds: string[] = [];
    const outNames: string[] = [];
    for (let i = 0; i < order.length;) {
      const id = ids[order[i] as number] as string;
      let winner = order[i] as number;
      let j = i;
      for (; j < order.length && ids[order[j] as number] === id; j++) {
        const at = order[j] as number;
        if ((this.flags[at] as number) & HAS_HEAD) winner = at;
      }
      outIds.push(id);
      outNames.push(names[winner] as string);
      i = j;
    }
    return { ids: outIds.join(SEP), names: outNames.join(SEP) };
  }
}

/** The chunks as one string without copying them: V8 concatenates long strings as ropes, flattened on first use. */
function rope(chunks: readonly string[]): string {
  let joined = '';
  for (const chunk of chunks) joined = joined === '' ? chunk : joined + SEP + chunk;
  return joined;
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
