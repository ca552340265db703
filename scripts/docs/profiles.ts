/**
 * Renders docs/profiles.md from rules/profiles/*.yaml: per profile, the headers it adds (and to which field),
 * its marker headers and its code-list dialect. Headers every era uses are in docs/fields.md.
 */
import { fieldByKey } from '../../src/dictionary/index.js';
import { builtinProfiles } from '../../src/profiles/registry.js';

export function renderProfilesDoc(): string {
  const out: string[] = [];
  out.push('# 列配置档 / Column profiles');
  out.push('');
  out.push('<!-- Generated from rules/profiles by `npm run docs`. Do not edit by hand. -->');
  out.push('');
  out.push(
    'A profile describes the export layout of one era or kind of office. Headers that mean the same field in every era are dictionary aliases ([fields.md](fields.md)); a profile adds only the headers specific to its layout, the marker headers that score it against a sheet (score = distinct fields mapped + markers found; the best score wins, the dictionary alone on a tie) and its code-list dialect. Choose one with `--profile <name|path>`; `ledgerlint inspect` shows the choice and every score.',
  );
  for (const p of builtinProfiles()) {
    out.push('');
    out.push(`## \`${p.name}\` — ${p.title.zh} / ${p.title.en}`);
    out.push('');
    out.push(`Era: ${p.era}. Source: ${p.source}. Header rows: up to ${p.maxHeaderRows}.`);
    out.push('');
    out.push(`Markers: ${[...p.markers.values()].map((m) => `\`${m}\``).join(', ') || '—'}`);
    out.push('');
    if (p.aliasTexts.size > 0) {
      out.push('| Header | Field |');
      out.push('| --- | --- |');
      for (const [key, texts] of p.aliasTexts) {
        const field = fieldByKey(key);
        out.push(`| ${texts.map((t) => `\`${t}\``).join(', ')} | \`${key}\` ${field?.zh ?? ''} |`);
      }
    } else {
      out.push('No headers of its own: every header of this layout is a dictionary alias.');
    }
    if (p.codes.size > 0) {
      out.push('');
      out.push('| Field | Value as written | Read as |');
      out.push('| --- | --- | --- |');
      for (const [key, values] of p.codes) {
        for (const [raw, label] of values) out.push(`| \`${key}\` | ${raw} | ${label} |`);
      }
    }
  }
  return `${out.join('\n')}\n`;
}
