import { describe, expect, it } from 'vitest';
import { codeListById, fieldByKey, isKnownCode, resolveCode } from '../../src/dictionary/index.js';
import { fieldByHeader, numericCodeKey } from '../../src/dictionary/lookup.js';

describe('fieldByKey / codeListById', () => {
  it('finds by key and id', () => {
    expect(fieldByKey('income_per_capita')?.zh).toBe('人均纯收入');
    expect(fieldByKey('nope')).toBeUndefined();
    expect(codeListById('relation')?.zh).toBe('与户主关系');
    expect(codeListById('nope')).toBeUndefined();
  });
});

describe('resolveCode', () => {
  it('resolves labels and 2016–2020 numeric codes, with or without the leading zero', () => {
    expect(resolveCode('relation', '之子')).toBe('之子');
    expect(resolveCode('relation', '03')).toBe('之子');
    expect(resolveCode('relation', '3')).toBe('之子');
    expect(resolveCode('relation', '3.0')).toBe('之子');
    expect(resolveCode('relation', '０３')).toBe('之子');
    expect(resolveCode('relation', ' 03 ')).toBe('之子');
    expect(resolveCode('relation', '21')).toBe('其他');
    expect(resolveCode('relation', '22')).toBeUndefined();
    expect(resolveCode('relation', '3.5')).toBeUndefined();
  });

  it('resolves era synonyms to the current wording', () => {
    expect(resolveCode('poverty_attribute', '五保户')).toBe('特困供养贫困户');
    expect(resolveCode('poverty_attribute', '五保贫困户')).toBe('特困供养贫困户');
    expect(resolveCode('poverty_attribute', '06')).toBe('特困供养贫困户');
    expect(resolveCode('poverty_attribute', '低保（部分）贫困户')).toBe('低保(部分)贫困户');
    expect(resolveCode('school_status', '高一')).toBe('普通高中一年级');
    expect(resolveCode('school_status', '高中一年级')).toBe('普通高中一年级');
    expect(resolveCode('school_status', '07')).toBe('普通高中一年级');
    expect(resolveCode('school_status', '硕士生及以上')).toBe('硕士研究生及以上');
    expect(resolveCode('school_status', '01')).toBe('非在校生');
    expect(resolveCode('education', '本科及研究生及以上')).toBe('本科及以上');
    expect(resolveCode('education', '文盲')).toBe('文盲或半文盲');
    expect(resolveCode('monitoring_category', '边缘户')).toBe('边缘易致贫户');
    expect(resolveCode('poverty_cause', '缺劳力')).toBe('缺劳动力');
    expect(resolveCode('poverty_cause', '其它')).toBe('其他');
    expect(resolveCode('poverty_cause', '99')).toBe('未知');
    expect(resolveCode('ethnicity', '汉')).toBe('汉族');
    expect(resolveCode('ethnicity', '01')).toBe('汉族');
    expect(resolveCode('ethnicity', '56')).toBe('基诺族');
    expect(resolveCode('id_type', '居民身份证')).toBe('身份证');
    expect(resolveCode('id_type', '9')).toBe('残疾人证');
    expect(resolveCode('sex', '1')).toBe('男');
    expect(resolveCode('sex', '2')).toBe('女');
    expect(resolveCode('labor_skill', '04')).toBe('无劳动力');
    expect(resolveCode('health', '03')).toBe('患有大病');
  });

  it('resolves 脱贫标志 codes 1/4 to 已脱贫 and 0/3 to not-exited labels', () => {
    expect(resolveCode('poverty_status', '1')).toBe('已脱贫');
    expect(resolveCode('poverty_status', '4')).toBe('已脱贫');
    expect(resolveCode('poverty_status', '0')).toBe('未脱贫');
    expect(resolveCode('poverty_status', '3')).toBe('返贫');
    expect(resolveCode('poverty_status', '已脱贫(享受政策)')).toBe('已脱贫');
  });

  it('ignores ASCII case and full-width forms', () => {
    expect(resolveCode('house_grade', 'c级')).toBe('C');
    expect(resolveCode('house_grade', 'Ｄ')).toBe('D');
    expect(resolveCode('house_grade', '整幢危房')).toBe('D');
    expect(resolveCode('yes_no', '是')).toBe('是');
    expect(resolveCode('yes_no', 'Y')).toBe('是');
    expect(resolveCode('yes_no', '0')).toBe('否');
    expect(resolveCode('yes_no', '无')).toBe('否');
  });

  it('returns undefined for empty text, unknown values and unknown lists', () => {
    expect(resolveCode('relation', '')).toBeUndefined();
    expect(resolveCode('relation', '   ')).toBeUndefined();
    expect(resolveCode('relation', '邻居')).toBeUndefined();
    expect(resolveCode('no-such-list', '之子')).toBeUndefined();
    expect(resolveCode('health', '无患大病')).toBeUndefined();
  });
});

describe('numericCodeKey', () => {
  it('drops leading zeros and a zero fraction', () => {
    expect(numericCodeKey('03')).toBe('3');
    expect(numericCodeKey('3.0')).toBe('3');
    expect(numericCodeKey('3.')).toBe('3');
    expect(numericCodeKey('00')).toBe('0');
    expect(numericCodeKey('0')).toBe('0');
    expect(numericCodeKey('10')).toBe('10');
    expect(numericCodeKey('3.5')).toBeUndefined();
    expect(numericCodeKey('a3')).toBeUndefined();
  });
});

describe('isKnownCode', () => {
  it('accepts canonical labels only', () => {
    expect(isKnownCode('relation', '之子')).toBe(true);
    expect(isKnownCode('relation', '03')).toBe(false);
    expect(isKnownCode('relation', '儿子')).toBe(false);
    expect(isKnownCode('poverty_attribute', '特困供养贫困户')).toBe(true);
    expect(isKnownCode('poverty_attribute', '五保户')).toBe(false);
    expect(isKnownCode('no-such-list', '之子')).toBe(false);
  });
});

describe('fieldByHeader', () => {
  const keyOf = (h: string) => fieldByHeader(h)?.key;

  it('matches aliases of every era', () => {
    expect(keyOf('AAC001')).toBe('household_id');
    expect(keyOf('aab004')).toBe('id_number');
    expect(keyOf('公民身份号码')).toBe('id_number');
    expect(keyOf('人均纯收入（元）')).toBe('income_per_capita');
    expect(keyOf('人均纯收入(元)')).toBe('income_per_capita');
    expect(keyOf('户联系电话')).toBe('phone');
    expect(keyOf('家庭成员联系电话')).toBe('member_phone');
    expect(keyOf('成员联系电话')).toBe('member_phone');
    expect(keyOf('是否参加城乡居民基本医疗保险')).toBe('resident_medical_insurance');
    expect(keyOf('是否参加新型农村合作医疗（城乡居民基本医疗保险）')).toBe('resident_medical_insurance');
    expect(keyOf('是否享受农村居民最低生活保障')).toBe('dibao');
    expect(keyOf('是否特困供养人员')).toBe('tekun');
    expect(keyOf('义务教育阶段未上学原因')).toBe('dropout_reason');
    expect(keyOf('失学或辍学原因')).toBe('dropout_reason');
    expect(keyOf('是否解决安全饮用水')).toBe('water_safe');
    expect(keyOf('饮水是否安全')).toBe('water_safe');
    expect(keyOf('脱贫属性')).toBe('poverty_status');
    expect(keyOf('脱贫标志')).toBe('poverty_status');
    expect(keyOf('人数')).toBe('household_size');
    expect(keyOf('家庭人口数')).toBe('household_size');
    expect(keyOf('当前家庭人口数')).toBe('household_size');
    expect(keyOf('县(市、区、旗)')).toBe('county');
    expect(keyOf('县（市、区、旗）')).toBe('county');
    expect(keyOf('乡(镇)')).toBe('township');
    expect(keyOf('行政村')).toBe('village');
    expect(keyOf('自然村')).toBe('hamlet');
    expect(keyOf('村民小组')).toBe('hamlet');
    expect(keyOf('务工时间（月）')).toBe('work_months');
    expect(keyOf('住房面积（㎡）')).toBe('house_area');
  });

  it('matches keys and zh labels', () => {
    expect(keyOf('income_per_capita')).toBe('income_per_capita');
    expect(keyOf('与户主关系')).toBe('relation');
  });

  it('ignores whitespace, line breaks, markers and unit brackets', () => {
    expect(keyOf('家庭成员\n姓名')).toBe('name');
    expect(keyOf(' 姓 名 ')).toBe('name');
    expect(keyOf('*证件号码')).toBe('id_number');
    expect(keyOf('其中：低保金')).toBe('transfer_dibao');
    expect(keyOf('工资性收入（元）')).toBe('income_wage');
  });

  it('resolves flattened two-row headers', () => {
    expect(keyOf('户主/姓名')).toBe('head_name');
    expect(keyOf('家庭成员/姓名')).toBe('name');
    expect(keyOf('家庭收入情况（元）/工资性收入')).toBe('income_wage');
    expect(keyOf('家庭收入情况（元）/其中：低保金')).toBe('transfer_dibao');
  });

  it('returns undefined for unknown headers', () => {
    expect(keyOf('备注')).toBeUndefined();
    expect(keyOf('')).toBeUndefined();
    expect(keyOf('（元）')).toBeUndefined();
    expect(keyOf('户主证件号码')).toBeUndefined();
    expect(keyOf('生产经营性支出（合计）')).toBeUndefined();
  });
});
