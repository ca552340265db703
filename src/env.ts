/** Hidden numeric settings read from the environment (LEDGERLINT_SPILL_THRESHOLD, LEDGERLINT_READER_YOUNG_MB …). */

export type Env = Readonly<Record<string, string | undefined>>;

/** The whole number (digits only: 0, 12 …) that `name` is set to; undefined when unset or anything else. */
export function envWholeNumber(env: Env, name: string): number | undefined {
  const value = env[name];
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}
