/**
 * Cells right of the last header column: data that no column name describes, so it is not read. Reported
 * once per person row (row-longer-than-header), by the record building of commands/check.ts and of the
 * reader thread alike (normalize/built.ts).
 */
import { columnIndex, columnLetter } from '../io/columns.js';
import { BUILTIN_FINDINGS } from '../findings/catalogue.js';
import type { Finding } from '../findings/types.js';
import type { RawRow } from '../io/types.js';
import type { SheetLayout } from './types.js';

/** How many cells the header spans (the last header column's index + 1). */
export function headerWidthOf(layout: SheetLayout): number {
  return Math.max(0, ...layout.columns.map((c) => columnIndex(c.column) + 1));
}

/** The finding for the cells of `raw` right of the header, if any hold something. */
export function longerThanHeader(layout: SheetLayout, raw: RawRow, headerWidth: number): Finding | undefined {
  let count = 0;
  let first = -1;
  for (let i = headerWidth; i < raw.cells.length; i++) {
    const cell = raw.cells[i];
    if (cell === null || cell === undefined || cell === '') continue;
    count += 1;
    if (first < 0) first = i;
  }
  if (count === 0) return undefined;
  return {
    ruleId: 'row-longer-than-header',
    severity: BUILTIN_FINDINGS['row-longer-than-header'].severity,
    messageId: 'extra-cells',
    data: { count, firstColumn: columnLetter(first) },
    scope: 'person',
    file: layout.file,
    sheet: layout.sheet,
    row: raw.row,
    column: columnLetter(first),
    field: null,
    householdId: null,
    township: null,
    village: null,
  };
}
