/**
 * The report: one model every reporter formats. Its JSON shape is a public contract (schemaVersion 1),
 * defined here once in zod; docs/report.schema.json is generated from it.
 */
import { z } from 'zod';
import { interpolate } from '../i18n/interpolate.js';
import type { Lang, LocalizedText } from '../i18n/types.js';
import { applyBaseline, fingerprint, type Baseline } from './baseline.js';
import { maskPii } from './mask.js';
import { applyWaivers, type Waiver } from './waivers.js';
import type { StandardCount } from '../engine/standards.js';
import type { Finding, FindingData, Severity } from './types.js';

const severity = z.enum(['error', 'warning', 'info']);
const standardCountSchema = z.object({
  checked: z.number().int().meta({ description: 'Households the rule was evaluated on' }),
  failing: z.number().int().meta({ description: 'Households failing it' }),
});
const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const findingSchema = z.object({
  ruleId: z.string().meta({ description: 'Rule id (pack rule) or built-in finding type, kebab-case' }),
  severity,
  messageId: z.string(),
  message: z.string().meta({ description: 'The message rendered in the report language' }),
  data: z.record(z.string(), scalar),
  scope: z.enum(['person', 'household', 'dataset', 'input', 'village', 'township', 'county']).meta({
    description:
      'village/township/county: about a group of households (row, column and householdId are null)',
  }),
  file: z.string().meta({ description: 'The input file as given on the command line' }),
  sheet: z.string().nullable().meta({ description: 'Sheet name; null for CSV' }),
  row: z.number().int().nullable().meta({
    description: 'Physical row as seen in Excel or a text editor (title and header rows counted, first = 1)',
  }),
  column: z.string().nullable().meta({ description: 'Excel column letter' }),
  field: z.string().nullable().meta({ description: 'Canonical field key (docs/fields.md)' }),
  householdId: z.string().nullable(),
  township: z.string().nullable(),
  village: z.string().nullable(),
  name: z
    .string()
    .nullable()
    .meta({ description: "Name (姓名) of the person on the finding's row, kept as is" }),
  headName: z
    .string()
    .nullable()
    .meta({ description: "Name of the household's 户主 (or its 户主姓名 cell), kept as is" }),
  fingerprint: z.string().meta({
    description:
      'Stable identity across re-exports: rule, message, field, household and a hash of the ID number (not the row)',
  }),
});

export const reportSchema = z
  .object({
    schemaVersion: z.literal(1),
    tool: z.object({ name: z.literal('ledgerlint'), version: z.string() }),
    params: z.object({
      year: z.number().int(),
      assessment_date: z.string(),
      province: z.string().nullable(),
      all: z.boolean(),
      byPack: z.record(z.string(), z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]))),
    }),
    packs: z.array(
      z.object({
        id: z.string(),
        version: z.string(),
        extends: z
          .array(z.string())
          .optional()
          .meta({ description: 'Packs this one builds on (their rules run as part of it), nearest first' }),
      }),
    ),
    inputs: z.array(
      z.object({
        file: z.string(),
        encoding: z
          .object({
            name: z.enum(['utf8', 'gb18030']),
            reason: z.enum(['bom', 'utf8-valid', 'fallback', 'option']),
          })
          .nullable()
          .optional()
          .meta({ description: 'CSV: the text encoding used and why; null for workbooks' }),
        dialect: z
          .object({
            delimiter: z.enum([',', '\t', ';']),
            quote: z.literal('"'),
            reason: z.enum(['extension', 'sniffed', 'default']),
          })
          .nullable()
          .optional()
          .meta({ description: 'CSV: the delimiter and quote used and why; null for workbooks' }),
        sheets: z.array(
          z.object({
            name: z.string().nullable(),
            headerRows: z.array(z.number().int()),
            firstDataRow: z.number().int(),
            dataRows: z.number().int(),
            columns: z.array(
              z.object({ column: z.string(), header: z.string(), field: z.string().nullable() }),
            ),
            profile: z
              .object({
                name: z.string().nullable(),
                reason: z.enum(['auto', 'option']),
                score: z.number().int(),
              })
              .nullable()
              .optional()
              .meta({
                description:
                  'Column profile used (rules/profiles/); name null: the dictionary alone fitted best',
              }),
          }),
        ),
      }),
    ),
    summary: z.object({
      persons: z.number().int(),
      households: z.number().int(),
      errors: z.number().int(),
      warnings: z.number().int(),
      infos: z.number().int(),
      byRule: z.record(
        z.string(),
        z.object({
          severity,
          count: z
            .number()
            .int()
            .meta({ description: 'Exact number of findings, also when samples are capped' }),
          households: z
            .number()
            .int()
            .meta({ description: 'Distinct households with a finding of this rule' }),
          omitted: z
            .number()
            .int()
            .meta({ description: 'Findings left out of `findings` by --max-findings-per-rule or --quiet' }),
        }),
      ),
      byArea: z
        .array(
          z.object({
            township: z.string().nullable(),
            village: z.string().nullable(),
            persons: z.number().int(),
            households: z.number().int(),
            failingHouseholds: z.number().int().meta({ description: 'Households with at least one error' }),
            errors: z.number().int(),
            warnings: z.number().int(),
            infos: z.number().int(),
            standards: z.record(z.string(), standardCountSchema).meta({
              description: 'By rule id of a standard pack: households checked and failing in this area',
            }),
          }),
        )
        .meta({ description: 'By township and village, in order of first appearance' }),
      standards: z
        .array(
          standardCountSchema.extend({
            ruleId: z.string(),
            pack: z.string(),
            passRate: z.number().nullable().meta({
              description: '(checked − failing) / checked, 4 decimals; null when nothing was checked',
            }),
          }),
        )
        .meta({
          description:
            'Each rule of a `kind: standard` pack, in pack order: households it was evaluated on (applicable, data ' +
            'present) and households failing it, before waivers and baseline',
        }),
      byStatus: z
        .record(z.string(), z.number().int())
        .meta({ description: 'Households by 脱贫属性 (poverty_status); "" for households without one' }),
      waivers: z
        .object({
          applied: z
            .number()
            .int()
            .meta({ description: 'Findings waived (listed in `waived`, not counted)' }),
          expired: z
            .number()
            .int()
            .meta({ description: 'Findings whose waiver has expired: reported again' }),
          unused: z.number().int().meta({ description: 'Valid waivers that matched no finding' }),
        })
        .nullable(),
      baseline: z
        .object({
          matched: z.number().int().meta({ description: 'Findings accepted by the baseline, not reported' }),
          disappeared: z.number().int().meta({ description: 'Baseline findings no longer found' }),
        })
        .nullable(),
    }),
    findings: z.array(findingSchema),
    waived: z
      .array(
        findingSchema.extend({
          waiver: z.object({ reason: z.string(), by: z.string(), until: z.string() }),
        }),
      )
      .meta({ description: 'Findings accepted by a waiver (--waivers), with its reason' }),
  })
  .meta({ title: 'ledgerlint report', description: 'Output of `ledgerlint check --format json`' });

export type Report = z.infer<typeof reportSchema>;
export type ReportFinding = z.infer<typeof findingSchema>;
export type ReportInput = Report['inputs'][number];

/** Finds the template of a finding's message: pack rule messages first, then the built-in catalogue. */
export type MessageLookup = (ruleId: string, messageId: string) => LocalizedText | undefined;

/** Persons and households of one township/village, counted while reading. */
export interface AreaCount {
  readonly township: string | null;
  readonly village: string | null;
  persons: number;
  households: number;
}

export interface ReportParts {
  readonly version: string;
  readonly params: Report['params'];
  readonly packs: Report['packs'];
  readonly inputs: readonly ReportInput[];
  readonly persons: number;
  readonly households: number;
  readonly areas: readonly AreaCount[];
  /** Households checked and failing per standard rule and area (engine/standards.ts). */
  readonly standards?: readonly StandardCount[];
  /** The rules of standard packs, in pack order. */
  readonly standardRules?: readonly { readonly ruleId: string; readonly pack: string }[];
  readonly byStatus: Readonly<Record<string, number>>;
  readonly findings: readonly Finding[];
  /** --quiet: keep only errors in `findings` (counts stay exact). */
  readonly quiet?: boolean;
  /** --max-findings-per-rule: keep at most this many findings of each rule (counts stay exact). */
  readonly maxFindingsPerRule?: number;
  /** --baseline: findings of an accepted run, left out (and not counted) here. */
  readonly baseline?: Baseline;
  /** --waivers: accepted exceptions, judged at the assessment date. */
  readonly waivers?: readonly Waiver[];
  /** Every sheet of each file in workbook order, skipped ones included, so findings sort in that order. */
  readonly sheetOrder?: ReadonlyMap<string, readonly (string | null)[]>;
  readonly lang: Lang;
  readonly messages: MessageLookup;
  /** Field key → label in the report language, filled into {{fieldLabel}}. */
  readonly fieldLabel: (field: string, lang: Lang) => string | undefined;
  /** Keep ID numbers and phones as they are (--show-pii); masked by default. */
  readonly showPii: boolean;
}

export function buildReport(parts: ReportParts): Report {
  const order = inputOrder(parts.inputs, parts.sheetOrder);
  const sorted = [...parts.findings]
    .sort((a, b) => compareFindings(a, b, order))
    .map((f) => ({ ...f, fingerprint: fingerprint(f) }));
  const waivered = parts.waivers
    ? applyWaivers(sorted, parts.waivers, parts.params.assessment_date)
    : undefined;
  const unwaived = waivered ? waivered.kept : sorted;
  const baselined = parts.baseline ? applyBaseline(unwaived, parts.baseline) : undefined;
  const all = baselined ? baselined.fresh : unwaived;
  const serialize = (finding: Finding & { fingerprint: string }) => {
    const f = parts.showPii ? finding : { ...finding, data: maskData(finding.data, finding.field) };
    return {
      ruleId: f.ruleId,
      severity: f.severity,
      messageId: f.messageId,
      message: renderMessage(f, parts),
      data: sortKeys(f.data),
      scope: f.scope,
      file: f.file,
      sheet: f.sheet,
      row: f.row,
      column: f.column,
      field: f.field,
      householdId: f.householdId,
      township: f.township,
      village: f.village,
      name: f.name ?? null,
      headName: f.headName ?? null,
      fingerprint: f.fingerprint,
    };
  };
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const byRule = new Map<
    string,
    { severity: Severity; count: number; households: Set<string>; omitted: number }
  >();
  const areaKey = (township: string | null, village: string | null) =>
    `${township ?? ''}\u0000${village ?? ''}`;
  const newArea = (a: AreaCount) => ({
    ...a,
    failing: new Set<string>(),
    errors: 0,
    warnings: 0,
    infos: 0,
    standards: new Map<string, { checked: number; failing: number }>(),
  });
  const areas = new Map(parts.areas.map((a) => [areaKey(a.township, a.village), newArea(a)]));
  const totals = new Map<string, { checked: number; failing: number }>();
  for (const c of parts.standards ?? []) {
    const key = areaKey(c.township, c.village);
    let area = areas.get(key);
    if (!area) {
      area = newArea({ township: c.township, village: c.village, persons: 0, households: 0 });
      areas.set(key, area);
    }
    area.standards.set(c.ruleId, { checked: c.checked, failing: c.failing });
    const total = totals.get(c.ruleId) ?? { checked: 0, failing: 0 };
    total.checked += c.checked;
    total.failing += c.failing;
    totals.set(c.ruleId, total);
  }
  const shown: (Finding & { fingerprint: string })[] = [];
  for (const f of all) {
    counts[f.severity] += 1;
    let entry = byRule.get(f.ruleId);
    if (!entry) {
      entry = { severity: f.severity, count: 0, households: new Set(), omitted: 0 };
      byRule.set(f.ruleId, entry);
    }
    entry.count += 1;
    if (f.householdId !== null) entry.households.add(`${f.file}\u0000${f.householdId}`);
    const area = areas.get(areaKey(f.township, f.village));
    if (area && f.scope !== 'input') {
      area[f.severity === 'error' ? 'errors' : f.severity === 'warning' ? 'warnings' : 'infos'] += 1;
      if (f.severity === 'error' && f.householdId !== null)
        area.failing.add(`${f.file}\u0000${f.householdId}`);
    }
    const capped = parts.maxFindingsPerRule !== undefined && entry.count > parts.maxFindingsPerRule;
    if ((parts.quiet && f.severity !== 'error') || capped) entry.omitted += 1;
    else shown.push(f);
  }
  return {
    schemaVersion: 1,
    tool: { name: 'ledgerlint', version: parts.version },
    params: parts.params,
    packs: [...parts.packs],
    inputs: [...parts.inputs],
    summary: {
      persons: parts.persons,
      households: parts.households,
      errors: counts.error,
      warnings: counts.warning,
      infos: counts.info,
      byRule: Object.fromEntries(
        [...byRule.entries()]
          .sort((a, b) => cmpStr(a[0], b[0]))
          .map(([id, e]) => [
            id,
            { severity: e.severity, count: e.count, households: e.households.size, omitted: e.omitted },
          ]),
      ),
      byArea: [...areas.values()].map((a) => ({
        township: a.township,
        village: a.village,
        persons: a.persons,
        households: a.households,
        failingHouseholds: a.failing.size,
        errors: a.errors,
        warnings: a.warnings,
        infos: a.infos,
        standards: sortKeys(Object.fromEntries(a.standards)),
      })),
      standards: (parts.standardRules ?? []).map(({ ruleId, pack }) => {
        const { checked, failing } = totals.get(ruleId) ?? { checked: 0, failing: 0 };
        return { ruleId, pack, checked, failing, passRate: passRate(checked, failing) };
      }),
      byStatus: sortKeys(parts.byStatus),
      waivers: waivered
        ? { applied: waivered.waived.length, expired: waivered.expired, unused: waivered.unused }
        : null,
      baseline: baselined ? { matched: baselined.matched, disappeared: baselined.disappeared } : null,
    },
    findings: shown.map(serialize),
    waived: (waivered?.waived ?? []).map((f) => ({ ...serialize(f), waiver: f.waiver })),
  };
}

function passRate(checked: number, failing: number): number | null {
  return checked === 0 ? null : Math.round(((checked - failing) / checked) * 10_000) / 10_000;
}

function maskData(data: FindingData, field: string | null): FindingData {
  const masked: FindingData = {};
  for (const [key, value] of Object.entries(data))
    masked[key] = typeof value === 'string' ? maskPii(value, field) : value;
  return masked;
}

function renderMessage(f: Finding, parts: ReportParts): string {
  const template = parts.messages(f.ruleId, f.messageId);
  if (!template) return `${f.ruleId}/${f.messageId}`;
  const label = f.field ? parts.fieldLabel(f.field, parts.lang) : undefined;
  const data = label ? { ...f.data, fieldLabel: label } : f.data;
  return interpolate(template[parts.lang], data);
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
}

interface InputOrder {
  readonly file: Map<string, number>;
  readonly sheet: Map<string, number>;
}

function inputOrder(
  inputs: readonly ReportInput[],
  sheetOrder?: ReadonlyMap<string, readonly (string | null)[]>,
): InputOrder {
  const file = new Map<string, number>();
  const sheet = new Map<string, number>();
  inputs.forEach((input, i) => {
    file.set(input.file, i);
    const names = sheetOrder?.get(input.file) ?? input.sheets.map((s) => s.name);
    names.forEach((name, j) => sheet.set(`${input.file}\u0000${name ?? ''}`, j));
  });
  return { file, sheet };
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

function columnRank(column: string | null): number {
  if (!column) return 0;
  let n = 0;
  for (const ch of column) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

function cmp(a: number, b: number): number {
  return a - b;
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
