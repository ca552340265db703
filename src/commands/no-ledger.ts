/**
 * The one message for a file in which no sheet could be read as a ledger: what was expected, what each
 * sheet held, and which option to try (cli.no-ledger).
 */
import { LedgerlintError } from '../errors.js';
import { CLI_MESSAGES } from '../i18n/messages/cli.js';
import { interpolate } from '../i18n/interpolate.js';
import type { Lang } from '../i18n/types.js';
import type { OpenedSheet } from '../normalize/sheet.js';
import { builtinNames } from '../profiles/registry.js';

type Skipped = Extract<OpenedSheet, { skipped: 'hidden' | 'no-header' | 'not-a-ledger' }>;

function msg(id: string, lang: Lang, data: Readonly<Record<string, unknown>> = {}): string {
  const text = CLI_MESSAGES[id];
  return text ? interpolate(text[lang], data) : id;
}

/** What one skipped sheet held, in the user's language. */
export function describeSkipped(sheet: string | null, opened: Skipped, lang: Lang): string {
  const where = sheet === null ? msg('cli.no-ledger.csv', lang) : msg('cli.no-ledger.sheet', lang, { sheet });
  if (opened.skipped === 'hidden') return msg('cli.no-ledger.hidden', lang, { where });
  if (opened.skipped === 'not-a-ledger') return msg('cli.no-ledger.not-a-ledger', lang, { where });
  if (opened.firstRow.length === 0) return msg('cli.no-ledger.empty', lang, { where });
  return msg('cli.no-ledger.no-header', lang, { where, row: opened.firstRow.join(' | ') });
}

export function noLedgerError(file: string, found: readonly string[], lang: Lang): LedgerlintError {
  return new LedgerlintError('cli.no-ledger', {
    file,
    found: found.join(msg('cli.no-ledger.separator', lang)),
    profiles: builtinNames().join(', '),
  });
}
