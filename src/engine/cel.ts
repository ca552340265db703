/**
 * The CEL environments rules are compiled in. Types come from the data dictionary, so an expression that
 * names a field that does not exist (`p.agee`) fails when the pack loads, with a caret under it.
 *
 * Conventions rule authors rely on (documented in the README):
 * - every number is a CEL double: compare with `6` freely, but write `1.0` in arithmetic;
 * - dates are 'YYYY-MM-DD' strings, so `p.birth_date < "2005-01-01"` compares correctly;
 * - an empty cell is an absent key: test with `has(p.x)`, or `p.?x.orValue(…)`; an expression that reads an
 *   absent value without guarding it makes the rule not applicable to that row (see engine/checker.ts).
 */
import { Environment } from '@marcbachmann/cel-js';
import { FIELDS, isKnownCode, type FieldDef } from '../dictionary/index.js';
import { birthDateFromId, checksumChar, isValidIdNumber, sexFromId } from '../normalize/idnumber.js';
import { monthIndex } from './months.js';

/** Fields computed by the engine, not read from the ledger. */
export const DERIVED_PERSON_FIELDS = {
  age: { type: 'double', zh: '年龄（周岁，评估日）', en: 'Age in full years at the assessment date' },
} as const;
export const DERIVED_HOUSEHOLD_FIELDS = {
  member_count: { type: 'double', zh: '成员行数', en: 'Number of member rows' },
} as const;

export function celTypeOf(field: FieldDef): string {
  switch (field.type) {
    case 'integer':
    case 'number':
      return 'double';
    case 'boolean':
      return 'bool';
    case 'enum':
      return field.multi ? 'list<string>' : 'string';
    case 'date':
    case 'string':
      return 'string';
  }
}

const ID_FORMAT = /^\d{17}[\dX](?:[1-7][1-4])?$/;

/** A recentAnswers cache has 2 ** RECENT_BITS slots (declared before RULE_FUNCTIONS, which uses it). */
const RECENT_BITS = 6;
const RECENT_SLOTS = 1 << RECENT_BITS;

/**
 * A function rule expressions can call: registered in the CEL environments by its signature, and called
 * directly by the closure compiler (engine/closure.ts), which checks the argument types the same way.
 */
export interface RuleFunction {
  readonly name: string;
  /** CEL parameter types: 'string', 'double', 'bool' or 'list<double>'. */
  readonly params: readonly string[];
  readonly returns: string;
  readonly handler: (...args: never[]) => unknown;
  readonly description?: string;
}

export function registerRuleFunction(env: Environment, fn: RuleFunction): void {
  env.registerFunction(
    `${fn.name}(${fn.params.join(', ')}): ${fn.returns}`,
    fn.handler as (...args: unknown[]) => unknown,
    fn.description === undefined ? undefined : { description: fn.description },
  );
}

/** Functions available in every rule expression. */
export const RULE_FUNCTIONS: readonly RuleFunction[] = [
  {
    name: 'idFormatOk',
    params: ['string'],
    returns: 'bool',
    handler: recentAnswers((id: string) => ID_FORMAT.test(id)),
    description:
      '18-character ID number (17 digits + check character), or a 20-digit 残疾人证号 (ID + 类别 + 等级)',
  },
  {
    name: 'idChecksumOk',
    params: ['string'],
    returns: 'bool',
    handler: recentAnswers(
      (id: string) => ID_FORMAT.test(id) && checksumChar(id.slice(0, 17)) === id.charAt(17),
    ),
    description: 'GB 11643 check character of the first 18 characters is right',
  },
  {
    name: 'idValid',
    params: ['string'],
    returns: 'bool',
    handler: recentAnswers((id: string) => isValidIdNumber(id)),
    description: 'A valid ID: format, real birth date and checksum',
  },
  {
    name: 'idBirthDate',
    params: ['string'],
    returns: 'string',
    handler: recentAnswers((id: string) => birthDateFromId(id) ?? ''),
    description: "Birth date 'YYYY-MM-DD' from an ID number, '' when it has none",
  },
  {
    name: 'idSex',
    params: ['string'],
    returns: 'string',
    handler: recentAnswers((id: string) => sexFromId(id) ?? ''),
    description: "男 or 女 from the 17th digit of an ID number, '' when it has none",
  },
  {
    name: 'inCodeList',
    params: ['string', 'string'],
    returns: 'bool',
    handler: (value: string, list: string) => isKnownCode(list, value),
    description: 'The value is a label of the code list (see docs/fields.md)',
  },
  {
    name: 'sum',
    params: ['list<double>'],
    returns: 'double',
    handler: (values: readonly number[]) => sumOf(values),
    description: 'Sum of a list of numbers, e.g. sum(h.members.map(m, m.work_months))',
  },
  { name: 'abs', params: ['double'], returns: 'double', handler: (x: number) => Math.abs(x) },
  {
    name: 'monthIndex',
    params: ['string'],
    returns: 'double',
    handler: (text: string) => monthIndex(text),
    description: 'Month of a YYYYMM (or YYYY-MM, or date) value as year × 12 + month − 1; −1 when unreadable',
  },
  {
    name: 'near',
    params: ['double', 'double', 'double'],
    returns: 'bool',
    handler: (a: number, b: number, tolerance: number) => Math.abs(a - b) <= tolerance + 1e-9,
    description: 'near(a, b, tolerance): |a − b| ≤ tolerance',
  },
];

/**
 * A function of one string that remembers its recent answers, in a small direct-mapped cache (a slot chosen by
 * the string's length and last characters, an answer replaced when another string lands in its slot). The
 * checker evaluates a rule for every member before the next rule, so the same few ID numbers come back once per
 * rule (idFormatOk(p.id_number) in the `when` of many rules, idBirthDate and idSex in several): a cache of
 * the last answer only would miss on every member of a household of more than one.
 */
export function recentAnswers<T>(fn: (arg: string) => T): (arg: string) => T {
  const args: (string | undefined)[] = new Array<string | undefined>(RECENT_SLOTS).fill(undefined);
  const answers: T[] = new Array<T>(RECENT_SLOTS);
  return (arg) => {
    // The last four characters (where ID numbers of one household differ), mixed by a multiplicative hash.
    const n = arg.length;
    let h = n;
    for (let i = n > 4 ? n - 4 : 0; i < n; i++) h = h * 31 + arg.charCodeAt(i);
    const slot = Math.imul(h, 0x9e3779b1) >>> (32 - RECENT_BITS);
    if (args[slot] === arg) return answers[slot] as T;
    const value = fn(arg);
    args[slot] = arg;
    answers[slot] = value;
    return value;
  };
}

function registerFunctions(env: Environment): void {
  for (const fn of RULE_FUNCTIONS) registerRuleFunction(env, fn);
}

function sumOf(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

function fieldTypes(level: 'person' | 'household'): Record<string, string> {
  const types: Record<string, string> = {};
  for (const field of FIELDS) if (field.level === level) types[field.key] = celTypeOf(field);
  return types;
}

/**
 * Person records carry the household fields of their row too (exports repeat them), so `Person` has every
 * field; `Household` has the household fields, the members and derived counts.
 */
function registerTypes(env: Environment): void {
  const person: Record<string, string> = { ...fieldTypes('household'), ...fieldTypes('person') };
  for (const [key, def] of Object.entries(DERIVED_PERSON_FIELDS)) person[key] = def.type;
  env.registerType('Person', { fields: person });
  const household: Record<string, string> = { ...fieldTypes('household'), members: 'list<Person>' };
  for (const [key, def] of Object.entries(DERIVED_HOUSEHOLD_FIELDS)) household[key] = def.type;
  env.registerType('Household', { fields: household });
}

let base: Environment | undefined;

/** The shared environment with types and functions; cloned per pack (cloning freezes it). */
export function baseEnvironment(): Environment {
  if (!base) {
    base = new Environment({ enableOptionalTypes: true, limits: { maxAstNodes: 2000, maxDepth: 100 } });
    registerTypes(base);
    registerFunctions(base);
  }
  return base;
}
