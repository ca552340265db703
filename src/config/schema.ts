/**
 * The project config file `ledgerlint.config.yaml`, as a zod schema: validation with short readable errors
 * (file:line:column through parseYaml), the editor JSON Schema (docs/config.schema.json, generated) and types.
 */
import { z } from 'zod';

const SNAKE = /^[a-z][a-z0-9_]*$/;
const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const paramValue = z.union([z.number(), z.string(), z.boolean()]);
const paramValues = z
  .record(z.string().regex(SNAKE, { error: 'param names are snake_case, e.g. poverty_line' }), paramValue)
  .meta({ description: 'Param name → value.' });

export const RULE_SETTINGS = ['off', 'error', 'warning', 'info'] as const;
export type RuleSetting = (typeof RULE_SETTINGS)[number];

export const configSchema = z
  .strictObject({
    $schema: z.string().optional(),
    /** Rule packs (built-in ids or paths relative to this file), as --pack. */
    packs: z.array(z.string().min(1)).min(1).optional().meta({
      description: 'Rule packs: built-in ids or paths relative to this file (as --pack; --pack wins).',
    }),
    diffPacks: z.array(z.string().min(1)).min(1).optional().meta({
      description:
        'Rule packs of `ledgerlint diff` (change rules): built-in ids or paths relative to this file (as diff --pack; --pack wins). Default: monitoring-diff.',
    }),
    year: z
      .number()
      .int()
      .min(1990)
      .max(2100)
      .optional()
      .meta({ description: 'Assessment year (as --year; --year wins).' }),
    params: z
      .object({
        /** Values for the assessment year given as `byYear: {"2019": {name: value}}`. */
        byYear: z
          .record(
            z.string().regex(/^\d{4}$/, { error: 'expected a four-digit year such as "2019"' }),
            paramValues,
          )
          .optional()
          .meta({ description: 'Year → params: used when the assessment year is that year.' }),
        /** Values for a province (`params.province` or --param province=…) as `byProvince: {陕西: {…}}`. */
        byProvince: z
          .record(z.string().min(1), paramValues)
          .optional()
          .meta({ description: 'Province → params: used when params.province (or --param province) is it.' }),
      })
      .catchall(paramValue)
      .optional()
      .meta({
        description:
          'Param values for every pack that declares them (as --param; --param wins), with byYear and byProvince tables. Precedence: --param > byProvince > byYear > plain values > the packs.',
      }),
    rules: z
      .record(
        z.string().regex(KEBAB, { error: 'rule ids are kebab-case, e.g. exit-safe-housing' }),
        z.enum(RULE_SETTINGS),
      )
      .optional()
      .meta({
        description:
          'Rule id (a pack rule or a built-in finding type such as invalid-value) → off (disable) or a severity (error, warning, info).',
      }),
    profile: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'Column profile name (as --profile; --profile wins).' }),
    ignore: z.array(z.string().min(1)).optional().meta({
      description: 'Glob patterns (relative to this file) of input files to skip, e.g. "**/*汇总*.xlsx".',
    }),
    lang: z.enum(['zh', 'en']).optional().meta({ description: 'Message language (as --lang).' }),
    format: z
      .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
      .optional()
      .meta({
        description: 'Report format(s), as --format name[=file] (files relative to the working directory).',
      }),
    failOn: z.enum(['error', 'warning', 'info']).optional().meta({ description: 'As --fail-on.' }),
  })
  .superRefine((config, ctx) => {
    for (const [name, value] of Object.entries(config.params ?? {})) {
      if ((name === 'byYear' || name === 'byProvince') && typeof value === 'object') continue;
      if (!SNAKE.test(name)) {
        ctx.addIssue({
          code: 'custom',
          message: 'param names are snake_case, e.g. poverty_line (or byYear / byProvince)',
          path: ['params', name],
        });
      }
    }
  });

export type ProjectConfig = z.infer<typeof configSchema>;
export type ConfigParams = NonNullable<ProjectConfig['params']>;
