/**
 * `ledgerlint rules [list]`: what `check` would run — the packs' rules with the project config's `rules:`
 * settings (and with --builtin the built-in finding types) — as a table or JSON, filtered by pack, tag and scope.
 * `ledgerlint rules show <id>`: one rule in full — title, pack, scope, severity, description, source, the params
 * it uses with their values, its expressions. `ledgerlint packs validate <file>`: load a pack with its extends
 * and type-check every expression.
 */
import Table from 'cli-table3';
import { fieldByKey } from '../dictionary/index.js';
import { compilePacks } from '../engine/compile.js';
import { refuseUnknownRuleIds, settleRules, type RuleSettings } from '../config/rules.js';
import { LedgerlintError } from '../errors.js';
import { BUILTIN_FINDINGS } from '../findings/catalogue.js';
import type { Severity } from '../findings/types.js';
import { message } from '../i18n/catalogue.js';
import type { Lang } from '../i18n/types.js';
import { formatProblem, PackError, ruleDocPath, type ParsedPack } from '../packs/load.js';
import { resolveParams } from '../packs/params.js';
import { builtinPackIds, builtinRuleIds, loadPacks, loadPackSync } from '../packs/registry.js';
import type { ParamDef, RuleDef } from '../packs/schema.js';

export interface RuleFilter {
  readonly tag?: string;
  readonly scope?: string;
}

export interface ListOptions extends RuleFilter {
  /** `rules:` of the project config: rules turned off are not listed, re-graded ones show their new severity. */
  readonly settings?: RuleSettings;
  /** Also list the built-in finding types (invalid-value, missing-household-id …), settings applied. */
  readonly builtin?: boolean;
}

interface RuleRow {
  readonly pack: string | null;
  readonly id: string;
  readonly severity: Severity;
  readonly scope: string;
  readonly title: string;
  readonly tags: readonly string[];
  readonly source: string | null;
}

/**
 * The rules `check` would run with these packs and settings, as a table or JSON: what the config's `rules:`
 * turns off is left out, what it re-grades shows its new severity.
 */
export async function listRules(
  packs: readonly string[],
  format: 'text' | 'json',
  lang: Lang,
  options: ListOptions = {},
): Promise<string> {
  const parsed = await loadPacks(packs);
  const settings = options.settings;
  if (settings) {
    const selected = new Set(parsed.flatMap(({ pack }) => pack.rules.map((r) => r.id)));
    refuseUnknownRuleIds(settings, selected, builtinRuleIds());
  }
  const packRows = parsed.flatMap(({ pack }) =>
    pack.rules.map((rule): RuleRow => ({
      pack: pack.id,
      id: rule.id,
      severity: rule.severity,
      scope: rule.scope,
      title: rule.title[lang],
      tags: rule.tags,
      source: rule.source,
    })),
  );
  const builtinRows = options.builtin
    ? Object.values(BUILTIN_FINDINGS).map((type): RuleRow => ({
        pack: null,
        id: type.id,
        severity: type.severity,
        scope: type.scope,
        title: type.title[lang],
        tags: [],
        source: null,
      }))
    : [];
  const rows = settleRules([...packRows, ...builtinRows], settings).filter(
    (row) =>
      (options.tag === undefined || row.tags.includes(options.tag)) &&
      (options.scope === undefined || row.scope === options.scope),
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
  return `${table.toString()}\n${message('rules.list.count', lang, { count: rows.length })}\n`;
}

/** Names of the pack params an expression reads: `params.x` and `yearParam('x', …)`. */
export function paramsUsed(rule: RuleDef): string[] {
  const expressions = [
    rule.when,
    rule.assert,
    rule.check?.type === 'exactly-one' ? rule.check.where : undefined,
    ...Object.values(rule.data ?? {}),
  ];
  const names = new Set<string>();
  for (const expr of expressions) {
    if (!expr) continue;
    for (const m of expr.matchAll(/\bparams\s*\.\s*\??([a-z_]\w*)/g)) if (m[1]) names.add(m[1]);
    for (const m of expr.matchAll(/\byearParam\(\s*['"]([a-z_]\w*)['"]/g)) if (m[1]) names.add(m[1]);
  }
  return [...names];
}

/** A param's values in one line: the default, the year table, the province tables. */
export function paramValuesText(def: ParamDef): string {
  const parts: string[] = [];
  if (def.default !== undefined) parts.push(`default ${String(def.default)}`);
  const table = (byYear: Record<string, unknown> | undefined) =>
    Object.entries(byYear ?? {})
      .map(([y, v]) => `${y}: ${String(v)}`)
      .join(', ');
  if (def.byYear) parts.push(table(def.byYear));
  for (const [province, local] of Object.entries(def.byProvince ?? {})) {
    const values = [
      local.default === undefined ? '' : `default ${String(local.default)}`,
      table(local.byYear),
    ].filter(Boolean);
    parts.push(`${province}: ${values.join(', ')}`);
  }
  return parts.join('; ');
}

/**
 * `rules show <id>`: the rule in the given packs, or when none are given in any built-in pack (the pack that
 * defines it first, then packs that inherit it).
 */
export async function showRule(
  packs: readonly string[] | undefined,
  ruleId: string,
  format: 'text' | 'json',
  lang: Lang,
  settings?: RuleSettings,
): Promise<string> {
  const candidates = packs ? await loadPacks(packs) : (await builtinPackIds()).map((id) => loadPackSync(id));
  const owning = (p: ParsedPack) => p.ownRuleIds === undefined || p.ownRuleIds.includes(ruleId);
  const holders = candidates.filter((p) => p.pack.rules.some((r) => r.id === ruleId));
  const parsed = holders.find(owning) ?? holders[0];
  const rule = parsed?.pack.rules.find((r) => r.id === ruleId);
  if (!parsed || !rule) {
    throw new LedgerlintError('cli.rule-not-found', {
      rule: ruleId,
      packs: candidates.map((p) => p.pack.id).join(', '),
    });
  }
  const params = Object.fromEntries(
    paramsUsed(rule).map((name) => [name, parsed.pack.params[name]] as const),
  );
  // The config's `rules:` setting, as `check` would apply it: a severity, or off.
  const setting = settings?.rules[rule.id];
  const severity = setting ?? rule.severity;
  const doc = ruleDocPath(parsed, rule.id);
  if (format === 'json') {
    return `${JSON.stringify(
      {
        id: rule.id,
        pack: parsed.pack.id,
        extends: parsed.bases ?? [],
        title: rule.title,
        severity,
        scope: rule.scope,
        description: rule.description ?? null,
        source: rule.source,
        fields: rule.fields,
        tags: rule.tags,
        params,
        when: rule.when ?? null,
        assert: rule.assert ?? null,
        check: rule.check ?? null,
        messages: rule.messages,
        doc,
      },
      null,
      2,
    )}\n`;
  }
  const none = message('rules.show.none', lang);
  const label = (id: string) => message(`rules.show.${id}`, lang);
  const lines = [
    `${rule.id} — ${rule.title[lang]}`,
    `${label('pack')}: ${parsed.pack.id} ${parsed.pack.version}${parsed.bases?.length ? ` (extends ${parsed.bases.join(' → ')})` : ''}`,
    `${label('scope')}: ${message(`report.scope.${rule.scope}`, lang)}    ${label('severity')}: ${severityText(severity, rule.severity, lang)}`,
    `${label('fields')}: ${rule.fields.map((f) => `${f} ${fieldByKey(f)?.[lang] ?? ''}`.trim()).join(', ')}`,
    `${label('tags')}: ${rule.tags.join(', ') || none}`,
    `${label('description')}: ${oneLine(rule.description ?? none)}`,
    `${label('source')}: ${oneLine(rule.source)}`,
    `${label('params')}:${Object.keys(params).length === 0 ? ` ${none}` : ''}`,
    ...Object.entries(params).map(([name, def]) =>
      def
        ? `  params.${name} — ${def.title[lang]}: ${paramValuesText(def)}`
        : `  params.${name} — ${message('rules.show.none', lang)}`,
    ),
  ];
  if (rule.when) lines.push(`${label('when')}: ${oneLine(rule.when)}`);
  if (rule.assert) lines.push(`${label('expression')}: ${oneLine(rule.assert)}`);
  if (rule.check) lines.push(`${label('check')}: ${JSON.stringify(rule.check)}`);
  lines.push(`${label('doc')}: ${doc}`);
  return `${lines.join('\n')}\n`;
}

/** The severity a run would use; set by the config, with the rule's own in brackets. */
function severityText(severity: Severity | 'off', own: Severity, lang: Lang): string {
  const text = message(severity === 'off' ? 'rules.show.off' : `report.severity.${severity}`, lang);
  return severity === own
    ? text
    : message('rules.show.configured', lang, {
        severity: text,
        own: message(`report.severity.${own}`, lang),
      });
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * `packs validate <file>`: the pack with its extends, every expression type-checked against the dictionary and
 * its params. Returns the text to print and the exit code (0 valid, 2 problems).
 */
export function validatePack(spec: string, lang: Lang): { code: number; stdout: string; stderr: string } {
  let parsed: ParsedPack;
  try {
    parsed = loadPackSync(spec);
    const params = resolveParams([parsed.pack], { overrides: {} });
    compilePacks([parsed], params, { all: false });
  } catch (error) {
    if (!(error instanceof PackError)) throw error;
    const lines = [
      message('packs.validate.failed', lang, { file: spec, count: error.problems.length }),
      ...error.problems.map(formatProblem),
    ];
    return { code: 2, stdout: '', stderr: `${lines.join('\n')}\n` };
  }
  const own = parsed.ownRuleIds?.length ?? parsed.pack.rules.length;
  const lines = [
    message('packs.validate.ok', lang, {
      file: spec,
      pack: parsed.pack.id,
      version: parsed.pack.version,
      rules: parsed.pack.rules.length,
      inherited: parsed.pack.rules.length - own,
      params: Object.keys(parsed.pack.params).length,
    }),
  ];
  if (parsed.bases?.length) {
    lines.push(message('packs.validate.extends', lang, { bases: parsed.bases.join(' → ') }));
  }
  return { code: 0, stdout: `${lines.join('\n')}\n`, stderr: '' };
}
