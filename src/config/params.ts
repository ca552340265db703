/**
 * Param values from the project config, as `--param` overrides for one run: plain values, then the assessment
 * year's `byYear` values, then the province's `byProvince` values; the command line's --param wins over all.
 */
import type { ConfigParams } from './schema.js';

export function configParamOverrides(
  params: ConfigParams | undefined,
  year: number,
  cliOverrides: Readonly<Record<string, string>>,
): Record<string, string> {
  if (params === undefined) return { ...cliOverrides };
  const { byYear, byProvince, ...plain } = params;
  const merged: Record<string, string> = {};
  const put = (values: Readonly<Record<string, unknown>> | undefined) => {
    for (const [name, value] of Object.entries(values ?? {})) {
      if (value !== undefined) merged[name] = String(value);
    }
  };
  put(plain);
  put(byYear?.[String(year)]);
  const province = cliOverrides.province ?? merged.province;
  if (province !== undefined) put(byProvince?.[province]);
  return { ...merged, ...cliOverrides };
}
