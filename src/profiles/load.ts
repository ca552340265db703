/**
 * Reading a column profile from YAML text (no I/O: the caller reads the file). Syntax and schema problems,
 * and problems against the dictionary (unknown field, alias already in the dictionary, unknown label), all
 * come back as a PackError with file:line:column, the way pack errors do.
 */
import { fieldByHeader, fieldByKey, isKnownCode } from '../dictionary/index.js';
import type { FieldDef } from '../dictionary/index.js';
import { normalizeCodeText, normalizeHeaderText } from '../normalize/text.js';
import { PackError, parseYaml, type PackProblem } from '../packs/load.js';
import { profileSchema } from './schema.js';

/** A profile ready for header mapping and value coercion. */
export interface ColumnProfile {
  readonly name: string;
  readonly title: { readonly zh: string; readonly en: string };
  readonly era: string;
  readonly source: string;
  /** Where the profile was read from (rules/profiles/<name>.yaml, or the path given to --profile). */
  readonly file: string;
  /** Most header rows (1–3). */
  readonly maxHeaderRows: number;
  /** normalizeHeaderText(marker) → the marker as written. */
  readonly markers: ReadonlyMap<string, string>;
  /** normalizeHeaderText(alias) → field. */
  readonly aliases: ReadonlyMap<string, FieldDef>;
  /** Field key → normalizeCodeText(value as the export writes it) → canonical label. */
  readonly codes: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** The aliases as written, per field key, for docs and inspect. */
  readonly aliasTexts: ReadonlyMap<string, readonly string[]>;
}

export function parseProfile(text: string, file: string): ColumnProfile {
  const { data, locate } = parseYaml(profileSchema, text, file);
  const problems: PackProblem[] = [];
  const problem = (path: (string | number)[], message: string): void => {
    const pos = locate(path);
    problems.push({ file, line: pos.line, column: pos.column, message, path: path.join('.') });
  };

  const markers = new Map<string, string>();
  for (const [i, marker] of data.markers.entries()) {
    const key = normalizeHeaderText(marker);
    if (key === '') problem(['markers', i], `marker "${marker}" normalizes to nothing`);
    else markers.set(key, marker);
  }

  const aliases = new Map<string, FieldDef>();
  const aliasTexts = new Map<string, readonly string[]>();
  for (const [key, texts] of Object.entries(data.aliases)) {
    const field = fieldByKey(key);
    if (field === undefined) {
      problem(['aliases', key], `unknown field "${key}" (see docs/fields.md)`);
      continue;
    }
    aliasTexts.set(key, texts);
    for (const [i, text] of texts.entries()) {
      const normalized = normalizeHeaderText(text);
      const inDictionary = fieldByHeader(text);
      if (normalized === '') problem(['aliases', key, i], `alias "${text}" normalizes to nothing`);
      else if (inDictionary !== undefined && !normalized.includes('/')) {
        // One source of truth: a header every era uses belongs in src/dictionary/fields.ts.
        problem(['aliases', key, i], `"${text}" is already a dictionary header of ${inDictionary.key}`);
      } else if (aliases.has(normalized) && aliases.get(normalized) !== field) {
        problem(['aliases', key, i], `"${text}" is an alias of two fields in this profile`);
      } else aliases.set(normalized, field);
    }
  }

  const codes = new Map<string, Map<string, string>>();
  for (const [key, values] of Object.entries(data.codes)) {
    const field = fieldByKey(key);
    if (field === undefined || (field.type !== 'enum' && field.type !== 'boolean')) {
      problem(['codes', key], `"${key}" is not a field with a code list`);
      continue;
    }
    const listId = field.type === 'boolean' ? 'yes_no' : (field.codeList as string);
    const map = new Map<string, string>();
    for (const [raw, label] of Object.entries(values)) {
      if (!isKnownCode(listId, label)) {
        problem(['codes', key, raw], `"${label}" is not a label of code list ${listId}`);
        continue;
      }
      map.set(normalizeCodeText(raw), label);
    }
    codes.set(key, map);
  }
  if (problems.length > 0) throw new PackError(problems);

  return {
    name: data.name,
    title: data.title,
    era: data.era,
    source: data.source,
    file,
    maxHeaderRows: data.header.maxRows,
    markers,
    aliases,
    codes,
    aliasTexts,
  };
}
