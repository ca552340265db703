import { describe, expect, it } from 'vitest';
import {
  normalizeCodeText,
  normalizeHeaderText,
  normalizeText,
  toHalfWidth,
} from '../../src/normalize/text.js';

describe('toHalfWidth', () => {
  it('folds full-width ASCII and the ideographic space, keeps CJK', () => {
    expect(toHalfWidth('ＡＢＣ１２３（元）')).toBe('ABC123(元)');
    expect(toHalfWidth('张\u3000三')).toBe('张 三');
    expect(toHalfWidth('之子、【注】')).toBe('之子、【注】');
    expect(toHalfWidth('￥１，２３４')).toBe('¥1,234');
    expect(toHalfWidth('ｘ９')).toBe('x9');
    expect(toHalfWidth('')).toBe('');
  });
});

describe('normalizeText', () => {
  it('applies NFKC, trims and collapses inner whitespace', () => {
    expect(normalizeText('  张\u3000\u3000三 \n ')).toBe('张 三');
    expect(normalizeText('１３８\t０００')).toBe('138 000');
    expect(normalizeText('\ufeff户编号')).toBe('户编号');
    expect(normalizeText('a\u200bb')).toBe('ab');
  });
});

describe('normalizeHeaderText', () => {
  it('removes all whitespace including newlines', () => {
    expect(normalizeHeaderText('家庭成员\n姓名')).toBe('家庭成员姓名');
    expect(normalizeHeaderText(' 户 编 号 ')).toBe('户编号');
  });

  it('strips unit and form annotations in either bracket width', () => {
    for (const h of [
      '人均纯收入（元）',
      '人均纯收入(元)',
      '人均纯收入 ( 元 )',
      '人均纯收入【元】',
      '人均纯收入（元/人）',
    ]) {
      expect(normalizeHeaderText(h), h).toBe('人均纯收入');
    }
    expect(normalizeHeaderText('务工时间（月）')).toBe('务工时间');
    expect(normalizeHeaderText('家庭人口数（人）')).toBe('家庭人口数');
    expect(normalizeHeaderText('耕地面积（亩）')).toBe('耕地面积');
    expect(normalizeHeaderText('住房面积（平方米）')).toBe('住房面积');
    expect(normalizeHeaderText('住房面积(m²)')).toBe('住房面积');
    expect(normalizeHeaderText('住房面积（㎡）')).toBe('住房面积');
    expect(normalizeHeaderText('与村主干路距离（公里）')).toBe('与村主干路距离');
    expect(normalizeHeaderText('村级集体经济收入（万元）')).toBe('村级集体经济收入');
    expect(normalizeHeaderText('年收入（单位：元）')).toBe('年收入');
    expect(normalizeHeaderText('主要致贫原因（单选）')).toBe('主要致贫原因');
    expect(normalizeHeaderText('其他致贫原因（复选，最多2项）')).toBe('其他致贫原因');
  });

  it('keeps brackets that are part of the name', () => {
    expect(normalizeHeaderText('县（市、区、旗）')).toBe('县(市、区、旗)');
    expect(normalizeHeaderText('生产经营性支出（合计）')).toBe('生产经营性支出(合计)');
  });

  it('drops a leading 其中 and required-field markers', () => {
    expect(normalizeHeaderText('其中：低保金')).toBe('低保金');
    expect(normalizeHeaderText('其中:低保金')).toBe('低保金');
    expect(normalizeHeaderText('*姓名')).toBe('姓名');
    expect(normalizeHeaderText('※证件号码*')).toBe('证件号码');
  });

  it('unifies punctuation and lowercases ASCII only', () => {
    expect(normalizeHeaderText('AAC001')).toBe('aac001');
    expect(normalizeHeaderText('ＡＡＣ００１')).toBe('aac001');
    expect(normalizeHeaderText('是否6—15周岁')).toBe('是否6-15周岁');
    expect(normalizeHeaderText('〔备注〕')).toBe('(备注)');
  });

  it('is idempotent', () => {
    for (const h of ['人均纯收入（元）', '家庭成员\n姓名', '其中：低保金', '县（市、区、旗）', 'AAB004']) {
      const once = normalizeHeaderText(h);
      expect(normalizeHeaderText(once), h).toBe(once);
    }
  });
});

describe('normalizeCodeText', () => {
  it('removes whitespace, unifies brackets, lowercases ASCII', () => {
    expect(normalizeCodeText(' 低保（部分）贫困户 ')).toBe('低保(部分)贫困户');
    expect(normalizeCodeText('普通高中 一年级')).toBe('普通高中一年级');
    expect(normalizeCodeText('Ｃ级')).toBe('c级');
    expect(normalizeCodeText('０３')).toBe('03');
  });
});
