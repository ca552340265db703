/**
 * The values objects of built person records, encoded for the trip from the reader thread to the main thread
 * (io/threaded.ts). Structured clone serializes every small object and string one by one and rebuilds them
 * one property at a time on the other side; here a batch travels as a few flat pieces instead:
 *
 * - every string value joined into one string (split once on arrival; a multi-valued enum's list is one of
 *   those strings, its items joined by a second separator);
 * - numbers in a Float64Array and booleans in a Uint8Array;
 * - strings that repeat (code labels, yes/no, village names) as numbers into a table of the sheet's strings,
 *   each new string sent once: a field is read this way while few of its strings are new (a column of
 *   names or ID numbers stops being tabled after its first batch), and the main thread gets one string
 *   per distinct value instead of a copy per record;
 * - per row, the id of its *shape*: the field keys in insertion order with the kind of each value. A sheet
 *   has few shapes (which cells are filled repeats from row to row); each is sent once, in the batch that
 *   first uses it.
 *
 * The receiving side makes one object-literal factory per shape, so a record's values object is created in
 * one step with its properties in their original order. The objects are the plain objects the builder made
 * (same keys, same order, same values), which the tests check against the in-thread build.
 *
 * A batch falls back to the values objects as they are (structured clone) when a string holds one of the
 * separators, or when the sheet has more shapes than MAX_SHAPES (rows whose set of filled cells varies
 * without pattern): factories and the shape index then stop growing.
 *
 * Hand-written: no library encodes JavaScript objects for postMessage more cheaply than structured clone
 * itself; the gain comes from knowing that the objects share a handful of shapes.
 */
import { generatedOr } from '../generated-code.js';
import type { FieldValue } from '../normalize/types.js';

type Values = Readonly<Record<string, FieldValue>>;

/** The kind of a value: how it travels and how it is rebuilt. */
const STRING = 0;
const NUMBER = 1;
const BOOLEAN = 2;
const LIST = 3;
const TABLED = 4;
type Kind = typeof STRING | typeof NUMBER | typeof BOOLEAN | typeof LIST | typeof TABLED;

/** Between the strings of a batch, and between the items of a list. Never in a value that is encoded. */
const STRING_SEPARATOR = '\u0000';
const ITEM_SEPARATOR = '\u0001';

/** Most shapes per sheet (see the module comment). */
export const MAX_SHAPES = 512;
/**
 * Most strings in a sheet's table (a few MiB on either side, whatever the data); a batch that might pass it
 * sends its strings joined instead.
 */
export const MAX_TABLED = 1 << 18;
/**
 * A field's strings stop being tabled after a batch in which, of at least TABLE_SAMPLE of them, more than
 * one in TABLE_NEW_SHARE was new.
 */
const TABLE_SAMPLE = 64;
const MAX_KEYS = 256;
const TABLE_NEW_SHARE = 4;

/** A shape as sent: keys and kinds in the order the values object holds them. */
export interface Shape {
  readonly keys: readonly string[];
  readonly kinds: readonly Kind[];
}

/** One batch's values, encoded; or `plain` (structured clone) when the batch could not be encoded. */
export type EncodedValues =
  | {
      /** Shapes first used in this batch, numbered on from the shapes of earlier batches. */
      readonly shapes: readonly Shape[];
      /** Per row: its shape's number, or -1 for a row without a record. */
      readonly shapeOf: Int32Array;
      readonly text: string;
      /** Strings added to the sheet's table by this batch, numbered on from the earlier ones. */
      readonly tabled: readonly string[];
      /** Per tabled value, its number in the table. */
      readonly codes: Int32Array;
      readonly numbers: Float64Array;
      readonly booleans: Uint8Array;
    }
  | {
      readonly shapes: readonly Shape[];
      readonly tabled: readonly string[];
      readonly plain: readonly (Values | null)[];
    };

/**
 * A node of the encoder's shape index: the shape so far, and its continuations by key and kind. A node has
 * one or two continuations as a rule, so they are scanned (keys compared by identity, as property keys are
 * internalized) rather than hashed.
 */
interface ShapeNode {
  /** Shape number when a row's values end here, else -1. */
  id: number;
  readonly keys: string[];
  readonly kinds: Kind[];
  readonly children: ShapeNode[];
}

function newNode(): ShapeNode {
  return { id: -1, keys: [], kinds: [], children: [] };
}

/** The continuation of `node` by `key` and `kind`, if the index has it. */
function childOf(node: ShapeNode, key: string, kind: Kind): ShapeNode | undefined {
  const { keys, kinds } = node;
  for (let i = 0; i < keys.length; i++) {
    if (keys[i] === key && kinds[i] === kind) return node.children[i];
  }
  return undefined;
}

function kindOf(value: FieldValue): typeof STRING | typeof NUMBER | typeof BOOLEAN | typeof LIST | -1 {
  switch (typeof value) {
    case 'string':
      return STRING;
    case 'number':
      return NUMBER;
    case 'boolean':
      return BOOLEAN;
    default:
      return Array.isArray(value) && value.length > 0 ? LIST : -1;
  }
}

/** Whether a string can be joined with the separators and split back unchanged. */
function safe(text: string, separator: string): boolean {
  return text.indexOf(separator) === -1;
}

/** The reader thread's side, one per sheet: values objects → EncodedValues. */
/** How a field's strings fared in the table during one batch. */
interface TableUse {
  looked: number;
  added: number;
}

export class ValuesEncoder {
  private readonly root = newNode();
  private shapeCount = 0;
  private readonly table = new Map<string, number>();
  /** Fields whose strings are no longer tabled. */
  private readonly untabled = new Set<string>();

  /** The kind a value travels as in this batch (strings: tabled or joined). */
  private kindIn(key: string, value: FieldValue, tabling: boolean): Kind | -1 {
    const kind = kindOf(value);
    return kind === STRING && tabling && !this.untabled.has(key) ? TABLED : kind;
  }

  encode(values: readonly (Values | null)[]): EncodedValues {
    // Tabling is off for a batch that could fill the table (every value of every row new; a record has fewer
    // keys than MAX_KEYS, the dictionary having fewer fields).
    const tabling = this.table.size + values.length * MAX_KEYS <= MAX_TABLED;
    const uses = new Map<string, TableUse>();
    const tabled: string[] = [];
    const codes: number[] = [];
    const shapes: Shape[] = [];
    const shapeOf = new Int32Array(values.length);
    const strings: string[] = [];
    const numbers: number[] = [];
    const booleans: number[] = [];
    let encodable = true;
    for (let r = 0; r < values.length && encodable; r++) {
      const v = values[r];
      if (v === null || v === undefined) {
        shapeOf[r] = -1;
        continue;
      }
      let node: ShapeNode | undefined = this.root;
      let keys: string[] | undefined;
      let kinds: Kind[] | undefined;
      for (const key in v) {
        const value = v[key] as FieldValue;
        const kind = this.kindIn(key, value, tabling);
        if (kind === -1) {
          encodable = false;
          break;
        }
        if (kind === TABLED) {
          let code = this.table.get(value as string);
          let use = uses.get(key);
          if (use === undefined) {
            use = { looked: 0, added: 0 };
            uses.set(key, use);
          }
          use.looked++;
          if (code === undefined) {
            code = this.table.size;
            this.table.set(value as string, code);
            tabled.push(value as string);
            use.added++;
          }
          codes.push(code);
        } else if (kind === STRING) {
          if (!safe(value as string, STRING_SEPARATOR)) encodable = false;
          strings.push(value as string);
        } else if (kind === NUMBER) numbers.push(value as number);
        else if (kind === BOOLEAN) booleans.push(value === true ? 1 : 0);
        else {
          const list = value as readonly string[];
          for (const item of list) {
            if (typeof item !== 'string' || !safe(item, STRING_SEPARATOR) || !safe(item, ITEM_SEPARATOR)) {
              encodable = false;
            }
          }
          strings.push(list.join(ITEM_SEPARATOR));
        }
        if (keys !== undefined && kinds !== undefined) {
          keys.push(key);
          kinds.push(kind);
          continue;
        }
        const child = childOf(node, key, kind);
        if (child !== undefined) {
          node = child;
          continue;
        }
        // A shape not seen before: its keys are collected below and the index extended once the row ends.
        keys = [];
        kinds = [];
        for (const k in v) {
          if (k === key) break;
          keys.push(k);
          kinds.push(this.kindIn(k, v[k] as FieldValue, tabling) as Kind);
        }
        keys.push(key);
        kinds.push(kind);
      }
      if (!encodable) break;
      if (keys === undefined || kinds === undefined) {
        if (node.id >= 0) {
          shapeOf[r] = node.id;
          continue;
        }
        keys = [];
        kinds = [];
        for (const k in v) {
          keys.push(k);
          kinds.push(this.kindIn(k, v[k] as FieldValue, tabling) as Kind);
        }
      }
      if (this.shapeCount >= MAX_SHAPES) {
        encodable = false;
        break;
      }
      shapeOf[r] = this.addShape(keys, kinds);
      shapes.push({ keys, kinds });
    }
    for (const [key, use] of uses) {
      if (use.looked >= TABLE_SAMPLE && use.added * TABLE_NEW_SHARE > use.looked) this.untabled.add(key);
    }
    if (!encodable) {
      // The strings tabled by this batch stay in the table: they are sent along with the objects.
      return { shapes, tabled, plain: values };
    }
    return {
      shapes,
      shapeOf,
      text: strings.join(STRING_SEPARATOR),
      tabled,
      codes: Int32Array.from(codes),
      numbers: Float64Array.from(numbers),
      booleans: Uint8Array.from(booleans),
    };
  }

  private addShape(keys: readonly string[], kinds: readonly Kind[]): number {
    let node = this.root;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      const kind = kinds[i] as Kind;
      let child = childOf(node, key, kind);
      if (child === undefined) {
        child = newNode();
        node.keys.push(key);
        node.kinds.push(kind);
        node.children.push(child);
      }
      node = child;
    }
    node.id = this.shapeCount;
    this.shapeCount += 1;
    return node.id;
  }
}

/** Builds one shape's values object from the batch's strings, numbers and booleans at the given offsets. */
type Factory = (
  strings: readonly string[],
  s: number,
  table: readonly string[],
  codes: Int32Array,
  t: number,
  numbers: Float64Array,
  n: number,
  booleans: Uint8Array,
  b: number,
) => Values;

interface DecodedShape {
  readonly shape: Shape;
  readonly strings: number;
  readonly tabled: number;
  readonly numbers: number;
  readonly booleans: number;
  factory: Factory | undefined;
}

/**
 * One object literal per shape, compiled with new Function: a literal is created in one step with all its
 * properties in place, about three times cheaper than adding them one by one (or than structured clone,
 * which does that). The source holds only JSON-quoted keys and offsets, never data.
 */
function compileFactory(shape: Shape): Factory {
  const props: string[] = [];
  let s = 0;
  let t = 0;
  let n = 0;
  let b = 0;
  for (let i = 0; i < shape.keys.length; i++) {
    // A computed key for __proto__, which as a plain literal key would set the prototype instead.
    const quoted = JSON.stringify(shape.keys[i]);
    const key = shape.keys[i] === '__proto__' ? `[${quoted}]` : quoted;
    switch (shape.kinds[i]) {
      case STRING:
        props.push(`${key}: S[s + ${s++}]`);
        break;
      case TABLED:
        props.push(`${key}: T[C[t + ${t++}]]`);
        break;
      case NUMBER:
        props.push(`${key}: N[n + ${n++}]`);
        break;
      case BOOLEAN:
        props.push(`${key}: B[b + ${b++}] === 1`);
        break;
      default:
        props.push(`${key}: S[s + ${s++}].split(${JSON.stringify(ITEM_SEPARATOR)})`);
    }
  }
  return generatedOr(
    () =>
      new Function('S', 's', 'T', 'C', 't', 'N', 'n', 'B', 'b', `return { ${props.join(', ')} };`) as Factory,
    () => loopFactory(shape),
  );
}

/** What compileFactory's literal does, by keyed stores (where the process forbids code generation). */
function loopFactory(shape: Shape): Factory {
  return (S, s0, T, C, t0, N, n0, B, b0) => {
    const values: Record<string, FieldValue> = {};
    let s = s0;
    let t = t0;
    let n = n0;
    let b = b0;
    for (let i = 0; i < shape.keys.length; i++) {
      const key = shape.keys[i] as string;
      let value: FieldValue;
      switch (shape.kinds[i]) {
        case STRING:
          value = S[s++] as string;
          break;
        case TABLED:
          value = T[C[t++] as number] as string;
          break;
        case NUMBER:
          value = N[n++] as number;
          break;
        case BOOLEAN:
          value = B[b++] === 1;
          break;
        default:
          value = (S[s++] as string).split(ITEM_SEPARATOR);
      }
      // defineProperty for __proto__, which an assignment would take as the prototype
      if (key === '__proto__')
        Object.defineProperty(values, key, { value, enumerable: true, writable: true, configurable: true });
      else values[key] = value;
    }
    return values;
  };
}

function decodedShape(shape: Shape): DecodedShape {
  let strings = 0;
  let tabled = 0;
  let numbers = 0;
  let booleans = 0;
  for (const kind of shape.kinds) {
    if (kind === NUMBER) numbers++;
    else if (kind === BOOLEAN) booleans++;
    else if (kind === TABLED) tabled++;
    else strings++;
  }
  return { shape, strings, tabled, numbers, booleans, factory: undefined };
}

/** The main thread's side, one per sheet: EncodedValues → values objects, batch by batch in order. */
export class ValuesDecoder {
  private readonly shapes: DecodedShape[] = [];
  private readonly table: string[] = [];

  decode(encoded: EncodedValues): (Values | null)[] {
    for (const shape of encoded.shapes) this.shapes.push(decodedShape(shape));
    for (const text of encoded.tabled) this.table.push(text);
    if ('plain' in encoded) return encoded.plain as (Values | null)[];
    const { shapeOf, codes, numbers, booleans } = encoded;
    const table = this.table;
    const strings = encoded.text.split(STRING_SEPARATOR);
    const out = new Array<Values | null>(shapeOf.length);
    let s = 0;
    let t = 0;
    let n = 0;
    let b = 0;
    for (let r = 0; r < shapeOf.length; r++) {
      const id = shapeOf[r] as number;
      if (id < 0) {
        out[r] = null;
        continue;
      }
      const shape = this.shapes[id] as DecodedShape;
      const factory = (shape.factory ??= compileFactory(shape.shape));
      out[r] = factory(strings, s, table, codes, t, numbers, n, booleans, b);
      s += shape.strings;
      t += shape.tabled;
      n += shape.numbers;
      b += shape.booleans;
    }
    return out;
  }
}
