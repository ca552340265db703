/**
 * The generated rule functions (engine/codegen.ts) against cel-js, in both property-access modes: hostile
 * expressions (quotes, backslashes, comment and template delimiters, line separators, prototype keys) evaluate
 * as cel-js does and never reach the generated source; property-based contexts of mixed types (absent keys,
 * null, bigint/double, nested lists and maps); keys holding `undefined` read as absent keys; every built-in pack
 * expression answers the same in both modes and on fixed-shape records (every field present, undefined when
 * empty).
 */
import { spawnSync } from 'node:child_process';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { FIELDS } from '../../src/dictionary/index.js';
import { baseEnvironment, RULE_FUNCTIONS } from '../../src/engine/cel.js';
import { compileEvaluator, DEFER, ERROR, NO_SUCH_KEY, type Evaluator } from '../../src/engine/closure.js';
import { generate, type AstNode, type PropertyAccess } from '../../src/engine/codegen.js';
import { compilePacks } from '../../src/engine/compile.js';
import { resolveParams } from '../../src/packs/params.js';
import { runCli } from '../helpers/cli.js';
import { packsUnderTest } from '../helpers/rule-cases.js';

type Ctx = Record<string, unknown>;

const MODES: readonly PropertyAccess[] = ['named', 'keyed'];

const env = baseEnvironment().clone();
for (const name of ['x', 'y']) env.registerVariable(name, 'dyn');
env.registerVariable('m', 'map<string, dyn>');

function compile(expr: string, access: PropertyAccess): Evaluator {
  const checked = env.check(expr);
  if (!checked.valid) throw checked.error ?? new Error(expr);
  const e = compileEvaluator(env.parse(expr), RULE_FUNCTIONS, access);
  if (!e.closure) throw new Error(`${expr} not compiled: ${e.unsupported}`);
  return e;
}

/** A copy without the keys that hold undefined (at any depth): what those keys mean. */
function stripped(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripped);
  if (v !== null && typeof v === 'object') {
    const out = Object.create(Object.getPrototypeOf(v) as object | null) as Ctx;
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined) continue;
      Object.defineProperty(out, k, {
        value: stripped(x),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return v;
}

/**
 * How the generated function and cel-js (on the context without undefined keys) disagree; undefined when they
 * agree. DEFER (the generated code cannot tell: maps compared…) agrees by definition, run() asks cel-js.
 */
function disagreement(e: Evaluator, ctx: Ctx): string | undefined {
  const mine = e.closure?.(ctx);
  if (mine === DEFER) return undefined;
  let cel: { value?: unknown; error?: string };
  try {
    cel = { value: e.cel(stripped(ctx) as Ctx) };
  } catch (error) {
    cel = { error: (error as { code?: string }).code ?? 'error' };
  }
  const agree =
    mine === NO_SUCH_KEY
      ? cel.error === 'no_such_key'
      : mine === ERROR
        ? cel.error !== undefined && cel.error !== 'no_such_key'
        : cel.error === undefined && isDeepStrictEqual(stripped(mine), cel.value);
  if (agree) return undefined;
  const show = (v: unknown) =>
    typeof v === 'symbol'
      ? String(v.description)
      : (JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x)) ?? String(v));
  return `${e.cel.ast.input}\n  generated: ${show(mine)}\n  cel-js: ${cel.error ?? show(cel.value)}\n  ctx: ${show(ctx)}`;
}

/** A CEL string literal holding `text` exactly (every character as a \u escape where it could matter). */
function celString(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    out += /[A-Za-z0-9 _.$*/{}<>()=;-]/.test(ch) ? ch : `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return `${out}"`;
}

const globals = globalThis as Record<string, unknown>;
afterAll(() => {
  delete globals.__pwned;
});

describe('generated functions: hostile expressions', () => {
  const hostileTexts = [
    '"',
    "'",
    '\\',
    '\\"',
    '*/',
    '/*',
    '//',
    '`',
    '${globalThis.__pwned = 1}',
    '`; globalThis.__pwned = 1; `',
    '"); globalThis.__pwned = 1; ("',
    "'); globalThis.__pwned = 1; ('",
    '*/ globalThis.__pwned = 1; /*',
    '\u2028globalThis.__pwned = 1;\u2029',
    '\n}; globalThis.__pwned = 1; {\n',
    '</script>',
    '__proto__',
    'constructor',
  ];
  const fieldNames = [
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    'valueOf',
    'prototype',
    'isPrototypeOf',
    'Abc',
    'k0',
    'R',
    'ctx',
    't0',
    'isArray',
    'return',
    'function',
  ];

  const textExpressions = (lit: string) => [
    lit,
    `m.a == ${lit}`,
    `${lit} != m.a`,
    `m.a + ${lit}`,
    `m.a in [${lit}, "b"]`,
    `m.a in [${lit}, "b", "c", "d", "e", "f"]`,
    `m.a.contains(${lit})`,
    `m.a.startsWith(${lit}) || m.a.endsWith(${lit})`,
    `m.a.matches(${lit})`,
    `m.?a.orValue(${lit})`,
    `${lit} in m`,
    `size(${lit})`,
    `idValid(${lit})`,
    `[${lit}, ${lit}]`,
  ];

  const textContexts = (text: string): Ctx[] => [
    { m: {} },
    { m: { a: text } },
    { m: { a: 'other' } },
    { m: { a: text, [text]: 1 } },
    { m: { a: 1 } },
  ];

  it.each(MODES)('string literals: same as cel-js, never in the source, never run (%s)', (mode) => {
    for (const text of hostileTexts) {
      for (const expr of textExpressions(celString(text))) {
        const e = compile(expr, mode);
        const { source } = generate(e.cel.ast as unknown as AstNode, RULE_FUNCTIONS, mode);
        // (single characters such as ' occur in our own templates)
        if (text.length > 1)
          expect(source.includes(text), `${expr}: its text is in the generated source`).toBe(false);
        for (const ctx of textContexts(text)) expect(disagreement(e, ctx)).toBeUndefined();
      }
    }
    expect(globals.__pwned).toBeUndefined();
  });

  it.each(MODES)('field names of the prototype and of our own names: same as cel-js (%s)', (mode) => {
    for (const name of fieldNames) {
      const exprs = [
        `m.${name}`,
        `has(m.${name})`,
        `m.?${name}.orValue("none")`,
        `m.${name} == "x"`,
        `x.${name}`,
        `has(x.${name})`,
        `x.?${name}.orValue(0.0)`,
        `x.exists(e, e.${name} == 1.0)`,
        `${celString(name)} in m`,
      ];
      const own = (value: unknown): Ctx => {
        const o: Ctx = {};
        Object.defineProperty(o, name, { value, enumerable: true, writable: true, configurable: true });
        return o;
      };
      const contexts: Ctx[] = [
        { m: {}, x: {} },
        { m: own('x'), x: own(1) },
        { m: own(undefined), x: [own(1), {}] },
        { m: Object.create(null) as Ctx, x: 'text' },
        { m: { a: 1 }, x: [{}, own(1)] },
        { m: { a: 1 }, x: [{}, { a: 1 }] },
      ];
      for (const expr of exprs) {
        let e: Evaluator;
        try {
          e = compile(expr, mode);
        } catch (error) {
          // A reserved word of CEL (`return`, `function`): cel-js rejects the expression itself.
          expect(String(error), expr).toMatch(/Expected IDENTIFIER|reserved|Unexpected/i);
          continue;
        }
        const { source } = generate(e.cel.ast as unknown as AstNode, RULE_FUNCTIONS, mode);
        if (name === '__proto__' || name === 'constructor' || name === 'toString' || name === 'Abc')
          expect(source.includes(name), `${expr}: the name is in the source`).toBe(false);
        for (const ctx of contexts) {
          // cel-js rejects a list holding an object with a `constructor` key as a whole (unsupported_type),
          // even where nothing reads that object; the generated code notices it only where it reads it.
          if (name === 'constructor' && Array.isArray(ctx.x) && !/exists/.test(expr)) continue;
          expect(disagreement(e, ctx)).toBeUndefined();
        }
      }
    }
    expect(globals.__pwned).toBeUndefined();
  });

  it('the generated source is made of our own names only', () => {
    const e = compile(
      'm.zqx == "x1y" && has(m.wvu) && m.?qqj.orValue(2.25) > 1.5 && m.jjj in ["ppp", "q"]',
      'named',
    );
    const { source } = generate(e.cel.ast as unknown as AstNode, RULE_FUNCTIONS, 'keyed');
    // keyed: no property name of the expression at all; constants only as k<n>
    for (const text of ['zqx', 'x1y', 'wvu', 'qqj', '2.25', '1.5', 'jjj', 'ppp', '"q"'])
      expect(source).not.toContain(text);
    expect(source).toMatch(/\[k\d+\]/);
  });
});

// ——— property-based: mixed types ———

const scalar = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.double({ min: -1e3, max: 1e3 }),
  fc.constantFrom(0, -0, 0.5, 1e21, Infinity, -Infinity, NaN),
  fc.bigInt({ min: -3n, max: 3n }),
  fc.constantFrom(2n ** 62n, -(2n ** 63n), 2n ** 63n - 1n),
  fc.boolean(),
  fc.constantFrom('', 'a', 'b', 'ab', '1', '12', ' 1', '户主', '😀', '0x1'),
  fc.constant(null),
);
const keys = fc.constantFrom('a', 'b', 'c');
const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(keys, fc.oneof(tie('value'), fc.constant(undefined)), { maxKeys: 3 }),
  ),
}));
const map = fc.dictionary(keys, fc.oneof(value, fc.constant(undefined)), { maxKeys: 3 });

const mixedExpressions = [
  'x == y',
  'x != y',
  'x == "a"',
  '"a" == x',
  'x == 1.0',
  'x == 1',
  'x == null',
  'x == [1.0]',
  'x < y',
  'x >= y',
  'x <= 1.0',
  'x + y',
  'x - y',
  'x * y',
  'x / y',
  'x % y',
  '-x',
  '!x',
  'x && y',
  'x || y',
  'x ? y : m',
  'x in y',
  'x in ["a", "b"]',
  'x in ["a", "b", "c", "d", "e", "f"]',
  'x in m',
  'm.a',
  'm.a == m.b',
  'm.a.b',
  'x.a',
  'has(m.a)',
  'has(m.a.b)',
  'has(x.a)',
  'm.?a.orValue(y)',
  'm.?a.?b.orValue(y)',
  'x.?a.orValue(1.0)',
  'size(x)',
  'size(m)',
  'x.size()',
  'int(x)',
  'string(x)',
  'dyn(x)',
  '[x, y, m.a]',
  'x.contains(y)',
  'x.startsWith("a")',
  'x.substring(1)',
  'x.matches("^a")',
  'x.matches(y)',
  'sum(x)',
  'abs(x)',
  'near(x, y, 0.5)',
  'idFormatOk(x)',
  'monthIndex(x)',
  'x.exists(e, e == y)',
  'x.all(e, e.a == 1.0)',
  'm.exists(k, k == "a")',
  'm.all(k, m[k] != null)',
  'x.filter(e, e > 0.0)',
  'x.map(e, e.a)',
  'x.map(e, e != null, string(e))',
  'm.a && x.exists(e, e)',
  'x.exists(e, m.a == e) || m.b',
];

describe('generated functions: property-based contexts of mixed types', () => {
  const compiled = MODES.flatMap((mode) =>
    mixedExpressions.flatMap((expr) => {
      const checked = env.check(expr);
      if (!checked.valid) return []; // m[k] is outside the subset: falls back (tested below)
      return [{ mode, e: compileEvaluator(env.parse(expr), RULE_FUNCTIONS, mode) }];
    }),
  );

  it('compiles the expressions of the subset (the others fall back to cel-js whole)', () => {
    const fallbacks = compiled.filter(({ e }) => !e.closure).map(({ e }) => e.cel.ast.input);
    expect([...new Set(fallbacks)]).toEqual(['m.all(k, m[k] != null)']);
  });

  it('agrees with cel-js over values of mixed types, absent keys and keys holding undefined', () => {
    let evaluations = 0;
    let deferred = 0;
    fc.assert(
      fc.property(fc.record({ x: value, y: value, m: map }), (ctx) => {
        for (const { e } of compiled) {
          if (!e.closure) {
            // run() is cel-js itself
            const viaRun = safe(() => e.run(ctx));
            expect(viaRun === NO_SUCH_KEY ? 'no_such_key' : viaRun).toStrictEqual(safe(() => e.cel(ctx)));
            continue;
          }
          evaluations += 1;
          if (e.closure(ctx) === DEFER) deferred += 1;
          const problem = disagreement(e, ctx);
          if (problem) throw new Error(problem);
        }
      }),
      { numRuns: 400, seed: 6 },
    );
    expect(deferred).toBeLessThan(evaluations / 5);
  });
});

function safe(fn: () => unknown): unknown {
  try {
    return fn();
  } catch (error) {
    return (error as { code?: string }).code ?? 'error';
  }
}

describe('generated functions: keys holding undefined are absent keys', () => {
  const NSK = { nsk: true };
  const cases: [string, Ctx, unknown][] = [
    ['m.a', { m: { a: undefined } }, NSK],
    ['has(m.a)', { m: { a: undefined } }, false],
    ['has(m.a.b)', { m: { a: { b: undefined } } }, false],
    ['m.?a.orValue(5.0)', { m: { a: undefined } }, 5],
    ['"a" in m', { m: { a: undefined, b: 1 } }, false],
    ['"b" in m', { m: { a: undefined, b: 1 } }, true],
    ['size(m)', { m: { a: undefined, b: 1 } }, 1n],
    ['m.exists(k, k == "a")', { m: { a: undefined, b: 1 } }, false],
    ['m.map(k, k)', { m: { a: undefined, b: 1 } }, ['b']],
    ['x.exists(e, has(e.a))', { x: [{ a: undefined }, {}] }, false],
  ];
  it.each(MODES)('%s', (mode) => {
    for (const [expr, ctx, want] of cases) {
      const e = compile(expr, mode);
      const got = e.closure?.(ctx);
      if (want === NSK) expect(got, expr).toBe(NO_SUCH_KEY);
      else expect(got, expr).toStrictEqual(want);
      expect(disagreement(e, ctx), expr).toBeUndefined();
    }
  });
});

describe('generated functions: every built-in pack expression', () => {
  const packs = packsUnderTest();
  const targets = packs.flatMap((pack) => {
    const params = resolveParams([pack.parsed.pack], { overrides: {} });
    return compilePacks([pack.parsed], params, { all: false }).flatMap((rule) => {
      const all = [rule.appliesTo, rule.when, rule.assert, ...rule.data.map(([, e]) => e)];
      if (rule.check?.type === 'exactly-one') all.push(rule.check.where);
      return all
        .filter((e): e is Evaluator => e !== undefined)
        .map((e) => ({
          e,
          params: rule.params as Ctx,
          keyed: compileEvaluator(e.cel, RULE_FUNCTIONS, 'keyed'),
        }));
    });
  });

  it('compiles to a function of its own in a few milliseconds', () => {
    const functions = [...RULE_FUNCTIONS];
    const started = performance.now();
    for (const { e } of targets) generate(e.cel.ast as unknown as AstNode, functions, 'named');
    const perExpression = (performance.now() - started) / targets.length;
    expect(targets.length).toBeGreaterThan(300);
    // generous for a loaded test machine: about 0.05 ms each when idle
    expect(perExpression).toBeLessThan(2);
  });

  it('answers the same on fixed-shape records (every field present, undefined when empty) as on sparse ones', () => {
    const personKeys = [...FIELDS.map((f) => f.key), 'age'];
    const householdKeys = [
      ...FIELDS.filter((f) => f.level === 'household').map((f) => f.key),
      'member_count',
    ];
    const fixed = (o: Ctx, keysOf: readonly string[]): Ctx => {
      const out: Ctx = {};
      for (const k of keysOf) out[k] = o[k];
      for (const [k, v] of Object.entries(o)) out[k] = v;
      return out;
    };
    const fieldValue = fc.oneof(
      fc.constant(undefined),
      fc.constant(undefined),
      fc.constantFrom('户主', '配偶', '之子', '男', '女', '健康', '2020-01-01', '202012', ''),
      fc.integer({ min: 0, max: 100 }),
      fc.array(fc.constantFrom('健康', '长期慢性病'), { maxLength: 2 }),
      fc.boolean(),
    );
    const record = (keysOf: readonly string[]) =>
      fc
        .tuple(...keysOf.map(() => fieldValue))
        .map(
          (vals) =>
            Object.fromEntries(keysOf.map((k, i) => [k, vals[i]]).filter(([, v]) => v !== undefined)) as Ctx,
        );
    fc.assert(
      fc.property(record(personKeys), record(householdKeys), (person, household) => {
        const members = [person];
        const sparse = { p: person, m: person, h: { ...household, members } };
        const dense = {
          p: fixed(person, personKeys),
          m: fixed(person, personKeys),
          h: { ...fixed(household, householdKeys), members: [fixed(person, personKeys)] },
        };
        for (const { e, params, keyed } of targets) {
          const a = e.closure?.({ ...sparse, params, year: 2020 });
          const b = e.closure?.({ ...dense, params, year: 2020 });
          // (expressions calling the pack's yearParam are not compiled without it: compared in named mode only)
          const c = keyed.closure ? keyed.closure({ ...dense, params, year: 2020 }) : b;
          if (!isDeepStrictEqual(a, b) || !isDeepStrictEqual(a, c))
            throw new Error(
              `${e.cel.ast.input}: sparse ${String(a)}, fixed shape ${String(b)}, keyed ${String(c)}`,
            );
        }
      }),
      { numRuns: 60, seed: 2020 },
    );
  });
});

describe('generated functions: where Node forbids code generation', () => {
  it('falls back to cel-js and plain loops with the same report (CLI process, --disallow-code-generation-from-strings)', () => {
    const args = ['check', 'fixtures/demo/demo-county-gbk.csv', '--format', 'json', '--jobs', '1', '--quiet'];
    const generated = runCli(args);
    const fallback = runCli(args, { env: { NODE_OPTIONS: '--disallow-code-generation-from-strings' } });
    expect(generated.code).toBe(1);
    expect(fallback.stderr).toBe('');
    expect(fallback.code).toBe(1);
    expect(fallback.stdout).toBe(generated.stdout);
    // --jobs 2: records built in the reader thread; the person and household objects by the loop fallbacks of
    // engine/shapes.ts (src/generated-code.ts)
    const threaded = runCli(
      args.map((a) => (a === '1' ? '2' : a)),
      {
        env: { NODE_OPTIONS: '--disallow-code-generation-from-strings' },
      },
    );
    expect(threaded.stderr).toBe('');
    expect(threaded.code).toBe(1);
    expect(threaded.stdout).toBe(generated.stdout);
    expect((JSON.parse(generated.stdout) as { findings: unknown[] }).findings.length).toBeGreaterThan(10);
    // the option does forbid new Function in such a process
    const probe = spawnSync(process.execPath, ['-e', 'new Function("return 1")'], {
      env: { ...process.env, NODE_OPTIONS: '--disallow-code-generation-from-strings' },
      encoding: 'utf8',
    });
    expect(probe.status).not.toBe(0);
    expect(probe.stderr).toMatch(/EvalError/);
  });
});
