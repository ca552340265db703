/**
 * Rule tests as data (ESLint's RuleTester, markdownlint's fixtures): rules/<pack>/tests/<rule-id>.yaml holds
 * `valid` and `invalid` cases. A case is a small ledger written with canonical keys and cell text as people
 * type it; it goes through the real record builder (value coercion) and the real engine.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { fieldByKey } from '../../src/dictionary/index.js';
import { Checker } from '../../src/engine/checker.js';
import { compilePacks, type CompiledRule } from '../../src/engine/compile.js';
import { DiffEngine, DropIndex } from '../../src/engine/diff.js';
import { HouseholdAssembler } from '../../src/engine/households.js';
import { makeIdNumber } from '../../src/normalize/idnumber.js';
import type { Finding } from '../../src/findings/types.js';
import { columnLetter } from '../../src/io/columns.js';
import type { CellValue } from '../../src/io/types.js';
import { createRecordBuilder } from '../../src/normalize/records.js';
import type { ColumnInfo, PersonRecord, SheetLayout } from '../../src/normalize/types.js';
import type { ParsedPack } from '../../src/packs/load.js';
import { loadPackSync, RULES_DIR } from '../../src/packs/registry.js';
import { PopulationTable } from '../../src/population/table.js';
import { resolveParams } from '../../src/packs/params.js';

const cell = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const row = z.record(z.string(), cell);
const householdCase = z.strictObject({ household: row.default({}), members: z.array(row).min(1) });
const expected = z.strictObject({
  /** 1-based data row of the case (the first member row is 1); absent for village/township/county findings. */
  row: z.number().int().min(1).optional(),
  /** Village/township/county findings: the group they locate (data.group, e.g. 田峰乡平南村). */
  group: z.string().optional(),
  messageId: z.string().optional(),
  field: z.string().optional(),
});
const caseBase = {
  name: z.string().min(1),
  year: z.number().int().optional(),
  params: z.record(z.string(), z.string()).optional(),
  all: z.boolean().optional(),
  household: row.optional(),
  members: z.array(row).optional(),
  households: z.array(householdCase).optional(),
  /** Diff rules: the household in the old and the new drop (members matched by id_number, given by position). */
  old: householdCase.optional(),
  new: householdCase.optional(),
  /** Aggregate rules: the --population table of the case (rows of county/township/village/population). */
  population: z
    .array(
      z.strictObject({
        county: z.string().optional(),
        township: z.string().optional(),
        village: z.string().optional(),
        population: z.number().positive(),
      }),
    )
    .optional(),
};
const validCase = z.strictObject(caseBase);
const invalidCase = z.strictObject({ ...caseBase, errors: z.array(expected).min(1) });

export const ruleTestFile = z.strictObject({
  rule: z.string(),
  /** May be empty only for a `manual` rule, which never passes on its own. */
  valid: z.array(validCase),
  invalid: z.array(invalidCase).min(1),
});
export type RuleTestFile = z.infer<typeof ruleTestFile>;
export type RuleCase = z.infer<typeof validCase>;

export interface PackUnderTest {
  readonly id: string;
  readonly parsed: ParsedPack;
  readonly tests: Map<string, { file: string; data: RuleTestFile }>;
}

export function packsUnderTest(): PackUnderTest[] {
  return readdirSync(RULES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(RULES_DIR, d.name, 'pack.yaml')))
    .map((d) => {
      const dir = path.join(RULES_DIR, d.name);
      const parsed = loadPackSync(d.name);
      const tests = new Map<string, { file: string; data: RuleTestFile }>();
      const testDir = path.join(dir, 'tests');
      if (existsSync(testDir)) {
        for (const name of readdirSync(testDir)
          .filter((n) => n.endsWith('.yaml'))
          .sort()) {
          const file = path.join(testDir, name);
          const data = ruleTestFile.parse(parse(readFileSync(file, 'utf8')));
          tests.set(name.replace(/\.yaml$/, ''), { file: `rules/${d.name}/tests/${name}`, data });
        }
      }
      return { id: d.name, parsed, tests };
    });
}

export interface CaseFinding {
  /** Absent for group findings. */
  readonly row?: number;
  readonly group?: string;
  readonly messageId: string;
  readonly field: string | null;
}

/**
 * Run one rule over one case; returns its findings (rows relative to the case), the same findings in full
 * (`findings`, rows as in the case's sheet: header row 1, first member row 2) and any other findings.
 */
export function runCase(
  pack: ParsedPack,
  ruleId: string,
  c: RuleCase,
): { mine: CaseFinding[]; findings: Finding[]; other: Finding[] } {
  const params = resolveParams([pack.pack], { year: c.year, overrides: c.params ?? {} });
  const rules: CompiledRule[] = compilePacks([pack], params, { all: c.all === true }).filter(
    (r) => r.id === ruleId,
  );
  if (rules.length !== 1) throw new Error(`rule ${ruleId} not found in pack ${pack.pack.id}`);
  const population = c.population
    ? new PopulationTable(
        c.population.map((r) => ({
          county: r.county ?? null,
          township: r.township ?? null,
          village: r.village ?? null,
          population: r.population,
        })),
        'population.csv',
      )
    : undefined;
  const checker = new Checker(rules, {
    year: params.year,
    assessmentDate: params.assessmentDate,
    population,
  });
  if (rules[0]?.scope === 'diff') return runDiffCase(rules, checker, params.year, c);

  const households = c.households ?? [{ household: c.household ?? {}, members: c.members ?? [] }];
  const rows = caseRows(households);
  const sheet = caseSheet(rows, 'case.csv', c.name);
  const findings: Finding[] = [...checker.beginSheet(sheet.layout)];
  const assembler = new HouseholdAssembler();
  for (const built of sheet.built) {
    findings.push(...built.findings);
    if (!built.record) continue;
    findings.push(...checker.observe(built.record));
    for (const group of assembler.push(built.record)) findings.push(...checker.checkHousehold(group));
  }
  for (const group of assembler.end()) findings.push(...checker.checkHousehold(group));
  findings.push(...checker.finish());
  return split(findings, ruleId);
}

/** A person/household case's rows as the real record builder reads them (diff cases: undefined). */
export function caseRecords(c: RuleCase): { layout: SheetLayout; records: PersonRecord[] } | undefined {
  if (c.old !== undefined || c.new !== undefined) return undefined;
  const households = c.households ?? [{ household: c.household ?? {}, members: c.members ?? [] }];
  const sheet = caseSheet(caseRows(households), 'case.csv', c.name);
  const records = sheet.built.flatMap((b) => (b.record ? [b.record] : []));
  return { layout: sheet.layout, records };
}

type CaseRow = Record<string, z.infer<typeof cell>>;

function caseRows(households: readonly z.infer<typeof householdCase>[]): CaseRow[] {
  return households.flatMap((h, i) =>
    h.members.map((m): CaseRow => ({
      household_id: `H${String(i + 1).padStart(3, '0')}`,
      ...h.household,
      ...m,
    })),
  );
}

/** A case's rows through the real record builder, as one CSV sheet with a header of the keys used. */
function caseSheet(rows: readonly CaseRow[], file: string, name: string) {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  for (const key of keys) if (!fieldByKey(key)) throw new Error(`unknown field "${key}" in case "${name}"`);
  const columns: ColumnInfo[] = keys.map((key, index) => ({
    index,
    column: columnLetter(index),
    header: fieldByKey(key)?.zh ?? key,
    field: key,
  }));
  const layout: SheetLayout = {
    file,
    sheet: null,
    headerRows: [1],
    firstDataRow: 2,
    columns,
    fieldColumns: new Map(columns.map((col) => [col.field ?? '', col])),
  };
  const build = createRecordBuilder(layout);
  const built = rows.map((r, i) => {
    const cells: CellValue[] = keys.map((k) => {
      const v = r[k];
      return v === undefined
        ? null
        : typeof v === 'number' || typeof v === 'boolean' || v === null
          ? v
          : String(v);
    });
    return build({ row: i + 2, cells });
  });
  return { layout, built };
}

function split(
  findings: readonly Finding[],
  ruleId: string,
): { mine: CaseFinding[]; findings: Finding[]; other: Finding[] } {
  const mine = findings
    .filter((f) => f.ruleId === ruleId)
    .map((f): CaseFinding =>
      f.row === null
        ? { group: String(f.data.group), messageId: f.messageId, field: f.field }
        : { row: f.row - 1, messageId: f.messageId, field: f.field },
    )
    .sort(compareCaseFindings);
  return {
    mine,
    findings: findings.filter((f) => f.ruleId === ruleId),
    other: findings.filter((f) => f.ruleId !== ruleId),
  };
}

/**
 * A diff rule's case: the same household in an old and a new drop. Members are matched by id_number; a member
 * without one gets a fake ID from its position, so the n-th member of `old` is the n-th of `new`.
 */
function runDiffCase(
  rules: readonly CompiledRule[],
  checker: Checker,
  year: number,
  c: RuleCase,
): { mine: CaseFinding[]; findings: Finding[]; other: Finding[] } {
  if (!c.old || !c.new) throw new Error(`diff case "${c.name}" needs \`old\` and \`new\``);
  const drop = (h: z.infer<typeof householdCase>, file: string): DropIndex => {
    const members = h.members.map((m, i) => ({
      id_number: makeIdNumber('450123', '19800101', String(100 + i * 2)),
      ...m,
    }));
    const sheet = caseSheet(caseRows([{ household: h.household, members }]), file, c.name);
    const index = new DropIndex(
      rules.flatMap((r) => [...r.needs, ...r.needsOneOf, ...(r.def.optionalFields ?? [])]),
    );
    index.beginSheet(sheet.layout);
    for (const built of sheet.built) if (built.record) index.add(built.record);
    return index;
  };
  const findings = new DiffEngine(rules, checker, year).compare(
    drop(c.old, 'old.csv'),
    drop(c.new, 'new.csv'),
  );
  findings.push(...checker.finish());
  return split(findings, rules[0]?.id ?? '');
}

/** Rows first (in order), then groups by name, then message id. */
export function compareCaseFindings(
  a: { row?: number; group?: string; messageId?: string },
  b: { row?: number; group?: string; messageId?: string },
): number {
  return (
    (a.row ?? Infinity) - (b.row ?? Infinity) ||
    (a.group ?? '').localeCompare(b.group ?? '') ||
    (a.messageId ?? '').localeCompare(b.messageId ?? '')
  );
}
