/**
 * Runs whose files are checked one after another in the main thread, by one checker: village/township/county
 * rules, a population table (--population) or a household table join span files (commands/check.ts). Such a
 * run cannot use --cache (a cached file's households would not reach the aggregates or the join) nor check
 * several files at once (--jobs n only reads each file in a second thread). The report is the same either way,
 * so the run goes on and says so on standard error, rather than refusing a run that gives the right answer or
 * ignoring the options silently.
 */
import { message } from '../i18n/catalogue.js';
import type { Lang } from '../i18n/types.js';

/** Why a run checks its files one after another in the main thread. */
export type SequentialReason = 'aggregate' | 'population' | 'household-table';

/** The reason, from what made the run share one checker across its files; null when nothing did. */
export function sequentialReason(run: {
  readonly aggregateRules: boolean;
  readonly population: boolean;
  readonly householdTable: boolean;
}): SequentialReason | null {
  if (run.aggregateRules) return 'aggregate';
  if (run.population) return 'population';
  if (run.householdTable) return 'household-table';
  return null;
}

/** What the user asked for that such a run could not do. */
export interface AskedParallelism {
  /** --jobs as given on the command line; undefined when it was not (its default says nothing). */
  readonly jobs: number | undefined;
  readonly files: number;
  readonly cache: boolean;
}

/** The notes (one line each) for the options a sequential run could not use; none for any other run. */
export function sequentialRunNotes(
  reason: SequentialReason | null | undefined,
  asked: AskedParallelism,
  lang: Lang,
): string[] {
  if (reason === null || reason === undefined) return [];
  const because = message(`cli.sequential.${reason}`, lang);
  const notes: string[] = [];
  if (asked.jobs !== undefined && asked.jobs > 1 && asked.files > 1)
    notes.push(message('cli.sequential.jobs', lang, { jobs: asked.jobs, reason: because }));
  if (asked.cache) notes.push(message('cli.sequential.cache', lang, { reason: because }));
  return notes;
}
