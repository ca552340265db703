/**
 * Report order: input order, then sheet order, then row (sheet-level findings first), column, rule, message,
 * field, data. Shared by the report (findings/report.ts) and the finding store (findings/store.ts), which sorts
 * spilled runs with it.
 */
import type { Finding } from './types.js';

/** Position of each input file, and of each sheet within its file (`file \0 sheet`). */
export interface InputOrder {
  readonly file: Map<string, number>;
  readonly sheet: Map<string, number>;
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
  sheets.forEach((name, j) => order.sheet.set(`${file}\u0000${name ?? ''}`, j));
}

/** Input order, then sheet order, then row (sheet-level findings first), column, rule, message, field. */
export function compareFindings(a: Finding, b: Finding, order: InputOrder): number {
  return (
    cmp(order.file.get(a.file) ?? Infinity, order.file.get(b.file) ?? Infinity) ||
    cmpStr(a.file, b.file) ||
    cmp(
      order.sheet.get(`${a.file}\u0000${a.sheet ?? ''}`) ?? -1,
      order.sheet.get(`${b.file}\u0000${b.sheet ?? ''}`) ?? -1,
    ) ||
    cmp(a.row ?? 0, b.row ?? 0) ||
    cmp(columnRank(a.column), columnRank(b.column)) ||
    cmpStr(a.ruleId, b.ruleId) ||
    cmpStr(a.messageId, b.messageId) ||
    cmpStr(a.field ?? '', b.field ?? '') ||
    cmpStr(JSON.stringify(sortKeys(a.data)), JSON.stringify(sortKeys(b.data)))
  );
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
