/**
 * The population reference table (--population): total rural population (乡村总人口) by village, township or
 * county, the denominator of 贫困发生率. Household ledgers do not carry it, so the user supplies a small CSV
 * or xlsx read through the same readers as ledgers (encoding detection, xlsx streaming).
 *
 * Format: a header row with a population column (乡村总人口 / 农村人口 / 总人口 / 人口…) and any of
 * 县 / 乡镇 / 行政村 (aliases below); one row per village (乡镇 + 行政村), and optionally rows for a whole
 * township (乡镇, 行政村 empty) or county (县 only). A township or county without a row of its own is the sum
 * of its village rows. 合计 / 小计 / 总计 rows are ignored. Title rows above the header are skipped.
 */
import { LedgerlintError } from '../errors.js';
import type { GroupNames, PopulationLookup } from '../engine/aggregate.js';
import type { AggregateScope } from '../packs/schema.js';
import { columnLetter } from '../io/columns.js';
import { openLedger } from '../io/open.js';
import type { CellValue, OpenOptions } from '../io/types.js';
import { normalizeHeaderText } from '../normalize/text.js';
import { cleanText, parseNumberText } from '../normalize/values.js';

type Column = 'county' | 'township' | 'village' | 'population';

/** Header spellings (matched after normalizeHeaderText: no spaces, brackets, units; lowercase). */
const HEADER_ALIASES: Record<Column, readonly string[]> = {
  county: ['县', '县(市、区)', '县(市、区、旗)', '县区', '区县', '县名', 'county'],
  township: ['乡镇', '乡(镇)', '乡', '镇', '乡镇(街道)', '乡镇名', 'township'],
  village: ['行政村', '村', '村名', '行政村(社区)', '村(社区)', 'village'],
  population: [
    '乡村总人口',
    '农村总人口',
    '乡村人口',
    '农村人口',
    '总人口',
    '户籍人口',
    '人口',
    '人口数',
    '总人口数',
    '乡村总人口数',
    'population',
  ],
};

const ALIAS_TO_COLUMN = new Map<string, Column>(
  (Object.entries(HEADER_ALIASES) as [Column, readonly string[]][]).flatMap(([column, aliases]) =>
    aliases.map((a) => [normalizeHeaderText(a), column] as const),
  ),
);

const TOTAL_ROW = /^(合计|总计|小计|全县合计|全乡合计)$/;
const HEADER_SEARCH_ROWS = 20;

export interface PopulationRow {
  readonly county: string | null;
  readonly township: string | null;
  readonly village: string | null;
  readonly population: number;
}

/** Read and validate a population table; bad input is a LedgerlintError naming file, sheet, row and column. */
export async function readPopulationTable(
  file: string,
  options: Pick<OpenOptions, 'encoding'> = {},
): Promise<PopulationTable> {
  for await (const source of openLedger(file, file, { encoding: options.encoding })) {
    let columns: Map<Column, number> | undefined;
    const rows: PopulationRow[] = [];
    for await (const raw of source.rows) {
      if (!columns) {
        if (raw.row > HEADER_SEARCH_ROWS) break;
        columns = headerColumns(raw.cells);
        continue;
      }
      const text = (column: Column): string | null => {
        const index = columns?.get(column);
        if (index === undefined) return null;
        const t = cellText(raw.cells[index]);
        return t === '' ? null : t;
      };
      const names = { county: text('county'), township: text('township'), village: text('village') };
      const popText = text('population');
      if (names.county === null && names.township === null && names.village === null && popText === null)
        continue;
      if ([names.county, names.township, names.village].some((n) => n !== null && TOTAL_ROW.test(n)))
        continue;
      const where = {
        file,
        sheet: source.sheet ?? '',
        row: raw.row,
        column: columnLetter(columns.get('population') ?? 0),
      };
      const population = popText === null ? undefined : parseNumberText(popText);
      if (population === undefined || !Number.isFinite(population) || population <= 0) {
        throw new LedgerlintError('io.population-invalid-value', { ...where, value: popText ?? '' });
      }
      if (names.county === null && names.township === null && names.village === null) {
        throw new LedgerlintError('io.population-no-name', where);
      }
      rows.push({ ...names, population });
    }
    if (columns) {
      if (rows.length === 0) throw new LedgerlintError('io.population-empty', { file });
      return new PopulationTable(rows, file);
    }
  }
  throw new LedgerlintError('io.population-no-header', {
    file,
    headers: HEADER_ALIASES.population.slice(0, 4).join('、'),
  });
}

/** The header row: it has a population column and at least one name column. */
function headerColumns(cells: readonly CellValue[]): Map<Column, number> | undefined {
  const found = new Map<Column, number>();
  cells.forEach((cell, index) => {
    const column = ALIAS_TO_COLUMN.get(normalizeHeaderText(cellText(cell)));
    if (column && !found.has(column)) found.set(column, index);
  });
  return found.has('population') && found.size >= 2 ? found : undefined;
}

function cellText(cell: CellValue | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') return cleanText(cell);
  if (typeof cell === 'number' || typeof cell === 'boolean') return String(cell);
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return '';
}

/** Lookup by group. Pure: built from rows, no I/O. */
export class PopulationTable implements PopulationLookup {
  constructor(
    readonly rows: readonly PopulationRow[],
    readonly file: string,
  ) {}

  population(scope: AggregateScope, names: GroupNames): number | undefined {
    const sameCounty = (r: PopulationRow) =>
      r.county === null || names.county === null || r.county === names.county;
    const villages = this.rows.filter((r) => r.village !== null && sameCounty(r));
    switch (scope) {
      case 'village': {
        const matching = villages.filter(
          (r) =>
            r.village === names.village &&
            (r.township === null || names.township === null || r.township === names.township),
        );
        return matching.length === 1 ? matching[0]?.population : undefined;
      }
      case 'township': {
        const own = this.rows.filter(
          (r) => r.village === null && r.township !== null && r.township === names.township && sameCounty(r),
        );
        if (own.length === 1) return own[0]?.population;
        if (own.length > 1) return undefined;
        return sumOf(villages.filter((r) => r.township === names.township));
      }
      case 'county': {
        const counties = this.rows.filter(
          (r) => r.village === null && r.township === null && r.county !== null,
        );
        const own = counties.filter((r) => names.county === null || r.county === names.county);
        if (own.length === 1) return own[0]?.population;
        if (own.length > 1) return undefined;
        return sumOf(villages);
      }
    }
  }
}

function sumOf(rows: readonly PopulationRow[]): number | undefined {
  if (rows.length === 0) return undefined;
  let total = 0;
  for (const r of rows) total += r.population;
  return total;
}
