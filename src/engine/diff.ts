/**
 * Comparing two drops of the same ledger (`ledgerlint diff <old> <new>`): households matched by 户编号, persons by
 * ID number. What appeared, disappeared or moved is reported as built-in change findings; what changed within a
 * household or person is judged by the `diff` rules of the packs (monitoring-diff: 收入骤减, 返贫, a house that
 * became C/D…), with `old` and `new` in the expression context. Domain code only: records in, findings out.
 *
 * Both drops are held in memory, pruned to the fields the rules read plus identity: a diff needs random access
 * by ID to the other drop, and a county drop pruned this way is tens of megabytes, not hundreds.
 */
import { fieldByKey } from '../dictionary/index.js';
import { subjectOf } from '../findings/baseline.js';
import { BUILTIN_FINDINGS, inputFinding, skippedSeverity } from '../findings/catalogue.js';
import type { Finding, FindingData } from '../findings/types.js';
import type { FieldValue, PersonRecord, SheetLayout } from '../normalize/types.js';
import type { CelObject, Checker, HouseholdObjects } from './checker.js';
import type { CompiledRule } from './compile.js';
import { householdIdOf } from './households.js';

/** Fields every drop keeps besides those the rules read: identity, location, and what `h` is built from. */
const IDENTITY_FIELDS = [
  'household_id',
  'id_number',
  'name',
  'relation',
  'township',
  'village',
  'birth_date',
  'poverty_status',
] as const;

/** One drop: its members by 户编号 in reading order, pruned to the fields kept. */
export class DropIndex {
  readonly households = new Map<string, PersonRecord[]>();
  /** Fields some sheet of the drop has a column for. */
  readonly fields = new Set<string>();
  readonly files: string[] = [];
  persons = 0;
  private readonly keep: readonly string[];

  constructor(fields: Iterable<string>) {
    this.keep = [...new Set([...IDENTITY_FIELDS, ...fields])];
  }

  beginSheet(layout: SheetLayout): void {
    if (!this.files.includes(layout.file)) this.files.push(layout.file);
    for (const field of layout.fieldColumns.keys()) this.fields.add(field);
  }

  /** Rows without 户编号 cannot be matched to the other drop and are left out (`check` reports them). */
  add(record: PersonRecord): void {
    const id = householdIdOf(record);
    if (id === null) return;
    this.persons += 1;
    const values: Record<string, FieldValue> = {};
    for (const key of this.keep) {
      const value = record.values[key];
      if (value !== undefined) values[key] = value;
    }
    const pruned: PersonRecord = { layout: record.layout, row: record.row, values };
    const members = this.households.get(id);
    if (members) members.push(pruned);
    else this.households.set(id, [pruned]);
  }
}

interface PersonAt {
  readonly householdId: string;
  readonly index: number;
  readonly record: PersonRecord;
}

export class DiffEngine {
  private readonly householdRules: CompiledRule[];
  private readonly personRules: CompiledRule[];

  constructor(
    rules: readonly CompiledRule[],
    private readonly checker: Checker,
    private readonly year: number,
  ) {
    this.householdRules = rules.filter((r) => r.scope === 'diff' && r.of === 'household');
    this.personRules = rules.filter((r) => r.scope === 'diff' && r.of === 'person');
  }

  compare(old: DropIndex, next: DropIndex): Finding[] {
    const findings: Finding[] = [];
    const disabled = this.disabledRules(old, next, findings);
    const oldPersons = personIndex(old);
    const newPersons = personIndex(next);
    const oldViews = new Map<string, HouseholdObjects>();
    const oldView = (id: string): HouseholdObjects | undefined => {
      let view = oldViews.get(id);
      if (!view) {
        const members = old.households.get(id);
        if (!members) return undefined;
        view = this.checker.householdObjects({ id, members });
        oldViews.set(id, view);
      }
      return view;
    };

    for (const [id, members] of next.households) {
      const now = this.checker.householdObjects({ id, members });
      const before = oldView(id);
      if (!before) {
        findings.push(change('household-added', 'added', {}, now.anchor, now));
      } else {
        for (const rule of this.householdRules) {
          if (disabled.has(rule.id)) continue;
          this.judge(rule, { old: before.h, new: now.h }, now, now.anchor, findings);
        }
      }
      members.forEach((member, index) => {
        const idNumber = idOf(member);
        const was = idNumber === null ? undefined : oldPersons.get(idNumber);
        if (!was) {
          if (before && idNumber !== null)
            findings.push(change('person-added', 'added', {}, member, now, true));
          return;
        }
        if (was.householdId !== id) {
          findings.push(
            change('person-moved', 'moved', { from: was.householdId, to: id }, member, now, true),
          );
        }
        const wasView = oldView(was.householdId);
        const oldPerson = wasView?.persons[was.index];
        const newPerson = now.persons[index];
        if (!oldPerson || !newPerson) return;
        for (const rule of this.personRules) {
          if (disabled.has(rule.id)) continue;
          this.judge(rule, { old: oldPerson, new: newPerson, h: now.h }, now, member, findings);
        }
      });
      oldViews.delete(id);
    }

    for (const [id, members] of old.households) {
      const stillThere = next.households.has(id);
      if (!stillThere) {
        const view = oldView(id);
        if (view) findings.push(change('household-removed', 'removed', {}, view.anchor, view));
        continue;
      }
      for (const member of members) {
        const idNumber = idOf(member);
        if (idNumber === null || newPersons.has(idNumber)) continue;
        findings.push(
          change(
            'person-removed',
            'removed',
            { householdId: id },
            member,
            oldView(id) ?? areaOf(members),
            true,
          ),
        );
      }
    }
    return findings;
  }

  private judge(
    rule: CompiledRule,
    vars: CelObject,
    where: HouseholdObjects,
    at: PersonRecord,
    findings: Finding[],
  ): void {
    const ctx: CelObject = { ...vars, params: rule.params, year: this.year };
    if (rule.when && this.checker.evaluate(rule, rule.when, ctx, at) !== true) return;
    if (!rule.assert || this.checker.evaluate(rule, rule.assert, ctx, at) !== false) return;
    const field = rule.fields[0] ?? null;
    findings.push({
      subject: rule.of === 'person' ? subjectOf(at.values.id_number, at.values.name) : undefined,
      ruleId: rule.id,
      severity: rule.severity,
      messageId: rule.defaultMessageId,
      data: this.checker.findingData(rule, ctx),
      scope: rule.of,
      file: at.layout.file,
      sheet: at.layout.sheet,
      row: at.row,
      column: field ? (at.layout.fieldColumns.get(field)?.column ?? null) : null,
      field,
      householdId: where.id,
      township: where.township,
      village: where.village,
    });
  }

  /**
   * A rule runs only when both drops have the columns it reads: a column missing from one drop would make every
   * household look changed. One missing-column finding per drop and column, as `check` does.
   */
  private disabledRules(old: DropIndex, next: DropIndex, findings: Finding[]): Set<string> {
    const disabled = new Set<string>();
    for (const [drop, label] of [
      [old, 'old'],
      [next, 'new'],
    ] as const) {
      const has = (f: string) =>
        drop.fields.has(f) ||
        f === 'member_count' ||
        (f === 'age' && (drop.fields.has('birth_date') || drop.fields.has('id_number')));
      const byField = new Map<string, CompiledRule[]>();
      for (const rule of [...this.householdRules, ...this.personRules]) {
        const missing = rule.needs.filter((f) => !has(f));
        const noneOf = rule.needsOneOf.length > 0 && !rule.needsOneOf.some(has);
        if (missing.length === 0 && !noneOf) continue;
        disabled.add(rule.id);
        if (rule.def.skipIfMissing) continue;
        for (const f of noneOf ? [...missing, rule.needsOneOf.join('/')] : missing) {
          byField.set(f, [...(byField.get(f) ?? []), rule]);
        }
      }
      for (const [field, rules] of byField) {
        findings.push(
          inputFinding(
            'missing-column',
            `diff-${label}-rules-skipped`,
            {
              fields: field
                .split('/')
                .map((f) => fieldByKey(f)?.zh ?? f)
                .join('/'),
              count: rules.length,
              rules: rules.map((r) => r.id).join('、'),
            },
            { file: drop.files[0] ?? '', field: field.split('/')[0] },
            skippedSeverity(rules),
          ),
        );
      }
    }
    return disabled;
  }
}

type ChangeType =
  'household-added' | 'household-removed' | 'person-added' | 'person-removed' | 'person-moved';

function change(
  type: ChangeType,
  messageId: string,
  data: FindingData,
  at: PersonRecord,
  where: { readonly id?: string | null; readonly township: string | null; readonly village: string | null },
  aboutPerson = false,
): Finding {
  const field = aboutPerson ? 'id_number' : 'household_id';
  return {
    subject: aboutPerson ? subjectOf(at.values.id_number, at.values.name) : undefined,
    ruleId: type,
    severity: BUILTIN_FINDINGS[type].severity,
    messageId,
    data: { ...data, name: typeof at.values.name === 'string' ? at.values.name : null },
    scope: aboutPerson ? 'person' : 'household',
    file: at.layout.file,
    sheet: at.layout.sheet,
    row: at.row,
    column: at.layout.fieldColumns.get(field)?.column ?? null,
    field,
    householdId: householdIdOf(at),
    township: where.township,
    village: where.village,
  };
}

function areaOf(members: readonly PersonRecord[]): { township: string | null; village: string | null } {
  const first = members[0]?.values;
  return {
    township: typeof first?.township === 'string' ? first.township : null,
    village: typeof first?.village === 'string' ? first.village : null,
  };
}

function idOf(record: PersonRecord): string | null {
  const id = record.values.id_number;
  return typeof id === 'string' && id !== '' ? id : null;
}

/** Persons by ID number; the first occurrence wins (duplicates are `check`'s business). */
function personIndex(drop: DropIndex): Map<string, PersonAt> {
  const index = new Map<string, PersonAt>();
  for (const [householdId, members] of drop.households) {
    members.forEach((record, i) => {
      const id = idOf(record);
      if (id !== null && !index.has(id)) index.set(id, { householdId, index: i, record });
    });
  }
  return index;
}
