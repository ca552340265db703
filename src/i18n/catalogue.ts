/**
 * The message catalogue: every user-facing string of the tool (errors, built-in findings, report labels) in
 * zh and en, keyed by message id. Rule messages live in the packs. A test fails when a key lacks a language.
 */
import { interpolate } from './interpolate.js';
import { BATCH_MESSAGES } from './messages/batch.js';
import { CLI_MESSAGES } from './messages/cli.js';
import { FINDING_MESSAGES } from './messages/findings.js';
import { HELP_MESSAGES } from './messages/help.js';
import { HTML_MESSAGES } from './messages/html.js';
import { INSPECT_MESSAGES } from './messages/inspect.js';
import { IO_MESSAGES } from './messages/io.js';
import { PACKS_MESSAGES } from './messages/packs.js';
import { REPORT_MESSAGES } from './messages/report.js';
import { SUMMARY_MESSAGES } from './messages/summary.js';
import { XLSX_MESSAGES } from './messages/xlsx.js';
import type { Lang, LocalizedText, MessageCatalogue } from './types.js';

export const CATALOGUE: MessageCatalogue = {
  ...CLI_MESSAGES,
  ...IO_MESSAGES,
  ...FINDING_MESSAGES,
  ...REPORT_MESSAGES,
  ...SUMMARY_MESSAGES,
  ...INSPECT_MESSAGES,
  ...BATCH_MESSAGES,
  ...PACKS_MESSAGES,
  ...HTML_MESSAGES,
  ...HELP_MESSAGES,
  ...XLSX_MESSAGES,
};

export function lookup(id: string): LocalizedText | undefined {
  return CATALOGUE[id];
}

/** Render a catalogue message; an unknown id renders as itself so a missing key is visible, not fatal. */
export function message(id: string, lang: Lang, data: Readonly<Record<string, unknown>> = {}): string {
  const text = CATALOGUE[id];
  return text ? interpolate(text[lang], data) : id;
}

/**
 * The language: --lang wins; otherwise English when the locale (LC_ALL, LC_MESSAGES, LANG) is English;
 * Chinese by default, as the users are.
 */
export function detectLang(
  option: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): Lang {
  if (option === 'zh' || option === 'en') return option;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^en([_.-]|$)/i.test(locale) ? 'en' : 'zh';
}
