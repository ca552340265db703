/**
 * Compiled rule expressions. Expressions stay CEL: cel-js parses and type-checks them (engine/compile.ts) and
 * stays the reference. engine/codegen.ts compiles each expression of the subset of CEL our packs use ONCE into
 * a JavaScript function of its own (generated source, see there for the design and its safety), so a row costs
 * one optimized call per expression instead of an AST interpretation with a CelError (stack trace included)
 * thrown for every empty cell. (The module keeps its name from the tree of closures it built before.)
 *
 * Failures are values (cel-values.ts): NO_SUCH_KEY where cel-js throws `no_such_key` (an empty cell), ERROR for
 * any other error, DEFER where the generated code cannot tell (values other than plain data). On ERROR or DEFER
 * the whole expression is evaluated again by cel-js, which gives the exact result or error message.
 *
 * An expression using anything outside the subset is evaluated by cel-js alone (never wrong, only slower);
 * test/engine/closure.test.ts asserts that every expression of every built-in pack compiles, and compares
 * both evaluators over fixture records, generated ones and hostile expressions.
 */
import type { ParseResult } from '@marcbachmann/cel-js';
import type { RuleFunction } from './cel.js';
import { DEFER, ERROR, NO_SUCH_KEY } from './cel-values.js';
import { generate, Unsupported, type AstNode, type PropertyAccess } from './codegen.js';

export { DEFER, ERROR, NO_SUCH_KEY };

type Scope = Record<string, unknown>;
type Closure = (ctx: Scope) => unknown;

/** A compiled rule expression. */
export interface Evaluator {
  /** The value, or NO_SUCH_KEY for an absent value; other errors thrown (cel-js's error). */
  readonly run: (ctx: Scope) => unknown;
  /**
   * As `run`, by cel-js alone: for a caller whose own call of `closure`/`unchecked` already failed (ERROR or
   * DEFER), so the generated function is not run a second time.
   */
  readonly reference: (ctx: Scope) => unknown;
  /** The generated function (may return a Failure); undefined when the expression is run by cel-js. */
  readonly closure: Closure | undefined;
  /**
   * The generated function without the check of the context's variables that `closure` makes on every evaluation:
   * for callers that build many contexts of one kind and checked that kind once with `accepts` (the checker).
   * May return a Failure; undefined when the expression is run by cel-js.
   */
  readonly unchecked: Closure | undefined;
  /**
   * Whether a context passes the variable check `closure` makes (every variable read is present and of its
   * declared type). The check looks at each variable's type only — a plain object, a list, a number… — never
   * into it, so a context of stand-ins of the same types answers for every context built the same way.
   */
  readonly accepts: (ctx: Scope) => boolean;
  /** Why the expression could not be compiled (it is run by cel-js). */
  readonly unsupported: string | undefined;
  /** The cel-js evaluator (the reference). */
  readonly cel: ParseResult;
}

/**
 * The evaluator of a parsed expression: a generated function when the expression is in the supported subset,
 * else cel-js. `functions` are the custom functions of the expression's environment (RULE_FUNCTIONS,
 * yearParam); `access` how the generated code reads properties (tests and measurements).
 */
export function compileEvaluator(
  parsed: ParseResult,
  functions: readonly RuleFunction[],
  access?: PropertyAccess,
): Evaluator {
  let root: Closure | undefined;
  let variables: ReadonlyMap<string, (v: unknown) => boolean> = new Map();
  let unsupported: string | undefined;
  try {
    // Types the AST in the evaluation environment, as cel-js does on the first evaluation anyway.
    const checked = parsed.check();
    if (!checked.valid) throw new Unsupported(checked.error?.message ?? 'does not type-check');
    const generated = generate(parsed.ast as unknown as AstNode, functions, access);
    root = generated.evaluate;
    variables = generated.variables;
  } catch (error) {
    if (!(error instanceof Unsupported)) throw error;
    unsupported = error.message;
  }
  const viaCel = (ctx: Scope): unknown => {
    try {
      return parsed(ctx);
    } catch (error) {
      if ((error as { code?: string }).code === 'no_such_key') return NO_SUCH_KEY;
      throw error;
    }
  };
  const accepts = root ? variablesCheck(variables) : (): boolean => false;
  const closure = root && ((ctx: Scope): unknown => (accepts(ctx) ? root(ctx) : DEFER));
  const run = closure
    ? (ctx: Scope): unknown => {
        const value = closure(ctx);
        return value === ERROR || value === DEFER ? viaCel(ctx) : value;
      }
    : viaCel;
  return { run, reference: viaCel, closure, unchecked: root, accepts, unsupported, cel: parsed };
}

/**
 * Whether every variable the expression reads is present and of its declared type. cel-js checks a variable
 * when the evaluation reaches it (absent → unknown_variable, wrong type → variable_type_mismatch); checking
 * them all before evaluating defers in more cases (a variable never reached), never in fewer, and costs one
 * check per variable instead of one per read.
 */
function variablesCheck(variables: ReadonlyMap<string, (v: unknown) => boolean>): (ctx: Scope) => boolean {
  const names = [...variables.keys()];
  const matchers = [...variables.values()];
  const n = names.length;
  if (n === 1) {
    const name = names[0] as string;
    const matches = matchers[0] as (v: unknown) => boolean;
    return (ctx) => {
      const v = ctx[name];
      return v !== undefined && matches(v);
    };
  }
  return (ctx) => {
    for (let i = 0; i < n; i++) {
      const v = ctx[names[i] as string];
      if (v === undefined || !(matchers[i] as (v: unknown) => boolean)(v)) return false;
    }
    return true;
  };
}
