/**
 * Where column profiles come from: the built-in ones in rules/profiles/<name>.yaml, or a path given to
 * --profile. This module reads files; parsing and validation are in load.ts.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { LedgerlintError } from '../errors.js';
import { PackError } from '../packs/load.js';
import { RULES_DIR } from '../packs/registry.js';
import { parseProfile, type ColumnProfile } from './load.js';

export const PROFILES_DIR = path.join(RULES_DIR, 'profiles');

let builtins: readonly ColumnProfile[] | undefined;

function readProfile(file: string, display: string): ColumnProfile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new LedgerlintError('profile.not-found', { profile: display, profiles: builtinNames().join(', ') });
  }
  try {
    return parseProfile(text, display);
  } catch (err) {
    if (err instanceof PackError) throw new LedgerlintError('profile.invalid', { detail: err.message });
    throw err;
  }
}

/** The built-in profiles, sorted by name; read once (a few small files). */
export function builtinProfiles(): readonly ColumnProfile[] {
  builtins ??= readdirSync(PROFILES_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => readProfile(path.join(PROFILES_DIR, f), `rules/profiles/${f}`));
  return builtins;
}

export function builtinNames(): string[] {
  return readdirSync(PROFILES_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();
}

/** `--profile <name|path>`: a built-in profile by name, or a YAML file. */
export function resolveProfile(spec: string): ColumnProfile {
  const isPath = /[\\/]|\.ya?ml$/i.test(spec);
  if (isPath) return readProfile(spec, spec);
  const found = builtinProfiles().find((p) => p.name === spec);
  if (found === undefined) {
    throw new LedgerlintError('profile.not-found', { profile: spec, profiles: builtinNames().join(', ') });
  }
  return found;
}

/** What header detection needs: the profile named by --profile, or every built-in one to choose from. */
export interface ProfileRequest {
  readonly forced?: ColumnProfile;
  readonly candidates: readonly ColumnProfile[];
}

export function profileRequest(spec: string | undefined): ProfileRequest {
  return spec === undefined
    ? { candidates: builtinProfiles() }
    : { forced: resolveProfile(spec), candidates: [] };
}
