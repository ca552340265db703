/**
 * The rule-pack format, as a zod schema: one source for validation (with readable errors), for the
 * editor JSON Schema (rules/schema.json, generated) and for the TypeScript types.
 */
import { z } from 'zod';

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const SNAKE = /^[a-z][a-z0-9_]*$/;

export const localizedTextSchema = z
  .strictObject({
    zh: z.string().min(1),
    en: z.string().min(1),
  })
  .meta({ description: 'Text in Chinese (zh) and English (en).' });

const paramValueSchema = z.union([z.number(), z.string(), z.boolean()]);

/** A year key in a table: "2016". */
const yearKey = z.string().regex(/^\d{4}$/, { error: 'expected a four-digit year such as "2016"' });

const yearTableSchema = z.record(yearKey, paramValueSchema);

export const paramSchema = z
  .strictObject({
    type: z.enum(['number', 'integer', 'string', 'boolean']),
    title: localizedTextSchema,
    description: z.string().optional(),
    unit: z.string().optional(),
    /** Used when no year table applies. */
    default: paramValueSchema.optional(),
    /** Values per year: the assessment year selects one (`--year`). */
    byYear: yearTableSchema.optional(),
    /** Per-province overrides (selected with `--param province=…`), each a default and/or a year table. */
    byProvince: z
      .record(
        z.string(),
        z.strictObject({ default: paramValueSchema.optional(), byYear: yearTableSchema.optional() }),
      )
      .optional(),
    /** Where the values come from (domain reference section, policy text). */
    source: z.string().optional(),
  })
  .refine((p) => p.default !== undefined || p.byYear !== undefined, {
    error: 'a param needs a default or a byYear table',
  });

const expression = z.string().min(1).meta({ description: 'A CEL expression.' });

const uniqueCheck = z.strictObject({
  type: z.literal('unique'),
  /** Canonical field whose values must not repeat across all inputs. */
  field: z.string().regex(SNAKE),
});
const exactlyOneCheck = z.strictObject({
  type: z.literal('exactly-one'),
  /** Condition on a member `m`; every household must have exactly one member matching it. */
  where: expression,
});
const requiredCheck = z.strictObject({
  type: z.literal('required'),
  fields: z.array(z.string().regex(SNAKE)).min(1),
});
const codeListCheck = z.strictObject({
  type: z.literal('code-list'),
  fields: z.array(z.string().regex(SNAKE)).min(1),
});

export const checkSchema = z.discriminatedUnion('type', [
  uniqueCheck,
  exactlyOneCheck,
  requiredCheck,
  codeListCheck,
]);

/** Rules over groups of households, grouped by the canonical admin fields (see engine/aggregate.ts). */
export const AGGREGATE_SCOPES = ['village', 'township', 'county'] as const;
export type AggregateScope = (typeof AGGREGATE_SCOPES)[number];

const factsSchema = z
  .record(z.string().regex(SNAKE), expression)
  .meta({ description: 'Fact name → CEL expression giving a bool or a number.' });

/**
 * Checks of aggregate-scope rules; returns true when the rule has an aggregate scope (the checks of the other
 * scopes do not apply to it).
 */
function refineAggregateRule(
  rule: {
    scope: string;
    assert?: string;
    check?: unknown;
    manual?: boolean;
    severity: string;
    householdFacts?: Record<string, string>;
    personFacts?: Record<string, string>;
  },
  ctx: z.RefinementCtx,
): boolean {
  const aggregate = (AGGREGATE_SCOPES as readonly string[]).includes(rule.scope);
  const issue = (message: string, path: string) => ctx.addIssue({ code: 'custom', message, path: [path] });
  if (!aggregate) {
    if (rule.householdFacts || rule.personFacts)
      issue('facts belong to village/township/county rules', 'scope');
    if (rule.manual) issue('a manual rule has scope village, township or county', 'manual');
    return false;
  }
  if (rule.check !== undefined) issue('aggregate rules use `assert` over `g`, not `check`', 'check');
  if (rule.manual) {
    if (rule.assert !== undefined) issue('a manual rule has no `assert`', 'assert');
    if (rule.severity !== 'info') issue('a manual rule has severity info', 'severity');
  } else if (rule.assert === undefined) {
    issue('an aggregate rule needs an `assert` (or `manual: true`)', 'assert');
  }
  const names = [...Object.keys(rule.householdFacts ?? {}), ...Object.keys(rule.personFacts ?? {})];
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) issue(`fact "${dup}" is defined twice`, 'personFacts');
  return true;
}

export const ruleSchema = z
  .strictObject({
    id: z.string().regex(KEBAB, { error: 'rule ids are kebab-case, e.g. id-number-checksum' }),
    title: localizedTextSchema,
    /** Longer explanation for the rule's documentation. */
    description: z.string().optional(),
    severity: z.enum(['error', 'warning', 'info']),
    /**
     * person / household / dataset / village / township / county rules run in `check`; `diff` rules run in `ledgerlint diff` over two drops of
     * the same ledger, with `old` and `new` in the expression context.
     */
    scope: z.enum(['person', 'household', 'dataset', 'diff', ...AGGREGATE_SCOPES]),
    /**
     * For `diff` rules: what `old` and `new` are — a household matched by 户编号 (default), or a person matched by
     * ID number (then `h` is the person's household in the new drop).
     */
    of: z.enum(['household', 'person']).optional(),
    /** Applicability: the rule runs only where this holds. */
    when: expression.optional(),
    /** What must hold; a finding is reported where it is false. */
    assert: expression.optional(),
    /** A built-in declarative check instead of `assert`. */
    check: checkSchema.optional(),
    /** Message templates by id ({{placeholders}} filled from `data`); the first is used by `assert`. */
    messages: z
      .record(z.string().regex(KEBAB), localizedTextSchema)
      .refine((m) => Object.keys(m).length > 0, {
        error: 'a rule needs at least one message',
      }),
    /** Values for the message placeholders: name → CEL expression, evaluated only when the rule fails. */
    data: z.record(z.string().regex(/^[a-zA-Z][\w]*$/), expression).optional(),
    /** Canonical fields the finding points at; the first locates the cell. */
    fields: z.array(z.string().regex(SNAKE)).min(1),
    /** Fields the rule reads when present but that do not make it skip when their column is missing. */
    optionalFields: z.array(z.string().regex(SNAKE)).optional(),
    /** The rule can run when at least one of these columns is present (e.g. 危房等级 or 是否危房户). */
    needsOneOf: z.array(z.string().regex(SNAKE)).min(2).optional(),
    /**
     * Skip the rule without a missing-column finding when a column it needs is absent: for checks of optional
     * columns (a format check of 家庭成员联系电话), where absence leaves no standard unverified.
     */
    skipIfMissing: z.boolean().optional(),
    tags: z.array(z.string().min(1)).default([]),
    /** Aggregate scopes: facts evaluated once per household (over `h`), tallied per group as `g.facts.<name>`. */
    householdFacts: factsSchema.optional(),
    /** Aggregate scopes: facts evaluated once per member (over `p` and `h`), tallied per group as `g.facts.<name>`. */
    personFacts: factsSchema.optional(),
    /**
     * The rule's evidence is not in ledgers (有好的"两委"班子): it emits one info finding per group asking for
     * confirmation, never passes silently. Aggregate scopes only; no `assert`.
     */
    manual: z.boolean().optional(),
    /** The standard or practitioners' check this rule encodes (cite the domain reference). */
    source: z.string().min(1),
    /** In a pack that `extends` another: this rule replaces the base pack's rule with the same id. */
    override: z.boolean().optional(),
  })
  .superRefine((rule, ctx) => {
    if (refineAggregateRule(rule, ctx)) return;
    if ((rule.assert === undefined) === (rule.check === undefined)) {
      ctx.addIssue({
        code: 'custom',
        message: 'a rule needs exactly one of `assert` or `check`',
        path: ['assert'],
      });
    }
    const check = rule.check;
    if (check?.type === 'unique' && rule.scope !== 'dataset') {
      ctx.addIssue({ code: 'custom', message: 'a `unique` check has scope dataset', path: ['scope'] });
    }
    if (check?.type === 'exactly-one') {
      if (rule.scope !== 'household') {
        ctx.addIssue({
          code: 'custom',
          message: 'an `exactly-one` check has scope household',
          path: ['scope'],
        });
      }
      for (const id of ['none', 'many']) {
        if (!(id in rule.messages)) {
          ctx.addIssue({
            code: 'custom',
            message: `an \`exactly-one\` check needs a message with id "${id}"`,
            path: ['messages'],
          });
        }
      }
    }
    if (rule.of !== undefined && rule.scope !== 'diff') {
      ctx.addIssue({ code: 'custom', message: '`of` belongs to diff rules', path: ['of'] });
    }
    if (rule.scope === 'diff' && rule.check !== undefined) {
      ctx.addIssue({ code: 'custom', message: 'diff rules use `assert`', path: ['check'] });
    }
    if (rule.scope === 'dataset' && check?.type !== 'unique') {
      ctx.addIssue({ code: 'custom', message: 'dataset rules use a declarative `check`', path: ['scope'] });
    }
  });

/**
 * In a pack that `extends` another: new values for a base pack's param. `default` replaces the base default;
 * `byYear` years and `byProvince` provinces are merged over the base's (a year or province given here wins).
 */
export const paramOverrideSchema = z.strictObject({
  default: paramValueSchema.optional(),
  byYear: yearTableSchema.optional(),
  byProvince: z
    .record(
      z.string(),
      z.strictObject({ default: paramValueSchema.optional(), byYear: yearTableSchema.optional() }),
    )
    .optional(),
  source: z.string().optional(),
});

/**
 * A standard item the pack cannot check yet (its scope is not built, or no ledger column evidences it): listed in
 * the pack's documentation, never silently passed as if it were checked.
 */
export const pendingItemSchema = z.strictObject({
  title: localizedTextSchema,
  scope: z.enum(['household', 'village', 'township', 'county']),
  /** Why it is not a rule yet. */
  reason: z.string().min(1),
  source: z.string().min(1),
});

export const packSchema = z
  .strictObject({
    $schema: z.string().optional(),
    /**
     * Build on another pack: a built-in pack id (`national-exit`) or a path relative to this file. Its rules and
     * params are inherited; `paramOverrides` changes params; a rule with a base rule's id needs `override: true`.
     */
    extends: z.string().min(1).optional(),
    id: z.string().regex(KEBAB, { error: 'pack ids are kebab-case, e.g. national-exit' }),
    version: z.string().regex(/^\d+\.\d+\.\d+$/, { error: 'expected a version such as 1.0.0' }),
    title: localizedTextSchema,
    description: z.string().min(1),
    /**
     * `standard`: its rules are standards a household must meet (exit standards, 八有一超): reports show a pass
     * rate per rule and area. `quality`: consistency checks of the data. `monitoring`: 防返贫 monitoring.
     */
    kind: z.enum(['standard', 'quality', 'monitoring']).default('quality'),
    /** Households the pack is about (CEL over `h`); `--all` lifts it. */
    appliesTo: expression.optional(),
    params: z.record(z.string().regex(SNAKE), paramSchema).default({}),
    /** New values for params of the base pack (only with `extends`). */
    paramOverrides: z.record(z.string().regex(SNAKE), paramOverrideSchema).optional(),
    /** A pack that extends another may add no rules of its own (only params). */
    rules: z.array(ruleSchema).default([]),
    /** Items of the standard not checked by a rule yet (documented as pending). */
    pending: z.array(pendingItemSchema).optional(),
  })
  .superRefine((pack, ctx) => {
    if (pack.extends === undefined) {
      if (pack.rules.length === 0) {
        ctx.addIssue({ code: 'custom', message: 'a pack needs at least one rule', path: ['rules'] });
      }
      if (pack.paramOverrides !== undefined) {
        ctx.addIssue({
          code: 'custom',
          message: '`paramOverrides` needs `extends` (a base pack whose params it changes)',
          path: ['paramOverrides'],
        });
      }
      pack.rules.forEach((rule, index) => {
        if (rule.override) {
          ctx.addIssue({
            code: 'custom',
            message: '`override` needs `extends` (a base pack whose rule it replaces)',
            path: ['rules', index, 'override'],
          });
        }
      });
    }
    const seen = new Map<string, number>();
    pack.rules.forEach((rule, index) => {
      const first = seen.get(rule.id);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          message: `duplicate rule id "${rule.id}" (also rules[${first}])`,
          path: ['rules', index, 'id'],
        });
      } else seen.set(rule.id, index);
    });
  });

export type LocalizedTextInput = z.infer<typeof localizedTextSchema>;
export type ParamDef = z.infer<typeof paramSchema>;
export type CheckDef = z.infer<typeof checkSchema>;
export type RuleDef = z.infer<typeof ruleSchema>;
export type PackDef = z.infer<typeof packSchema>;
export type ParamOverride = z.infer<typeof paramOverrideSchema>;
export type PendingItem = z.infer<typeof pendingItemSchema>;
export type ParamValue = z.infer<typeof paramValueSchema>;
