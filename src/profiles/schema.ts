/**
 * Column profiles (rules/profiles/<name>.yaml): how the exports of one era or one kind of office name their
 * columns. A profile adds header aliases per canonical field on top of the data dictionary, lists the headers
 * that mark its layout (used to score it against a sheet), gives header-row hints and the code-list dialect
 * (values of that export that mean a canonical label, e.g. 扶贫户 in the 2014 form). The dictionary stays the
 * one source of truth for every header that means the same field in all eras; a profile holds only what is
 * specific to its layout (checked on load: a profile alias may not already be a dictionary alias).
 * rules/profiles/schema.json is generated from this schema for editors (npm run docs).
 */
import { z } from 'zod';

const localized = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });

export const PROFILE_NAME = /^[a-z][a-z0-9-]*$/;

export const profileSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: z
      .string()
      .regex(PROFILE_NAME, 'kebab-case name, e.g. nfx-2016')
      .meta({ description: 'Stable kebab-case name, used by --profile <name>.' }),
    title: localized,
    era: z
      .string()
      .min(1)
      .meta({ description: 'Years of the exports this profile describes, e.g. 2016–2020.' }),
    source: z.string().min(1).meta({ description: 'Where the layout is documented (domain.md section).' }),
    header: z
      .strictObject({
        maxRows: z
          .number()
          .int()
          .min(1)
          .max(3)
          .default(3)
          .meta({ description: 'Most header rows this layout has (group rows included).' }),
      })
      .default({ maxRows: 3 })
      .meta({ description: 'Header-row hints.' }),
    markers: z.array(z.string().min(1)).default([]).meta({
      description:
        'Header texts typical of this layout (dictionary aliases allowed). Each one found in a sheet header adds one point to the profile score.',
    }),
    aliases: z
      .record(z.string(), z.array(z.string().min(1)).min(1))
      .default({})
      .meta({
        description:
          'Canonical field key → header texts that mean it in this layout only (not already dictionary aliases).',
      }),
    codes: z
      .record(z.string(), z.record(z.string(), z.string().min(1)))
      .default({})
      .meta({
        description:
          'Code-list dialect: canonical field key → {value as this export writes it: canonical label}.',
      }),
  })
  .meta({ title: 'ledgerlint column profile' });

export type ProfileDef = z.infer<typeof profileSchema>;
