/**
 * Finding and reading the project config file: `--config <file>`, else the first `ledgerlint.config.yaml` in
 * the working directory or one of its parents (up to the filesystem root); `--no-config` reads none.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { LedgerlintError } from '../errors.js';
import { PackError, parseYaml } from '../packs/load.js';
import { configSchema, type ProjectConfig } from './schema.js';

export const CONFIG_FILE_NAME = 'ledgerlint.config.yaml';

export interface LoadedConfig {
  readonly config: ProjectConfig;
  /** The file as shown in messages. */
  readonly file: string;
  /** Directory of the file: packs and ignore patterns are relative to it. */
  readonly dir: string;
  /** `file:line:column` of the value at a path. */
  where(path: readonly (string | number)[]): string;
}

/** The config file that applies from `cwd`: the nearest ledgerlint.config.yaml in it or its parents. */
export async function findConfigFile(cwd: string): Promise<string | null> {
  let dir = path.resolve(cwd);
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    const found = await stat(candidate).then(
      (s) => s.isFile(),
      () => false,
    );
    if (found) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/**
 * `option`: the --config value (a file), false for --no-config, undefined to search from `cwd`.
 * Returns null when no config applies.
 */
export async function loadProjectConfig(
  option: string | false | undefined,
  cwd: string,
): Promise<LoadedConfig | null> {
  if (option === false) return null;
  const file = option ?? (await findConfigFile(cwd));
  if (file === null) return null;
  const display = option ?? path.relative(cwd, file) ?? file;
  let text: string;
  try {
    text = await readFile(path.resolve(cwd, file), 'utf8');
  } catch (error) {
    throw new LedgerlintError(
      'cli.config-unreadable',
      { file: display, detail: (error as Error).message },
      { cause: error },
    );
  }
  return parseConfig(text, display, path.dirname(path.resolve(cwd, file)));
}

/** Parse and validate config text; problems come back as one error listing file:line:column of each. */
export function parseConfig(text: string, file: string, dir: string): LoadedConfig {
  try {
    const { data, locate } = parseYaml(configSchema, text, file);
    return {
      config: data,
      file,
      dir,
      where(at) {
        const pos = locate(at);
        return `${file}:${pos.line}:${pos.column}`;
      },
    };
  } catch (error) {
    if (error instanceof PackError)
      throw new LedgerlintError('cli.config-invalid', { detail: error.message });
    throw error;
  }
}
