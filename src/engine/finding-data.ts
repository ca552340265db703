/** The `data` of a failing rule: its expressions evaluated into JSON-safe values for the message. */
import type { FindingData } from '../findings/types.js';
import type { CompiledRule } from './compile.js';
import { NO_SUCH_KEY } from './closure.js';
import { runAbsentAware } from './shapes.js';

/**
 * A failing rule's `data` expressions, evaluated for its message: JSON-safe values, null where an expression
 * fails. `numbers` post-processes numbers (aggregate rules round shares and rates).
 */
export function evaluateData(
  rule: CompiledRule,
  ctx: Record<string, unknown>,
  numbers: (n: number) => number = (n) => n,
): FindingData {
  const data: FindingData = {};
  for (const [name, evaluator] of rule.data) {
    let value: unknown;
    try {
      value = runAbsentAware(evaluator, ctx);
    } catch {
      value = null;
    }
    if (value === NO_SUCH_KEY) value = null;
    data[name] = typeof value === 'number' ? numbers(value) : plain(value);
  }
  return data;
}

/** CEL results into JSON-safe finding data. */
function plain(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((v) => String(plain(v))).join('、');
  return String(value);
}
