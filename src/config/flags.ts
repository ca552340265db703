/**
 * The project config under the command line: a flag given on the command line wins; a value of the config file
 * fills in a flag that was not given. Pack paths in the file are relative to the file.
 */
import path from 'node:path';
import { isPackPath } from '../packs/extends.js';
import type { LoadedConfig } from './load.js';

export interface ConfigurableFlags {
  pack?: string[];
  year?: string;
  format?: string[];
  failOn: string;
  lang?: string;
}

/**
 * `given(name)`: whether the flag was on the command line (commander's option value source), for flags that
 * have a default (--fail-on).
 */
export function flagsWithConfig<T extends ConfigurableFlags>(
  flags: T,
  loaded: LoadedConfig | null,
  given: (flag: 'failOn') => boolean,
  cwd: string = process.cwd(),
  /** The config key naming the command's packs: `packs` (check, rules), `diffPacks` (diff). */
  packsKey: 'packs' | 'diffPacks' = 'packs',
): T {
  if (loaded === null) return flags;
  const { config } = loaded;
  const packs = configPacks(loaded, packsKey, cwd);
  const formats = config.format === undefined ? undefined : [config.format].flat();
  return {
    ...flags,
    pack: flags.pack ?? packs,
    year: flags.year ?? (config.year === undefined ? undefined : String(config.year)),
    format: flags.format ?? formats,
    failOn: given('failOn') ? flags.failOn : (config.failOn ?? flags.failOn),
    lang: flags.lang ?? config.lang,
  };
}

/** The packs a config key names, pack paths made relative to `cwd` (they are written relative to the file). */
export function configPacks(
  loaded: LoadedConfig,
  key: 'packs' | 'diffPacks',
  cwd: string = process.cwd(),
): string[] | undefined {
  return loaded.config[key]?.map((spec) =>
    isPackPath(spec) ? path.relative(cwd, path.resolve(loaded.dir, spec)) || spec : spec,
  );
}
