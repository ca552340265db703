/**
 * Resolving pack parameters for one run: the assessment year picks values from year tables, an optional
 * province picks overrides, and `--param name=value` wins over both.
 */
import { LedgerlintError } from '../errors.js';
import type { PackDef, ParamDef, ParamValue } from './schema.js';

export interface ParamRequest {
  /** The assessment year (`--year`); when absent, the latest year of any selected pack's tables. */
  readonly year?: number;
  /** `--param name=value` as given on the command line. */
  readonly overrides: Readonly<Record<string, string>>;
}

/** Parameters every run has, whatever the packs: usable in any expression as `params.<name>`. */
export const BUILTIN_PARAMS = {
  assessment_date: {
    type: 'string',
    zh: '评估日（计算年龄的日期）',
    en: 'Assessment date (ages are computed at this date)',
    doc: "'YYYY-MM-DD'; default 31 December of the assessment year (the 2020 census reference moment)",
  },
  province: {
    type: 'string',
    zh: '省份（选择分省参数）',
    en: 'Province (selects per-province parameter values)',
    doc: 'e.g. 广西; default none',
  },
} as const;

/**
 * The assessment year when neither --year nor any year table gives one: 2020, the census reference year and
 * the last year of the 2014–2020 programme. Never the clock: the same inputs must give the same report.
 */
export const DEFAULT_YEAR = 2020;

export interface ResolvedParams {
  readonly year: number;
  readonly assessmentDate: string;
  readonly province: string | null;
  /** Pack id → param name → value for the assessment year. */
  readonly byPack: ReadonlyMap<string, Readonly<Record<string, ParamValue>>>;
  /** Pack id → param name → full year table after province selection (for yearParam()). */
  readonly tables: ReadonlyMap<string, ReadonlyMap<string, ReadonlyMap<number, ParamValue>>>;
}

export function latestYear(packs: readonly PackDef[]): number | undefined {
  let latest: number | undefined;
  for (const pack of packs) {
    for (const param of Object.values(pack.params)) {
      const tables = [param.byYear, ...Object.values(param.byProvince ?? {}).map((p) => p.byYear)];
      for (const table of tables) {
        for (const key of Object.keys(table ?? {})) latest = Math.max(latest ?? 0, Number(key));
      }
    }
  }
  return latest;
}

export function resolveParams(packs: readonly PackDef[], request: ParamRequest): ResolvedParams {
  const year = request.year ?? latestYear(packs) ?? DEFAULT_YEAR;
  const province = request.overrides.province ?? null;
  const assessmentDate = request.overrides.assessment_date ?? `${year}-12-31`;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(assessmentDate) || Number.isNaN(Date.parse(assessmentDate))) {
    throw new LedgerlintError('cli.param-invalid', {
      name: 'assessment_date',
      value: assessmentDate,
      expected: 'YYYY-MM-DD',
    });
  }

  const known = new Set<string>(Object.keys(BUILTIN_PARAMS));
  for (const pack of packs) for (const name of Object.keys(pack.params)) known.add(name);
  for (const name of Object.keys(request.overrides)) {
    if (!known.has(name)) {
      throw new LedgerlintError('cli.param-unknown', { name, known: [...known].sort().join(', ') });
    }
  }

  const byPack = new Map<string, Record<string, ParamValue>>();
  const tables = new Map<string, Map<string, Map<number, ParamValue>>>();
  for (const pack of packs) {
    const values: Record<string, ParamValue> = {};
    const packTables = new Map<string, Map<number, ParamValue>>();
    for (const [name, def] of Object.entries(pack.params)) {
      const override = request.overrides[name];
      const table = yearTable(def, province);
      packTables.set(name, table);
      if (override !== undefined) {
        values[name] = parseOverride(name, def, override);
        continue;
      }
      const value = valueForYear(def, province, table, year);
      if (value === undefined) {
        throw new LedgerlintError('cli.param-no-value-for-year', {
          pack: pack.id,
          name,
          year,
          years: [...table.keys()].join(', '),
        });
      }
      values[name] = value;
    }
    byPack.set(pack.id, values);
    tables.set(pack.id, packTables);
  }
  return { year, assessmentDate, province, byPack, tables };
}

function yearTable(def: ParamDef, province: string | null): Map<number, ParamValue> {
  const table = new Map<number, ParamValue>();
  for (const [key, value] of Object.entries(def.byYear ?? {})) table.set(Number(key), value);
  const local = province ? def.byProvince?.[province] : undefined;
  for (const [key, value] of Object.entries(local?.byYear ?? {})) table.set(Number(key), value);
  return new Map([...table.entries()].sort((a, b) => a[0] - b[0]));
}

function valueForYear(
  def: ParamDef,
  province: string | null,
  table: ReadonlyMap<number, ParamValue>,
  year: number,
): ParamValue | undefined {
  const fromTable = table.get(year);
  if (fromTable !== undefined) return fromTable;
  const local = province ? def.byProvince?.[province] : undefined;
  return local?.default ?? def.default;
}

function parseOverride(name: string, def: ParamDef, text: string): ParamValue {
  switch (def.type) {
    case 'number':
    case 'integer': {
      const n = Number(text);
      if (text.trim() === '' || !Number.isFinite(n) || (def.type === 'integer' && !Number.isInteger(n))) {
        throw new LedgerlintError('cli.param-invalid', { name, value: text, expected: def.type });
      }
      return n;
    }
    case 'boolean':
      if (text === 'true' || text === 'false') return text === 'true';
      throw new LedgerlintError('cli.param-invalid', { name, value: text, expected: 'true|false' });
    case 'string':
      return text;
  }
}
