/** `ledgerlint rules`: what the packs check, as a table or JSON. */
import Table from 'cli-table3';
import { message } from '../i18n/catalogue.js';
import type { Lang } from '../i18n/types.js';
import { loadPacks } from '../packs/registry.js';

export async function listRules(
  packs: readonly string[],
  format: 'text' | 'json',
  lang: Lang,
): Promise<string> {
  const parsed = await loadPacks(packs);
  const rows = parsed.flatMap(({ pack }) =>
    pack.rules.map((rule) => ({
      pack: pack.id,
      id: rule.id,
      severity: rule.severity,
      scope: rule.scope,
      title: rule.title[lang],
      tags: rule.tags,
      source: rule.source,
    })),
  );
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  const table = new Table({
    head: [
      message('report.table.rule', lang),
      message('report.table.severity', lang),
      message('report.table.scope', lang),
      message('report.table.title', lang),
    ],
    style: { head: [], border: [] },
  });
  for (const row of rows)
    table.push([
      row.id,
      message(`report.severity.${row.severity}`, lang),
      message(`report.scope.${row.scope}`, lang),
      row.title,
    ]);
  return `${table.toString()}\n`;
}
