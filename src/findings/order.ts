/**
 * Report order: input order, then sheet order, then row (sheet-level findings first), column, rule, message,
 * field, data. Shared by the report (findings/report.ts) and the finding store (findings/store.ts), which sorts
 * spilled runs with it.
 */
import type { Finding, FindingData } from './types.js';

/**
 * Position of each input file, and of each sheet within its file (file → sheet name, `''` for a CSV → position).
 * Nested maps: the comparator looks positions up without building a `file + sheet` key per comparison.
 */
export interface InputOrder {
  readonly file: Map<string, number>;
  readonly sheet: Map<string, Map<string, number>>;
}

/** The order of the report's inputs; `sheetOrder` gives every sheet of a file, skipped ones included. */
export function inputOrder(
  inputs: readonly { readonly file: string; readonly sheets: readonly { readonly name: string | null }[] }[],
  sheetOrder?: ReadonlyMap<string, readonly (string | null)[]>,
): InputOrder {
  const order: InputOrder = { file: new Map(), sheet: new Map() };
  inputs.forEach((input, i) =>
    extendInputOrder(order, input.file, i, sheetOrder?.get(input.file) ?? input.sheets.map((s) => s.name)),
  );
  return order;
}

/** Add the input at position `index` and its sheets (in workbook order) to an order. */
export function extendInputOrder(
  order: InputOrder,
  file: string,
  index: number,
  sheets: readonly (string | null)[],
): void {
  order.file.set(file, index);
  const positions = new Map<string, number>();
  sheets.forEach((name, j) => addSheet(positions, name, j));
  order.sheet.set(file, positions);
}

/**
 * Set a sheet's position among its file's sheets (`''` stands for a CSV's null sheet); by default after the
 * sheets registered so far (a file streamed sheet by sheet: FindingStore.beginInput).
 */
export function addSheet(
  positions: Map<string, number>,
  sheet: string | null,
  position = positions.size,
): void {
  positions.set(sheet ?? '', position);
}

/**
 * Input order, then sheet order, then row (sheet-level findings first), column, rule, message, field, data.
 * It runs O(n log n) times on a large run, so it compares field by field and builds no strings; the data
 * comparison (reached only on ties of everything else) orders as the JSON text of the key-sorted data would.
 */
export function compareFindings(a: Finding, b: Finding, order: InputOrder): number {
  if (a.file !== b.file) {
    return (
      cmp(order.file.get(a.file) ?? Infinity, order.file.get(b.file) ?? Infinity) || cmpStr(a.file, b.file)
    );
  }
  if (a.sheet !== b.sheet) {
    const sheets = order.sheet.get(a.file);
    const bySheet = cmp(sheets?.get(a.sheet ?? '') ?? -1, sheets?.get(b.sheet ?? '') ?? -1);
    if (bySheet !== 0) return bySheet;
  }
  return (
    cmp(a.row ?? 0, b.row ?? 0) ||
    cmp(columnRank(a.column), columnRank(b.column)) ||
    cmpStr(a.ruleId, b.ruleId) ||
    cmpStr(a.messageId, b.messageId) ||
    cmpStr(a.field ?? '', b.field ?? '') ||
    compareData(a.data, b.data)
  );
}

/**
 * The order of `JSON.stringify(sortKeys(data))` without building it: key by key in sorted order. Keys are
 * identifiers (no character sorts below the closing quote), so they compare as plain strings; each value
 * compares as its JSON text followed by its separator (`,`, or `}` after the last), which is exactly where the
 * two texts first differ.
 */
export function compareData(a: FindingData, b: FindingData): number {
  if (a === b) return 0;
  const ka = Object.keys(a).sort(cmpStr);
  const kb = Object.keys(b).sort(cmpStr);
  // `{}` against `{"…`: the closing brace sorts after the quote.
  if (ka.length === 0 || kb.length === 0) return (ka.length === 0 ? 1 : 0) - (kb.length === 0 ? 1 : 0);
  for (let i = 0; i < ka.length && i < kb.length; i++) {
    const keyA = ka[i] as string;
    const keyB = kb[i] as string;
    if (keyA !== keyB) return cmpStr(keyA, keyB);
    const va = a[keyA];
    const vb = b[keyB];
    const lastA = i === ka.length - 1;
    const lastB = i === kb.length - 1;
    if (va === vb && lastA === lastB) continue;
    const byValue = cmpStr(
      `${JSON.stringify(va ?? null)}${lastA ? '}' : ','}`,
      `${JSON.stringify(vb ?? null)}${lastB ? '}' : ','}`,
    );
    if (byValue !== 0) return byValue;
  }
  return 0;
}

export function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
}

function columnRank(column: string | null): number {
  if (!column) return 0;
  let n = 0;
  for (const ch of column) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

function cmp(a: number, b: number): number {
  return a - b;
}

export function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
