/**
 * `ignore:` of the project config: glob patterns of input files to skip, relative to the config file's
 * directory. picomatch does the matching (bash-like globs, `**`, braces); a pattern without a slash matches the
 * file name in any directory, as in .gitignore.
 */
import path from 'node:path';
import picomatch from 'picomatch';

/** The inputs that no pattern matches, in their order. */
export function filterIgnored(
  inputs: readonly string[],
  patterns: readonly string[] | undefined,
  baseDir: string,
  cwd: string = process.cwd(),
): string[] {
  if (!patterns || patterns.length === 0) return [...inputs];
  // picomatch's own `basename` option stops patterns with a slash from matching, so the two kinds are split.
  const byName = patterns.filter((p) => !p.includes('/'));
  const byPath = patterns.filter((p) => p.includes('/'));
  const nameMatch = byName.length > 0 ? picomatch(byName, { dot: true }) : () => false;
  const pathMatch = byPath.length > 0 ? picomatch(byPath, { dot: true }) : () => false;
  return inputs.filter((input) => {
    const relative = path.relative(baseDir, path.resolve(cwd, input)).split(path.sep).join('/');
    return !nameMatch(path.posix.basename(relative)) && !pathMatch(relative);
  });
}
