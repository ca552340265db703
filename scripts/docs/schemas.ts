/** JSON Schemas generated from the zod schemas: the report contract and the rule-pack format. */
import { z } from 'zod';
import { configSchema } from '../../src/config/schema.js';
import { reportSchema } from '../../src/findings/report.js';
import { packSchema } from '../../src/packs/schema.js';
import { profileSchema } from '../../src/profiles/schema.js';

function render(schema: z.ZodType, id: string, title: string): string {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });
  return `${JSON.stringify({ $id: id, title, ...json }, null, 2)}\n`;
}

export function renderReportSchema(): string {
  return render(
    reportSchema,
    'https://ledgerlint.dev/schema/report-1.json',
    'ledgerlint report (schemaVersion 1)',
  );
}

export function renderPackSchema(): string {
  return render(packSchema, 'https://ledgerlint.dev/schema/pack.json', 'ledgerlint rule pack');
}

export function renderConfigSchema(): string {
  return render(
    configSchema,
    'https://ledgerlint.dev/schema/config.json',
    'ledgerlint project config (ledgerlint.config.yaml)',
  );
}

export function renderProfileSchema(): string {
  return render(profileSchema, 'https://ledgerlint.dev/schema/profile.json', 'ledgerlint column profile');
}
