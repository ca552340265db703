/**
 * `rules:` of the project config: turn rules off or change their severity. Applied to the compiled rules of a
 * run; an id that is no rule of any known pack is a config error (a typo would otherwise silently keep a rule
 * on, or leave the severity the user meant to change).
 */
import type { CompiledRule } from '../engine/compile.js';
import { LedgerlintError } from '../errors.js';
import type { RuleSetting } from './schema.js';

export interface RuleSettings {
  readonly rules: Readonly<Record<string, RuleSetting>>;
  /** Where the setting of a rule id is written (`ledgerlint.config.yaml:12:3`), for error messages. */
  readonly where: (ruleId: string) => string;
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
  const selected = new Set(rules.map((r) => r.id));
  for (const id of Object.keys(settings.rules)) {
    if (!selected.has(id) && !knownRuleIds.has(id)) {
      throw new LedgerlintError('cli.config-unknown-rule', { rule: id, at: settings.where(id) });
    }
  }
  const result: CompiledRule[] = [];
  for (const rule of rules) {
    const setting = settings.rules[rule.id];
    if (setting === 'off') continue;
    result.push(setting === undefined ? rule : { ...rule, severity: setting });
  }
  return result;
}
