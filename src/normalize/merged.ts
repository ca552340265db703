/**
 * Merged data cells: a 村 name, a 户编号 or a household field merged down over the rows of a household holds
 * its value in the top-left cell only; Excel shows it on every row of the range, and so must the checker.
 *
 * What is filled, and why:
 * - Only ranges that start at or below the first data row. Merges in the header (group labels over
 *   sub-labels, labels merged over two header rows) are read by the header detection as they are, from
 *   the top-left text (see header.ts), so the header rows pass through unchanged.
 * - Down, not across: each row of the range gets the value in the range's first column, the column the
 *   header names. A horizontal merge in the data area (a footnote or sign-off line merged across the width
 *   of the sheet, a value spread over two columns) shows one value, which belongs to its first column;
 *   copying it across would turn a one-cell note into a row full of text.
 * - Only rows that exist: a row with no cell of its own is blank and stays out (no person is made from a
 *   merged value alone).
 * - The top-left value wins over anything stored in a covered cell, as Excel displays it.
 * Memory: the ranges of the sheet and the values of the ranges open at the current row.
 */
import type { CellValue, RawRow } from '../io/types.js';
import type { MergeRange } from '../io/merges.js';
import { columnLetter } from '../io/columns.js';

/** What the fill did in one sheet, for `inspect`. Counted as the rows go by. */
export interface MergedFill {
  /** Merged ranges in the sheet (header, data and horizontal ones alike). */
  readonly ranges: number;
  /** Ranges in the data area whose value was carried down. */
  filledRanges: number;
  /** Cells that received a value from the top of their range. */
  filledCells: number;
  /** The first filled ranges ("A5:A9"), at most MERGED_EXAMPLES_MAX. */
  readonly examples: string[];
}

export const MERGED_EXAMPLES_MAX = 20;

interface OpenRange {
  readonly range: MergeRange;
  readonly value: CellValue;
  counted: boolean;
}

export function rangeRef(range: MergeRange): string {
  const a = `${columnLetter(range.left)}${range.top}`;
  const b = `${columnLetter(range.right)}${range.bottom}`;
  return a === b ? a : `${a}:${b}`;
}

function isEmpty(cell: CellValue | undefined): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

/**
 * The rows with the values of vertically merged data cells carried down (see the module comment).
 * `ranges` sorted by top row (as MergeIndex gives them); rows in physical order.
 */
export function fillMergedDown(
  rows: AsyncIterable<RawRow>,
  ranges: readonly MergeRange[],
  firstDataRow: number,
  fill: MergedFill,
): AsyncIterable<RawRow> {
  const down = ranges.filter((r) => r.bottom > r.top && r.top >= firstDataRow);
  if (down.length === 0) return rows;
  return (async function* () {
    let next = 0;
    let open: OpenRange[] = [];
    for await (const raw of rows) {
      if (open.length > 0 && open.some((o) => o.range.bottom < raw.row)) {
        open = open.filter((o) => o.range.bottom >= raw.row);
      }
      for (let r = down[next]; r !== undefined && r.top <= raw.row; r = down[++next]) {
        // A range whose top row never came (blank) has no value to carry.
        if (r.top !== raw.row) continue;
        const value = raw.cells[r.left];
        if (!isEmpty(value)) open.push({ range: r, value: value as CellValue, counted: false });
      }
      if (open.length === 0) {
        yield raw;
        continue;
      }
      let cells: CellValue[] | null = null;
      for (const o of open) {
        if (o.range.top === raw.row) continue;
        cells ??= raw.cells.slice();
        while (cells.length <= o.range.left) cells.push(null);
        cells[o.range.left] = o.value;
        fill.filledCells += 1;
        if (!o.counted) {
          o.counted = true;
          fill.filledRanges += 1;
          if (fill.examples.length < MERGED_EXAMPLES_MAX) fill.examples.push(rangeRef(o.range));
        }
      }
      yield cells ? { row: raw.row, cells } : raw;
    }
  })();
}
