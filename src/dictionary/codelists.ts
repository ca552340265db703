/**
 * Code lists (value domains) of the enum fields. A canonical `label` is what rules compare against, so it
 * is the most recent official wording found; `codes` are the numeric codes of older exports (2016–2020
 * 全国扶贫开发信息系统), `synonyms` the spellings of other eras and provinces. Resolution of a cell to a
 * label is in lookup.ts (`resolveCode`).
 *
 * Sources are cited by section of the domain reference (/work/shared/reference/domain.md, "domain §x.y")
 * with its confidence tags: [C] official text, [C-code] public checker/exporter code, [I] inferred.
 * Entries marked `inferred: true` carry a `note` saying what is not confirmed.
 */
import type { CodeEntry, CodeList } from './types.js';

/** The 56 nationalities in GB/T 3304 order: the index + 1 is the two-digit code (01 汉族 … 56 基诺族). */
const NATIONALITIES = [
  '汉族',
  '蒙古族',
  '回族',
  '藏族',
  '维吾尔族',
  '苗族',
  '彝族',
  '壮族',
  '布依族',
  '朝鲜族',
  '满族',
  '侗族',
  '瑶族',
  '白族',
  '土家族',
  '哈尼族',
  '哈萨克族',
  '傣族',
  '黎族',
  '傈僳族',
  '佤族',
  '畲族',
  '高山族',
  '拉祜族',
  '水族',
  '东乡族',
  '纳西族',
  '景颇族',
  '柯尔克孜族',
  '土族',
  '达斡尔族',
  '仫佬族',
  '羌族',
  '布朗族',
  '撒拉族',
  '毛南族',
  '仡佬族',
  '锡伯族',
  '阿昌族',
  '普米族',
  '塔吉克族',
  '怒族',
  '乌孜别克族',
  '俄罗斯族',
  '鄂温克族',
  '德昂族',
  '保安族',
  '裕固族',
  '京族',
  '塔塔尔族',
  '独龙族',
  '鄂伦春族',
  '赫哲族',
  '门巴族',
  '珞巴族',
  '基诺族',
] as const;

/** Colloquial short names and misspellings seen in public code, by canonical label. */
const NATIONALITY_EXTRA_SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  蒙古族: ['蒙族'],
  维吾尔族: ['维族'],
  达斡尔族: ['达翰尔族'],
};

const ETHNICITY_ENTRIES: readonly CodeEntry[] = [
  ...NATIONALITIES.map((label, i): CodeEntry => ({
    label,
    codes: [String(i + 1).padStart(2, '0')],
    // "汉" for 汉族, "蒙古" for 蒙古族 …: the name without the trailing 族.
    synonyms: [label.slice(0, -1), ...(NATIONALITY_EXTRA_SYNONYMS[label] ?? [])],
  })),
  {
    label: '穿青人',
    inferred: true,
    note: '未识别民族 recorded under its own name in 贵州 (GZ exports); no GB/T 3304 code',
  },
  {
    label: '其他',
    codes: ['97'],
    synonyms: ['其它', '未识别民族'],
    inferred: true,
    note: 'GB/T 3304 code 97',
  },
  {
    label: '外国血统中国籍人士',
    codes: ['98'],
    synonyms: ['外国人入籍'],
    inferred: true,
    note: 'GB/T 3304 code 98',
  },
];

/** 与户主关系 of the 2016–2020 system, codes 01–21 (domain §4.4, poorCheck constMap). */
const RELATIONS_2016: readonly (readonly [code: string, label: string, en: string])[] = [
  ['01', '户主', 'head of household'],
  ['02', '配偶', 'spouse'],
  ['03', '之子', 'son'],
  ['04', '之女', 'daughter'],
  ['05', '之儿媳', "son's wife"],
  ['06', '之女婿', "daughter's husband"],
  ['07', '之孙子', "son's son"],
  ['08', '之孙女', "son's daughter"],
  ['09', '之外孙子', "daughter's son"],
  ['10', '之外孙女', "daughter's daughter"],
  ['11', '之父', 'father'],
  ['12', '之母', 'mother'],
  ['13', '之岳父', "wife's father"],
  ['14', '之岳母', "wife's mother"],
  ['15', '之公公', "husband's father"],
  ['16', '之婆婆', "husband's mother"],
  ['17', '之祖父', "father's father"],
  ['18', '之祖母', "father's mother"],
  ['19', '之外祖父', "mother's father"],
  ['20', '之外祖母', "mother's mother"],
];

/** Later text-only values (domain §4.4, SQ rule 03). */
const RELATIONS_LATER: readonly (readonly [label: string, en: string])[] = [
  ['之兄弟姐妹', 'sibling'],
  ['之曾孙子', 'great-grandson'],
  ['之曾孙女', 'great-granddaughter'],
  ['之侄儿', 'nephew'],
  ['之侄女', 'niece'],
  ['之兄弟媳妇', "brother's wife"],
  ['之叔伯', 'uncle'],
];

/** Everyday words some ledgers use instead of the 之-forms, by canonical label (inferred). */
const RELATION_WORDS: Readonly<Record<string, readonly string[]>> = {
  配偶: ['妻子', '丈夫', '妻', '夫'],
  之子: ['儿子'],
  之女: ['女儿'],
  之父: ['父亲'],
  之母: ['母亲'],
  之侄儿: ['侄子'],
};

function relationEntry(label: string, en: string, code?: string): CodeEntry {
  // The 之-less form (之子 → 子) and everyday words are inferred synonyms; the label and code are sourced.
  const bare = label.startsWith('之') ? [label.slice(1)] : [];
  const words = RELATION_WORDS[label] ?? [];
  const synonyms = [...bare, ...words];
  return {
    label,
    en,
    ...(code === undefined ? {} : { codes: [code] }),
    ...(synonyms.length > 0 ? { synonyms } : {}),
  };
}

/** 在校生状况 grade entries "<stage>一年级 … <stage>N年级" with 2016–2017 codes where they exist. */
function gradeEntries(
  stage: string,
  years: number,
  opts: { codes?: readonly string[]; synonymStages?: readonly string[]; shortForms?: readonly string[] },
): CodeEntry[] {
  const numerals = ['一', '二', '三', '四', '五'];
  const out: CodeEntry[] = [];
  for (let i = 0; i < years; i++) {
    const n = numerals[i] ?? String(i + 1);
    const short = opts.shortForms?.[i];
    const synonyms = [
      ...(opts.synonymStages ?? []).map((s) => `${s}${n}年级`),
      ...(short === undefined ? [] : [short]),
    ];
    const code = opts.codes?.[i];
    out.push({
      label: `${stage}${n}年级`,
      ...(code === undefined ? {} : { codes: [code] }),
      ...(synonyms.length > 0 ? { synonyms } : {}),
    });
  }
  return out;
}

export const CODE_LISTS: readonly CodeList[] = [
  {
    id: 'poverty_attribute',
    zh: '贫困户属性',
    en: 'Poor-household attribute',
    source:
      'domain §4.1 (2014 form A2/A3), §4.4 贫困户属性 [C, C-code]. Codes 01–08 (AAC006): a public scraper of the ' +
      'national system (repository not resolved; search string `pool_attr_convert`) [C-code]; they agree with ' +
      "poorCheck's pairs {01,05} 一般, {02,04} 低保, {03,06} 五保 and its 脱贫 split 02/03/05 vs 01/04/06 (§4.4).",
    entries: [
      { label: '一般贫困户', en: 'ordinary poor household', codes: ['01'] },
      { label: '低保贫困户', en: 'poor household on dibao', codes: ['04'] },
      {
        label: '特困供养贫困户',
        en: 'poor household with extreme-poverty support',
        codes: ['06'],
        synonyms: ['五保贫困户', '五保户'],
        note: '五保 was renamed 特困供养 (2016); 五保户 is the 2014-form option',
      },
      { label: '一般脱贫户', en: 'ordinary exited household', codes: ['05'] },
      { label: '低保脱贫户', en: 'exited household on dibao', codes: ['02'] },
      {
        label: '特困供养脱贫户',
        en: 'exited household with extreme-poverty support',
        codes: ['03'],
        synonyms: ['五保脱贫户'],
      },
      {
        label: '低保特困供养贫困户',
        en: 'poor household on dibao and extreme-poverty support',
        codes: ['07'],
      },
      { label: '低保特困供养户', en: 'household on dibao and extreme-poverty support', codes: ['08'] },
      {
        label: '低保户',
        en: 'dibao household (2014 form)',
        synonyms: ['纯低保户'],
        inferred: true,
        note: '2014-form option, distinct from 低保贫困户 (= 有劳动能力和劳动意愿的低保户); 纯低保户 assumed to be the same',
      },
      {
        label: '扶贫户',
        en: 'poverty-alleviation household (贵州 2014)',
        inferred: true,
        note: '贵州 2014 form wording; probably = 一般贫困户, kept separate until confirmed',
      },
      {
        label: '扶贫低保户',
        en: 'poverty-alleviation dibao household (贵州 2014)',
        inferred: true,
        note: '贵州 2014 form wording; probably = 低保贫困户, kept separate until confirmed',
      },
      {
        label: '低保(部分)贫困户',
        en: 'poor household, part of it on dibao',
        inferred: true,
        note: 'local variant (wwlwxg/fupin DougangConstant)',
      },
      {
        label: '低保(全家)贫困户',
        en: 'poor household, all on dibao',
        inferred: true,
        note: 'local variant (wwlwxg/fupin DougangConstant)',
      },
    ],
  },
  {
    id: 'poverty_status',
    zh: '脱贫属性',
    en: 'Exit status',
    source:
      'domain §1.1 (未脱贫/脱贫/返贫 marks of the 2016–2020 system) [C]; 脱贫标志 AAR010 codes §4.4: poorCheck ' +
      'treats 1/4 as 脱贫 and 0/3 as 未脱贫 [C-code; labels I]. Labels per code from the public scraper ' +
      '(search string `pool_state_convert`): 0 未脱贫, 1 已脱贫(享受政策), 3 返贫, 4 已脱贫(不再享受政策) [C-code]. ' +
      'Both 已脱贫 variants resolve to 已脱贫; 返贫 (code 3) is also "not exited" — test both 未脱贫 and 返贫.',
    entries: [
      {
        label: '已脱贫',
        en: 'exited',
        codes: ['1', '4'],
        synonyms: ['脱贫', '已脱贫户', '已脱贫(享受政策)', '已脱贫(不再享受政策)'],
        inferred: true,
        note: 'codes 1/4 inferred from poorCheck and an unattributed scraper',
      },
      {
        label: '未脱贫',
        en: 'not exited',
        codes: ['0'],
        synonyms: ['未脱贫户', '贫困'],
        inferred: true,
        note: 'code 0 inferred from poorCheck and an unattributed scraper',
      },
      {
        label: '返贫',
        en: 'fell back into poverty',
        codes: ['3'],
        synonyms: ['返贫户'],
        inferred: true,
        note: 'code 3 inferred (poorCheck counts it as 未脱贫)',
      },
    ],
  },
  {
    id: 'household_type',
    zh: '户类型',
    en: 'Household type (2021+)',
    source: 'domain §4.4 户类型 (2021+): 脱贫户 [C-code, GZ]; the other values are [I].',
    entries: [
      { label: '脱贫户', en: 'exited household' },
      {
        label: '一般农户',
        en: 'ordinary rural household',
        synonyms: ['一般户'],
        inferred: true,
        note: 'seen as non-脱贫户 rows; wording not confirmed',
      },
      {
        label: '监测户',
        en: 'monitored household',
        inferred: true,
        note: 'seen as non-脱贫户 rows; wording not confirmed',
      },
    ],
  },
  {
    id: 'monitoring_category',
    zh: '监测对象类别',
    en: 'Monitoring category (2021+)',
    source:
      'domain §2.3 (three categories) [C], §4.4 [C-code]; empty = not monitored. 边缘户 is the 2020 precursor ' +
      'term (§2.3, 安徽) [C].',
    entries: [
      { label: '脱贫不稳定户', en: 'unstable exited household', synonyms: ['脱贫不稳定'] },
      { label: '边缘易致贫户', en: 'marginal household at risk', synonyms: ['边缘易致贫', '边缘户'] },
      {
        label: '突发严重困难户',
        en: 'household in sudden severe hardship',
        synonyms: ['突发严重困难', '严重困难户'],
        inferred: true,
        note: '严重困难户 (short form) inferred',
      },
    ],
  },
  {
    id: 'poverty_cause',
    zh: '主要致贫原因',
    en: 'Main cause of poverty',
    source:
      'domain §4.4 主要致贫原因 (2016–2020 codes, poorCheck constMap) [C-code]; 2014 form A3a (其它, 缺劳力) [C]; ' +
      '因丧 from a scorer [C-code]. 12 因婚 appears only in the 其他致贫原因 list.',
    entries: [
      { label: '因病', en: 'illness', codes: ['01'] },
      { label: '因残', en: 'disability', codes: ['02'] },
      { label: '因学', en: 'schooling costs', codes: ['03'] },
      { label: '因灾', en: 'disaster', codes: ['04'] },
      { label: '缺土地', en: 'lack of land', codes: ['05'] },
      { label: '缺水', en: 'lack of water', codes: ['06'] },
      { label: '缺技术', en: 'lack of skills', codes: ['07'] },
      { label: '缺劳动力', en: 'lack of labour', codes: ['08'], synonyms: ['缺劳力'] },
      { label: '缺资金', en: 'lack of capital', codes: ['09'] },
      { label: '交通条件落后', en: 'poor transport', codes: ['10'] },
      { label: '自身发展动力不足', en: 'lack of own drive', codes: ['11'] },
      { label: '因婚', en: 'marriage costs', codes: ['12'] },
      { label: '因丧', en: 'funeral costs' },
      { label: '其他', en: 'other', synonyms: ['其它'] },
      { label: '未知', en: 'unknown', codes: ['99'] },
    ],
  },
  {
    id: 'house_grade',
    zh: '危房等级',
    en: 'Dangerous-house grade',
    source:
      'domain §1.5 (农村危房鉴定 A/B/C/D; C = 局部危房, D = 整幢危房) [C]. C/D = 住房安全无保障, A/B = 安全.',
    entries: [
      { label: 'A', en: 'safe', synonyms: ['A级'] },
      { label: 'B', en: 'basically safe', synonyms: ['B级'] },
      { label: 'C', en: 'partly dangerous', synonyms: ['C级', 'C级危房', '局部危房'] },
      { label: 'D', en: 'wholly dangerous', synonyms: ['D级', 'D级危房', '整幢危房'] },
    ],
  },
  {
    id: 'id_type',
    zh: '证件类型',
    en: 'ID document type',
    source:
      'domain §4.4 证件类型: codes 01 身份证, 09 残疾人证 (poorCheck) and the text values (GZ) [C-code].',
    entries: [
      { label: '身份证', en: 'resident ID card', codes: ['01'], synonyms: ['居民身份证'] },
      {
        label: '残疾人证',
        en: 'disability certificate',
        codes: ['09'],
        synonyms: ['残疾证'],
        inferred: true,
        note: 'synonym 残疾证 inferred',
      },
    ],
  },
  {
    id: 'sex',
    zh: '性别',
    en: 'Sex',
    source: 'domain §4.4 性别: 1 男, 2 女 (AAB003) [C-code].',
    entries: [
      { label: '男', en: 'male', codes: ['1'], synonyms: ['男性'] },
      { label: '女', en: 'female', codes: ['2'], synonyms: ['女性'] },
    ],
  },
  {
    id: 'relation',
    zh: '与户主关系',
    en: 'Relation to the head of household',
    source:
      'domain §4.4 与户主关系: codes 01–21 (poorCheck constMap) and later text values (SQ rule 03) [C-code]. ' +
      'The 之-less forms (子, 女, 父 …) and everyday words (儿子, 妻子 …) are inferred synonyms.',
    entries: [
      ...RELATIONS_2016.map(([code, label, en]) => relationEntry(label, en, code)),
      ...RELATIONS_LATER.map(([label, en]) => relationEntry(label, en)),
      { label: '其他', en: 'other', codes: ['21'], synonyms: ['其它'] },
    ],
  },
  {
    id: 'ethnicity',
    zh: '民族',
    en: 'Ethnicity',
    source:
      'The 56 nationalities with GB/T 3304 codes 01–56 (national standard; that the ledger exports use these ' +
      'codes is [I]); each also matches without the trailing 族 (汉 → 汉族). 97/98 and 穿青人 are [I].',
    entries: ETHNICITY_ENTRIES,
  },
  {
    id: 'political_status',
    zh: '政治面貌',
    en: 'Political status',
    source:
      'domain §4.4 政治面貌 (SQ rule 08: 中共党员, 中共预备党员, 共青团员, 群众) [C-code]; codes and the other ' +
      'values from GB/T 4762 [I].',
    entries: [
      {
        label: '中共党员',
        en: 'CPC member',
        codes: ['01'],
        synonyms: ['党员', '中国共产党党员'],
        inferred: true,
        note: 'GB/T 4762 code',
      },
      {
        label: '中共预备党员',
        en: 'CPC probationary member',
        codes: ['02'],
        synonyms: ['预备党员', '中国共产党预备党员'],
        inferred: true,
        note: 'GB/T 4762 code',
      },
      {
        label: '共青团员',
        en: 'CYL member',
        codes: ['03'],
        synonyms: ['团员', '中国共产主义青年团团员'],
        inferred: true,
        note: 'GB/T 4762 code',
      },
      {
        label: '民主党派',
        en: 'member of a democratic party',
        codes: ['04', '05', '06', '07', '08', '09', '10', '11'],
        synonyms: [
          '民主党派成员',
          '民革党员',
          '民盟盟员',
          '民建会员',
          '民进会员',
          '农工党党员',
          '致公党党员',
          '九三学社社员',
          '台盟盟员',
        ],
        inferred: true,
        note: 'GB/T 4762 codes 04–11, one label for the eight parties',
      },
      {
        label: '无党派人士',
        en: 'non-party personage',
        codes: ['12'],
        synonyms: ['无党派民主人士'],
        inferred: true,
        note: 'GB/T 4762 code',
      },
      { label: '群众', en: 'ordinary citizen', codes: ['13'], inferred: true, note: 'GB/T 4762 code' },
    ],
  },
  {
    id: 'education',
    zh: '文化程度',
    en: 'Education level (non-students)',
    source:
      'domain §4.4 文化程度: 2019+ text values 文盲或半文盲, 小学, 初中, 高中, 大专, 本科及以上 (SQ rule 09, scorer) ' +
      '[C-code]; 技师, 高职高专, 本科及研究生及以上 (GZ 5_17_005, 2023) [C-code]. No numeric codes found.',
    entries: [
      {
        label: '文盲或半文盲',
        en: 'illiterate or semi-literate',
        synonyms: ['文盲', '半文盲', '文盲半文盲'],
      },
      { label: '小学', en: 'primary school' },
      { label: '初中', en: 'junior secondary' },
      {
        label: '高中',
        en: 'senior secondary',
        synonyms: ['中专', '中职', '高中(含中专、职高)'],
        inferred: true,
        note: '中专/中职 (secondary vocational) counted as 高中 level; not confirmed',
      },
      { label: '技师', en: 'technician college', note: 'GZ (2023) wording' },
      {
        label: '大专',
        en: 'junior college',
        synonyms: ['高职高专', '专科', '大学专科'],
        note: '高职高专 is the GZ (2023) wording of the same level',
      },
      {
        label: '本科及以上',
        en: 'bachelor or above',
        synonyms: ['本科及研究生及以上', '本科', '大学本科', '研究生', '研究生及以上'],
        note: '本科及研究生及以上 is the GZ (2023) wording',
      },
    ],
  },
  {
    id: 'school_status',
    zh: '在校生状况',
    en: 'School status (grade)',
    source:
      'domain §4.4 在校生状况: 2016–2017 codes 01–16 (poorCheck constMap, labelled 年级) and 2020-era text values ' +
      '(SQ rule 10; GZ variants 高中一年级, 硕士生及以上) [C-code]. In 2020+ exports an empty cell means 非在校生. ' +
      'The aggregates 初中/高中/中职/高职 used by some provinces are [I].',
    entries: [
      {
        label: '非在校生',
        en: 'not a student',
        codes: ['01'],
        note: '2016–2017 code; later exports leave the cell empty',
      },
      { label: '学龄前儿童', en: 'pre-school-age child' },
      { label: '学前教育', en: 'pre-school education', codes: ['02'] },
      { label: '小学', en: 'primary school', codes: ['03'] },
      { label: '七年级', en: 'grade 7', codes: ['04'], synonyms: ['初一', '初中一年级'] },
      { label: '八年级', en: 'grade 8', codes: ['05'], synonyms: ['初二', '初中二年级'] },
      { label: '九年级', en: 'grade 9', codes: ['06'], synonyms: ['初三', '初中三年级'] },
      ...gradeEntries('普通高中', 3, {
        codes: ['07', '08', '09'],
        synonymStages: ['高中'],
        shortForms: ['高一', '高二', '高三'],
      }),
      ...gradeEntries('中职', 3, { codes: ['10', '11', '12'] }),
      ...gradeEntries('高职高专', 3, { codes: ['13', '14', '15'], synonymStages: ['高职'] }),
      ...gradeEntries('技师学院', 4, {}),
      ...gradeEntries('本科', 5, {}),
      {
        label: '硕士研究生及以上',
        en: "master's or above",
        synonyms: ['硕士生及以上', '研究生'],
      },
      {
        label: '大专及以上',
        en: 'college or above (2016–2017)',
        codes: ['16'],
        note: '2016–2017 aggregate; no single 2020-era equivalent',
      },
      {
        label: '初中',
        en: 'junior secondary (aggregate)',
        inferred: true,
        note: 'provincial aggregate label',
      },
      {
        label: '高中',
        en: 'senior secondary (aggregate)',
        inferred: true,
        note: 'provincial aggregate label',
      },
      {
        label: '中职',
        en: 'secondary vocational (aggregate)',
        inferred: true,
        note: 'provincial aggregate label',
      },
      {
        label: '高职',
        en: 'higher vocational (aggregate)',
        inferred: true,
        note: 'provincial aggregate label',
      },
    ],
  },
  {
    id: 'dropout_reason',
    zh: '义务教育阶段未上学原因',
    en: 'Reason for not attending compulsory school',
    source:
      'domain §1.3: 送教上门 and 因身体原因不具备学习条件 are the two census exemptions [C]; 因病/因残 (GZ 2_01_012) ' +
      '[C-code]; 因贫 from the Guangxi wording 因贫辍学 [C]; the remaining values are what practitioners write [I].',
    entries: [
      { label: '送教上门', en: 'taught at home by visiting teachers' },
      {
        label: '因身体原因不具备学习条件',
        en: 'unable to study for physical reasons',
        synonyms: ['身体原因不具备学习条件', '不具备学习条件'],
        inferred: true,
        note: 'short forms inferred',
      },
      { label: '因病', en: 'illness' },
      { label: '因残', en: 'disability' },
      { label: '因贫', en: 'poverty' },
      {
        label: '厌学',
        en: 'unwilling to study',
        synonyms: ['因厌学'],
        inferred: true,
        note: 'practitioner wording',
      },
      {
        label: '外出务工',
        en: 'left to work',
        synonyms: ['因务工'],
        inferred: true,
        note: 'practitioner wording',
      },
      { label: '其他', en: 'other', synonyms: ['其它'], inferred: true, note: 'practitioner wording' },
    ],
  },
  {
    id: 'health',
    zh: '健康状况',
    en: 'Health',
    source:
      'domain §4.4 健康状况: 01 健康, 02 长期慢性病, 03 患有大病, 04 残疾 (poorCheck) [C-code]; cells may combine ' +
      'values ("残疾,长期慢性病"), so the field is multi-valued. "无患大病" (GZ 5_15_015) appears only in a check ' +
      'that looks buggy and is not a value here.',
    entries: [
      { label: '健康', en: 'healthy', codes: ['01'] },
      {
        label: '长期慢性病',
        en: 'long-term chronic illness',
        codes: ['02'],
        synonyms: ['慢性病'],
        inferred: true,
        note: 'short form inferred',
      },
      {
        label: '患有大病',
        en: 'serious illness',
        codes: ['03'],
        synonyms: ['大病'],
        inferred: true,
        note: 'short form inferred',
      },
      { label: '残疾', en: 'disabled', codes: ['04'] },
    ],
  },
  {
    id: 'labor_skill',
    zh: '劳动技能',
    en: 'Labour capacity',
    source:
      'domain §4.4 劳动技能: 2016–2017 codes 01–04 (poorCheck) and 2019+ text values incl. 弱劳动力或半劳动力 ' +
      '(SQ rule 12, GZ) [C-code].',
    entries: [
      { label: '普通劳动力', en: 'ordinary labour', codes: ['01'] },
      { label: '技能劳动力', en: 'skilled labour', codes: ['02'] },
      {
        label: '弱劳动力或半劳动力',
        en: 'weak or half labour',
        synonyms: ['弱劳动力', '半劳动力'],
        inferred: true,
        note: 'short forms inferred; no 2016–2017 code',
      },
      {
        label: '丧失劳动力',
        en: 'lost labour capacity',
        codes: ['03'],
        synonyms: ['丧失劳动能力'],
        inferred: true,
        note: 'synonym inferred',
      },
      {
        label: '无劳动力',
        en: 'no labour capacity',
        codes: ['04'],
        synonyms: ['无劳动能力'],
        inferred: true,
        note: 'synonym inferred',
      },
    ],
  },
  {
    id: 'person_status',
    zh: '人员状态',
    en: 'Person status',
    source:
      'AAB015 人员状态 (domain §4.2) — value list not recovered. 死亡/服刑/失踪 from the 错评剔除 list (§1.7) and ' +
      '迁出 from the 公安 comparison (§5.10) name the situations [C]; the labels themselves are [I].',
    entries: [
      { label: '正常', en: 'normal', inferred: true, note: 'assumed default value' },
      { label: '死亡', en: 'deceased', synonyms: ['已死亡'], inferred: true, note: 'wording inferred' },
      {
        label: '迁出',
        en: 'moved out',
        synonyms: ['户籍迁出', '已迁出'],
        inferred: true,
        note: 'wording inferred',
      },
      { label: '失踪', en: 'missing', inferred: true, note: 'wording inferred' },
      { label: '服刑', en: 'in prison', synonyms: ['服刑人员'], inferred: true, note: 'wording inferred' },
      {
        label: '自然减少',
        en: 'natural decrease',
        inferred: true,
        note: 'umbrella term seen in a GZ message ("含自然减少")',
      },
    ],
  },
  {
    id: 'monitoring_risk',
    zh: '致贫返贫风险',
    en: 'Risk of (re)falling into poverty (2021+)',
    source: 'domain §4.4 致贫/返贫风险 values seen in 2021+ 监测 exports (GZ) [C-code]; 因意外事故 is [U].',
    entries: [
      { label: '因病', en: 'illness' },
      { label: '因残', en: 'disability' },
      { label: '因学', en: 'schooling costs' },
      { label: '因灾', en: 'disaster', synonyms: ['因自然灾害'] },
      {
        label: '因意外事故',
        en: 'accident',
        synonyms: ['意外事故'],
        inferred: true,
        note: 'not confirmed in a retrieved export (domain §4.4 [U])',
      },
      { label: '缺劳动力', en: 'lack of labour', synonyms: ['缺劳力'] },
      { label: '因务工就业不稳', en: 'unstable employment', synonyms: ['务工就业不稳'] },
      { label: '因安全住房', en: 'unsafe housing' },
      { label: '因安全饮水', en: 'unsafe drinking water' },
      { label: '其他', en: 'other', synonyms: ['其它'] },
    ],
  },
  {
    id: 'risk_elimination_method',
    zh: '风险消除方式',
    en: 'How a risk was eliminated (2021+)',
    source: 'domain §2.3 风险消除方式 (e.g. 帮扶消除 / 自然消除) [C-code, GZ].',
    entries: [
      { label: '帮扶消除', en: 'eliminated through support' },
      { label: '自然消除', en: 'eliminated without support' },
    ],
  },
  {
    id: 'yes_no',
    zh: '是否',
    en: 'Yes / no',
    source:
      'domain §4.4 是/否 fields: text 是/否 in 2019+ exports, 0/1 in the 2016–2017 DB [C-code]; 有/无 for ' +
      '有无… columns (有无卫生厕所). Not used by an enum field: boolean coercion may resolve cells through it.',
    entries: [
      {
        label: '是',
        en: 'yes',
        codes: ['1'],
        synonyms: ['有', 'Y', 'yes', 'true', '√', '✓', '✔'],
        inferred: true,
        note: 'Latin and check-mark synonyms inferred',
      },
      {
        label: '否',
        en: 'no',
        codes: ['0'],
        synonyms: ['无', '没有', 'N', 'no', 'false', '×', '✗', '✘'],
        inferred: true,
        note: 'Latin and cross synonyms inferred',
      },
    ],
  },
  {
    id: 'disability_category',
    zh: '残疾类别',
    en: 'Disability category',
    source:
      'domain §4.4 残疾人证号: 20 digits = 18-digit ID + 残疾类别 (1 视力, 2 听力, 3 言语, 4 肢体, 5 智力, 6 精神, 7 多重) + 等级 (1–4) [C].',
    entries: [
      { label: '视力残疾', en: 'visual', codes: ['1'], synonyms: ['视力'] },
      { label: '听力残疾', en: 'hearing', codes: ['2'], synonyms: ['听力'] },
      { label: '言语残疾', en: 'speech', codes: ['3'], synonyms: ['言语'] },
      { label: '肢体残疾', en: 'physical', codes: ['4'], synonyms: ['肢体'] },
      { label: '智力残疾', en: 'intellectual', codes: ['5'], synonyms: ['智力'] },
      { label: '精神残疾', en: 'mental', codes: ['6'], synonyms: ['精神'] },
      { label: '多重残疾', en: 'multiple', codes: ['7'], synonyms: ['多重'] },
    ],
  },
];
