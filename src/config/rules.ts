/**
 * `rules:` of the project config: turn rules off or change their severity. Applied to the compiled rules of a
 * run, and to the built-in finding types (invalid-value, missing-household-id, duplicate-column …: the
 * catalogue in findings/catalogue.ts) as their findings enter the report. An id that is neither a rule of a
 * known pack nor a built-in type is a config error (a typo would otherwise silently keep a rule on, or leave
 * the severity the user meant to change).
 */
import type { CompiledRule } from '../engine/compile.js';
import { LedgerlintError } from '../errors.js';
import { BUILTIN_FINDINGS } from '../findings/catalogue.js';
import type { Finding, Severity } from '../findings/types.js';
import type { LoadedConfig } from './load.js';
import type { RuleSetting } from './schema.js';

export interface RuleSettings {
  readonly rules: Readonly<Record<string, RuleSetting>>;
  /** Where the setting of a rule id is written (`ledgerlint.config.yaml:12:3`), for error messages. */
  readonly where: (ruleId: string) => string;
  /**
   * Rule ids known besides the built-in packs' and the run's own (a diff run: the rules of check's packs, which
   * it does not load as rules): a setting for one of those is not refused as unknown, and applies to no rule here.
   */
  readonly otherKnownRuleIds?: ReadonlySet<string>;
}

/** The `rules:` settings of the project config, with where each is written (for error messages). */
export function ruleSettingsOf(config: LoadedConfig | null): RuleSettings | undefined {
  const rules = config?.config.rules;
  return rules ? { rules, where: (id) => config.where(['rules', id]) } : undefined;
}

/**
 * The run's rules after the settings: `off` removes a rule, a severity replaces its own. `knownRuleIds` are the
 * rules of every available pack: a setting for one of those that is not selected in this run is ignored.
 */
export function applyRuleSettings(
  rules: readonly CompiledRule[],
  settings: RuleSettings | undefined,
  knownRuleIds: ReadonlySet<string>,
): CompiledRule[] {
  if (settings === undefined) return [...rules];
  refuseUnknownRuleIds(settings, new Set(rules.map((r) => r.id)), knownRuleIds);
  return settleRules(rules, settings);
}

/**
 * Rules (or anything with a rule id and a severity: `rules list` rows) as the settings leave them: those set
 * `off` left out, those set to a severity with it. The one place a setting is applied to a rule.
 */
export function settleRules<T extends { readonly id: string; readonly severity: Severity }>(
  rules: readonly T[],
  settings: Pick<RuleSettings, 'rules'> | undefined,
): T[] {
  const result: T[] = [];
  for (const rule of rules) {
    const setting = settings?.rules[rule.id];
    if (setting === 'off') continue;
    result.push(setting === undefined ? rule : { ...rule, severity: setting });
  }
  return result;
}

/**
 * A setting whose id is no rule of this run, of any known pack (`knownRuleIds`, the settings' own
 * `otherKnownRuleIds`) or built-in finding type is a config error naming where it is written.
 */
export function refuseUnknownRuleIds(
  settings: RuleSettings,
  selected: ReadonlySet<string>,
  knownRuleIds: ReadonlySet<string>,
): void {
  for (const id of Object.keys(settings.rules)) {
    const known = knownRuleIds.has(id) || settings.otherKnownRuleIds?.has(id) === true;
    if (!selected.has(id) && !known && !Object.hasOwn(BUILTIN_FINDINGS, id)) {
      throw new LedgerlintError('cli.config-unknown-rule', { rule: id, at: settings.where(id) });
    }
  }
}

/**
 * The settings of built-in finding types, as a step applied to each finding entering the report: null for a
 * type turned `off`, the finding with the set severity otherwise. Undefined when no built-in type is set (the
 * findings pass unchanged). Rule findings pass unchanged: their rules were settled by applyRuleSettings.
 */
export function builtinFindingSettings(
  settings: Pick<RuleSettings, 'rules'> | undefined,
): ((finding: Finding) => Finding | null) | undefined {
  if (settings === undefined) return undefined;
  const builtin = new Map<string, RuleSetting>();
  for (const [id, setting] of Object.entries(settings.rules)) {
    if (Object.hasOwn(BUILTIN_FINDINGS, id)) builtin.set(id, setting);
  }
  if (builtin.size === 0) return undefined;
  return (finding) => {
    const setting = builtin.get(finding.ruleId);
    if (setting === undefined) return finding;
    if (setting === 'off') return null;
    return finding.severity === setting ? finding : { ...finding, severity: setting };
  };
}
