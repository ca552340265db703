/**
 * The hand-off of a file's findings to the run's finding store while the file is read in the run's thread
 * (`--jobs 1`, or one file read in a second thread): findings flow to the store as they are made instead of
 * waiting in an array until the file ends, so memory does not grow with one file's findings. Files checked in
 * worker threads or kept in the cache still hand over their findings whole (FileCheck.findings).
 */
import { fingerprint } from '../findings/baseline.js';
import type { InputStream, StoredFinding } from '../findings/store.js';
import type { Finding } from '../findings/types.js';

/** Where checkFile puts the findings of the file it reads (see FindingStore.beginInput). */
export interface FindingSink {
  /** The next sheet of the file, in workbook order (skipped ones included), before any of its findings. */
  sheet(sheet: string | null): void;
  add(finding: Finding): void;
  /** A finding of a whole household in the first read: dropped if the household turns out split. */
  addHousehold(finding: Finding): void;
  /** The file's split households of a sheet: their first-read household findings are dropped. */
  withdrawHouseholds(sheet: string | null, householdIds: Iterable<string>): void;
}

/**
 * A finding on its way into the store: `settle` applied (the config's settings of built-in finding types; null
 * drops the finding), then its fingerprint added.
 */
export function storedWith(
  settle?: (finding: Finding) => Finding | null,
): (finding: Finding) => StoredFinding | null {
  return (raw) => {
    const f = settle ? settle(raw) : raw;
    return f === null ? null : { ...f, fingerprint: fingerprint(f) };
  };
}

/** A sink into a store input stream; each finding goes through storedWith(settle), as merged findings do. */
export function storeSink(stream: InputStream, settle?: (finding: Finding) => Finding | null): FindingSink {
  const stored = storedWith(settle);
  return {
    sheet: (sheet) => stream.sheet(sheet),
    add: (finding) => {
      const f = stored(finding);
      if (f !== null) stream.add(f);
    },
    addHousehold: (finding) => {
      const f = stored(finding);
      if (f !== null) stream.addHousehold(f);
    },
    withdrawHouseholds: (sheet, ids) => stream.withdrawHouseholds(sheet, ids),
  };
}

/** Something findings are pushed to: an array, or a sink. */
export interface FindingPush {
  push(...found: Finding[]): number;
}

/** `push` into the sink (household findings: as provisional ones), or into the array when there is no sink. */
export function pushTo(
  sink: FindingSink | undefined,
  array: Finding[],
  kind: 'add' | 'addHousehold' = 'add',
): FindingPush {
  if (!sink) return array;
  return {
    push(...found: Finding[]): number {
      for (const f of found) sink[kind](f);
      return 0;
    },
  };
}
