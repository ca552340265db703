import { describe, expect, it } from 'vitest';
import { CODE_LISTS } from '../../src/dictionary/codelists.js';
import { numericCodeKey } from '../../src/dictionary/lookup.js';
import { normalizeCodeText } from '../../src/normalize/text.js';

describe('CODE_LISTS', () => {
  it('has unique list ids, each with a source and entries', () => {
    const ids = CODE_LISTS.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const l of CODE_LISTS) {
      expect(l.source.length, l.id).toBeGreaterThan(0);
      expect(l.entries.length, l.id).toBeGreaterThan(0);
    }
  });

  it('never maps one label, synonym or code to two labels within a list', () => {
    const clashes: string[] = [];
    for (const list of CODE_LISTS) {
      const byText = new Map<string, string>();
      const byNumber = new Map<string, string>();
      const labels = new Set<string>();
      const put = (map: Map<string, string>, key: string, label: string, raw: string) => {
        const other = map.get(key);
        if (other !== undefined && other !== label)
          clashes.push(`${list.id}: "${raw}" → ${other} and ${label}`);
        map.set(key, label);
      };
      for (const e of list.entries) {
        if (labels.has(e.label)) clashes.push(`${list.id}: label ${e.label} twice`);
        labels.add(e.label);
        for (const t of [e.label, ...(e.synonyms ?? [])]) put(byText, normalizeCodeText(t), e.label, t);
        for (const c of e.codes ?? []) {
          const n = numericCodeKey(c);
          if (n === undefined) put(byText, normalizeCodeText(c), e.label, c);
          else put(byNumber, n, e.label, c);
        }
      }
    }
    expect(clashes).toEqual([]);
  });

  it('notes every inferred entry', () => {
    for (const l of CODE_LISTS) {
      for (const e of l.entries) if (e.inferred === true) expect(e.note, `${l.id}: ${e.label}`).toBeTruthy();
    }
  });

  const labelsOf = (id: string) => CODE_LISTS.find((l) => l.id === id)?.entries.map((e) => e.label) ?? [];

  it('lists all 56 nationalities plus 其他', () => {
    const ethnic = CODE_LISTS.find((l) => l.id === 'ethnicity');
    const withGbCode = ethnic?.entries.filter((e) => e.codes?.some((c) => Number(c) >= 1 && Number(c) <= 56));
    expect(withGbCode?.length).toBe(56);
    expect(labelsOf('ethnicity')).toEqual(expect.arrayContaining(['汉族', '壮族', '基诺族', '其他']));
  });

  it('has the relation codes 01–21 and the later text values', () => {
    const relation = CODE_LISTS.find((l) => l.id === 'relation');
    const codes = relation?.entries.flatMap((e) => e.codes ?? []).sort();
    expect(codes).toEqual(Array.from({ length: 21 }, (_, i) => String(i + 1).padStart(2, '0')));
    expect(labelsOf('relation')).toEqual(
      expect.arrayContaining([
        '之兄弟姐妹',
        '之曾孙子',
        '之曾孙女',
        '之侄儿',
        '之侄女',
        '之兄弟媳妇',
        '之叔伯',
      ]),
    );
  });

  it('has the 2020-era 在校生状况 values and the 2016–2017 codes 01–16', () => {
    expect(labelsOf('school_status')).toEqual(
      expect.arrayContaining([
        '学龄前儿童',
        '学前教育',
        '小学',
        '七年级',
        '八年级',
        '九年级',
        '普通高中一年级',
        '普通高中三年级',
        '中职三年级',
        '高职高专三年级',
        '技师学院四年级',
        '本科五年级',
        '硕士研究生及以上',
        '非在校生',
      ]),
    );
    const codes = CODE_LISTS.find((l) => l.id === 'school_status')
      ?.entries.flatMap((e) => e.codes ?? [])
      .sort();
    expect(codes).toEqual(Array.from({ length: 16 }, (_, i) => String(i + 1).padStart(2, '0')));
  });

  it('has both compulsory-education exemptions among the dropout reasons', () => {
    expect(labelsOf('dropout_reason')).toEqual(
      expect.arrayContaining(['送教上门', '因身体原因不具备学习条件']),
    );
  });
});
