/**
 * Rule expressions compiled to JavaScript source. cel-js parses and type-checks every expression
 * (engine/compile.ts) and stays the reference; this module walks the checked cel-js AST once and writes ONE
 * JavaScript function per expression — straight-line code with temporaries — which `new Function` turns into
 * machine code of its own. A tree of closures (what engine/closure.ts built before) shares the code of each
 * closure literal between every rule, so V8's inline caches at each site saw every rule's values and shapes
 * (megamorphic) and nothing inlined; a function per expression keeps each property load monomorphic and lets
 * TurboFan inline and type-specialize the whole expression.
 *
 * Why hand-written: no library compiles CEL to JavaScript (cel-js and the other JS CEL packages interpret an
 * AST), and cel-js stays the parser, type checker and reference evaluator.
 *
 * Safety (rule packs are user data): no text of the expression — field names, string literals, identifiers,
 * numbers — ever enters the generated source. The source is assembled only from the fixed templates below,
 * with names we make up (t0, x1, v2, L3, k4) and numbers we count. Every constant of the expression is passed in
 * the constants array `k` (and read as `k4`, a local alias of `k[4]`); a property is read as `o[k4]`, or as
 * `o.name` only when the name matches /^[a-z_][a-z0-9_]*$/ and Object.prototype has no such key (see
 * PropertyAccess). The generated function sees only its parameters (new Function has no closure over this
 * module): the constants `k`, the runtime helpers `R` (cel-values.ts) and the context.
 *
 * Semantics are exactly those of the closures before (see cel-values.ts for the failure values): each node is
 * evaluated in cel-js's order (call arguments last to first, receiver last), so the first error met is the same
 * error; a failure jumps (`break` to a labelled block, or `return`) to the nearest node that absorbs it — `&&`,
 * `||`, exists(), all() — or out of the function. Expressions outside the supported subset throw Unsupported
 * and are evaluated by cel-js alone (closure.ts).
 */
import type { RuleFunction } from './cel.js';
import * as values from './cel-values.js';

/** The expression uses something outside the subset: cel-js evaluates it. */
export class Unsupported extends Error {}

export interface TypeDecl {
  readonly name: string;
  readonly kind: string;
  readonly hasDynType: boolean;
  readonly valueType?: TypeDecl;
}

export interface AstNode {
  readonly op: string;
  readonly args: unknown;
  readonly meta: { readonly alternate?: AstNode; readonly macro?: unknown };
  readonly checkedType?: TypeDecl;
}

type Scope = Record<string, unknown>;

/**
 * How generated code reads a property whose name comes from the expression: `keyed` always reads `o[k4]`
 * (the name in the constants array); `named` writes `o.name` for names that match SAFE_NAME and are not keys of
 * Object.prototype, `o[k4]` for the others. Measured on the 60k-row inputs: see BENCHMARKS.md.
 */
export type PropertyAccess = 'keyed' | 'named';
export const DEFAULT_PROPERTY_ACCESS: PropertyAccess = 'named';
const SAFE_NAME = /^[a-z_][a-z0-9_]*$/;

export interface Generated {
  /** The expression, without the check of the context's variables (may return a Failure). */
  readonly evaluate: (ctx: Scope) => unknown;
  /** Context variables the expression reads, with the check of their declared types. */
  readonly variables: ReadonlyMap<string, (v: unknown) => boolean>;
  /** The generated source (for tests and debugging). */
  readonly source: string;
}

/** The helpers the generated code calls, by the names it uses for them (the R parameter). */
const RUNTIME = {
  NSK: values.NO_SUCH_KEY,
  ERROR: values.ERROR,
  DEFER: values.DEFER,
  isArray: Array.isArray,
  hasOwn: values.hasOwn,
  isPlainObject: values.isPlainObject,
  isOpaque: values.isOpaque,
  keyOfOther: values.keyOfOther,
  equals: values.equals,
  comparable: values.comparable,
  add: values.add,
  subtract: values.subtract,
  multiply: values.multiply,
  divide: values.divide,
  remainder: values.remainder,
  sizeOf: values.sizeOf,
  toInt: values.toInt,
  toText: values.toText,
  membership: values.membership,
  iterable: values.iterable,
  substring: values.substring,
} as const;
const RUNTIME_NAME = new RegExp(`\\b(?:${Object.keys(RUNTIME).join('|')})\\b`, 'g');

/** `const add = R.add;` for the helpers a body uses (a shorter source compiles faster), in one pass. */
function prelude(body: string): string {
  const used = new Set(body.match(RUNTIME_NAME));
  return [...used].map((name) => `const ${name} = R.${name};`).join(' ');
}

let serial = 0;

/** What a node does with a failure value (a JS expression): a statement that leaves the node. */
type Fail = (failure: string) => string;

/** Compile a checked cel-js AST to a JavaScript function; throws Unsupported outside the subset. */
export function generate(
  ast: AstNode,
  functions: readonly RuleFunction[],
  access: PropertyAccess = DEFAULT_PROPERTY_ACCESS,
): Generated {
  const generator = new Generator(functions, access);
  const result = generator.gen(ast, (failure) => `return ${failure};`);
  const source = generator.source(result);
  let factory: (k: readonly unknown[], r: typeof RUNTIME) => (ctx: Scope) => unknown;
  try {
    // The source is built from this module's templates only (see the header): no text of the expression.
    factory = new Function('k', 'R', source) as typeof factory;
  } catch (error) {
    // e.g. node --disallow-code-generation-from-strings: cel-js evaluates the expression instead.
    throw new Unsupported(`code generation: ${(error as Error).message}`);
  }
  return { evaluate: factory(generator.constants, RUNTIME), variables: generator.variables, source };
}

const STRING_METHODS: Readonly<Record<string, string>> = {
  contains: 'includes',
  startsWith: 'startsWith',
  endsWith: 'endsWith',
};

/** Literal lists of strings up to this length are tested with `===` in a row, longer ones with a Set. */
const INLINE_STRING_LIST = 4;

class Generator {
  readonly constants: unknown[] = [];
  /** Context variables the expression reads, with their declared types. */
  readonly variables = new Map<string, (v: unknown) => boolean>();
  private readonly functions: ReadonlyMap<string, RuleFunction>;
  /** Statements of the function body. */
  private readonly body: string[] = [];
  /** Locals read from the context at the top of the function, by variable name. */
  private readonly contextLocals = new Map<string, string>();
  private readonly head: string[] = [];
  /** Iteration variables in scope → their local. */
  private readonly scope = new Map<string, string>();
  private count = 0;
  private readonly locals: string[] = [];

  constructor(
    functions: readonly RuleFunction[],
    private readonly access: PropertyAccess,
  ) {
    this.functions = new Map(functions.map((f) => [f.name, f]));
  }

  source(result: string): string {
    const aliases = this.constants.map((_, i) => `k${i} = k[${i}]`);
    const body = [
      'return function evaluate(ctx) {',
      ...this.head,
      this.locals.length > 0 ? `let ${this.locals.join(', ')};` : '',
      ...this.body,
      `return ${result};`,
      '};',
    ].join('\n');
    // A serial number makes every source unique: V8 caches the compilation of identical sources (and their
    // feedback), and keyed reads of two expressions that differ only in their constants would share it.
    const constants = aliases.length > 0 ? ` const ${aliases.join(', ')};` : '';
    return `'use strict'; 'expression ${serial++}';\n${prelude(body)}${constants}\n${body}`;
  }

  /** A fresh local (temporaries, iteration variables): t3, v4… */
  private local(prefix: string): string {
    const name = `${prefix}${this.count++}`;
    this.locals.push(name);
    return name;
  }

  private label(): string {
    return `L${this.count++}`;
  }

  private constant(v: unknown): string {
    this.constants.push(v);
    return `k${this.constants.length - 1}`;
  }

  private emit(line: string): void {
    this.body.push(line);
  }

  /** Statements computing the node's value; returns a JS expression for it (never a failure). */
  gen(node: AstNode, fail: Fail): string {
    const meta = node.meta;
    if (meta.alternate) {
      if (node.op === 'rcall') return this.macro(node, fail);
      throw new Unsupported(`${node.op} with an alternate`);
    }
    if (meta.macro) {
      if (node.op === 'call' && this.args(node)[0] === 'has') return this.has(node, fail);
      if (node.op === 'rcall' && this.args(node)[0] === 'orValue') return this.orValue(node, fail);
      throw new Unsupported(`macro ${String(this.args(node)[0])}`);
    }
    switch (node.op) {
      case 'value':
        return this.literal(node.args);
      case 'id':
        return this.id(node);
      case '.':
        return this.field(node, fail);
      case '&&':
      case '||':
        return this.logical(node, fail);
      case '!_': {
        const v = this.gen(node.args as AstNode, fail);
        const t = this.local('t');
        this.emit(`if (typeof ${v} !== 'boolean') ${fail('ERROR')}`);
        this.emit(`${t} = !${v};`);
        return t;
      }
      case '-_': {
        const v = this.gen(node.args as AstNode, fail);
        const t = this.local('t');
        this.emit(`if (typeof ${v} === 'number' || typeof ${v} === 'bigint') ${t} = -${v};`);
        this.emit(`else ${fail('ERROR')}`);
        return t;
      }
      case '?:':
        return this.conditional(node, fail);
      case 'list': {
        // cel-js evaluates list elements last to first, as it does call arguments.
        const items = this.argsOf(node.args as AstNode[], fail);
        const t = this.local('t');
        this.emit(`${t} = [${items.join(', ')}];`);
        return t;
      }
      case '==':
      case '!=':
        return this.equality(node, fail);
      case '<':
      case '<=':
      case '>':
      case '>=':
        return this.relational(node, fail);
      case '+':
      case '-':
      case '*':
      case '/':
      case '%':
        return this.arithmetic(node, fail);
      case 'in':
        return this.membership(node, fail);
      case 'call':
        return this.call(node, fail);
      case 'rcall':
        return this.method(node, fail);
      default:
        throw new Unsupported(`operator ${node.op}`);
    }
  }

  private args(node: AstNode): unknown[] {
    return node.args as unknown[];
  }

  /** `t = helper(...)` where the helper may return a failure. */
  private helper(call: string, fail: Fail): string {
    const t = this.local('t');
    this.emit(`${t} = ${call};`);
    this.emit(`if (typeof ${t} === 'symbol') ${fail(t)}`);
    return t;
  }

  private literal(v: unknown): string {
    if (v === null) return 'null';
    if (v === true) return 'true';
    if (v === false) return 'false';
    const t = typeof v;
    if (t !== 'string' && t !== 'number' && t !== 'bigint') throw new Unsupported(`literal ${String(v)}`);
    return this.constant(v);
  }

  private id(node: AstNode): string {
    const name = node.args as string;
    const iteration = this.scope.get(name);
    if (iteration !== undefined) return iteration;
    let local = this.contextLocals.get(name);
    if (local === undefined) {
      // Checked once per evaluation, up front (closure.ts checkVariables), so read once at the top.
      this.variables.set(name, variableMatcher(node.checkedType));
      local = `x${this.count++}`;
      this.contextLocals.set(name, local);
      this.head.push(`const ${local} = ${this.property('ctx', name)};`);
    }
    return local;
  }

  /** `o.name` or `o[k4]` for a plain object's own property (see PropertyAccess). */
  private property(object: string, key: string): string {
    if (key in Object.prototype) {
      const k = this.constant(key);
      return `(hasOwn(${object}, ${k}) ? ${object}[${k}] : undefined)`;
    }
    if (this.access === 'named' && SAFE_NAME.test(key)) return `${object}.${key}`;
    return `${object}[${this.constant(key)}]`;
  }

  /** A test that a field's value (not undefined) is not plain data (cel-values.ts isPlainValue): DEFER. */
  private notPlain(v: string): string {
    return `isOpaque(${v})`;
  }

  /** Is the node a context variable known to be a plain object (a map variable, checked up front)? */
  private plainVariable(node: AstNode): boolean {
    return (
      node.op === 'id' &&
      !node.meta.alternate &&
      !node.meta.macro &&
      !this.scope.has(node.args as string) &&
      node.checkedType?.kind === 'map'
    );
  }

  /**
   * `t = o.key` into a fresh local: `absent` (NSK or undefined) when the key has no value; DEFER for a value
   * other than plain data. `plain`: o is known to be a plain object.
   */
  private read(o: string, key: string, plain: boolean, absent: 'NSK' | 'undefined'): string {
    const t = this.local('t');
    const own = this.property(o, key);
    const onValue = `if (${t} === undefined) ${t} = ${absent}; else if (${this.notPlain(t)}) ${t} = DEFER;`;
    if (plain) {
      this.emit(`${t} = ${own};`);
      this.emit(absent === 'NSK' ? onValue : `if (${t} !== undefined && ${this.notPlain(t)}) ${t} = DEFER;`);
      return t;
    }
    this.emit(`if (isPlainObject(${o})) {`);
    this.emit(`${t} = ${own};`);
    this.emit(absent === 'NSK' ? onValue : `if (${t} !== undefined && ${this.notPlain(t)}) ${t} = DEFER;`);
    this.emit(`} else ${t} = keyOfOther(${o}, ${absent});`);
    return t;
  }

  /** `obj.key` (cel-js fieldAccess): absent → no_such_key, on lists and scalars too. */
  private field(node: AstNode, fail: Fail): string {
    const [left, key] = this.args(node) as [AstNode, string];
    const plain = this.plainVariable(left);
    const o = this.gen(left, fail);
    const t = this.read(o, key, plain, 'NSK');
    this.emit(`if (typeof ${t} === 'symbol') ${fail(t)}`);
    return t;
  }

  /** Statements of a node inside a labelled block whose failures land in the returned local, not in `fail`. */
  private caught(node: AstNode): string {
    const t = this.local('t');
    const label = this.label();
    this.emit(`${label}: {`);
    const v = this.gen(node, (failure) => `{ ${t} = ${failure}; break ${label}; }`);
    this.emit(`${t} = ${v};`);
    this.emit('}');
    return t;
  }

  /**
   * `&&` / `||` the CEL way: an error on the left is absorbed when the right side decides (`err && false` is
   * false), else it is the result; an error on the right is the result.
   */
  private logical(node: AstNode, fail: Fail): string {
    const [l, r] = this.args(node) as [AstNode, AstNode];
    const decisive = node.op === '||' ? 'true' : 'false';
    const other = node.op === '||' ? 'false' : 'true';
    const t = this.local('t');
    const a = this.caught(l);
    this.emit(`if (${a} === ${decisive}) ${t} = ${decisive};`);
    this.emit('else {');
    this.emit(`if (${a} === DEFER) ${fail('DEFER')}`);
    const b = this.caught(r);
    this.emit(`if (typeof ${b} === 'symbol') ${fail(b)}`);
    this.emit(`if (${a} === ${other}) {`);
    this.emit(`if (typeof ${b} !== 'boolean') ${fail('ERROR')}`);
    this.emit(`${t} = ${b};`);
    // a is an error or not a bool
    this.emit(`} else if (${b} === ${decisive}) ${t} = ${decisive};`);
    this.emit(`else ${fail(`(${b} === ${other} && typeof ${a} === 'symbol' ? ${a} : ERROR)`)}`);
    this.emit('}');
    return t;
  }

  private conditional(node: AstNode, fail: Fail): string {
    const [c, a, b] = this.args(node) as [AstNode, AstNode, AstNode];
    const cond = this.gen(c, fail);
    const t = this.local('t');
    this.emit(`if (${cond} === true) {`);
    this.emit(`${t} = ${this.gen(a, fail)};`);
    this.emit(`} else if (${cond} === false) {`);
    this.emit(`${t} = ${this.gen(b, fail)};`);
    this.emit(`} else ${fail('ERROR')}`);
    return t;
  }

  private equality(node: AstNode, fail: Fail): string {
    const [l, r] = this.args(node) as [AstNode, AstNode];
    const a = this.gen(l, fail);
    const b = this.gen(r, fail);
    const t = this.local('t');
    const not = node.op === '!=' ? '!' : '';
    if (isStringLiteral(r) || isStringLiteral(l)) {
      // Against a string: equal only to that string; a map operand defers (cel-values.ts equals).
      const v = isStringLiteral(r) ? a : b;
      this.emit(`if (${a} === ${b}) ${t} = ${not}true;`);
      this.emit(`else if (typeof ${v} === 'object' && ${v} !== null && !isArray(${v})) ${fail('DEFER')}`);
      this.emit(`else ${t} = ${not}false;`);
      return t;
    }
    this.emit(`if (typeof ${a} === typeof ${b} && typeof ${a} !== 'object') ${t} = ${not}(${a} === ${b});`);
    this.emit('else {');
    this.emit(`${t} = equals(${a}, ${b});`);
    this.emit(`if (${t} === DEFER) ${fail('DEFER')}`);
    if (not) this.emit(`${t} = !${t};`);
    this.emit('}');
    return t;
  }

  private relational(node: AstNode, fail: Fail): string {
    const [l, r] = this.args(node) as [AstNode, AstNode];
    const a = this.gen(l, fail);
    const b = this.gen(r, fail);
    const op = RELATIONAL[node.op] as string;
    const t = this.local('t');
    this.emit(
      `if ((typeof ${a} === 'number' && typeof ${b} === 'number') || comparable(${a}, ${b})) ${t} = ${a} ${op} ${b};`,
    );
    this.emit(`else ${fail('ERROR')}`);
    return t;
  }

  private arithmetic(node: AstNode, fail: Fail): string {
    const [l, r] = this.args(node) as [AstNode, AstNode];
    const a = this.gen(l, fail);
    const b = this.gen(r, fail);
    const [helper, op] = ARITHMETIC[node.op] as [string, string | undefined];
    if (op === undefined) return this.helper(`${helper}(${a}, ${b})`, fail);
    const t = this.local('t');
    this.emit(`if (typeof ${a} === 'number' && typeof ${b} === 'number') ${t} = ${a} ${op} ${b};`);
    this.emit('else {');
    this.emit(`${t} = ${helper}(${a}, ${b});`);
    this.emit(`if (typeof ${t} === 'symbol') ${fail(t)}`);
    this.emit('}');
    return t;
  }

  /** `x in list` (any element equal, cel-js isEqual) and `key in map` (a key with a value). */
  private membership(node: AstNode, fail: Fail): string {
    const [leftNode, rightNode] = this.args(node) as [AstNode, AstNode];
    const staticStrings = constantStrings(rightNode);
    const a = this.gen(leftNode, fail);
    if (staticStrings) {
      // A literal list of strings: equal only to strings, so `===` or a Set gives isEqual's answer.
      const t = this.local('t');
      if (staticStrings.length <= INLINE_STRING_LIST) {
        const tests = staticStrings.map((s) => `${a} === ${this.constant(s)}`);
        this.emit(`${t} = ${tests.join(' || ')};`);
      } else {
        this.emit(`${t} = typeof ${a} === 'string' && ${this.constant(new Set(staticStrings))}.has(${a});`);
      }
      return t;
    }
    const b = this.gen(rightNode, fail);
    return this.helper(`membership(${a}, ${b})`, fail);
  }

  /** Arguments evaluated last to first, as cel-js does; the first failure is the result. */
  private argsOf(nodes: readonly AstNode[], fail: Fail): string[] {
    const out = new Array<string>(nodes.length);
    for (let i = nodes.length - 1; i >= 0; i--) {
      const v = this.gen(nodes[i] as AstNode, fail);
      // Keep each value in a local of its own: a later argument's statements must not change it.
      const t = this.local('t');
      this.emit(`${t} = ${v};`);
      out[i] = t;
    }
    return out;
  }

  private call(node: AstNode, fail: Fail): string {
    const [name, argNodes] = this.args(node) as [string, AstNode[]];
    const unary = (helper: string | undefined): string => {
      if (argNodes.length !== 1) throw new Unsupported(`${name} with ${argNodes.length} arguments`);
      const v = this.gen(argNodes[0] as AstNode, fail);
      return helper === undefined ? v : this.helper(`${helper}(${v})`, fail);
    };
    switch (name) {
      case 'size':
        return unary('sizeOf');
      case 'int':
        return unary('toInt');
      case 'string':
        return unary('toText');
      case 'dyn':
        return unary(undefined);
    }
    const fn = this.functions.get(name);
    if (!fn || fn.params.length !== argNodes.length) throw new Unsupported(`function ${name}`);
    const tests = fn.params.map((type, i) => (arg: string) => paramTest(type, arg, i));
    const handler = this.constant(fn.handler);
    const args = this.argsOf(argNodes, fail);
    const mismatch = args.map((arg, i) => (tests[i] as (arg: string) => string)(arg)).join(' || ');
    if (mismatch) this.emit(`if (${mismatch}) ${fail('ERROR')}`);
    const t = this.local('t');
    this.emit('try {');
    this.emit(`${t} = ${handler}(${args.join(', ')});`);
    // cel-js reports the handler's error
    this.emit(`} catch { ${fail('ERROR')} }`);
    return t;
  }

  /** Receiver calls that are not macros: string methods, size(), substring(), matches(). */
  private method(node: AstNode, fail: Fail): string {
    const [name, receiverNode, argNodes] = this.args(node) as [string, AstNode, AstNode[]];
    const arity = argNodes.length;
    const stringMethod = STRING_METHODS[name];
    const supported =
      (stringMethod !== undefined && arity === 1) ||
      (name === 'size' && arity === 0) ||
      (name === 'substring' && (arity === 1 || arity === 2)) ||
      (name === 'matches' && arity === 1);
    if (!supported) throw new Unsupported(`method ${name}/${arity}`);
    const pattern = name === 'matches' ? stringLiteral(argNodes[0] as AstNode) : undefined;
    const [s, x, y] = this.argsOf([receiverNode, ...argNodes], fail) as [string, string, string | undefined];
    if (stringMethod !== undefined) {
      const t = this.local('t');
      this.emit(
        `if (typeof ${s} === 'string' && typeof ${x} === 'string') ${t} = ${s}.${stringMethod}(${x});`,
      );
      this.emit(`else ${fail('ERROR')}`);
      return t;
    }
    if (name === 'size') return this.helper(`sizeOf(${s})`, fail);
    if (name === 'substring')
      return this.helper(`substring(${s}, ${x}, ${y ?? 'undefined'}, ${arity})`, fail);
    const t = this.local('t');
    if (pattern !== undefined) {
      // A literal pattern: compiled once, here (no flags, so test() keeps no state); invalid → cel-js's error.
      const re = values.compilePattern(pattern);
      if (re === null) {
        this.emit(fail('ERROR'));
        return 'false';
      }
      this.emit(`if (typeof ${s} === 'string') ${t} = ${this.constant(re)}.test(${s});`);
      this.emit(`else ${fail('ERROR')}`);
      return t;
    }
    return this.helper(`${this.constant(values.patternMatcher())}(${s}, ${x})`, fail);
  }

  /** exists / all / filter / map over a list (or a map's keys). */
  private macro(node: AstNode, fail: Fail): string {
    const [name, receiverNode, argNodes] = this.args(node) as [string, AstNode, AstNode[]];
    const iterNode = argNodes[0];
    const kind = `${name}/${argNodes.length - 1}`;
    if (!iterNode || iterNode.op !== 'id' || !MACROS.has(kind)) throw new Unsupported(`macro ${kind}`);
    const receiver = this.gen(receiverNode, fail);
    const items = this.local('t');
    this.emit(`if (isArray(${receiver})) ${items} = ${receiver};`);
    this.emit('else {');
    this.emit(`${items} = iterable(${receiver});`);
    this.emit(`if (typeof ${items} === 'symbol') ${fail(items)}`);
    this.emit('}');
    const item = this.local('v');
    const index = this.local('i');
    const t = this.local('t');
    const iterName = iterNode.args as string;
    const outer = this.scope.get(iterName);
    this.scope.set(iterName, item);
    const loop = this.label();
    const [first, second] = argNodes.slice(1) as [AstNode, AstNode | undefined];
    const open = `${loop}: for (${index} = 0; ${index} < ${items}.length; ${index}++) {`;
    switch (kind) {
      case 'exists/1':
      case 'all/1': {
        // Quantifiers: errors are absorbed if the answer is found anyway, else the first error is the result.
        const decisive = name === 'exists' ? 'true' : 'false';
        const other = name === 'exists' ? 'false' : 'true';
        const error = this.local('e');
        this.emit(`${t} = ${other};`);
        this.emit(`${error} = undefined;`);
        this.emit(open);
        this.emit(`${item} = ${items}[${index}];`);
        const r = this.caught(first);
        this.emit(`if (${r} === ${decisive}) { ${t} = ${decisive}; break ${loop}; }`);
        this.emit(`if (${r} === ${other}) continue;`);
        this.emit(`if (${r} === DEFER) ${fail('DEFER')}`);
        // the first error (or a predicate that is not a bool) is the result unless the answer is found
        this.emit(`if (${error} === undefined) ${error} = typeof ${r} === 'symbol' ? ${r} : ERROR;`);
        this.emit('}');
        this.emit(`if (${t} !== ${decisive} && ${error} !== undefined) ${fail(error)}`);
        break;
      }
      case 'filter/1':
        this.emit(`${t} = [];`);
        this.emit(open);
        this.emit(`${item} = ${items}[${index}];`);
        {
          const keep = this.gen(first, fail);
          this.emit(`if (${keep} === true) ${t}.push(${item});`);
          this.emit(`else if (${keep} !== false) ${fail('ERROR')}`);
        }
        this.emit('}');
        break;
      case 'map/1':
        this.emit(`${t} = [];`);
        this.emit(open);
        this.emit(`${item} = ${items}[${index}];`);
        this.emit(`${t}.push(${this.gen(first, fail)});`);
        this.emit('}');
        break;
      case 'map/2': {
        this.emit(`${t} = [];`);
        this.emit(open);
        this.emit(`${item} = ${items}[${index}];`);
        const keep = this.gen(first, fail);
        this.emit(`if (${keep} === false) continue;`);
        this.emit(`if (${keep} !== true) ${fail('ERROR')}`);
        this.emit(`${t}.push(${this.gen(second as AstNode, fail)});`);
        this.emit('}');
        break;
      }
    }
    if (outer === undefined) this.scope.delete(iterName);
    else this.scope.set(iterName, outer);
    return t;
  }

  /** has(a.b.c): a missing intermediate field is no_such_key (unless reached through `.?`). */
  private has(node: AstNode, fail: Fail): string {
    const [, argNodes] = this.args(node) as [string, AstNode[]];
    const chain: { key: string; optional: boolean }[] = [];
    let at = argNodes[0];
    while (at && (at.op === '.' || at.op === '.?')) {
      const [inner, key] = this.args(at) as [AstNode, string];
      chain.unshift({ key, optional: at.op === '.?' });
      at = inner;
    }
    if (!at || at.op !== 'id' || chain.length === 0) throw new Unsupported('has() argument');
    let plain = this.plainVariable(at);
    let o = this.gen(at, fail);
    const t = this.local('t');
    const done = this.label();
    const last = chain.length - 1;
    let optional = false;
    this.emit(`${done}: {`);
    chain.forEach((step, i) => {
      if (step.optional) optional = true;
      o = this.read(o, step.key, plain, 'undefined');
      plain = false;
      this.emit(`if (${o} === DEFER) ${fail('DEFER')}`);
      const absent =
        !optional && i < last && !step.optional ? fail('NSK') : `{ ${t} = false; break ${done}; }`;
      this.emit(`if (${o} === undefined) ${absent}`);
    });
    this.emit(`${t} = true;`);
    this.emit('}');
    return t;
  }

  /** x.?a(.?b…).orValue(d): the field's value when present, else d. */
  private orValue(node: AstNode, fail: Fail): string {
    const [, receiverNode, argNodes] = this.args(node) as [string, AstNode, AstNode[]];
    if (argNodes.length !== 1 || receiverNode.op !== '.?') throw new Unsupported('orValue receiver');
    // The optional chain, innermost first: `.?` steps down to the first receiver that is not one.
    const keys: string[] = [];
    let at = receiverNode;
    while (at.op === '.?' && !at.meta.alternate && !at.meta.macro) {
      const [inner, key] = this.args(at) as [AstNode, string];
      keys.unshift(key);
      at = inner;
    }
    let plain = this.plainVariable(at);
    let o = this.gen(at, fail);
    const t = this.local('t');
    const chain = this.label();
    this.emit(`${chain}: {`);
    for (const key of keys) {
      o = this.read(o, key, plain, 'undefined');
      plain = false;
      this.emit(`if (${o} === DEFER) ${fail('DEFER')}`);
      this.emit(`if (${o} === undefined) { ${t} = undefined; break ${chain}; }`);
    }
    this.emit(`${t} = ${o};`);
    this.emit('}');
    this.emit(`if (${t} === undefined) {`);
    this.emit(`${t} = ${this.gen(argNodes[0] as AstNode, fail)};`);
    this.emit('}');
    return t;
  }
}

const RELATIONAL: Readonly<Record<string, string>> = { '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

/** Operator → the helper for every operand type, and the JS operator for double ∘ double (undefined: none). */
const ARITHMETIC: Readonly<Record<string, readonly [string, string | undefined]>> = {
  '+': ['add', '+'],
  '-': ['subtract', '-'],
  '*': ['multiply', '*'],
  '/': ['divide', '/'],
  '%': ['remainder', undefined],
};

const MACROS = new Set(['exists/1', 'all/1', 'filter/1', 'map/1', 'map/2']);

/** A test that an argument does NOT have a function's declared parameter type (cel-js overload resolution). */
function paramTest(type: string, arg: string, index: number): string {
  switch (type) {
    case 'string':
      return `typeof ${arg} !== 'string'`;
    case 'double':
      return `typeof ${arg} !== 'number'`;
    case 'bool':
      return `typeof ${arg} !== 'boolean'`;
    case 'int':
      return `typeof ${arg} !== 'bigint'`;
    case 'list<double>':
      // cel-js types a list by its first element.
      return `!(isArray(${arg}) && (${arg}.length === 0 || typeof ${arg}[0] === 'number'))`;
    default:
      throw new Unsupported(`parameter ${index} of type ${type}`);
  }
}

/** Does a variable's value have its declared type (cel-js getCheckedValue)? */
function variableMatcher(type: TypeDecl | undefined): (v: unknown) => boolean {
  switch (type?.kind) {
    case 'dyn':
      return values.isPlainValue;
    case 'map':
      return values.isPlainObject;
    case 'list':
      return Array.isArray;
    default: {
      // Scalars (double, string, bool, int) as the custom functions' parameters are matched.
      const matches = type === undefined ? undefined : values.paramMatcher(type.name);
      if (matches === undefined) throw new Unsupported(`variable type ${type?.name ?? 'unknown'}`);
      return matches;
    }
  }
}

function stringLiteral(node: AstNode): string | undefined {
  return node.op === 'value' && typeof node.args === 'string' && !node.meta.alternate && !node.meta.macro
    ? node.args
    : undefined;
}

function isStringLiteral(node: AstNode): boolean {
  return stringLiteral(node) !== undefined;
}

/** The strings of a literal list of string literals, else undefined. */
function constantStrings(node: AstNode): string[] | undefined {
  if (node.op !== 'list' || node.meta.alternate || node.meta.macro) return undefined;
  const items = node.args as AstNode[];
  const strings: string[] = [];
  for (const item of items) {
    const s = stringLiteral(item);
    if (s === undefined) return undefined;
    strings.push(s);
  }
  return strings.length > 0 ? strings : undefined;
}
