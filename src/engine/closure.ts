/**
 * Rule expressions compiled to JavaScript closures. Expressions stay CEL: cel-js parses and type-checks them
 * (engine/compile.ts) and stays the reference. This module walks the checked cel-js AST once and builds a tree
 * of closures for the subset of CEL our packs use, so a row costs a few function calls instead of an AST
 * interpretation with a CelError (stack trace included) thrown for every empty cell.
 *
 * Why hand-written: no CEL library for JavaScript compiles to closures (cel-js interprets its AST; the others
 * interpret too), and cel-js stays the parser, type checker and reference evaluator.
 *
 * Semantics are cel-js 8's for our data (plain objects, JS numbers = double, bigint = int). Errors are values,
 * not exceptions (values of CEL are never symbols): a closure returns `NO_SUCH_KEY` where cel-js throws
 * `no_such_key` (an empty cell), `ERROR` where cel-js throws any other error (type mismatch, bad conversion…),
 * and `DEFER` where it cannot tell (values other than plain data: Map, Set, maps compared with ==…). `&&`,
 * `||`, exists() and all() absorb errors as CEL does. On ERROR or DEFER the whole expression is evaluated again
 * by cel-js, which gives the exact result or error message. Every node is evaluated in cel-js's order (call
 * arguments last to first, receiver last), so the first error met is the same error.
 *
 * An expression using anything outside the subset is evaluated by cel-js alone (never wrong, only slower);
 * test/engine/closure.test.ts asserts that every expression of every built-in pack compiles, and compares
 * both evaluators over fixture records and generated ones.
 */
import type { ParseResult } from '@marcbachmann/cel-js';
import type { RuleFunction } from './cel.js';

type Scope = Record<string, unknown>;
type Closure = (ctx: Scope) => unknown;

/** What a closure returns where cel-js throws `no_such_key`. */
export const NO_SUCH_KEY: unique symbol = Symbol('no_such_key');
/** What a closure returns where cel-js raises another error (type mismatch, bad conversion…). */
export const ERROR: unique symbol = Symbol('error');
/** What a closure returns where it cannot tell what cel-js does (values other than plain data). */
export const DEFER: unique symbol = Symbol('defer');
type Failure = typeof NO_SUCH_KEY | typeof ERROR | typeof DEFER;

/** A compiled rule expression. */
export interface Evaluator {
  /** The value, or NO_SUCH_KEY for an absent value; other errors thrown (cel-js's error). */
  readonly run: (ctx: Scope) => unknown;
  /** The closure tree (may return a Failure); undefined when the expression is run by cel-js. */
  readonly closure: Closure | undefined;
  /**
   * The closure tree without the check of the context's variables that `closure` makes on every evaluation:
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
  /** Why the expression could not be compiled to closures. */
  readonly unsupported: string | undefined;
  /** The cel-js evaluator (the reference). */
  readonly cel: ParseResult;
}

interface TypeDecl {
  readonly name: string;
  readonly kind: string;
  readonly hasDynType: boolean;
  readonly valueType?: TypeDecl;
}

interface AstNode {
  readonly op: string;
  readonly args: unknown;
  readonly meta: { readonly alternate?: AstNode; readonly macro?: unknown };
  readonly checkedType?: TypeDecl;
}

class Unsupported extends Error {}

const MAX_INT = 2n ** 63n - 1n;
const MIN_INT = -(2n ** 63n);
const hasOwn = (o: object, k: PropertyKey): boolean => Object.prototype.hasOwnProperty.call(o, k);

/**
 * The evaluator of a parsed expression: closures when the expression is in the supported subset, else cel-js.
 * `functions` are the custom functions of the expression's environment (RULE_FUNCTIONS, yearParam).
 */
export function compileEvaluator(parsed: ParseResult, functions: readonly RuleFunction[]): Evaluator {
  let root: Closure | undefined;
  let variables: ReadonlyMap<string, (v: unknown) => boolean> = new Map();
  let unsupported: string | undefined;
  try {
    // Types the AST in the evaluation environment, as cel-js does on the first evaluation anyway.
    const checked = parsed.check();
    if (!checked.valid) throw new Unsupported(checked.error?.message ?? 'does not type-check');
    const compiler = new Compiler(functions);
    root = compiler.compile(parsed.ast as unknown as AstNode);
    variables = compiler.variables;
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
  const closure = root && checkVariables(root, variables);
  const run = closure
    ? (ctx: Scope): unknown => {
        const value = closure(ctx);
        return value === ERROR || value === DEFER ? viaCel(ctx) : value;
      }
    : viaCel;
  const accepts = (ctx: Scope): boolean => {
    if (!root) return false;
    for (const [name, matches] of variables) {
      const v = ctx[name];
      if (v === undefined || !matches(v)) return false;
    }
    return true;
  };
  return { run, closure, unchecked: root, accepts, unsupported, cel: parsed };
}

/**
 * cel-js checks a variable when the evaluation reaches it: absent → unknown_variable, wrong type →
 * variable_type_mismatch. Checking every variable the expression reads before evaluating it defers in more
 * cases (a variable never reached), never in fewer, and costs one check per variable instead of one per read.
 */
function checkVariables(root: Closure, variables: ReadonlyMap<string, (v: unknown) => boolean>): Closure {
  const names = [...variables.keys()];
  const matchers = [...variables.values()];
  const n = names.length;
  if (n === 1) {
    const name = names[0] as string;
    const matches = matchers[0] as (v: unknown) => boolean;
    return (ctx) => {
      const v = ctx[name];
      return v !== undefined && matches(v) ? root(ctx) : DEFER;
    };
  }
  return (ctx) => {
    for (let i = 0; i < n; i++) {
      const v = ctx[names[i] as string];
      if (v === undefined || !(matchers[i] as (v: unknown) => boolean)(v)) return DEFER;
    }
    return root(ctx);
  };
}

/** Values of CEL are never symbols: one typeof tells a failure. */
const isFailure = (v: unknown): v is Failure => typeof v === 'symbol';

/** A plain record (what our contexts and data are made of), as cel-js's map type sees it. */
function isPlainObject(v: unknown): v is Scope {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Values the closures pass on as they are: anything else (Map, Set, bytes, Optional…) defers to cel-js. */
function isPlainValue(v: unknown): boolean {
  switch (typeof v) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'bigint':
      return true;
    case 'object':
      return v === null || Array.isArray(v) || isPlainObject(v);
    default:
      return false;
  }
}

/**
 * A plain object's own value at `key`. Keys that Object.prototype does not have (every field name) need no
 * hasOwnProperty call: a plain object (prototype Object.prototype or null) cannot inherit them.
 */
function ownValueReader(key: string): (obj: Scope) => unknown {
  if (key in Object.prototype) return (obj) => (hasOwn(obj, key) ? obj[key] : undefined);
  return (obj) => obj[key];
}

/**
 * A context variable, `ctx.<name>`: one closure literal per usual name (the checker's p, h, m, params, year), so
 * each keeps its own property-access feedback; one literal for every name would see every name on every
 * context shape (a megamorphic keyed load).
 */
function variableReader(name: string): Closure {
  switch (name) {
    case 'p':
      return (ctx) => ctx.p;
    case 'h':
      return (ctx) => ctx.h;
    case 'm':
      return (ctx) => ctx.m;
    case 'params':
      return (ctx) => ctx.params;
    case 'year':
      return (ctx) => ctx.year;
    default:
      return (ctx) => ctx[name];
  }
}

/** A field's value as a closure returns it: absent → NO_SUCH_KEY, a value other than plain data → DEFER. */
function fieldValue(v: unknown): unknown {
  if (v === undefined) return NO_SUCH_KEY;
  return isPlainValue(v) ? v : DEFER;
}

/**
 * `ctx.<name>.<key>` where the variable is known to be a plain object (checkVariables), in one closure: the most
 * common node (p.age, h.income_net, m.relation). One literal per usual name, as in variableReader.
 */
function variableFieldReader(name: string, key: string): Closure {
  if (key in Object.prototype) {
    const read = ownValueReader(key);
    return (ctx) => fieldValue(read(ctx[name] as Scope));
  }
  switch (name) {
    case 'p':
      return (ctx) => fieldValue((ctx.p as Scope)[key]);
    case 'h':
      return (ctx) => fieldValue((ctx.h as Scope)[key]);
    case 'm':
      return (ctx) => fieldValue((ctx.m as Scope)[key]);
    case 'params':
      return (ctx) => fieldValue((ctx.params as Scope)[key]);
    default:
      return (ctx) => fieldValue((ctx[name] as Scope)[key]);
  }
}

/** `obj.key` (cel-js fieldAccess): absent → NO_SUCH_KEY, on lists and scalars too. */
function fieldReader(key: string): (obj: unknown) => unknown {
  return keyReader(key, NO_SUCH_KEY);
}

/** cel-js `fieldLazy` as `.?` and has() use it: the value, or undefined when absent. */
function presentReader(key: string): (obj: unknown) => unknown {
  return keyReader(key, undefined);
}

/** A plain object's own `key`; `absent` when it has none (or the receiver is a list or a scalar). */
function keyReader(key: string, absent: unknown): (obj: unknown) => unknown {
  const read = ownValueReader(key);
  return (obj) => {
    if (typeof obj === 'object' && obj !== null) {
      const proto = Object.getPrototypeOf(obj) as unknown;
      if (proto === Object.prototype || proto === null) {
        const v = read(obj as Scope);
        if (v === undefined) return absent;
        return isPlainValue(v) ? v : DEFER;
      }
      return Array.isArray(obj) ? absent : DEFER;
    }
    return typeof obj === 'function' ? DEFER : absent;
  };
}

/** int == double, as cel-js compares them (JavaScript's loose equality between bigint and number). */
function numericEquals(a: number | bigint, b: number | bigint): boolean {
  return a == b;
}

/** cel-js isEqual for `==` on dyn operands and `in`: scalars only, objects defer. */
function celEquals(a: unknown, b: unknown): boolean | typeof DEFER {
  if (a === b) return true;
  switch (typeof a) {
    case 'string':
    case 'boolean':
      return false;
    case 'bigint':
      return typeof b === 'number' ? numericEquals(a, b) : false;
    case 'number':
      return typeof b === 'bigint' ? numericEquals(a, b) : false;
    case 'object':
      if (typeof b !== 'object') return false;
      return a === null || b === null ? false : DEFER;
    default:
      return DEFER;
  }
}

/** `==` with cel-js's overloads and its dyn fallback (different types are simply unequal). */
function equals(a: unknown, b: unknown): boolean | typeof DEFER {
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b)) return isPlainObject(a) || isPlainObject(b) ? DEFER : false;
    // list<V> == list<V>: same length and equal elements (cel-js isEqual)
    if (a === b) return true;
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      const eq = celEquals(a[i], b[i]);
      if (eq !== true) return eq;
    }
    return true;
  }
  if ((typeof a === 'object' && a !== null) || (typeof b === 'object' && b !== null)) return DEFER;
  if (typeof a === 'bigint' && typeof b === 'number') return numericEquals(a, b);
  if (typeof a === 'number' && typeof b === 'bigint') return numericEquals(a, b);
  return a === b;
}

/** Relational operators: defined between the same type, and between int and double. */
function comparable(a: unknown, b: unknown): boolean {
  const ta = typeof a;
  const tb = typeof b;
  if (ta === 'number' || ta === 'bigint') return tb === 'number' || tb === 'bigint';
  return ta === tb && (ta === 'string' || ta === 'boolean');
}

function checkedInt(v: bigint): bigint | typeof ERROR {
  return v <= MAX_INT && v >= MIN_INT ? v : ERROR;
}

function arithmetic(op: string): (a: unknown, b: unknown) => unknown {
  switch (op) {
    case '+':
      return (a, b) => {
        if (typeof a === 'number' && typeof b === 'number') return a + b;
        if (typeof a === 'string' && typeof b === 'string') return a + b;
        if (typeof a === 'bigint' && typeof b === 'bigint') return checkedInt(a + b);
        if (Array.isArray(a) && Array.isArray(b)) return [...(a as unknown[]), ...(b as unknown[])];
        return ERROR;
      };
    case '-':
      return (a, b) => {
        if (typeof a === 'number' && typeof b === 'number') return a - b;
        if (typeof a === 'bigint' && typeof b === 'bigint') return checkedInt(a - b);
        return ERROR;
      };
    case '*':
      return (a, b) => {
        if (typeof a === 'number' && typeof b === 'number') return a * b;
        if (typeof a === 'bigint' && typeof b === 'bigint') return checkedInt(a * b);
        return ERROR;
      };
    case '/':
      return (a, b) => {
        if (typeof a === 'number' && typeof b === 'number') return a / b;
        if (typeof a === 'bigint' && typeof b === 'bigint') return b === 0n ? ERROR : a / b;
        return ERROR;
      };
    case '%':
      return (a, b) => {
        if (typeof a === 'bigint' && typeof b === 'bigint') return b === 0n ? ERROR : a % b;
        return ERROR;
      };
    default:
      throw new Unsupported(`operator ${op}`);
  }
}

/** cel-js stringSize: code points. */
function stringSize(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

function sizeOf(v: unknown): unknown {
  if (typeof v === 'string') return BigInt(stringSize(v));
  if (Array.isArray(v)) return BigInt(v.length);
  if (isPlainObject(v)) return BigInt(Object.keys(v).length);
  return ERROR;
}

/** cel-js int(): int, double (truncated, finite), string (decimal, in range). */
function toInt(v: unknown): unknown {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? BigInt(Math.trunc(v)) : ERROR;
  if (typeof v === 'string') {
    if (v !== v.trim() || v.length > 20 || v.includes('0x')) return ERROR;
    try {
      const n = BigInt(v);
      if (n <= MAX_INT && n >= MIN_INT) return n;
    } catch {
      // not a number: cel-js raises int_conversion_error
    }
    return ERROR;
  }
  return ERROR;
}

/** cel-js string(): string, bool, int, double. */
function toText(v: unknown): unknown {
  switch (typeof v) {
    case 'string':
      return v;
    case 'boolean':
    case 'bigint':
      return `${v}`;
    case 'number':
      if (v === Infinity) return '+Inf';
      if (v === -Infinity) return '-Inf';
      return `${v}`;
    default:
      return ERROR;
  }
}

/** Does a runtime value have a function's declared parameter type (cel-js overload resolution)? */
function paramMatcher(type: string): (v: unknown) => boolean {
  switch (type) {
    case 'string':
      return (v) => typeof v === 'string';
    case 'double':
      return (v) => typeof v === 'number';
    case 'bool':
      return (v) => typeof v === 'boolean';
    case 'int':
      return (v) => typeof v === 'bigint';
    case 'list<double>':
      // cel-js types a list by its first element.
      return (v) => Array.isArray(v) && (v.length === 0 || typeof v[0] === 'number');
    default:
      throw new Unsupported(`parameter type ${type}`);
  }
}

/** Does a variable's value have its declared type (cel-js getCheckedValue)? */
function variableMatcher(type: TypeDecl | undefined): (v: unknown) => boolean {
  switch (type?.kind) {
    case 'dyn':
      return isPlainValue;
    case 'map':
      return isPlainObject;
    case 'list':
      return Array.isArray;
    default:
      switch (type?.name) {
        case 'double':
          return (v) => typeof v === 'number';
        case 'string':
          return (v) => typeof v === 'string';
        case 'bool':
          return (v) => typeof v === 'boolean';
        case 'int':
          return (v) => typeof v === 'bigint';
        default:
          throw new Unsupported(`variable type ${type?.name ?? 'unknown'}`);
      }
  }
}

const STRING_METHODS: Readonly<Record<string, (s: string, x: string) => boolean>> = {
  contains: (s, x) => s.includes(x),
  startsWith: (s, x) => s.startsWith(x),
  endsWith: (s, x) => s.endsWith(x),
};

class Compiler {
  /** Iteration variables in scope → their slot in `frame`. */
  private readonly scope = new Map<string, number>();
  /** Values of iteration variables while a macro loops (one slot per nesting). */
  private readonly frame: unknown[] = [];
  private readonly functions: ReadonlyMap<string, RuleFunction>;
  private readonly regexps = new Map<string, RegExp | null>();
  /** Context variables the expression reads, with their declared types. */
  readonly variables = new Map<string, (v: unknown) => boolean>();

  constructor(functions: readonly RuleFunction[]) {
    this.functions = new Map(functions.map((f) => [f.name, f]));
  }

  compile(node: AstNode): Closure {
    const meta = node.meta;
    if (meta.alternate) {
      if (node.op === 'rcall') return this.macro(node);
      throw new Unsupported(`${node.op} with an alternate`);
    }
    if (meta.macro) {
      if (node.op === 'call' && this.args(node)[0] === 'has') return this.has(node);
      if (node.op === 'rcall' && this.args(node)[0] === 'orValue') return this.orValue(node);
      throw new Unsupported(`macro ${String(this.args(node)[0])}`);
    }
    switch (node.op) {
      case 'value':
        return this.value(node.args);
      case 'id':
        return this.id(node);
      case '.': {
        const [left, key] = this.args(node) as [AstNode, string];
        const direct = this.fieldOfVariable(left, key);
        if (direct) return direct;
        const obj = this.compile(left);
        const field = fieldReader(key);
        return (ctx) => {
          const o = obj(ctx);
          return isFailure(o) ? o : field(o);
        };
      }
      case '&&':
      case '||':
        return this.logical(node);
      case '!_': {
        const operand = this.compile(node.args as AstNode);
        return (ctx) => {
          const v = operand(ctx);
          if (isFailure(v)) return v;
          return typeof v === 'boolean' ? !v : ERROR;
        };
      }
      case '-_': {
        const operand = this.compile(node.args as AstNode);
        return (ctx) => {
          const v = operand(ctx);
          if (isFailure(v)) return v;
          if (typeof v === 'number') return -v;
          if (typeof v === 'bigint') return -v;
          return ERROR;
        };
      }
      case '?:': {
        const [c, a, b] = (this.args(node) as AstNode[]).map((n) => this.compile(n)) as [
          Closure,
          Closure,
          Closure,
        ];
        return (ctx) => {
          const cond = c(ctx);
          if (cond === true) return a(ctx);
          if (cond === false) return b(ctx);
          return isFailure(cond) ? cond : ERROR;
        };
      }
      case 'list':
        // cel-js evaluates list elements last to first, as it does call arguments.
        return this.argsOf(node.args as AstNode[]);
      case '==':
      case '!=':
        return this.equality(node);
      case '<':
      case '<=':
      case '>':
      case '>=':
        return this.relational(node);
      case '+':
      case '-':
      case '*':
      case '/':
      case '%': {
        const [l, r] = this.pair(node);
        const apply = arithmetic(node.op);
        return (ctx) => {
          const a = l(ctx);
          if (isFailure(a)) return a;
          const b = r(ctx);
          if (isFailure(b)) return b;
          return apply(a, b);
        };
      }
      case 'in':
        return this.membership(node);
      case 'call':
        return this.call(node);
      case 'rcall':
        return this.method(node);
      default:
        throw new Unsupported(`operator ${node.op}`);
    }
  }

  private args(node: AstNode): unknown[] {
    return node.args as unknown[];
  }

  private pair(node: AstNode): [Closure, Closure] {
    const [l, r] = this.args(node) as [AstNode, AstNode];
    return [this.compile(l), this.compile(r)];
  }

  private value(v: unknown): Closure {
    const t = typeof v;
    if (v !== null && t !== 'string' && t !== 'number' && t !== 'bigint' && t !== 'boolean') {
      throw new Unsupported(`literal ${String(v)}`);
    }
    return () => v;
  }

  private id(node: AstNode): Closure {
    const name = node.args as string;
    const slot = this.scope.get(name);
    if (slot !== undefined) {
      const frame = this.frame;
      return () => frame[slot];
    }
    // Checked once per evaluation, up front (see checkVariables).
    if (!this.variables.has(name)) this.variables.set(name, variableMatcher(node.checkedType));
    return variableReader(name);
  }

  /**
   * `v.key` where v is a variable, in one closure (the most common node: p.age, h.income_net, m.relation). A
   * context variable of a map type is known to be a plain object (checkVariables), so only the value is checked.
   */
  private fieldOfVariable(left: AstNode, key: string): Closure | undefined {
    if (left.op !== 'id' || left.meta.alternate || left.meta.macro) return undefined;
    const name = left.args as string;
    const slot = this.scope.get(name);
    const field = fieldReader(key);
    if (slot !== undefined) {
      const frame = this.frame;
      return () => field(frame[slot]);
    }
    if (left.checkedType?.kind !== 'map') return undefined;
    this.id(left); // registers the variable for checkVariables
    return variableFieldReader(name, key);
  }

  /**
   * `&&` / `||` the CEL way: an error on the left is absorbed when the right side decides (`err && false` is
   * false), else it is the result; an error on the right is the result.
   */
  private logical(node: AstNode): Closure {
    const [l, r] = this.pair(node);
    const decisive = node.op === '||';
    return (ctx) => {
      const a = l(ctx);
      if (a === decisive) return decisive;
      if (a === DEFER) return DEFER;
      const b = r(ctx);
      if (isFailure(b)) return b;
      if (a === !decisive) return typeof b === 'boolean' ? b : ERROR;
      // a is an error or not a bool
      if (b === decisive) return decisive;
      if (b === !decisive) return isFailure(a) ? a : ERROR;
      return ERROR;
    };
  }

  private equality(node: AstNode): Closure {
    const [l, r] = this.pair(node);
    const negate = node.op === '!=';
    return (ctx) => {
      const a = l(ctx);
      if (isFailure(a)) return a;
      const b = r(ctx);
      if (isFailure(b)) return b;
      const eq = equals(a, b);
      return eq === DEFER ? DEFER : eq !== negate;
    };
  }

  private relational(node: AstNode): Closure {
    const [l, r] = this.pair(node);
    const compare: (a: never, b: never) => boolean =
      node.op === '<'
        ? (a, b) => a < b
        : node.op === '<='
          ? (a, b) => a <= b
          : node.op === '>'
            ? (a, b) => a > b
            : (a, b) => a >= b;
    return (ctx) => {
      const a = l(ctx);
      if (isFailure(a)) return a;
      const b = r(ctx);
      if (isFailure(b)) return b;
      return comparable(a, b) ? compare(a as never, b as never) : ERROR;
    };
  }

  /** `x in list` (any element equal, cel-js isEqual) and `key in map` (a present key). */
  private membership(node: AstNode): Closure {
    const [leftNode, rightNode] = this.args(node) as [AstNode, AstNode];
    const l = this.compile(leftNode);
    const r = this.compile(rightNode);
    const staticStrings = constantStrings(rightNode);
    if (staticStrings) {
      // A literal list of strings: a set lookup (equal only to strings, so a Set gives isEqual's answer).
      const set = new Set(staticStrings);
      return (ctx) => {
        const a = l(ctx);
        if (isFailure(a)) return a;
        return typeof a === 'string' && set.has(a);
      };
    }
    return (ctx) => {
      const a = l(ctx);
      if (isFailure(a)) return a;
      const b = r(ctx);
      if (isFailure(b)) return b;
      if (Array.isArray(b)) {
        for (const item of b) {
          const eq = celEquals(a, item);
          if (eq === true) return true;
          if (eq === DEFER) return DEFER;
        }
        return false;
      }
      if (isPlainObject(b)) {
        if (typeof a === 'object' && a !== null) return DEFER;
        const key = String(a);
        return hasOwn(b, key) ? b[key] !== undefined : false;
      }
      return typeof b === 'object' && b !== null ? DEFER : ERROR;
    };
  }

  /** Arguments evaluated last to first, as cel-js does; the first failure is the result. */
  private argsOf(nodes: readonly AstNode[]): (ctx: Scope) => unknown[] | Failure {
    const closures = nodes.map((n) => this.compile(n));
    const n = closures.length;
    return (ctx) => {
      const values = new Array<unknown>(n);
      for (let i = n - 1; i >= 0; i--) {
        const v = (closures[i] as Closure)(ctx);
        if (isFailure(v)) return v;
        values[i] = v;
      }
      return values;
    };
  }

  private call(node: AstNode): Closure {
    const [name, argNodes] = this.args(node) as [string, AstNode[]];
    const unary = (fn: (v: unknown) => unknown): Closure => {
      if (argNodes.length !== 1) throw new Unsupported(`${name} with ${argNodes.length} arguments`);
      const arg = this.compile(argNodes[0] as AstNode);
      return (ctx) => {
        const v = arg(ctx);
        return isFailure(v) ? v : fn(v);
      };
    };
    switch (name) {
      case 'size':
        return unary(sizeOf);
      case 'int':
        return unary(toInt);
      case 'string':
        return unary(toText);
      case 'dyn':
        return unary((v) => v);
    }
    const fn = this.functions.get(name);
    if (!fn || fn.params.length !== argNodes.length) throw new Unsupported(`function ${name}`);
    const matchers = fn.params.map(paramMatcher);
    const handler = fn.handler as (...args: unknown[]) => unknown;
    const args = this.argsOf(argNodes);
    return (ctx) => {
      const values = args(ctx);
      if (isFailure(values)) return values;
      for (let i = 0; i < matchers.length; i++)
        if (!(matchers[i] as (v: unknown) => boolean)(values[i])) return ERROR;
      try {
        return handler(...values);
      } catch {
        return ERROR; // cel-js reports the handler's error
      }
    };
  }

  /** Receiver calls that are not macros: string methods and size(). */
  private method(node: AstNode): Closure {
    const [name, receiverNode, argNodes] = this.args(node) as [string, AstNode, AstNode[]];
    const all = this.argsOf([receiverNode, ...argNodes]);
    const arity = argNodes.length;
    const withValues = (fn: (values: unknown[]) => unknown): Closure => {
      return (ctx) => {
        const values = all(ctx);
        if (isFailure(values)) return values;
        return fn(values);
      };
    };
    const stringMethod = STRING_METHODS[name];
    if (stringMethod && arity === 1) {
      return withValues(([s, x]) =>
        typeof s === 'string' && typeof x === 'string' ? stringMethod(s, x) : ERROR,
      );
    }
    if (name === 'size' && arity === 0) return withValues(([v]) => sizeOf(v));
    if (name === 'substring' && (arity === 1 || arity === 2)) {
      return withValues(([s, from, to]) => {
        if (typeof s !== 'string' || typeof from !== 'bigint') return ERROR;
        const start = Number(from);
        if (start < 0 || start > s.length) return ERROR;
        if (arity === 1) return s.substring(start);
        if (typeof to !== 'bigint') return ERROR;
        const end = Number(to);
        if (end < start || end > s.length) return ERROR;
        return s.substring(start, end);
      });
    }
    if (name === 'matches' && arity === 1) {
      return withValues(([s, pattern]) => {
        if (typeof s !== 'string' || typeof pattern !== 'string') return ERROR;
        const re = this.regexp(pattern);
        return re ? re.test(s) : ERROR;
      });
    }
    throw new Unsupported(`method ${name}/${arity}`);
  }

  /** Compiled patterns of matches(): reused (no flags, so test() keeps no state); null when invalid. */
  private regexp(pattern: string): RegExp | null {
    let re = this.regexps.get(pattern);
    if (re === undefined) {
      try {
        re = new RegExp(pattern);
      } catch {
        re = null;
      }
      this.regexps.set(pattern, re);
    }
    return re;
  }

  /** exists / all / filter / map over a list. */
  private macro(node: AstNode): Closure {
    const [name, receiverNode, argNodes] = this.args(node) as [string, AstNode, AstNode[]];
    const iterNode = argNodes[0];
    if (!iterNode || iterNode.op !== 'id') throw new Unsupported(`macro ${name}`);
    const items = this.compile(receiverNode);
    const slot = this.frame.length;
    this.frame.push(undefined);
    const outer = this.scope.get(iterNode.args as string);
    this.scope.set(iterNode.args as string, slot);
    const body = argNodes.slice(1).map((n) => this.compile(n));
    if (outer === undefined) this.scope.delete(iterNode.args as string);
    else this.scope.set(iterNode.args as string, outer);
    const frame = this.frame;
    const list = (ctx: Scope): unknown => {
      const v = items(ctx);
      if (isFailure(v)) return v;
      if (Array.isArray(v)) return v;
      if (isPlainObject(v)) return Object.keys(v);
      return typeof v === 'object' && v !== null ? DEFER : ERROR;
    };
    const [first, second] = body as [Closure, Closure | undefined];
    switch (`${name}/${body.length}`) {
      case 'exists/1':
      case 'all/1': {
        // Quantifiers: errors are absorbed if the answer is found anyway, else the first error is the result.
        const decisive = name === 'exists';
        return (ctx) => {
          const values = list(ctx);
          if (!Array.isArray(values)) return values;
          let error: Failure | undefined;
          for (const item of values) {
            frame[slot] = item;
            const r = first(ctx);
            if (r === decisive) return decisive;
            if (r === !decisive) continue;
            if (r === DEFER) return DEFER;
            // the first error (or a predicate that is not a bool) is the result unless the answer is found
            error ??= isFailure(r) ? r : ERROR;
          }
          return error ?? !decisive;
        };
      }
      case 'filter/1':
        return (ctx) => {
          const values = list(ctx);
          if (!Array.isArray(values)) return values;
          const out: unknown[] = [];
          for (const item of values) {
            frame[slot] = item;
            const keep = first(ctx);
            if (keep === true) out.push(item);
            else if (keep !== false) return isFailure(keep) ? keep : ERROR;
          }
          return out;
        };
      case 'map/1':
        return (ctx) => {
          const values = list(ctx);
          if (!Array.isArray(values)) return values;
          const out: unknown[] = [];
          for (const item of values) {
            frame[slot] = item;
            const v = first(ctx);
            if (isFailure(v)) return v;
            out.push(v);
          }
          return out;
        };
      case 'map/2': {
        const transform = second as Closure;
        return (ctx) => {
          const values = list(ctx);
          if (!Array.isArray(values)) return values;
          const out: unknown[] = [];
          for (const item of values) {
            frame[slot] = item;
            const keep = first(ctx);
            if (keep === false) continue;
            if (keep !== true) return isFailure(keep) ? keep : ERROR;
            const v = transform(ctx);
            if (isFailure(v)) return v;
            out.push(v);
          }
          return out;
        };
      }
      default:
        throw new Unsupported(`macro ${name}/${body.length}`);
    }
  }

  /** has(a.b.c): a missing intermediate field is no_such_key (unless reached through `.?`). */
  private has(node: AstNode): Closure {
    const [, argNodes] = this.args(node) as [string, AstNode[]];
    const chain: { read: (obj: unknown) => unknown; optional: boolean }[] = [];
    let at = argNodes[0];
    while (at && (at.op === '.' || at.op === '.?')) {
      const [inner, key] = this.args(at) as [AstNode, string];
      chain.unshift({ read: presentReader(key), optional: at.op === '.?' });
      at = inner;
    }
    if (!at || at.op !== 'id' || chain.length === 0) throw new Unsupported('has() argument');
    const root = this.compile(at);
    const last = chain.length - 1;
    return (ctx) => {
      let obj = root(ctx);
      if (isFailure(obj)) return obj;
      let optional = false;
      for (let i = 0; i <= last; i++) {
        const step = chain[i] as { read: (obj: unknown) => unknown; optional: boolean };
        if (step.optional) optional = true;
        obj = step.read(obj);
        if (obj === DEFER) return DEFER;
        if (obj !== undefined) continue;
        return !optional && i < last && !step.optional ? NO_SUCH_KEY : false;
      }
      return true;
    };
  }

  /** x.?a(.?b…).orValue(d): the field's value when present, else d. */
  private orValue(node: AstNode): Closure {
    const [, receiverNode, argNodes] = this.args(node) as [string, AstNode, AstNode[]];
    if (argNodes.length !== 1 || receiverNode.op !== '.?') throw new Unsupported('orValue receiver');
    const optional = this.optional(receiverNode);
    const fallback = this.compile(argNodes[0] as AstNode);
    return (ctx) => {
      const v = optional(ctx);
      if (v === undefined) return fallback(ctx);
      return v;
    };
  }

  /** An optional (`.?`) chain: the value, undefined for none, or a failure of the receiver. */
  private optional(node: AstNode): Closure {
    const [inner, key] = this.args(node) as [AstNode, string];
    const read = presentReader(key);
    if (inner.op === '.?' && !inner.meta.alternate && !inner.meta.macro) {
      const receiver = this.optional(inner);
      return (ctx) => {
        const o = receiver(ctx);
        if (o === undefined || isFailure(o)) return o;
        return read(o);
      };
    }
    const receiver = this.compile(inner);
    return (ctx) => {
      const o = receiver(ctx);
      if (isFailure(o)) return o;
      return read(o);
    };
  }
}

/** The strings of a literal list of string literals, else undefined. */
function constantStrings(node: AstNode): string[] | undefined {
  if (node.op !== 'list' || node.meta.alternate || node.meta.macro) return undefined;
  const items = node.args as AstNode[];
  const values: string[] = [];
  for (const item of items) {
    if (item.op !== 'value' || typeof item.args !== 'string' || item.meta.alternate) return undefined;
    values.push(item.args);
  }
  return values.length > 0 ? values : undefined;
}
