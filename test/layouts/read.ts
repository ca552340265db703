/** Reads a layout fixture the way `check` does (openLedger → openSheet → record builder) for assertions. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Finding } from '../../src/findings/types.js';
import { openLedger } from '../../src/io/open.js';
import type { OpenOptions } from '../../src/io/types.js';
import { createRecordBuilder, type ExcludedReason } from '../../src/normalize/records.js';
import { openSheet } from '../../src/normalize/sheet.js';
import type { FieldValue, SheetLayout } from '../../src/normalize/types.js';
import { profileRequest } from '../../src/profiles/registry.js';

export const LAYOUTS_DIR = fileURLToPath(new URL('../../fixtures/layouts/', import.meta.url));

export function layoutFile(name: string): string {
  return path.join(LAYOUTS_DIR, name);
}

export interface ReadRecord {
  readonly row: number;
  readonly values: Readonly<Record<string, FieldValue>>;
}

export interface ReadSheet {
  readonly name: string | null;
  readonly skipped: string | null;
  readonly layout: SheetLayout | null;
  readonly records: ReadRecord[];
  /** Header findings and row findings. */
  readonly findings: Finding[];
  readonly excluded: { row: number; reason: ExcludedReason }[];
}

export async function readLayout(
  name: string,
  options: OpenOptions & { profile?: string } = {},
): Promise<ReadSheet[]> {
  const file = layoutFile(name);
  const profiles = profileRequest(options.profile);
  const sheets: ReadSheet[] = [];
  for await (const source of openLedger(file, name, options)) {
    const opened = await openSheet(source, options.sheet !== undefined, profiles);
    if (opened.skipped !== null) {
      sheets.push({
        name: source.sheet,
        skipped: opened.skipped,
        layout: opened.layout,
        records: [],
        findings: [],
        excluded: [],
      });
      continue;
    }
    const build = createRecordBuilder(opened.layout);
    const sheet: ReadSheet = {
      name: source.sheet,
      skipped: null,
      layout: opened.layout,
      records: [],
      findings: [...opened.findings],
      excluded: [],
    };
    for await (const raw of opened.rows) {
      const built = build(raw);
      sheet.findings.push(...built.findings);
      if (built.excluded !== undefined) sheet.excluded.push({ row: raw.row, reason: built.excluded });
      if (built.record !== null) sheet.records.push({ row: built.record.row, values: built.record.values });
    }
    sheets.push(sheet);
  }
  return sheets;
}

/** Column letter → field key of a layout (mapped columns only). */
export function mapping(layout: SheetLayout | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of layout?.columns ?? []) if (c.field !== null) out[c.column] = c.field;
  return out;
}

/** Short view of findings: ruleId/messageId@row:column. */
export function brief(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.ruleId}/${f.messageId}@${f.row ?? '-'}:${f.column ?? '-'}`);
}
