/**
 * The household view the checker builds (`h`): household fields chosen from the 户主, else the first member with
 * a value, in dictionary order; members that disagree reported as household-conflict, by field then member,
 * each naming the 乡镇/村 of `h` as far as it was built at that field.
 */
import { describe, expect, it } from 'vitest';
import { FIELDS } from '../../src/dictionary/index.js';
import { Checker } from '../../src/engine/checker.js';
import { makeIdNumber } from '../../src/normalize/idnumber.js';
import { HOUSEHOLD_FIELDS } from '../../src/engine/shapes.js';
import type { FieldValue, PersonRecord, SheetLayout } from '../../src/normalize/types.js';

const columns = ['county', 'township', 'village', 'household_id', 'relation', 'poverty_status', 'exit_year'];
const layout: SheetLayout = {
  file: 'f.csv',
  sheet: null,
  headerRows: [1],
  firstDataRow: 2,
  columns: [],
  fieldColumns: new Map(
    columns.map((field, i) => {
      const column = String.fromCharCode(65 + i);
      return [field, { index: i, column, header: field, field }];
    }),
  ),
};
const rec = (row: number, values: Record<string, FieldValue>): PersonRecord => ({
  layout,
  row,
  values: { household_id: 'H1', ...values },
});

// The 户主 is the second row; the first and third disagree with it, and with each other on exit_year.
const members = [
  rec(5, {
    relation: '之子',
    county: 'X县',
    township: '甲镇',
    village: '一村',
    poverty_status: '已脱贫',
    exit_year: 2019,
  }),
  rec(6, { relation: '户主', county: 'Y县', township: '乙镇', village: '一村', poverty_status: '未脱贫' }),
  rec(7, { relation: '之女', township: '甲镇', exit_year: 2018 }),
];

/** An object's keys that hold a value (absent fields are undefined-valued keys of the fixed shapes). */
const filledKeys = (o: Record<string, unknown>): string[] => Object.keys(o).filter((k) => o[k] !== undefined);

describe('Checker household view', () => {
  const checker = new Checker([], { year: 2020, assessmentDate: '2020-12-31' });

  it('takes the 户主 value, else the first member that has one, in dictionary order', () => {
    const { h, anchor, township, village } = checker.householdObjects({ id: 'H1', members });
    expect(anchor.row).toBe(6);
    expect(filledKeys(h)).toEqual([
      'county',
      'township',
      'village',
      'household_id',
      'poverty_status',
      'exit_year',
      'members',
      'member_count',
    ]);
    // One shape for every household: each household field a key (undefined when no member has a value).
    expect(Object.keys(h)).toEqual([...HOUSEHOLD_FIELDS, 'members', 'member_count']);
    expect(h).toMatchObject({ county: 'Y县', township: '乙镇', exit_year: 2019, member_count: 3 });
    expect([township, village]).toEqual(['乙镇', '一村']);
    // Each member as `p`: a copy of its values (not the record's own object).
    const persons = h.members as Record<string, unknown>[];
    expect(persons[2]).toEqual({ household_id: 'H1', relation: '之女', township: '甲镇', exit_year: 2018 });
    expect(filledKeys(persons[2] ?? {})).toEqual(['township', 'household_id', 'exit_year', 'relation']);
    expect(persons[2]).not.toBe(members[2]?.values);
    // One shape for every member, whatever cells its row filled: every dictionary field, then age.
    for (const p of persons) expect(Object.keys(p)).toEqual([...FIELDS.map((f) => f.key), 'age']);
  });

  it('reports disagreeing members by field, then member, with the area of h built so far', () => {
    const findings = checker.checkHousehold({ id: 'H1', members });
    expect(
      findings.map((f) => [f.field, f.row, f.column, f.data, f.township, f.village, f.householdId]),
    ).toEqual([
      // county comes before township and village: the member's own 乡镇/村
      [
        'county',
        5,
        'A',
        { fieldLabel: '县', value: 'X县', headValue: 'Y县', headRow: 6 },
        '甲镇',
        '一村',
        'H1',
      ],
      // at township, h has the 户主's 乡镇 but not yet the 村
      [
        'township',
        5,
        'B',
        { fieldLabel: '乡镇', value: '甲镇', headValue: '乙镇', headRow: 6 },
        '乙镇',
        '一村',
        'H1',
      ],
      [
        'township',
        7,
        'B',
        { fieldLabel: '乡镇', value: '甲镇', headValue: '乙镇', headRow: 6 },
        '乙镇',
        null,
        'H1',
      ],
      [
        'poverty_status',
        5,
        'F',
        expect.objectContaining({ value: '已脱贫', headValue: '未脱贫', headRow: 6 }),
        '乙镇',
        '一村',
        'H1',
      ],
      // the 户主 has no exit_year: the first member's is chosen, the third disagrees with it
      [
        'exit_year',
        7,
        'G',
        expect.objectContaining({ value: '2018', headValue: '2019', headRow: 5 }),
        '乙镇',
        '一村',
        'H1',
      ],
    ]);
    expect(new Set(findings.map((f) => f.ruleId))).toEqual(new Set(['household-conflict']));
  });

  it('reports nothing when members agree or leave the field empty', () => {
    const agreeing = [
      rec(2, { relation: '户主', township: '甲镇' }),
      rec(3, { relation: '之子', township: '甲镇' }),
      rec(4, {}),
    ];
    expect(checker.checkHousehold({ id: 'H1', members: agreeing })).toEqual([]);
  });

  it('gives each member its age in full years at the assessment date, from 出生日期 else the ID number', () => {
    const born = (row: number, birth: string | undefined, id?: string) =>
      rec(row, {
        relation: row === 2 ? '户主' : '之子',
        ...(birth ? { birth_date: birth } : {}),
        ...(id ? { id_number: id } : {}),
      });
    const household = [
      born(2, '2000-12-31'),
      born(3, '2001-01-01'),
      born(4, '2000-1-1'), // not zero-padded: read as split('-') reads it
      born(5, '20x0-01-01'), // not a number: no age
      born(6, '2021-01-01'), // after the assessment date: no age
      born(7, undefined, makeIdNumber('450121', '19900615', 12)),
      born(8, undefined),
    ];
    const { h } = checker.householdObjects({ id: 'H1', members: household });
    const ages = (h.members as Record<string, unknown>[]).map((p) => p.age);
    expect(ages).toEqual([20, 19, 20, undefined, undefined, 30, undefined]);
  });
});
