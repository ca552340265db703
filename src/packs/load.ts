/**
 * Reading a rule pack from YAML text: syntax errors and schema errors both come back with file:line:column,
 * the way a pack author needs them. No I/O here: the caller reads the file.
 */
import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { packSchema, type PackDef } from './schema.js';

export interface PackProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
  /** Dotted path in the pack (`rules[2].severity`), when the problem is about a value. */
  readonly path?: string;
}

export class PackError extends Error {
  constructor(readonly problems: readonly PackProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'PackError';
  }
}

export function formatProblem(p: PackProblem): string {
  const at = p.path ? `\n    → at ${p.path}` : '';
  return `${p.file}:${p.line}:${p.column}  ✖ ${p.message}${at}`;
}

export interface ParsedPack {
  readonly pack: PackDef;
  readonly file: string;
  /**
   * Position of the value at a path (e.g. ['rules', 3, 'assert']) in the pack file, for later errors. For a pack
   * that extends another, `file` names the file the value comes from when it is not this pack's file.
   */
  locate(path: readonly (string | number)[]): { line: number; column: number; file?: string };
  /** Ids of the packs this one extends, nearest first (empty or absent: it extends none). */
  readonly bases?: readonly string[];
  /** Ids of the rules written in this pack's own file (the rest are inherited). Absent: all of them. */
  readonly ownRuleIds?: readonly string[];
  /** Rule id → id of the pack whose file defines it, for inherited rules. Absent: this pack. */
  readonly ruleOrigins?: ReadonlyMap<string, string>;
}

/** The generated documentation page of a rule of a pack: docs/rules/<defining pack>/<rule>.md. */
export function ruleDocPath(parsed: ParsedPack, ruleId: string): string {
  return `docs/rules/${parsed.ruleOrigins?.get(ruleId) ?? parsed.pack.id}/${ruleId}.md`;
}

/** Parse and validate one pack. Throws PackError listing every problem found. */
export function parsePack(text: string, file: string): ParsedPack {
  const { data, locate } = parseYaml(packSchema, text, file);
  return { pack: data, file, locate };
}

/**
 * Parse YAML and validate it with a zod schema; every problem (syntax, duplicate key, schema) comes back with
 * file:line:column in a PackError. Used for rule packs and waiver files.
 */
export function parseYaml<T extends z.ZodType>(
  schema: T,
  text: string,
  file: string,
): { data: z.infer<T>; locate: ParsedPack['locate'] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new PackError(
      doc.errors.map((error) => {
        const pos = lineCounter.linePos(error.pos[0]);
        return { file, line: pos.line, column: pos.col, message: error.message.split('\n')[0] ?? error.code };
      }),
    );
  }
  const result = schema.safeParse(doc.toJS());
  if (!result.success) {
    throw new PackError(result.error.issues.map((issue) => locateIssue(issue, doc, lineCounter, file)));
  }
  return {
    data: result.data,
    locate(path) {
      const pos = lineCounter.linePos(nearestNode(doc, path)?.range?.[0] ?? 0);
      return { line: pos.line, column: pos.col };
    },
  };
}

function locateIssue(
  issue: z.core.$ZodIssue,
  doc: Document,
  lineCounter: LineCounter,
  file: string,
): PackProblem {
  const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
  const node = nearestNode(doc, path, issue.code === 'unrecognized_keys' ? issue.keys : undefined);
  const offset = node?.range?.[0] ?? 0;
  const pos = lineCounter.linePos(offset);
  let message = issue.message;
  if (issue.code === 'unrecognized_keys')
    message = `unknown key ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  return { file, line: pos.line, column: pos.col, message, path: path.length ? toDotPath(path) : undefined };
}

/** The YAML node at `path`, or its nearest existing ancestor; for unknown keys, the offending key itself. */
function nearestNode(
  doc: Document,
  path: readonly (string | number)[],
  unknownKeys?: readonly string[],
): Node | null {
  let node: unknown = doc.contents;
  for (const key of path) {
    const next = childOf(node, key);
    if (next === undefined) break;
    node = next;
  }
  if (unknownKeys?.[0] !== undefined && isMap(node)) {
    const pair = node.items.find(
      (item) => (item.key as { value?: unknown } | null)?.value === unknownKeys[0],
    );
    if (pair?.key) return pair.key as Node;
  }
  return (node as Node | null) ?? null;
}

function childOf(node: unknown, key: string | number): unknown {
  if (isMap(node)) {
    const pair = node.items.find((item) => (item.key as { value?: unknown } | null)?.value === key);
    return pair ? (pair.value ?? pair.key) : undefined;
  }
  if (isSeq(node) && typeof key === 'number') return node.items[key];
  return undefined;
}

function toDotPath(path: readonly (string | number)[]): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}
