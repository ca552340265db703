/**
 * Dataset uniqueness (`check: {type: unique}`) across every input of a run. Readers see records; this index
 * sees only compact keys, so that worker threads, each reading one file, can send their keys to the main
 * thread, a cache can keep them, and a province of millions of rows fits in memory (batch/unique-store.ts
 * spills sorted runs of keys to disk above a threshold).
 *
 * A key is the value plus the record's location, packed together into bytes: sheet, row, column, 户编号, 乡镇,
 * 村 and, for the fingerprint subject, the ID number and name (~70 bytes a key, instead of an object graph of
 * ~270, and no JS string that could keep a reader's chunk alive). Values become strings again only to be
 * sorted; locations are unpacked only for the few keys whose value turns out to be duplicated. Keys are put in order by
 * (rule, value, file, ordinal) — ordinal = reading order within the file — so equal values meet in input order
 * and a single pass finds the duplicates: the first duplicate of a value reports both records; later ones
 * report themselves, each pointing at the first. That is the same findings as one sequential read.
 *
 * Domain code only: no I/O. Where sorted runs live (memory or disk) is the caller's (KeySource).
 */
import { subjectOf } from '../findings/baseline.js';
import type { Finding } from '../findings/types.js';
import { textOf } from '../normalize/records.js';
import type { PersonRecord, SheetLayout } from '../normalize/types.js';
import type { CompiledRule } from './compile.js';

/** Where a key's record is: unpacked only for duplicates. */
export interface UniqueLocation {
  readonly sheet: string | null;
  readonly row: number;
  /** Column letter of the unique field on that sheet. */
  readonly column: string | null;
  readonly householdId: string | null;
  readonly township: string | null;
  readonly village: string | null;
  /** For the fingerprint subject; hashed only for the few records that turn out to be duplicates. */
  readonly idNumber: string | null;
  readonly name: string | null;
}

/**
 * The keys of one file, in reading order: plain data (structured-clone safe; see `batchToJson` for the cache).
 * Keys spilled to disk while the file was read are in `runs` (sorted run files, see batch/unique-store.ts);
 * the rest are in memory, their ordinals following the spilled ones.
 */
export interface UniqueKeyBatch {
  /** Rule ids; a key's rule is an index into this list. */
  readonly rules: readonly string[];
  /** Keys of the file in all: spilled and in memory. */
  readonly count: number;
  /** Ordinal of the first in-memory key (the number of keys spilled before it). */
  readonly firstOrdinal: number;
  /** Rule index of each in-memory key. */
  readonly ruleOf: Uint8Array;
  /** The in-memory keys, back to back: each its value (length-prefixed UTF-8) and its packed location. */
  readonly keys: Uint8Array;
  /** End offset in `keys` of each key. */
  readonly keyEnds: Uint32Array;
  /** Sorted runs of this file's keys already on disk (their records' file index is 0). */
  readonly runs: readonly string[];
}

/** One key in sorted order, as a merge sees it. */
export interface KeyRecord {
  readonly rule: number;
  readonly value: string;
  /** Index of the file in the run's input order. */
  readonly file: number;
  /** Reading order within the file. */
  readonly ordinal: number;
  readonly location: Uint8Array;
}

/** A sorted stream of keys: an in-memory batch or a run file on disk. */
export interface KeySource {
  /** The next key in (rule, value, file, ordinal) order, or undefined at the end. */
  next(): KeyRecord | undefined;
  /** Release what the source holds (a run file reader closes its file). */
  close?(): void;
}

export function compareKeys(a: KeyRecord, b: KeyRecord): number {
  return (
    a.rule - b.rule ||
    (a.value < b.value ? -1 : a.value > b.value ? 1 : 0) ||
    a.file - b.file ||
    a.ordinal - b.ordinal
  );
}

// ——— location packing ———

/*
 * Hand-written rather than a serialization library (msgpack, protobuf): eight optional strings and a number
 * per key, packed into a shared byte arena so that a key costs ~60 bytes instead of an object graph of ~300;
 * a library would allocate an object or a Buffer per key, which is what this avoids.
 */
const decoder = new TextDecoder();
/** Length prefix of a null field. */
const NULL_FIELD = 0;
/** Length prefix of an ID number equal to the key's value (the id_number rule: every key). */
const SAME_AS_VALUE = 1;

/**
 * A growable byte buffer (ArrayBuffer.prototype.resize is not in Node 20 without a flag), into which `text`
 * encodes each field as UTF-8 by hand (see there), without a temporary array per field.
 */
class Bytes {
  bytes: Buffer = Buffer.allocUnsafe(1 << 16);
  length = 0;

  reserve(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.length + extra) size *= 2;
    const grown = Buffer.allocUnsafe(size);
    this.bytes.copy(grown, 0, 0, this.length);
    this.bytes = grown;
  }

  varint(n: number): void {
    this.reserve(5);
    while (n >= 0x80) {
      this.bytes[this.length++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    this.bytes[this.length++] = n;
  }

  text(s: string | null): void {
    if (s === null) return this.varint(NULL_FIELD);
    const n = utf8Length(s);
    this.varint(n + 2);
    this.reserve(n);
    const bytes = this.bytes;
    let at = this.length;
    // Encoded here rather than with Buffer#write: a key's fields are a few characters each, and a call into
    // the runtime per field cost more than the encoding (about half of add()'s time, measured).
    for (let i = 0; i < s.length; i++) {
      let c = s.charCodeAt(i);
      if (c < 0x80) {
        bytes[at++] = c;
      } else if (c < 0x800) {
        bytes[at++] = 0xc0 | (c >> 6);
        bytes[at++] = 0x80 | (c & 0x3f);
      } else {
        if (c >= 0xd800 && c <= 0xdfff) {
          const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
          if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
            c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
            i++;
            bytes[at++] = 0xf0 | (c >> 18);
            bytes[at++] = 0x80 | ((c >> 12) & 0x3f);
            bytes[at++] = 0x80 | ((c >> 6) & 0x3f);
            bytes[at++] = 0x80 | (c & 0x3f);
            continue;
          }
          c = 0xfffd; // a lone surrogate, as Buffer#write and TextEncoder write it
        }
        bytes[at++] = 0xe0 | (c >> 12);
        bytes[at++] = 0x80 | ((c >> 6) & 0x3f);
        bytes[at++] = 0x80 | (c & 0x3f);
      }
    }
    this.length = at;
  }

  /** A copy of the bytes written, as a plain Uint8Array (what structured clone gives the receiver anyway). */
  copy(): Uint8Array {
    return new Uint8Array(this.bytes.subarray(0, this.length));
  }
}

/** UTF-8 length of a string (lone surrogates count as U+FFFD, 3 bytes, as Buffer.byteLength counts them). */
function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        n += 2; // a pair: 4 bytes for 2 code units
        i++;
      } else n += 2;
    } else n += 2;
  }
  return n;
}

class Cursor {
  at = 0;
  constructor(private readonly bytes: Uint8Array) {}

  varint(): number {
    let n = 0;
    let shift = 0;
    for (;;) {
      const b = this.bytes[this.at++] ?? 0;
      n += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return n;
      shift += 7;
    }
  }

  text(value: string): string | null {
    const n = this.varint();
    if (n === NULL_FIELD) return null;
    if (n === SAME_AS_VALUE) return value;
    const s = decoder.decode(this.bytes.subarray(this.at, this.at + n - 2));
    this.at += n - 2;
    return s;
  }
}

/** A key's location (what unpackLocation reads back), packed from the record: no object per key. */
function packRecordLocation(out: Bytes, value: string, column: string | null, record: PersonRecord): void {
  const v = record.values;
  out.text(record.layout.sheet);
  out.varint(record.row);
  out.text(column);
  out.text(textOf(v.household_id));
  out.text(textOf(v.township));
  out.text(textOf(v.village));
  const idNumber = typeof v.id_number === 'string' ? v.id_number : null;
  if (idNumber !== null && idNumber === value) out.varint(SAME_AS_VALUE);
  else out.text(idNumber);
  out.text(typeof v.name === 'string' ? v.name : null);
}

export function unpackLocation(value: string, bytes: Uint8Array): UniqueLocation {
  const c = new Cursor(bytes);
  const sheet = c.text(value);
  const row = c.varint();
  return {
    sheet,
    row,
    column: c.text(value),
    householdId: c.text(value),
    township: c.text(value),
    village: c.text(value),
    idNumber: c.text(value),
    name: c.text(value),
  };
}

// ——— one file's keys ———

/** Receives the in-memory keys of a log, sorted, when it holds more than its limit; returns the run's name. */
export type SpillRun = (keys: KeySource) => string;

/** Where the checker puts each unique key it observes (a file's log, see commands/check.ts RunChecker). */
export interface UniqueKeySink {
  add(rule: CompiledRule, value: string, record: PersonRecord): void;
}

/**
 * The compact keys of one file, in reading order. With `spill`, the keys in memory are handed over as one
 * sorted run whenever there are more than `limit` of them.
 */
export class UniqueKeyLog implements UniqueKeySink {
  private readonly ruleIndex = new Map<string, number>();
  /**
   * Per rule seen by add(): its index (-1: not a unique rule of this log) and its field's column on the layout
   * of the last record (a few rules, found by identity: no map lookups per key).
   */
  private readonly slots: {
    rule: CompiledRule;
    index: number;
    layout: SheetLayout | null;
    column: string | null;
  }[] = [];
  private readonly ruleIds: string[] = [];
  private size = 0;
  private ruleOf = new Bytes();
  private keys = new Bytes();
  private ends = new Uint32Array(1024);
  private firstOrdinal = 0;
  private readonly runs: string[] = [];

  constructor(
    rules: readonly CompiledRule[],
    private readonly spill?: { readonly limit: number; readonly run: SpillRun },
  ) {
    for (const rule of uniqueRules(rules)) {
      this.ruleIndex.set(rule.id, this.ruleIds.length);
      this.ruleIds.push(rule.id);
    }
    if (this.ruleIds.length > 255) throw new RangeError('more than 255 unique rules');
  }

  add(rule: CompiledRule, value: string, record: PersonRecord): void {
    const slot = this.slotOf(rule, record.layout);
    if (slot.index < 0) return;
    const n = this.size++;
    this.ruleOf.reserve(1);
    this.ruleOf.bytes[this.ruleOf.length++] = slot.index;
    this.keys.text(value);
    packRecordLocation(this.keys, value, slot.column, record);
    if (n === this.ends.length) {
      const grown = new Uint32Array(n * 2);
      grown.set(this.ends);
      this.ends = grown;
    }
    this.ends[n] = this.keys.length;
    if (this.spill && this.size >= this.spill.limit) this.flush(this.spill.run);
  }

  private slotOf(
    rule: CompiledRule,
    layout: SheetLayout,
  ): { readonly index: number; readonly column: string | null } {
    let slot;
    for (const s of this.slots) if (s.rule === rule) slot = s;
    if (slot === undefined) {
      slot = { rule, index: this.ruleIndex.get(rule.id) ?? -1, layout: null, column: null };
      this.slots.push(slot);
    }
    if (slot.layout !== layout) {
      const field = uniqueField(rule);
      slot.layout = layout;
      slot.column = field ? (layout.fieldColumns.get(field)?.column ?? null) : null;
    }
    return slot;
  }

  /** Keys so far, spilled and in memory. */
  get count(): number {
    return this.firstOrdinal + this.size;
  }

  /** The file's keys as plain data; the log is empty afterwards. */
  batch(): UniqueKeyBatch {
    const batch: UniqueKeyBatch = {
      rules: [...this.ruleIds],
      count: this.count,
      firstOrdinal: this.firstOrdinal,
      ruleOf: this.ruleOf.copy(),
      keys: this.keys.copy(),
      keyEnds: this.ends.slice(0, this.size),
      runs: [...this.runs],
    };
    this.reset(this.count);
    this.runs.length = 0;
    return batch;
  }

  private flush(run: SpillRun): void {
    const batch = this.batch();
    this.runs.push(...batch.runs, run(sortedBatch(batch, 0)));
    this.firstOrdinal = batch.count;
  }

  private reset(firstOrdinal: number): void {
    this.size = 0;
    this.ruleOf = new Bytes();
    this.keys = new Bytes();
    this.ends = new Uint32Array(1024);
    this.firstOrdinal = firstOrdinal;
  }
}

/**
 * The in-memory keys of a batch as a sorted source. `file` is the batch's file index; `rules` maps the batch's
 * rule indexes to the run's (batches made by other checkers list their rules themselves).
 */
export function sortedBatch(
  batch: UniqueKeyBatch,
  file: number,
  rules: readonly number[] = batch.rules.map((_, i) => i),
): KeySource {
  const n = batch.keyEnds.length;
  const ruleOf = batch.ruleOf;
  // Values as strings for the sort (and the merge), the location's offset after each.
  const values: string[] = new Array<string>(n);
  const locationStarts = new Uint32Array(n);
  const c = new Cursor(batch.keys);
  for (let k = 0; k < n; k++) {
    c.at = k === 0 ? 0 : (batch.keyEnds[k - 1] as number);
    values[k] = c.text('') ?? '';
    locationStarts[k] = c.at;
  }
  const order = sortedOrder(values, (k) => rules[ruleOf[k] ?? 0] ?? 0);
  let i = 0;
  return {
    next() {
      if (i >= n) return undefined;
      const k = order[i++] as number;
      return {
        rule: rules[ruleOf[k] ?? 0] ?? 0,
        value: values[k] as string,
        file,
        ordinal: batch.firstOrdinal + k,
        location: batch.keys.subarray(locationStarts[k], batch.keyEnds[k]),
      };
    },
  };
}

/**
 * Key indexes in (rule, value, index) order. Most comparisons are settled by a number: the key's rule and, for a
 * value whose first 15 characters are digits (ID numbers, 户编号), those digits read as one number (same
 * length, so numeric order is their character order; 15 digits are exact in a double). Strings are compared only
 * when those tie or a value has no such prefix. Sorting a plain array of small integers with this comparator
 * took about half the time of the string comparator over a Uint32Array (300k ID-number keys, measured).
 */
export function sortedOrder(values: readonly string[], ruleOf: (k: number) => number): number[] {
  const n = values.length;
  const rank = new Uint32Array(n);
  const prefix = new Float64Array(n);
  const order: number[] = new Array<number>(n);
  for (let k = 0; k < n; k++) {
    rank[k] = ruleOf(k);
    prefix[k] = digitPrefix(values[k] as string);
    order[k] = k;
  }
  order.sort((a, b) => {
    const ra = rank[a] as number;
    const rb = rank[b] as number;
    if (ra !== rb) return ra - rb;
    const pa = prefix[a] as number;
    const pb = prefix[b] as number;
    if (pa !== pb && pa !== NO_PREFIX && pb !== NO_PREFIX) return pa - pb;
    const va = values[a] as string;
    const vb = values[b] as string;
    return va < vb ? -1 : va > vb ? 1 : a - b;
  });
  return order;
}

/** Marks a value without a 15-digit prefix (one more than the largest prefix). */
const NO_PREFIX = 1e15;

/** The first 15 characters of a value read as a number when they are all ASCII digits, else NO_PREFIX. */
function digitPrefix(value: string): number {
  if (value.length < 15) return NO_PREFIX;
  let p = 0;
  for (let i = 0; i < 15; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NO_PREFIX;
    p = p * 10 + d;
  }
  return p;
}

// ——— merging sorted sources ———

/**
 * Sorted sources merged into one sorted stream with a binary heap (k-way merge). Hand-written: a dozen lines,
 * and the merge must pull synchronously from sources that read run files in blocks.
 */
export function mergeSources(sources: readonly KeySource[]): KeySource {
  const heap: { key: KeyRecord; source: KeySource }[] = [];
  const less = (i: number, j: number) => compareKeys(heap[i]!.key, heap[j]!.key) < 0;
  const swap = (i: number, j: number) => {
    const t = heap[i]!;
    heap[i] = heap[j]!;
    heap[j] = t;
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && less(l, m)) m = l;
      if (r < heap.length && less(r, m)) m = r;
      if (m === i) return;
      swap(i, m);
      i = m;
    }
  };
  const up = (i: number) => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(i, p)) return;
      swap(i, p);
      i = p;
    }
  };
  for (const source of sources) {
    const key = source.next();
    if (key) {
      heap.push({ key, source });
      up(heap.length - 1);
    } else source.close?.();
  }
  return {
    next() {
      const top = heap[0];
      if (!top) return undefined;
      const key = top.key;
      const following = top.source.next();
      if (following) {
        top.key = following;
        down(0);
      } else {
        top.source.close?.();
        const last = heap.pop()!;
        if (heap.length > 0) {
          heap[0] = last;
          down(0);
        }
      }
      return key;
    },
    close() {
      for (const { source } of heap) source.close?.();
      heap.length = 0;
    },
  };
}

/**
 * The findings of a sorted stream of every key of the run: for each (rule, value) seen more than once, the
 * first record points at the second, every later one at the first. Memory: the first key of the current value.
 */
export function* duplicateFindings(
  keys: KeySource,
  rules: readonly CompiledRule[],
  files: readonly string[],
): Generator<Finding> {
  let first: KeyRecord | undefined;
  let firstLocation: UniqueLocation | undefined;
  let reported = false;
  for (let key = keys.next(); key; key = keys.next()) {
    if (!first || first.rule !== key.rule || first.value !== key.value) {
      first = key;
      firstLocation = undefined;
      reported = false;
      continue;
    }
    const rule = rules[key.rule];
    if (!rule) continue;
    firstLocation ??= unpackLocation(first.value, first.location);
    const here = unpackLocation(key.value, key.location);
    const firstFile = files[first.file] ?? '';
    const file = files[key.file] ?? '';
    if (!reported) {
      reported = true;
      yield uniqueFinding(rule, firstFile, firstLocation, file, here);
    }
    yield uniqueFinding(rule, file, here, firstFile, firstLocation);
  }
}

/** The unique rules among `rules`, in order: a key's run-wide rule index points into this list. */
export function uniqueRules(rules: readonly CompiledRule[]): CompiledRule[] {
  return rules.filter((r) => r.check?.type === 'unique');
}

/**
 * Duplicates among keys held in memory only (the checker's own log, without a run-wide store): one file per
 * entry of `logs`, in input order.
 */
export function inMemoryDuplicates(
  rules: readonly CompiledRule[],
  logs: readonly { readonly file: string; readonly batch: UniqueKeyBatch }[],
): Finding[] {
  const unique = uniqueRules(rules);
  const index = new Map(unique.map((r, i) => [r.id, i]));
  const sources = logs.map(({ batch }, file) =>
    sortedBatch(
      batch,
      file,
      batch.rules.map((id) => index.get(id) ?? -1),
    ),
  );
  return [
    ...duplicateFindings(
      mergeSources(sources),
      unique,
      logs.map((l) => l.file),
    ),
  ];
}

// ——— the cache: batches as JSON ———

/** A batch as JSON-safe data (typed arrays as base64), for the cache file. Batches with runs are not cached. */
export interface UniqueKeyBatchJson {
  readonly rules: readonly string[];
  readonly ruleOf: string;
  readonly keys: string;
  readonly keyEnds: string;
}

export function batchToJson(batch: UniqueKeyBatch): UniqueKeyBatchJson {
  const base64 = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
  return {
    rules: batch.rules,
    ruleOf: base64(batch.ruleOf),
    keys: base64(batch.keys),
    keyEnds: base64(batch.keyEnds),
  };
}

export function batchFromJson(json: UniqueKeyBatchJson): UniqueKeyBatch {
  const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));
  const endsBytes = bytes(json.keyEnds);
  const keyEnds = new Uint32Array(endsBytes.buffer, endsBytes.byteOffset, endsBytes.byteLength / 4);
  return {
    rules: json.rules,
    count: keyEnds.length,
    firstOrdinal: 0,
    ruleOf: bytes(json.ruleOf),
    keys: bytes(json.keys),
    keyEnds,
    runs: [],
  };
}

function uniqueField(rule: CompiledRule): string | null {
  return rule.check?.type === 'unique' ? rule.check.field : (rule.fields[0] ?? null);
}

function uniqueFinding(
  rule: CompiledRule,
  file: string,
  here: UniqueLocation,
  otherFile: string,
  other: UniqueLocation,
): Finding {
  return {
    subject: subjectOf(here.idNumber ?? undefined, here.name ?? undefined),
    ruleId: rule.id,
    severity: rule.severity,
    messageId: rule.defaultMessageId,
    data: { otherFile, otherSheet: other.sheet, otherRow: other.row },
    scope: 'dataset',
    file,
    sheet: here.sheet,
    row: here.row,
    column: here.column,
    field: uniqueField(rule),
    householdId: here.householdId,
    township: here.township,
    village: here.village,
    name: here.name,
  };
}
