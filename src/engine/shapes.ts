/**
 * The objects expressions read — each member as `p`/`m` and the household as `h` — in one fixed shape each: every
 * field of the dictionary (and the derived fields) in one order, an absent value held as `undefined`.
 *
 * Why: a record's `values` object has the fields its row filled, so records come in thousands of hidden classes
 * (one per set of filled cells), and those built on the main thread by keyed stores turn into hash tables past
 * about twenty fields. Objects of one shape give every field read of every rule a monomorphic load, and copying a
 * record into one is a plain store per filled field.
 *
 * The expression code treats an `undefined` value as absent (closure.ts `fieldValue`, has(), `.?`). cel-js reads
 * such values as absent too for the declared Person/Household types, but it is never handed one: an expression
 * that falls back to cel-js gets copies without the undefined-valued keys (`runAbsentAware`).
 */
import { FIELDS } from '../dictionary/index.js';
import { DERIVED_HOUSEHOLD_FIELDS, DERIVED_PERSON_FIELDS } from './cel.js';
import { generatedOr } from '../generated-code.js';
import { isPlainObject } from './cel-values.js';
import { NO_SUCH_KEY, type Evaluator } from './closure.js';

type CelObject = Record<string, unknown>;

/** The household fields, in dictionary order: the slots of a household's chosen values. */
export const HOUSEHOLD_FIELDS: readonly string[] = FIELDS.filter((f) => f.level === 'household').map(
  (f) => f.key,
);

/** Keys of a person object: every dictionary field (records repeat the household fields), then `age`. */
const PERSON_KEYS: readonly string[] = [...FIELDS.map((f) => f.key), ...Object.keys(DERIVED_PERSON_FIELDS)];

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function checkedKeys(keys: readonly string[]): readonly string[] {
  for (const key of keys) if (!IDENTIFIER.test(key)) throw new Error(`not an identifier: ${key}`);
  return keys;
}

/**
 * A new person object with every key present and undefined. Generated once from the dictionary: an object
 * literal gives all objects one hidden class with in-object fields, which neither a constructor (its prototype
 * would not be Object.prototype, and expressions check for plain objects) nor keyed stores on `{}` give.
 */
export const emptyPersonObject = generatedOr(
  () =>
    new Function(
      `return { ${checkedKeys(PERSON_KEYS)
        .map((key) => `${key}: undefined`)
        .join(', ')} };`,
    ) as () => CelObject,
  () => () => {
    const p: CelObject = {};
    for (const key of PERSON_KEYS) p[key] = undefined;
    return p;
  },
);

/**
 * The household object `h`: the chosen value of each household field (`chosen` in HOUSEHOLD_FIELDS order,
 * undefined where no member has one), the member objects and their count, in one fixed shape.
 */
type HouseholdObject = (
  chosen: readonly unknown[],
  members: readonly CelObject[],
  count: number,
) => CelObject;
export const householdObject = generatedOr(
  () =>
    new Function(
      'chosen',
      'members',
      'count',
      `return { ${checkedKeys(HOUSEHOLD_FIELDS)
        .map((key, i) => `${key}: chosen[${i}]`)
        .join(', ')}, members: members, ${checkedKeys(Object.keys(DERIVED_HOUSEHOLD_FIELDS))
        .map((key) => `${key}: count`)
        .join(', ')} };`,
    ) as HouseholdObject,
  (): HouseholdObject => (chosen, members, count) => {
    const h: CelObject = {};
    for (let i = 0; i < HOUSEHOLD_FIELDS.length; i++) h[HOUSEHOLD_FIELDS[i] as string] = chosen[i];
    h.members = members;
    for (const key of Object.keys(DERIVED_HOUSEHOLD_FIELDS)) h[key] = count;
    return h;
  },
);

/**
 * Offer a member's household fields for `h`, read from its person object `p` (generated: one named load per
 * household field, all on the one person shape): a field nobody offered yet takes the member's value (and
 * remembers `member`); true when the member disagrees (`same` false) with a value already chosen.
 */
type OfferHouseholdValues = <V, M>(
  p: CelObject,
  member: M,
  chosen: (V | undefined)[],
  from: (M | undefined)[],
  same: (a: V, b: V) => boolean,
) => boolean;
export const offerHouseholdValues = generatedOr(
  () =>
    new Function(
      'p',
      'member',
      'chosen',
      'from',
      'same',
      `let disagree = false;
  let value;
  let before;
${checkedKeys(HOUSEHOLD_FIELDS)
  .map(
    (key, i) => `  value = p.${key};
  if (value !== undefined) {
    before = chosen[${i}];
    if (before === undefined) {
      chosen[${i}] = value;
      from[${i}] = member;
    } else if (!same(value, before)) disagree = true;
  }`,
  )
  .join('\n')}
  return disagree;`,
    ) as OfferHouseholdValues,
  (): OfferHouseholdValues => (p, member, chosen, from, same) => {
    let disagree = false;
    for (let i = 0; i < HOUSEHOLD_FIELDS.length; i++) {
      const value = p[HOUSEHOLD_FIELDS[i] as string] as (typeof chosen)[number];
      if (value === undefined) continue;
      const before = chosen[i];
      if (before === undefined) {
        chosen[i] = value;
        from[i] = member;
      } else if (!same(value, before)) disagree = true;
    }
    return disagree;
  },
);

/**
 * Run an expression on a context of fixed-shape objects: its closures as they are, and on a failure (ERROR,
 * DEFER) or without closures, `Evaluator.run` on a copy without undefined-valued keys, so that cel-js sees
 * exactly the filled fields. Returns what run() returns (NO_SUCH_KEY for an absent value); throws what it throws.
 */
export function runAbsentAware(evaluator: Evaluator, ctx: CelObject): unknown {
  const closure = evaluator.closure;
  if (closure !== undefined) {
    const value = closure(ctx);
    if (typeof value !== 'symbol' || value === NO_SUCH_KEY) return value;
  }
  return (closure === undefined ? evaluator.run : evaluator.reference)(withoutAbsent(ctx));
}

/**
 * A context with its plain-object variables (and `h.members`) copied without undefined-valued keys; other
 * variables as they are. Only for the rare evaluation that reaches cel-js.
 */
export function withoutAbsent(ctx: CelObject): CelObject {
  const copy: CelObject = {};
  for (const name in ctx) {
    const value = ctx[name];
    copy[name] = name === 'params' || !isPlainObject(value) ? value : filled(value);
  }
  return copy;
}

function filled(obj: CelObject): CelObject {
  const copy: CelObject = {};
  for (const key in obj) {
    const value = obj[key];
    if (value === undefined) continue;
    copy[key] =
      key === 'members' && Array.isArray(value)
        ? value.map((m: unknown) => (isPlainObject(m) ? filled(m) : m))
        : value;
  }
  return copy;
}
