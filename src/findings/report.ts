/**
 * The report: one model every reporter formats. Its JSON shape is a public contract (schemaVersion 1),
 * defined here once in zod; docs/report.schema.json is generated from it.
 */
import { z } from 'zod';
import type { Lang, LocalizedText } from '../i18n/types.js';
import { assembleReport, materializeReport } from './assemble.js';
import { fingerprint, type Baseline } from './baseline.js';
import { compareFindings, inputOrder } from './order.js';
import type { Waiver } from './waivers.js';
import type { StandardCount } from '../engine/standards.js';
import type { Finding } from './types.js';

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

/** The report with every finding in memory: sorted into report order, then assembled (assemble.ts). */
export function buildReport(parts: ReportParts): Report {
  const order = inputOrder(parts.inputs, parts.sheetOrder);
  const sorted = [...parts.findings]
    .sort((a, b) => compareFindings(a, b, order))
    .map((f) => ({ ...f, fingerprint: fingerprint(f) }));
  return materializeReport(assembleReport(parts, sorted));
}

export { compareFindings, inputOrder } from './order.js';
