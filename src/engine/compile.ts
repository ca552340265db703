/**
 * Compiling packs: every expression is parsed and type-checked once per run, against the scope it runs in,
 * and a bad expression is a pack error with file:line:column (exit 2), never a per-row surprise.
 */
import type { Environment } from '@marcbachmann/cel-js';
import { fieldByKey } from '../dictionary/index.js';
import type { Severity } from '../findings/types.js';
import type { LocalizedTextInput, PackDef, ParamValue, RuleDef } from '../packs/schema.js';
import { PackError, type PackProblem, type ParsedPack } from '../packs/load.js';
import type { ResolvedParams } from '../packs/params.js';
import {
  groupEnvironments,
  readsPopulation,
  type CompiledAggregate,
  type CompiledFact,
} from './aggregate.js';
import {
  baseEnvironment,
  DERIVED_HOUSEHOLD_FIELDS,
  DERIVED_PERSON_FIELDS,
  registerRuleFunction,
  RULE_FUNCTIONS,
  type RuleFunction,
} from './cel.js';
import { compileEvaluator, type Evaluator } from './closure.js';

export type { Evaluator };

export interface CompiledCheckUnique {
  readonly type: 'unique';
  readonly field: string;
}
export interface CompiledCheckExactlyOne {
  readonly type: 'exactly-one';
  readonly where: Evaluator;
}
export interface CompiledCheckFields {
  readonly type: 'required' | 'code-list';
  readonly fields: readonly string[];
}
export type CompiledCheck = CompiledCheckUnique | CompiledCheckExactlyOne | CompiledCheckFields;

export interface CompiledRule {
  readonly id: string;
  readonly packId: string;
  readonly severity: Severity;
  readonly scope: RuleDef['scope'];
  /** For diff rules: household (old/new households) or person (old/new persons, h the new household). */
  readonly of: 'household' | 'person';
  readonly title: LocalizedTextInput;
  readonly messages: Readonly<Record<string, LocalizedTextInput>>;
  readonly defaultMessageId: string;
  readonly fields: readonly string[];
  /** Columns the rule cannot run without: referenced fields minus optionalFields and needsOneOf. */
  readonly needs: readonly string[];
  /** At least one of these columns must be present. */
  readonly needsOneOf: readonly string[];
  readonly tags: readonly string[];
  readonly source: string;
  /** A rule of a `kind: standard` pack at person or household scope: counted in the pass rates per standard. */
  readonly standard: boolean;
  /** The pack's appliesTo (household filter), unless `--all`. */
  readonly appliesTo?: Evaluator;
  readonly when?: Evaluator;
  readonly assert?: Evaluator;
  readonly check?: CompiledCheck;
  readonly data: readonly (readonly [string, Evaluator])[];
  /** Parameters of the rule's pack, passed to every evaluation as `params`. */
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly def: RuleDef;
  /** Aggregate scopes (village/township/county): the facts tallied per group. */
  readonly aggregate?: CompiledAggregate;
}

export interface CompileOptions {
  /** `--all`: ignore each pack's appliesTo. */
  readonly all: boolean;
}

const FIELD_REFERENCE = /\b([A-Za-z_]\w*)\s*\.\??\s*([a-z_]\w*)/g;
const DERIVED = new Set<string>([
  ...Object.keys(DERIVED_PERSON_FIELDS),
  ...Object.keys(DERIVED_HOUSEHOLD_FIELDS),
]);

/** Canonical fields an expression reads (`p.age`, `h.income_net`, `m.relation`), params excluded. */
export function referencedFields(expression: string): string[] {
  const found = new Set<string>();
  for (const match of expression.matchAll(FIELD_REFERENCE)) {
    const receiver = match[1];
    const name = match[2];
    if (receiver === 'params' || name === undefined) continue;
    if (fieldByKey(name) || DERIVED.has(name)) found.add(name);
  }
  return [...found];
}

export function compilePacks(
  parsed: readonly ParsedPack[],
  params: ResolvedParams,
  options: CompileOptions,
): CompiledRule[] {
  const problems: PackProblem[] = [];
  const rules: CompiledRule[] = [];
  for (const entry of parsed) {
    const { pack } = entry;
    const packParams: Record<string, ParamValue> = {
      ...params.byPack.get(pack.id),
      assessment_date: params.assessmentDate,
      province: params.province ?? '',
    };
    const envs = packEnvironments(pack, params, packParams);
    const compile = (
      expr: string,
      env: Environment,
      path: (string | number)[],
      types: readonly string[] = ['bool'],
    ): Evaluator | undefined => {
      const result = env.check(expr);
      const fast = envs.fast.get(env);
      if (!result.valid) {
        const at = entry.locate(path);
        problems.push({
          file: at.file ?? entry.file,
          line: at.line,
          column: at.column,
          message: celMessage(result.error ?? new Error('invalid expression')),
          path: dotted(path),
        });
        return undefined;
      }
      if (!types.includes(result.type ?? '') && path.at(-2) !== 'data') {
        const at = entry.locate(path);
        problems.push({
          file: at.file ?? entry.file,
          line: at.line,
          column: at.column,
          message: `expression must be a ${types.join(' or ')}, it is ${result.type}`,
          path: dotted(path),
        });
        return undefined;
      }
      return compileEvaluator((fast ?? env).parse(expr), envs.functions);
    };
    const appliesTo =
      pack.appliesTo && !options.all ? compile(pack.appliesTo, envs.household, ['appliesTo']) : undefined;

    pack.rules.forEach((rule, index) => {
      const at = (...rest: (string | number)[]) => ['rules', index, ...rest];
      const aggregate = compileAggregate(rule, index, pack, envs, (expr, env, path) =>
        compile(expr, env, at(...path), ['bool', 'double']),
      );
      const env =
        aggregate?.env ??
        (rule.scope === 'diff'
          ? rule.of === 'person'
            ? envs.personDiff
            : envs.householdDiff
          : rule.scope === 'person'
            ? envs.person
            : envs.household);
      const unknown = [...rule.fields, ...(rule.optionalFields ?? []), ...(rule.needsOneOf ?? [])].filter(
        (f) => !fieldByKey(f) && !DERIVED.has(f),
      );
      for (const f of unknown) {
        const pos = entry.locate(at('fields'));
        problems.push({
          file: pos.file ?? entry.file,
          line: pos.line,
          column: pos.column,
          message: `unknown field "${f}"`,
          path: dotted(at('fields')),
        });
      }
      const when = rule.when ? compile(rule.when, env, at('when')) : undefined;
      const assert = rule.assert ? compile(rule.assert, env, at('assert')) : undefined;
      const data: (readonly [string, Evaluator])[] = [];
      for (const [name, expr] of Object.entries(rule.data ?? {})) {
        const evaluator = compile(expr, env, at('data', name));
        if (evaluator) data.push([name, evaluator]);
      }
      let check: CompiledCheck | undefined;
      const expressions = aggregate
        ? aggregate.compiled.facts.map((f) => f.expression)
        : [rule.when, rule.assert, ...Object.values(rule.data ?? {})];
      const referenced = new Set<string>(expressions.flatMap((e) => (e ? referencedFields(e) : [])));
      if (rule.scope === 'village' || rule.scope === 'township') referenced.add(rule.scope);
      switch (rule.check?.type) {
        case 'unique':
          check = { type: 'unique', field: rule.check.field };
          referenced.add(rule.check.field);
          break;
        case 'exactly-one': {
          const where = compile(rule.check.where, envs.member, at('check', 'where'));
          if (where) check = { type: 'exactly-one', where };
          for (const f of referencedFields(rule.check.where)) referenced.add(f);
          break;
        }
        case 'required':
        case 'code-list':
          check = { type: rule.check.type, fields: rule.check.fields };
          for (const f of rule.check.fields) {
            const def = fieldByKey(f);
            if (!def || (rule.check.type === 'code-list' && !def.codeList)) {
              const pos = entry.locate(at('check', 'fields'));
              problems.push({
                file: pos.file ?? entry.file,
                line: pos.line,
                column: pos.column,
                message: def ? `field "${f}" has no code list` : `unknown field "${f}"`,
                path: dotted(at('check', 'fields')),
              });
            }
          }
          break;
        case undefined:
          break;
      }
      // required/code-list report per present column, so they need none in particular.
      const optional = new Set([...(rule.optionalFields ?? []), ...(rule.needsOneOf ?? [])]);
      const needs =
        rule.check?.type === 'required' || rule.check?.type === 'code-list'
          ? []
          : [...referenced].filter((f) => !optional.has(f));
      rules.push({
        id: rule.id,
        packId: pack.id,
        severity: rule.severity,
        scope: rule.scope,
        of: rule.of ?? 'household',
        title: rule.title,
        messages: rule.messages,
        defaultMessageId: Object.keys(rule.messages)[0] ?? 'default',
        fields: rule.fields,
        needs,
        needsOneOf: rule.needsOneOf ?? [],
        tags: rule.tags,
        source: rule.source,
        standard: pack.kind === 'standard' && (rule.scope === 'person' || rule.scope === 'household'),
        appliesTo,
        when,
        assert,
        check,
        data,
        params: packParams,
        def: rule,
        aggregate: aggregate?.compiled,
      });
    });
  }
  const seen = new Map<string, string>();
  for (const rule of rules) {
    const other = seen.get(rule.id);
    if (other !== undefined && other !== rule.packId) {
      problems.push({
        file: rule.packId,
        line: 1,
        column: 1,
        message: `rule id "${rule.id}" is defined by packs ${other} and ${rule.packId}`,
      });
    }
    seen.set(rule.id, rule.packId);
  }
  if (problems.length > 0) throw new PackError(problems);
  return rules;
}

interface PackEnvironments {
  readonly person: Environment;
  readonly household: Environment;
  /** For `exactly-one` conditions: `m` is a member, `h` its household. */
  readonly member: Environment;
  /** Diff rules: `old` and `new` households, or persons with `h` the new household. */
  readonly householdDiff: Environment;
  readonly personDiff: Environment;
  /**
   * Expressions are type-checked in the typed environments above (unknown fields, wrong types: errors at load)
   * and evaluated in these untyped twins, where records are plain maps: the typed ones convert every record into
   * a checked wrapper on every evaluation, which cost about a third of the engine's time.
   */
  readonly fast: Map<Environment, Environment>;
  /** The pack's environments without scope variables, for the aggregate scopes' `g`. */
  readonly typed: Environment;
  readonly untyped: Environment;
  /** The functions expressions can call (for the closure compiler): RULE_FUNCTIONS and the pack's yearParam. */
  readonly functions: readonly RuleFunction[];
}

/**
 * Aggregate scopes: compile the rule's facts (bool or number, over `h` or `p`), then the environment its
 * when/assert/data are checked in, where `g.facts` has exactly these facts. See engine/aggregate.ts.
 */
function compileAggregate(
  rule: RuleDef,
  index: number,
  pack: PackDef,
  envs: PackEnvironments,
  compileFact: (expr: string, env: Environment, path: (string | number)[]) => Evaluator | undefined,
): { env: Environment; compiled: CompiledAggregate } | undefined {
  if (rule.scope !== 'village' && rule.scope !== 'township' && rule.scope !== 'county') return undefined;
  const facts: CompiledFact[] = [];
  const declared = [
    ['household', 'householdFacts', rule.householdFacts, envs.household],
    ['person', 'personFacts', rule.personFacts, envs.person],
  ] as const;
  for (const [per, key, defs, env] of declared) {
    for (const [name, expression] of Object.entries(defs ?? {})) {
      const evaluator = compileFact(expression, env, [key, name]);
      if (!evaluator) continue;
      const type = env.check(expression).type === 'bool' ? 'bool' : 'double';
      facts.push({ name, per, type, expression, evaluator });
    }
  }
  const group = groupEnvironments(envs.typed, envs.untyped, `${pack.id}_${index}`.replace(/-/g, '_'), facts);
  envs.fast.set(group.typed, group.fast);
  const needsPopulation = [rule.when, rule.assert].some((e) => e !== undefined && readsPopulation(e));
  return {
    env: group.typed,
    compiled: { scope: rule.scope, facts, needsPopulation, manual: rule.manual === true },
  };
}

function packEnvironments(
  pack: PackDef,
  params: ResolvedParams,
  values: Record<string, ParamValue>,
): PackEnvironments {
  const tables = params.tables.get(pack.id) ?? new Map<string, ReadonlyMap<number, ParamValue>>();
  const typeName = `Params_${pack.id.replace(/-/g, '_')}`;
  const paramTypes: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    paramTypes[name] = typeof value === 'number' ? 'double' : typeof value === 'boolean' ? 'bool' : 'string';
  }
  const yearParam = yearParamFunction(tables);
  const typed = packEnvironment(yearParam, (env) => {
    env.registerType(typeName, { fields: paramTypes });
    env.registerVariable('params', typeName);
  });
  const untyped = packEnvironment(yearParam, (env) => env.registerVariable('params', 'map<string, dyn>'));
  const scope = (parent: Environment, vars: Record<string, string>): Environment => {
    const env = parent.clone();
    for (const [name, type] of Object.entries(vars)) env.registerVariable(name, type);
    return env;
  };
  const household = scope(typed, { h: 'Household' });
  const person = scope(typed, { h: 'Household', p: 'Person' });
  const member = scope(typed, { h: 'Household', m: 'Person' });
  const householdDiff = scope(typed, { old: 'Household', new: 'Household' });
  const personDiff = scope(typed, { old: 'Person', new: 'Person', h: 'Household' });
  const dyn = 'map<string, dyn>';
  const fast = new Map<Environment, Environment>([
    [household, scope(untyped, { h: dyn })],
    [person, scope(untyped, { h: dyn, p: dyn })],
    [member, scope(untyped, { h: dyn, m: dyn })],
    [householdDiff, scope(untyped, { old: dyn, new: dyn })],
    [personDiff, scope(untyped, { old: dyn, new: dyn, h: dyn })],
  ]);
  const functions = [...RULE_FUNCTIONS, yearParam];
  return { person, household, member, householdDiff, personDiff, fast, typed, untyped, functions };
}

/** A pack's environment: the base types and functions, `params` (as `declareParams` says), `year`, yearParam(). */
function packEnvironment(yearParam: RuleFunction, declareParams: (env: Environment) => void): Environment {
  const env = baseEnvironment().clone();
  declareParams(env);
  env.registerVariable('year', 'double');
  registerRuleFunction(env, yearParam);
  return env;
}

function yearParamFunction(tables: ReadonlyMap<string, ReadonlyMap<number, ParamValue>>): RuleFunction {
  return {
    name: 'yearParam',
    params: ['string', 'double'],
    returns: 'double',
    handler: (name: string, year: number) => {
      const value = tables.get(name)?.get(year);
      if (typeof value !== 'number') throw new Error(`param ${name} has no value for year ${year}`);
      return value;
    },
    description: "yearParam('poverty_line', h.exit_year): a param's value for another year of its table",
  };
}

function celMessage(error: Error): string {
  // cel-js messages end with the source line and a caret under the offending token: keep them.
  return `invalid expression: ${error.message.trim()}`;
}

function dotted(path: readonly (string | number)[]): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}
