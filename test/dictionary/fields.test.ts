import { describe, expect, it } from 'vitest';
import { CODE_LISTS, FIELDS } from '../../src/dictionary/index.js';
import { headerTextsOf } from '../../src/dictionary/lookup.js';
import { normalizeHeaderText } from '../../src/normalize/text.js';

/** The public JSON contract: keys and their order. */
const EXPECTED_KEYS = {
  admin: ['province', 'city', 'county', 'township', 'village', 'hamlet'],
  household: [
    'household_id',
    'household_size',
    'head_name',
    'poverty_attribute',
    'poverty_status',
    'exit_year',
    'household_type',
    'monitoring_category',
    'main_poverty_cause',
    'income_wage',
    'income_business',
    'income_property',
    'income_transfer',
    'transfer_family_planning',
    'transfer_dibao',
    'transfer_tekun',
    'transfer_pension',
    'transfer_eco',
    'transfer_other',
    'expense_business',
    'income_total',
    'income_net',
    'income_per_capita',
    'is_dangerous_house',
    'house_grade',
    'house_area',
    'relocated',
    'water_difficult',
    'water_safe',
    'electricity',
    'broadcast_tv',
    'toilet',
    'road_distance_km',
    'phone',
    'registration_year',
    'return_to_poverty_year',
    'water_quantity_lpd',
    'water_piped',
    'water_fetch_minutes',
    'water_shortage_days',
    'risk_1',
    'risk_2',
    'risk_3',
    'risk_eliminated',
    'risk_elimination_method',
    'monitoring_start',
    'monitoring_end',
    'dropout_in_household',
    'member_uninsured',
    'out_of_pocket_medical',
    'support_industry',
    'support_employment',
    'support_health',
    'support_education',
    'support_compulsory_education',
    'support_housing',
    'support_water',
    'support_social_security',
    'support_social',
    'support_relocation',
    'farmland_area',
    'forest_area',
    'road_hardened',
    'bank_account',
  ],
  person: [
    'person_id',
    'name',
    'id_number',
    'id_type',
    'sex',
    'birth_date',
    'relation',
    'ethnicity',
    'political_status',
    'education',
    'school_status',
    'dropout_reason',
    'health',
    'labor_skill',
    'work_status',
    'work_months',
    'work_place',
    'resident_medical_insurance',
    'employee_medical_insurance',
    'critical_illness_insurance',
    'medical_assistance',
    'resident_pension_insurance',
    'dibao',
    'tekun',
    'active_military',
    'person_status',
    'member_phone',
    'disability_category',
    'disability_grade',
  ],
};

describe('FIELDS', () => {
  it('has exactly the contracted keys, in order', () => {
    expect(FIELDS.map((f) => f.key)).toEqual([
      ...EXPECTED_KEYS.admin,
      ...EXPECTED_KEYS.household,
      ...EXPECTED_KEYS.person,
    ]);
  });

  it('puts admin fields at household level and marks only them as admin', () => {
    for (const f of FIELDS) {
      const admin = EXPECTED_KEYS.admin.includes(f.key);
      expect(f.admin === true, f.key).toBe(admin);
      if (admin || EXPECTED_KEYS.household.includes(f.key)) expect(f.level, f.key).toBe('household');
      else expect(f.level, f.key).toBe('person');
    }
  });

  it('gives every enum an existing code list, and only enums a code list', () => {
    const ids = new Set(CODE_LISTS.map((l) => l.id));
    for (const f of FIELDS) {
      if (f.type === 'enum') expect(ids.has(f.codeList ?? ''), `${f.key} → ${String(f.codeList)}`).toBe(true);
      else expect(f.codeList, f.key).toBeUndefined();
      if (f.multi === true) expect(f.type, f.key).toBe('enum');
    }
  });

  it('has labels, snake_case keys and well-formed formats', () => {
    for (const f of FIELDS) {
      expect(f.key).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(f.zh.length, f.key).toBeGreaterThan(0);
      expect(f.en.length, f.key).toBeGreaterThan(0);
      if (f.format !== undefined) expect(f.type, f.key).toBe('string');
    }
  });

  it('uses the types a checker needs', () => {
    const typeOf = (key: string) => FIELDS.find((f) => f.key === key)?.type;
    for (const k of ['household_size', 'exit_year', 'work_months']) expect(typeOf(k), k).toBe('integer');
    for (const k of ['income_per_capita', 'house_area', 'road_distance_km', 'transfer_dibao']) {
      expect(typeOf(k), k).toBe('number');
    }
    for (const k of [
      'is_dangerous_house',
      'relocated',
      'water_difficult',
      'water_safe',
      'electricity',
      'broadcast_tv',
      'toilet',
      'resident_medical_insurance',
      'employee_medical_insurance',
      'critical_illness_insurance',
      'medical_assistance',
      'resident_pension_insurance',
      'dibao',
      'tekun',
      'active_military',
    ]) {
      expect(typeOf(k), k).toBe('boolean');
    }
    expect(typeOf('birth_date')).toBe('date');
    const formatOf = (key: string) => FIELDS.find((f) => f.key === key)?.format;
    expect(formatOf('id_number')).toBe('id-number');
    expect(formatOf('phone')).toBe('phone');
    expect(formatOf('member_phone')).toBe('phone');
    expect(formatOf('household_id')).toBe('code');
    expect(formatOf('person_id')).toBe('code');
    expect(FIELDS.find((f) => f.key === 'health')?.multi).toBe(true);
  });

  it('never gives two fields the same normalized header (key, zh label or alias)', () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const f of FIELDS) {
      for (const text of headerTextsOf(f)) {
        const key = normalizeHeaderText(text);
        expect(key, `${f.key}: "${text}"`).not.toBe('');
        const other = owner.get(key);
        if (other !== undefined && other !== f.key) clashes.push(`"${text}" → ${key}: ${other} and ${f.key}`);
        owner.set(key, f.key);
      }
    }
    expect(clashes).toEqual([]);
  });

  it('carries the era spellings of the domain reference as aliases', () => {
    const aliasesOf = (key: string) => FIELDS.find((f) => f.key === key)?.aliases ?? [];
    expect(aliasesOf('household_id')).toContain('AAC001');
    expect(aliasesOf('id_number')).toEqual(expect.arrayContaining(['AAB004', '公民身份号码', '身份证号']));
    expect(aliasesOf('income_per_capita')).toContain('人均纯收入（元）');
    expect(aliasesOf('phone')).toContain('联系电话');
    expect(aliasesOf('resident_medical_insurance')).toContain(
      '是否参加新型农村合作医疗（城乡居民基本医疗保险）',
    );
    expect(aliasesOf('dibao')).toContain('是否享受低保');
    expect(aliasesOf('dropout_reason')).toContain('失学或辍学原因');
    expect(aliasesOf('water_safe')).toContain('饮水是否安全');
    expect(aliasesOf('poverty_status')).toContain('脱贫标志');
    expect(aliasesOf('household_size')).toEqual(expect.arrayContaining(['人数', '当前家庭人口数']));
    expect(aliasesOf('county')).toContain('县(市、区、旗)');
    expect(aliasesOf('township')).toContain('乡(镇)');
    expect(aliasesOf('hamlet')).toContain('村民小组');
  });
});
