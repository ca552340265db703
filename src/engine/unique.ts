/**
 * Dataset uniqueness (`check: {type: unique}`) across every input of a run. Readers see records; this index
 * sees only compact keys (the value plus where it was found), so that worker threads, each reading one file,
 * can send their keys to the main thread, and a cache can keep them: replayed in input order, the keys of all
 * files give the same findings as one sequential read. Domain code only: no I/O.
 */
import { subjectOf } from '../findings/baseline.js';
import type { Finding } from '../findings/types.js';
import { textOf } from '../normalize/records.js';
import type { PersonRecord } from '../normalize/types.js';
import type { CompiledRule } from './compile.js';

/** What the index keeps of a record: plain data (structured-clone and JSON safe). */
export interface UniqueKey {
  readonly value: string;
  readonly sheet: string | null;
  readonly row: number;
  /** Column letter of the unique field on that sheet. */
  readonly column: string | null;
  readonly householdId: string | null;
  readonly township: string | null;
  readonly village: string | null;
  /** For the fingerprint subject; hashed only for the few records that turn out to be duplicates. */
  readonly idNumber: string | null;
  readonly name: string | null;
}

/** Keys of one file, per unique rule id, in reading order. */
export type UniqueKeys = Record<string, UniqueKey[]>;

export function uniqueKeyOf(rule: CompiledRule, value: string, record: PersonRecord): UniqueKey {
  const v = record.values;
  const field = uniqueField(rule);
  return {
    value,
    sheet: record.layout.sheet,
    row: record.row,
    column: field ? (record.layout.fieldColumns.get(field)?.column ?? null) : null,
    householdId: textOf(v.household_id),
    township: textOf(v.township),
    village: textOf(v.village),
    idNumber: typeof v.id_number === 'string' ? v.id_number : null,
    name: typeof v.name === 'string' ? v.name : null,
  };
}

interface FirstSeen {
  readonly file: string;
  readonly key: UniqueKey;
  reported: boolean;
}

export class UniqueIndex {
  private readonly rules = new Map<string, CompiledRule>();
  private readonly seen = new Map<string, Map<string, FirstSeen>>();

  constructor(rules: readonly CompiledRule[]) {
    for (const rule of rules) {
      if (rule.check?.type !== 'unique') continue;
      this.rules.set(rule.id, rule);
      this.seen.set(rule.id, new Map());
    }
  }

  /**
   * One record's key, in reading order. The first duplicate of a value reports both records; later ones
   * report themselves, each pointing at the first.
   */
  add(ruleId: string, file: string, key: UniqueKey): Finding[] {
    const rule = this.rules.get(ruleId);
    const seen = this.seen.get(ruleId);
    if (!rule || !seen) return [];
    const first = seen.get(key.value);
    if (!first) {
      seen.set(key.value, { file, key, reported: false });
      return [];
    }
    const findings: Finding[] = [];
    if (!first.reported) {
      first.reported = true;
      findings.push(uniqueFinding(rule, first.file, first.key, file, key));
    }
    findings.push(uniqueFinding(rule, file, key, first.file, first.key));
    return findings;
  }

  /** Every key of one file, in order. */
  addAll(file: string, keys: UniqueKeys): Finding[] {
    const findings: Finding[] = [];
    for (const [ruleId, list] of Object.entries(keys)) {
      for (const key of list) {
        const found = this.add(ruleId, file, key);
        if (found.length > 0) findings.push(...found);
      }
    }
    return findings;
  }
}

function uniqueField(rule: CompiledRule): string | null {
  return rule.check?.type === 'unique' ? rule.check.field : (rule.fields[0] ?? null);
}

function uniqueFinding(
  rule: CompiledRule,
  file: string,
  here: UniqueKey,
  otherFile: string,
  other: UniqueKey,
): Finding {
  return {
    subject: subjectOf(here.idNumber ?? undefined, here.name ?? undefined),
    ruleId: rule.id,
    severity: rule.severity,
    messageId: rule.defaultMessageId,
    data: { otherFile, otherSheet: other.sheet, otherRow: other.row },
    scope: 'dataset',
    file,
    sheet: here.sheet,
    row: here.row,
    column: here.column,
    field: uniqueField(rule),
    householdId: here.householdId,
    township: here.township,
    village: here.village,
    name: here.name,
  };
}
