/**
 * The compact uniqueness index (engine/unique.ts) and its spilling store (batch/unique-store.ts): the findings
 * must be those of the plain first-seen map the index replaced — the first duplicate of a value reports both
 * records, later ones point at the first — whether the keys stay in memory, spill per file, or spill in the
 * run-wide store; and the run files are private and removed.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { UniqueKeyStore, spillingKeyLog, type SpillSettings } from '../../src/batch/unique-store.js';
import type { CompiledRule } from '../../src/engine/compile.js';
import {
  batchFromJson,
  batchToJson,
  inMemoryDuplicates,
  sortedOrder,
  unpackLocation,
  UniqueKeyLog,
  type UniqueKeyBatch,
} from '../../src/engine/unique.js';
import type { Finding } from '../../src/findings/types.js';
import type { ColumnInfo, PersonRecord, SheetLayout } from '../../src/normalize/types.js';
import { makeTempDir } from '../helpers/files.js';

const tmp = makeTempDir('ledgerlint-unique-');
afterAll(() => tmp.remove());

function uniqueRule(id: string, field: string): CompiledRule {
  return {
    id,
    severity: 'error',
    defaultMessageId: 'duplicate',
    fields: [field],
    check: { type: 'unique', field },
  } as unknown as CompiledRule;
}

const RULES = [uniqueRule('id-unique', 'id_number'), uniqueRule('phone-unique', 'phone')];

function layout(file: string, sheet: string | null): SheetLayout {
  const column = (letter: string): ColumnInfo => ({ column: letter }) as unknown as ColumnInfo;
  return {
    file,
    sheet,
    headerRows: [1],
    firstDataRow: 2,
    columns: [],
    fieldColumns: new Map([
      ['id_number', column('F')],
      ['phone', column('AB')],
    ]),
  };
}

interface Person {
  readonly id: string | null;
  readonly phone: string | null;
  readonly name: string | null;
  readonly township: string | null;
}

function record(file: string, sheet: string | null, row: number, p: Person): PersonRecord {
  const values: Record<string, string> = { household_id: `H${row}`, village: '新村' };
  if (p.id !== null) values.id_number = p.id;
  if (p.phone !== null) values.phone = p.phone;
  if (p.name !== null) values.name = p.name;
  if (p.township !== null) values.township = p.township;
  return { layout: layout(file, sheet), row, values };
}

/** The index as it was before: a first-seen map per rule, fed in reading order. */
function reference(files: readonly { file: string; sheet: string | null; people: Person[] }[]): Finding[] {
  const findings: Finding[] = [];
  for (const rule of RULES) {
    const field = rule.check?.type === 'unique' ? rule.check.field : '';
    const seen = new Map<string, { file: string; r: PersonRecord; reported: boolean }>();
    const finding = (file: string, r: PersonRecord, otherFile: string, other: PersonRecord): Finding => {
      const v = r.values;
      const text = (x: unknown) => (typeof x === 'string' ? x : null);
      return {
        subject: undefined,
        ruleId: rule.id,
        severity: 'error',
        messageId: 'duplicate',
        data: { otherFile, otherSheet: other.layout.sheet, otherRow: other.row },
        scope: 'dataset',
        file,
        sheet: r.layout.sheet,
        row: r.row,
        column: field === 'id_number' ? 'F' : 'AB',
        field,
        householdId: text(v.household_id),
        township: text(v.township),
        village: text(v.village),
        name: text(v.name),
      };
    };
    for (const f of files) {
      f.people.forEach((p, i) => {
        const r = record(f.file, f.sheet, i + 2, p);
        const value = r.values[field];
        if (typeof value !== 'string' || value === '') return;
        const first = seen.get(value);
        if (!first) return void seen.set(value, { file: f.file, r, reported: false });
        if (!first.reported) {
          first.reported = true;
          findings.push(finding(first.file, first.r, f.file, r));
        }
        findings.push(finding(f.file, r, first.file, first.r));
      });
    }
  }
  return findings;
}

/** Order-free comparison: the report sorts findings; subjects are hashes, compared separately. */
function normalized(findings: readonly Finding[]): string[] {
  return findings.map((f) => JSON.stringify({ ...f, subject: undefined })).sort();
}

function logOf(
  f: { file: string; sheet: string | null; people: Person[] },
  spill?: SpillSettings,
): UniqueKeyBatch {
  const log = spill ? spillingKeyLog(RULES, spill) : new UniqueKeyLog(RULES);
  f.people.forEach((p, i) => {
    const r = record(f.file, f.sheet, i + 2, p);
    for (const rule of RULES) {
      const field = rule.check?.type === 'unique' ? rule.check.field : '';
      const value = r.values[field];
      if (typeof value === 'string' && value !== '') log.add(rule, value, r);
    }
  });
  return log.batch();
}

// Few distinct values, so that duplicates (within and across files) are common; names in CJK and astral chars.
const person = fc.record({
  id: fc.option(fc.constantFrom('450121199001011234', '45012119900101123X', '𠀾甲', 'a'), { nil: null }),
  phone: fc.option(fc.constantFrom('13800000000', '13900000000', ''), { nil: null }),
  name: fc.option(fc.constantFrom('李𠀾', '王五', 'Zhang'), { nil: null }),
  township: fc.option(fc.constantFrom('城关镇', '那坡乡'), { nil: null }),
});
const ledger = fc.array(
  fc.record({
    sheet: fc.option(fc.constantFrom('花名册', 'Sheet2'), { nil: null }),
    people: fc.array(person, { maxLength: 25 }),
  }),
  { minLength: 1, maxLength: 4 },
);

let runCount = 0;
function spillAt(limit: number): SpillSettings {
  return { dir: path.join(tmp.dir, `run-${++runCount}`), limit };
}

describe('uniqueness index', () => {
  it('finds the same duplicates as the first-seen map, in memory and spilled at any limit', () => {
    fc.assert(
      fc.property(ledger, fc.integer({ min: 1, max: 9 }), (sheets, limit) => {
        const files = sheets.map((s, i) => ({ file: `in/${i}.csv`, ...s }));
        const expected = normalized(reference(files));

        const memory = new UniqueKeyStore(RULES, spillAt(1e9));
        for (const f of files) memory.add(f.file, logOf(f));
        expect(normalized(memory.finishAndClose())).toEqual(expected);

        // Per-file logs and the run-wide store both spill.
        const spill = spillAt(limit);
        const spilled = new UniqueKeyStore(RULES, spill);
        for (const f of files) spilled.add(f.file, logOf(f, spill));
        expect(normalized(spilled.finishAndClose())).toEqual(expected);
        expect(existsSync(spill.dir)).toBe(false);

        // The checker's own index (no store): the same.
        const own = inMemoryDuplicates(
          RULES,
          files.map((f) => ({ file: f.file, batch: logOf(f) })),
        );
        expect(normalized(own)).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });

  it('reports the first duplicate pair both ways and later ones against the first, with hashed subjects', () => {
    const people: Person[] = [
      { id: '450121199001011234', phone: null, name: '甲', township: '城关镇' },
      { id: '450121199001015678', phone: null, name: '乙', township: null },
      { id: '450121199001011234', phone: null, name: '丙', township: null },
      { id: '450121199001011234', phone: null, name: null, township: null },
    ];
    const store = new UniqueKeyStore(RULES, spillAt(1));
    store.add('a.csv', logOf({ file: 'a.csv', sheet: null, people: people.slice(0, 2) }));
    store.add('b.csv', logOf({ file: 'b.csv', sheet: 'S', people: people.slice(2) }));
    const found = store.finishAndClose();
    expect(
      found.map((f) => `${f.file}:${f.row}→${String(f.data.otherFile)}:${String(f.data.otherRow)}`),
    ).toEqual(['a.csv:2→b.csv:2', 'b.csv:2→a.csv:2', 'b.csv:3→a.csv:2']);
    expect(found[0]).toMatchObject({ township: '城关镇', name: '甲', column: 'F', householdId: 'H2' });
    expect(found[0]?.subject).toMatch(/^id:[0-9a-f]{24}$/);
    expect(found[0]?.subject).toBe(found[1]?.subject);
  });

  it('writes its runs into a private directory (0700, files 0600) that close() removes', () => {
    const spill = spillAt(2);
    const store = new UniqueKeyStore(RULES, spill);
    const people = Array.from({ length: 10 }, (_, i): Person => ({
      id: `4501211990010${String(i % 4).padStart(5, '0')}`,
      phone: null,
      name: '甲',
      township: null,
    }));
    const batch = logOf({ file: 'a.csv', sheet: null, people }, spill);
    expect(batch.runs.length).toBe(5);
    store.add('a.csv', batch);
    expect(statSync(spill.dir).mode & 0o777).toBe(0o700);
    for (const run of readdirSync(spill.dir))
      expect(statSync(path.join(spill.dir, run)).mode & 0o777).toBe(0o600);
    expect(store.finish()).toHaveLength(4 * 2 + 2 * 1); // ids 0,1 appear 3 times; 2,3 twice
    store.close();
    expect(existsSync(spill.dir)).toBe(false);
  });

  it('round-trips a batch through the cache JSON', () => {
    const people: Person[] = [
      { id: '𠀾甲', phone: '13800000000', name: '李𠀾', township: '那坡乡' },
      { id: '𠀾甲', phone: '13800000000', name: null, township: null },
    ];
    const batch = logOf({ file: 'a.csv', sheet: '花名册', people });
    const again = batchFromJson(JSON.parse(JSON.stringify(batchToJson(batch))));
    const findings = (b: UniqueKeyBatch) =>
      normalized(inMemoryDuplicates(RULES, [{ file: 'a.csv', batch: b }]));
    expect(findings(again)).toEqual(findings(batch));
    expect(findings(again)).toHaveLength(4);
  });

  it('packs any text as UTF-8 and reads it back (surrogate pairs; lone surrogates as U+FFFD)', () => {
    const layout = { file: 'a.csv', sheet: null, fieldColumns: new Map() } as unknown as SheetLayout;
    const rule = RULES.find((r) => r.check?.type === 'unique') as CompiledRule;
    // Any UTF-16 code units: ASCII, CJK, surrogate pairs and lone surrogates.
    const unit = fc.oneof(
      fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
      fc.constantFrom('4', '陈', '𠀾', '\ud800', '\udc00'),
    );
    const text = fc.string({ unit, maxLength: 80 });
    fc.assert(
      fc.property(text, text, (value, name) => {
        const log = new UniqueKeyLog([rule]);
        const values = { id_number: value, name, township: name + value };
        log.add(rule, value, { row: 7, layout, values } as unknown as PersonRecord);
        const batch = log.batch();
        // The value, as Buffer encodes it, then the packed location.
        const expected = Buffer.from(value, 'utf8');
        const start = expected.length < 126 ? 1 : 2;
        expect(Buffer.from(batch.keys.subarray(start, start + expected.length))).toEqual(expected);
        const location = unpackLocation(value, batch.keys.subarray(start + expected.length));
        const wellFormed = (s: string) => Buffer.from(s, 'utf8').toString('utf8');
        expect(location.row).toBe(7);
        expect(location.name).toBe(wellFormed(name));
        expect(location.township).toBe(wellFormed(name + value));
      }),
      { numRuns: 300 },
    );
  });

  it('orders keys by rule, value (as strings compare) and reading order', () => {
    const value = fc.oneof(
      fc.stringMatching(/^[0-9]{14,19}X?$/),
      fc.stringMatching(/^45102[0-9]{10}[0-9a-z]{0,3}$/),
      fc.string({ maxLength: 20 }),
      fc.constantFrom('451026196709265096', '45102619670926509X', '4510261967092650', '甲乙', ''),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(3), value), { maxLength: 200 }), (keys) => {
        const values = keys.map(([, v]) => v);
        const expected = keys
          .map((_, k) => k)
          .sort((a, b) => {
            const [ra, va] = keys[a] as [number, string];
            const [rb, vb] = keys[b] as [number, string];
            return ra - rb || (va < vb ? -1 : va > vb ? 1 : a - b);
          });
        expect(sortedOrder(values, (k) => (keys[k] as [number, string])[0])).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('locates each key in the column of its own sheet when sheets place the field differently', () => {
    const at = (sheet: string, letter: string): SheetLayout => ({
      ...layout('a.xlsx', sheet),
      fieldColumns: new Map([['id_number', { column: letter } as unknown as ColumnInfo]]),
    });
    const first = at('S1', 'F');
    const second = at('S2', 'K');
    const id = '450121199001011234';
    const log = new UniqueKeyLog(RULES);
    // Records of the two sheets interleaved: the column follows each record's layout.
    for (const [layout, row] of [
      [first, 2],
      [second, 2],
      [first, 3],
    ] as const) {
      log.add(RULES[0] as CompiledRule, id, { layout, row, values: { id_number: id } });
    }
    // A rule the log does not index adds nothing.
    log.add(uniqueRule('other', 'id_number'), id, { layout: first, row: 4, values: { id_number: id } });
    const found = inMemoryDuplicates(RULES, [{ file: 'a.xlsx', batch: log.batch() }]);
    expect(found.map((f) => `${f.sheet}:${f.row}:${f.column}`)).toEqual(['S1:2:F', 'S2:2:K', 'S1:3:F']);
  });
});
