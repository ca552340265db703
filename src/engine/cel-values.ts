/**
 * CEL values as the generated rule functions (engine/codegen.ts) see them: the failure values and the helpers
 * the generated code calls for the less common cases (its common cases are written out inline). Semantics are
 * cel-js 8's for our data: plain objects, JS numbers = double, bigint = int.
 *
 * Errors are values, not exceptions (values of CEL are never symbols): `NO_SUCH_KEY` where cel-js throws
 * `no_such_key` (an empty cell), `ERROR` where cel-js throws any other error (type mismatch, bad conversion…),
 * and `DEFER` where we cannot tell what cel-js does (values other than plain data: Map, Set, maps compared
 * with ==…). A helper that returns a Failure makes the node fail.
 *
 * A key whose value is `undefined` is an absent key everywhere (field reads, has(), `.?`, `in`, size(), map
 * iteration): the checker may give person objects one fixed shape with every field present.
 */

/** What a generated function returns where cel-js throws `no_such_key`. */
export const NO_SUCH_KEY: unique symbol = Symbol('no_such_key');
/** What a generated function returns where cel-js raises another error (type mismatch, bad conversion…). */
export const ERROR: unique symbol = Symbol('error');
/** What a generated function returns where it cannot tell what cel-js does (values other than plain data). */
export const DEFER: unique symbol = Symbol('defer');
export type Failure = typeof NO_SUCH_KEY | typeof ERROR | typeof DEFER;

type Scope = Record<string, unknown>;

const MAX_INT = 2n ** 63n - 1n;
const MIN_INT = -(2n ** 63n);
export const hasOwn = (o: object, k: PropertyKey): boolean => Object.prototype.hasOwnProperty.call(o, k);

/**
 * A plain record (what our contexts and data are made of), as cel-js's map type sees it. cel-js tells types by
 * `constructor`: an object with a key of that name is no data to it (unsupported_type), so not plain here.
 */
export function isPlainObject(v: unknown): v is Scope {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return (proto === Object.prototype || proto === null) && !hasOwn(v, 'constructor');
}

/** Values passed on as they are: anything else (Map, Set, bytes, Optional…) defers to cel-js. */
export function isPlainValue(v: unknown): boolean {
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

/** A value (not undefined) other than plain data: the generated code defers on it (see isPlainValue). */
export function isOpaque(v: unknown): boolean {
  return typeof v === 'object'
    ? v !== null && !Array.isArray(v) && !isPlainObject(v)
    : typeof v === 'symbol' || typeof v === 'function';
}

/**
 * `obj.key` or `obj.?key` where obj is not a plain object (the generated code reads plain objects itself):
 * `absent` on lists and scalars (cel-js: no_such_key, or none for `.?`), DEFER on anything else.
 */
export function keyOfOther(obj: unknown, absent: unknown): unknown {
  if (typeof obj === 'function') return DEFER;
  return typeof obj === 'object' && obj !== null && !Array.isArray(obj) ? DEFER : absent;
}

/** A plain object's own keys that have a value (a key holding undefined is absent). */
export function presentKeys(obj: Scope): string[] {
  const keys: string[] = [];
  for (const key of Object.keys(obj)) if (obj[key] !== undefined) keys.push(key);
  return keys;
}

/** int == double, as cel-js compares them (JavaScript's loose equality between bigint and number). */
function numericEquals(a: number | bigint, b: number | bigint): boolean {
  return a == b;
}

/** cel-js isEqual for `==` on dyn operands and `in`: scalars only, objects defer. */
export function celEquals(a: unknown, b: unknown): boolean | typeof DEFER {
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
export function equals(a: unknown, b: unknown): boolean | typeof DEFER {
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
export function comparable(a: unknown, b: unknown): boolean {
  const ta = typeof a;
  const tb = typeof b;
  if (ta === 'number' || ta === 'bigint') return tb === 'number' || tb === 'bigint';
  return ta === tb && (ta === 'string' || ta === 'boolean');
}

function checkedInt(v: bigint): bigint | typeof ERROR {
  return v <= MAX_INT && v >= MIN_INT ? v : ERROR;
}

/** `a + b` other than double + double (written out inline). */
export function add(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  if (typeof a === 'string' && typeof b === 'string') return a + b;
  if (typeof a === 'bigint' && typeof b === 'bigint') return checkedInt(a + b);
  if (Array.isArray(a) && Array.isArray(b)) return [...(a as unknown[]), ...(b as unknown[])];
  return ERROR;
}

export function subtract(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'bigint' && typeof b === 'bigint') return checkedInt(a - b);
  return ERROR;
}

export function multiply(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return a * b;
  if (typeof a === 'bigint' && typeof b === 'bigint') return checkedInt(a * b);
  return ERROR;
}

export function divide(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return a / b;
  if (typeof a === 'bigint' && typeof b === 'bigint') return b === 0n ? ERROR : a / b;
  return ERROR;
}

export function remainder(a: unknown, b: unknown): unknown {
  if (typeof a === 'bigint' && typeof b === 'bigint') return b === 0n ? ERROR : a % b;
  return ERROR;
}

/** cel-js stringSize: code points. */
function stringSize(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

export function sizeOf(v: unknown): unknown {
  if (typeof v === 'string') return BigInt(stringSize(v));
  if (Array.isArray(v)) return BigInt(v.length);
  if (isPlainObject(v)) return BigInt(presentKeys(v).length);
  return ERROR;
}

/** cel-js int(): int, double (truncated, finite), string (decimal, in range). */
export function toInt(v: unknown): unknown {
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
export function toText(v: unknown): unknown {
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

/** `x in list` (any element equal, cel-js isEqual) and `key in map` (a key with a value). */
export function membership(a: unknown, b: unknown): unknown {
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
}

/** The elements a macro iterates: a list, or a map's keys. */
export function iterable(v: unknown): unknown {
  if (Array.isArray(v)) return v;
  if (isPlainObject(v)) return presentKeys(v);
  return typeof v === 'object' && v !== null ? DEFER : ERROR;
}

/** substring(from) / substring(from, to) (to undefined for the first). */
export function substring(s: unknown, from: unknown, to: unknown, arity: number): unknown {
  if (typeof s !== 'string' || typeof from !== 'bigint') return ERROR;
  const start = Number(from);
  if (start < 0 || start > s.length) return ERROR;
  if (arity === 1) return s.substring(start);
  if (typeof to !== 'bigint') return ERROR;
  const end = Number(to);
  if (end < start || end > s.length) return ERROR;
  return s.substring(start, end);
}

/**
 * matches() with a pattern known only at run time: compiled patterns kept (no flags, so test() keeps no state);
 * null when invalid. Patterns that are literals are compiled once by the code generator.
 */
export function patternMatcher(): (s: unknown, pattern: unknown) => unknown {
  const regexps = new Map<string, RegExp | null>();
  return (s, pattern) => {
    if (typeof s !== 'string' || typeof pattern !== 'string') return ERROR;
    let re = regexps.get(pattern);
    if (re === undefined) {
      re = compilePattern(pattern);
      regexps.set(pattern, re);
    }
    return re ? re.test(s) : ERROR;
  };
}

export function compilePattern(pattern: string): RegExp | null {
  try {
    return new RegExp(pattern);
  } catch {
    return null;
  }
}

/** Does a runtime value have a function's declared parameter type (cel-js overload resolution)? */
export function paramMatcher(type: string): ((v: unknown) => boolean) | undefined {
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
      return undefined;
  }
}
