/**
 * `extends`: a pack built on another. The base's rules and params are inherited; `paramOverrides` changes the
 * base's params (defaults, year tables, province tables); a rule whose id is a base rule's id must say
 * `override: true` (so a copy-pasted id never silently replaces a standard). The result is one ParsedPack whose
 * positions still point into the file each rule came from. No I/O here: the caller supplies a reader.
 */
import { PackError, parsePack, type PackProblem, type ParsedPack } from './load.js';
import type { PackDef, ParamDef, ParamOverride } from './schema.js';

export interface PackText {
  readonly text: string;
  /** The file as shown in messages (`rules/national-exit/pack.yaml`, or the path as given). */
  readonly display: string;
  /** Identity of the file (absolute path), for cycle detection. */
  readonly key: string;
  /** Directory against which this pack's relative `extends` is resolved. */
  readonly dir: string;
}

export interface PackReader {
  /** A pack by built-in id or path (a relative path is resolved against `fromDir`); null when there is none. */
  read(spec: string, fromDir: string | null): PackText | null;
  readonly builtinIds: readonly string[];
  /** Parse and validate a pack's text (default parsePack; the registry's goes through packs/cache.ts). */
  readonly parse?: (text: string, file: string) => ParsedPack;
}

/** True when a `--pack`/`extends` value is a path rather than a built-in pack id. */
export function isPackPath(spec: string): boolean {
  return /[\\/]|\.ya?ml$/i.test(spec);
}

/** Parse a pack read by `reader` and resolve its `extends` chain. */
export function loadResolved(
  source: PackText,
  reader: PackReader,
  chain: readonly string[] = [],
): ParsedPack {
  const parsed = (reader.parse ?? parsePack)(source.text, source.display);
  const baseSpec = parsed.pack.extends;
  if (baseSpec === undefined) return parsed;
  const problem = (message: string): PackError => {
    const at = parsed.locate(['extends']);
    return new PackError([{ file: parsed.file, line: at.line, column: at.column, message, path: 'extends' }]);
  };
  const base = reader.read(baseSpec, source.dir);
  if (base === null) {
    throw problem(
      `unknown base pack "${baseSpec}": not a built-in pack (${reader.builtinIds.join(', ')}) nor a readable file`,
    );
  }
  const seen = [...chain, source.key];
  if (seen.includes(base.key)) {
    throw problem(`extends cycle: ${[...seen, base.key].map((k) => shortName(k)).join(' → ')}`);
  }
  return mergePack(loadResolved(base, reader, seen), parsed);
}

function shortName(key: string): string {
  const parts = key.split(/[\\/]/);
  return parts.at(-1) === 'pack.yaml' && parts.length > 1
    ? `${parts.at(-2)}/pack.yaml`
    : (parts.at(-1) ?? key);
}

/** Apply a param override onto a param definition (extends and the project config file share this). */
export function overrideParam(def: ParamDef, override: ParamOverride): ParamDef {
  const byProvince: NonNullable<ParamDef['byProvince']> = { ...def.byProvince };
  for (const [province, local] of Object.entries(override.byProvince ?? {})) {
    const previous = byProvince[province];
    byProvince[province] = {
      default: local.default ?? previous?.default,
      byYear: previous?.byYear || local.byYear ? { ...previous?.byYear, ...local.byYear } : undefined,
    };
  }
  return {
    ...def,
    default: override.default ?? def.default,
    byYear: def.byYear || override.byYear ? { ...def.byYear, ...override.byYear } : undefined,
    byProvince: Object.keys(byProvince).length > 0 ? byProvince : undefined,
    source: override.source ? `${override.source}; ${def.source ?? ''}`.replace(/; $/, '') : def.source,
  };
}

/** The child pack on top of its (already resolved) base. Throws PackError for every conflict. */
export function mergePack(base: ParsedPack, child: ParsedPack): ParsedPack {
  const problems: PackProblem[] = [];
  const at = (path: (string | number)[], message: string) => {
    const pos = child.locate(path);
    problems.push({ file: child.file, line: pos.line, column: pos.column, message, path: dotted(path) });
  };

  const params: Record<string, ParamDef> = { ...base.pack.params };
  for (const [name, override] of Object.entries(child.pack.paramOverrides ?? {})) {
    const def = params[name];
    if (!def) {
      at(
        ['paramOverrides', name],
        `param "${name}" is not a param of base pack ${base.pack.id} (its params: ${Object.keys(params).join(', ') || 'none'})`,
      );
      continue;
    }
    params[name] = overrideParam(def, override);
  }
  for (const [name, def] of Object.entries(child.pack.params)) {
    if (name in base.pack.params) {
      at(
        ['params', name],
        `param "${name}" is a param of base pack ${base.pack.id}: change it under paramOverrides`,
      );
      continue;
    }
    params[name] = def;
  }

  /** Where each merged rule comes from: the pack and its index there. */
  type Origin = { readonly from: ParsedPack; readonly index: number };
  const rules: PackDef['rules'] = [...base.pack.rules];
  const origins: Origin[] = base.pack.rules.map((_, index) => ({ from: base, index }));
  const baseIndex = new Map(base.pack.rules.map((rule, index) => [rule.id, index]));
  child.pack.rules.forEach((rule, index) => {
    const replaced = baseIndex.get(rule.id);
    if (replaced !== undefined && !rule.override) {
      at(
        ['rules', index, 'id'],
        `rule "${rule.id}" is already a rule of base pack ${base.pack.id}: add \`override: true\` to replace it, or choose another id`,
      );
      return;
    }
    if (replaced === undefined && rule.override) {
      at(['rules', index, 'override'], `rule "${rule.id}" overrides no rule of base pack ${base.pack.id}`);
      return;
    }
    if (replaced !== undefined) {
      rules[replaced] = rule;
      origins[replaced] = { from: child, index };
    } else {
      rules.push(rule);
      origins.push({ from: child, index });
    }
  });
  if (problems.length > 0) throw new PackError(problems);

  const appliesToFrom = child.pack.appliesTo !== undefined ? child : base;
  const pack: PackDef = {
    ...child.pack,
    appliesTo: child.pack.appliesTo ?? base.pack.appliesTo,
    params,
    rules,
    pending: [...(base.pack.pending ?? []), ...(child.pack.pending ?? [])],
  };
  return {
    pack,
    file: child.file,
    bases: [base.pack.id, ...(base.bases ?? [])],
    ownRuleIds: child.pack.rules.map((r) => r.id),
    ruleOrigins: new Map(
      rules.map((rule, index) => {
        const from = origins[index]?.from ?? child;
        return [rule.id, from.ruleOrigins?.get(rule.id) ?? from.pack.id] as const;
      }),
    ),
    locate(path) {
      const [head, index, ...rest] = path;
      if (head === 'rules' && typeof index === 'number') {
        const origin = origins[index];
        if (origin) return withFile(origin.from, ['rules', origin.index, ...rest]);
      }
      if (head === 'appliesTo') return withFile(appliesToFrom, path);
      if (head === 'params' && typeof index === 'string' && !(index in child.pack.params)) {
        return withFile(base, path);
      }
      return child.locate(path);
    },
  };
}

function withFile(from: ParsedPack, path: readonly (string | number)[]) {
  const pos = from.locate(path);
  return { line: pos.line, column: pos.column, file: pos.file ?? from.file };
}

function dotted(path: readonly (string | number)[]): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

/**
 * The packs that actually run: a pack that another selected pack extends is dropped (its rules run as part of
 * the extending pack), and a pack selected twice runs once.
 */
export function effectivePacks(parsed: readonly ParsedPack[]): ParsedPack[] {
  const extended = new Set(parsed.flatMap((p) => p.bases ?? []));
  const seen = new Set<string>();
  return parsed.filter((p) => {
    if (extended.has(p.pack.id) || seen.has(p.pack.id)) return false;
    seen.add(p.pack.id);
    return true;
  });
}
