/**
 * The yauzl + saxes ledger reader (src/io/xlsx.ts) against the exceljs reader it replaced (kept as
 * src/io/xlsx-styled.ts for the annotated workbook), cell by cell, on every readable xlsx under fixtures/ and
 * on generated ledgers (shared and inline strings). The only differences allowed are the ones the new reader
 * was written for, each named in `knownDifference`.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFixture } from '../../fixtures/generator/index.js';
import { readMergeRanges } from '../../src/io/merges.js';
import { UNKNOWN_FORMULA_ERROR, type CellValue, type SheetSource } from '../../src/io/types.js';
import { readXlsx } from '../../src/io/xlsx.js';
import { readStyledXlsx } from '../../src/io/xlsx-styled.js';
import { ROOT } from '../helpers/cli.js';
import { makeTempDir, writeRawXlsx } from '../helpers/files.js';

const tmp = makeTempDir();
afterAll(() => tmp.remove());

/**
 * Not workbooks, or refused by both readers (test/batch/hostile.test.ts pins the messages); csv-named.xlsx is
 * a CSV file.
 */
const UNREADABLE = new Set([
  'truncated.xlsx',
  'zip-bomb.xlsx',
  'zero-byte.xlsx',
  'encrypted.xlsx',
  'csv-named.xlsx',
]);

function fixtureWorkbooks(): string[] {
  const out: string[] = [];
  for (const dir of ['demo', 'layouts', 'hostile']) {
    for (const name of readdirSync(path.join(ROOT, 'fixtures', dir)).sort()) {
      if (name.endsWith('.xlsx') && !UNREADABLE.has(name)) out.push(path.join(ROOT, 'fixtures', dir, name));
    }
  }
  // xlsx-named.csv is a workbook named .csv.
  out.push(path.join(ROOT, 'fixtures/hostile/xlsx-named.csv'));
  return out;
}

interface SheetCells {
  readonly hidden: boolean | undefined;
  readonly rows: Map<number, readonly CellValue[]>;
  readonly mergedRanges: SheetSource['mergedRanges'];
}

async function readWith(sources: AsyncIterable<SheetSource>): Promise<Map<string, SheetCells>> {
  const sheets = new Map<string, SheetCells>();
  for await (const source of sources) {
    const rows = new Map<number, readonly CellValue[]>();
    for await (const row of source.rows) rows.set(row.row, row.cells);
    sheets.set(source.sheet ?? '', { hidden: source.hidden, rows, mergedRanges: source.mergedRanges });
  }
  return sheets;
}

/**
 * Where the new reader is meant to differ: a formula's cached error keeps its code (exceljs gave
 * UNKNOWN_FORMULA_ERROR); a boolean formula result stays boolean (exceljs: 1/0); built-in CJK date formats
 * (ids 27–36, 50–58) not declared in styles.xml are dates (exceljs: numbers).
 */
function knownDifference(oldValue: CellValue, newValue: CellValue): boolean {
  if (isError(oldValue) && isError(newValue)) {
    return (
      oldValue.error === UNKNOWN_FORMULA_ERROR &&
      newValue.error.startsWith('#') &&
      oldValue.formula === newValue.formula
    );
  }
  if (typeof oldValue === 'number' && typeof newValue === 'boolean') return oldValue === Number(newValue);
  return false;
}

function isError(value: CellValue): value is { error: string; formula?: string } {
  return value !== null && typeof value === 'object' && !(value instanceof Date);
}

/** Every cell where the readers disagree, as "sheet!row:col old → new" lines. */
function differences(
  file: string,
  before: Map<string, SheetCells>,
  after: Map<string, SheetCells>,
): string[] {
  const out: string[] = [];
  const name = path.basename(file);
  expect([...after.keys()].sort(), name).toEqual([...before.keys()].sort());
  for (const [sheet, old] of before) {
    const now = after.get(sheet);
    if (!now) continue;
    expect(now.hidden, `${name} ${sheet} hidden`).toBe(old.hidden);
    expect(now.mergedRanges, `${name} ${sheet} merged ranges`).toEqual(old.mergedRanges);
    expect([...now.rows.keys()], `${name} ${sheet} row numbers`).toEqual([...old.rows.keys()]);
    for (const [row, oldCells] of old.rows) {
      const newCells = now.rows.get(row) ?? [];
      const width = Math.max(oldCells.length, newCells.length);
      for (let col = 0; col < width; col++) {
        const a = oldCells[col] ?? null;
        const b = newCells[col] ?? null;
        if (sameValue(a, b) || knownDifference(a, b)) continue;
        out.push(`${name} ${sheet}!${row}:${col} ${JSON.stringify(a)} → ${JSON.stringify(b)}`);
      }
    }
  }
  return out;
}

function sameValue(a: CellValue, b: CellValue): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b);
  return JSON.stringify(a) === JSON.stringify(b) && typeof a === typeof b;
}

async function compare(file: string): Promise<{ diffs: string[]; cells: number }> {
  const before = await readWith(readStyledXlsx(file, 'x'));
  const after = await readWith(readXlsx(file, 'x'));
  let cells = 0;
  for (const sheet of after.values()) for (const row of sheet.rows.values()) cells += row.length;
  return { diffs: differences(file, before, after), cells };
}

describe('new xlsx reader = old reader, cell by cell', () => {
  it.each(fixtureWorkbooks().map((f) => [path.relative(ROOT, f), f]))(
    '%s',
    { timeout: 60_000 },
    async (_, file) => {
      const { diffs, cells } = await compare(file);
      expect(diffs).toEqual([]);
      expect(cells).toBeGreaterThan(0);
    },
  );

  describe('generated ledgers', () => {
    const files: Record<string, string> = {};
    beforeAll(async () => {
      for (const sharedStrings of [true, false]) {
        const name = sharedStrings ? 'shared' : 'inline';
        const result = await generateFixture({
          seed: 20261122,
          households: 400,
          format: 'xlsx',
          out: tmp.dir,
          name,
          sharedStrings,
          answerKey: false,
        });
        files[name] = result.file;
      }
    }, 120_000);

    it.each(['shared', 'inline'])('%s strings', { timeout: 60_000 }, async (name) => {
      const { diffs, cells } = await compare(files[name] as string);
      expect(diffs).toEqual([]);
      expect(cells).toBeGreaterThan(10_000);
    });
  });

  it('the known differences are the only ones: error kinds, boolean formulas, built-in CJK dates', async () => {
    const file = writeRawXlsx(tmp.path('differences.xlsx'), {
      sheets: [
        {
          name: 'S',
          sheetData:
            '<row r="1"><c r="A1" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="B1" t="b"><f>A2=1</f><v>1</v></c>' +
            '<c r="C1" s="2"><v>30414</v></c></row>',
        },
      ],
      sharedStrings: [],
      styles: true,
    });
    const before = await readWith(readStyledXlsx(file, 'x'));
    const after = await readWith(readXlsx(file, 'x'));
    expect(before.get('S')?.rows.get(1)).toEqual([
      { error: UNKNOWN_FORMULA_ERROR, formula: '1/0' },
      1,
      30414,
    ]);
    expect(after.get('S')?.rows.get(1)).toEqual([
      { error: '#DIV/0!', formula: '1/0' },
      true,
      new Date(Date.UTC(1983, 3, 8)),
    ]);
    // The built-in date format is the one difference knownDifference does not excuse: it is a fix.
    expect(differences(file, before, after)).toEqual([
      'differences.xlsx S!1:2 30414 → "1983-04-08T00:00:00.000Z"',
    ]);
  });

  it('merged ranges are those of readMergeRanges, by sheet', async () => {
    const file = path.join(ROOT, 'fixtures/layouts/merged-cells.xlsx');
    const parts = await readMergeRanges(file);
    const after = await readWith(readXlsx(file, 'x'));
    const all = [...after.values()].map((s) => s.mergedRanges ?? []);
    expect(all.flat().length).toBeGreaterThan(0);
    expect(all.flat().length).toBe([...parts.values()].flat().length);
  });
});
