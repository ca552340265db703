import { describe, expect, it } from 'vitest';
import type { ReportFinding } from '../../src/findings/report.js';
import { REPORTERS } from '../../src/reporters/index.js';
import { junitReporter, MAX_LISTED } from '../../src/reporters/junit.js';
import { checksumFinding, contextOf, demo, DEMO, runDemo, withFindings, cleanReport } from './demo.js';
import { renderReport } from '../../src/reporters/types.js';

interface XmlElement {
  readonly name: string;
  readonly attrs: Record<string, string>;
  readonly children: XmlElement[];
  text: string;
}

/**
 * A small XML 1.0 well-formedness checker and tree builder (no dependencies, enough for what the reporter
 * writes): one declaration, one root, matching tags, quoted and unique attributes, known entities only, no
 * characters XML forbids, no markup characters in text or attribute values. Throws on the first violation.
 */
function parseXml(xml: string): XmlElement {
  const invalid = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u.exec(xml);
  if (invalid) throw new Error(`forbidden character U+${invalid[0].codePointAt(0)?.toString(16)}`);
  const decl = '<?xml version="1.0" encoding="UTF-8"?>';
  if (!xml.startsWith(decl)) throw new Error('no XML declaration');
  let i = decl.length;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const NAME = /[A-Za-z_][\w.-]*/y;
  const decode = (raw: string, where: string): string => {
    if (raw.includes('<')) throw new Error(`"<" in ${where}`);
    return raw.replace(/&([^;]*);?/g, (all, ref: string) => {
      if (!all.endsWith(';')) throw new Error(`bare & in ${where}`);
      const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
      if (ref in named) return named[ref] ?? '';
      const num = /^#(?:x([0-9A-Fa-f]+)|(\d+))$/.exec(ref);
      if (!num) throw new Error(`unknown entity &${ref}; in ${where}`);
      return String.fromCodePoint(parseInt(num[1] ?? num[2] ?? '', num[1] ? 16 : 10));
    });
  };
  const name = (): string => {
    NAME.lastIndex = i;
    const m = NAME.exec(xml);
    if (!m) throw new Error(`name expected at ${i}`);
    i += m[0].length;
    return m[0];
  };
  const space = () => {
    while (/\s/.test(xml[i] ?? '')) i += 1;
  };
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    const top = stack[stack.length - 1];
    if (top) top.text += decode(text, `<${top.name}>`);
    else if (text.trim() !== '') throw new Error('text outside the root element');
    if (lt < 0) break;
    i = lt + 1;
    if (xml[i] === '/') {
      i += 1;
      const closing = name();
      space();
      if (xml[i] !== '>') throw new Error(`bad end tag </${closing}`);
      i += 1;
      const open = stack.pop();
      if (open?.name !== closing) throw new Error(`</${closing}> closes <${open?.name}>`);
      continue;
    }
    const element: XmlElement = { name: name(), attrs: {}, children: [], text: '' };
    for (;;) {
      const before = i;
      space();
      if (xml.startsWith('/>', i) || xml[i] === '>') break;
      if (i === before) throw new Error(`space expected in <${element.name}> at ${i}`);
      const attr = name();
      if (xml[i] !== '=') throw new Error(`= expected after ${attr}`);
      const quote = xml[i + 1];
      if (quote !== '"' && quote !== "'") throw new Error(`unquoted ${attr}`);
      const end = xml.indexOf(quote, i + 2);
      if (end < 0) throw new Error(`unterminated ${attr}`);
      if (attr in element.attrs) throw new Error(`duplicate attribute ${attr}`);
      element.attrs[attr] = decode(xml.slice(i + 2, end), `${element.name}@${attr}`);
      i = end + 1;
    }
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(element);
    else if (root) throw new Error('second root element');
    else root = element;
    if (xml.startsWith('/>', i)) i += 2;
    else {
      i += 1;
      stack.push(element);
    }
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack[stack.length - 1]?.name}>`);
  if (!root) throw new Error('no root element');
  return root;
}

const all = (e: XmlElement, name: string): XmlElement[] => [
  ...(e.name === name ? [e] : []),
  ...e.children.flatMap((c) => all(c, name)),
];
const child = (e: XmlElement, name: string) => e.children.find((c) => c.name === name);

/** The counts on every suite and on the root agree with the elements. */
function assertCounts(root: XmlElement): void {
  expect(root.name).toBe('testsuites');
  const suites = root.children.filter((c) => c.name === 'testsuite');
  for (const suite of [...suites, root]) {
    expect(Number(suite.attrs.tests), suite.attrs.name).toBe(all(suite, 'testcase').length);
    expect(Number(suite.attrs.failures), suite.attrs.name).toBe(all(suite, 'failure').length);
    expect(Number(suite.attrs.skipped), suite.attrs.name).toBe(all(suite, 'skipped').length);
    expect(suite.attrs.errors).toBe('0');
  }
}

describe('junit reporter', () => {
  it('is registered', () => {
    expect(REPORTERS.junit).toBe(junitReporter);
  });

  it('the checker itself rejects broken XML', () => {
    const d = '<?xml version="1.0" encoding="UTF-8"?>';
    expect(() => parseXml(`${d}<a><b></a></b>`)).toThrow();
    expect(() => parseXml(`${d}<a x="1" x="2"/>`)).toThrow();
    expect(() => parseXml(`${d}<a>&nbsp;</a>`)).toThrow();
    expect(() => parseXml(`${d}<a>x & y</a>`)).toThrow();
    expect(() => parseXml(`${d}<a x="<"/>`)).toThrow();
    expect(() => parseXml(`${d}<a>\u0001</a>`)).toThrow();
    expect(() => parseXml(`${d}<a/><b/>`)).toThrow();
    expect(parseXml(`${d}\n<a x="&#10;&amp;">t&lt;<b/></a>\n`).attrs.x).toBe('\n&');
  });

  it('writes one suite per input plus one for dataset-level findings, one test case per rule with findings', async () => {
    const result = await demo('zh');
    const xml = renderReport(junitReporter, result.report, contextOf(result));
    const root = parseXml(xml);
    assertCounts(root);
    const suites = root.children.filter((c) => c.name === 'testsuite');
    expect(suites.map((s) => s.attrs.name)).toEqual([DEMO, '跨文件检查与汇总']);

    const [file, rest] = suites as [XmlElement, XmlElement];
    const fileRules = new Set(
      result.report.findings.filter((f) => f.scope !== 'dataset').map((f) => f.ruleId),
    );
    const cases = all(file, 'testcase');
    expect(cases.map((c) => c.attrs.name)).toEqual(['ledgerlint', ...[...fileRules].sort()]);
    expect(cases.every((c) => c.attrs.classname === DEMO)).toBe(true);
    expect(child(cases[0] as XmlElement, 'failure')).toBeUndefined();
    expect(child(file, 'properties')?.children.map((p) => [p.attrs.name, p.attrs.value])).toEqual([
      ['sheets', '花名册'],
      ['dataRows', '236'],
    ]);

    const known = cases.find((c) => c.attrs.name === 'id-number-checksum');
    const failure = known && child(known, 'failure');
    const finding = checksumFinding(result.report);
    expect(failure?.attrs).toEqual({ message: '1 个问题', type: 'error' });
    expect(failure?.text.split('\n')).toEqual([
      '证件号码校验位',
      `花名册 · 第39行 I列 · 户 ${finding.householdId} · ${finding.message}`,
    ]);
    expect(all(file, 'failure').find((f) => f.attrs.type === 'warning')).toBeDefined();

    // id-number-unique is a dataset rule: its two findings name their file.
    const unique = all(rest, 'testcase').find((c) => c.attrs.name === 'id-number-unique');
    const uniqueFailure = unique && child(unique, 'failure');
    expect(uniqueFailure?.attrs.message).toBe('2 个问题');
    expect(uniqueFailure?.text.split('\n').slice(1)).toHaveLength(2);
    expect(uniqueFailure?.text).toContain(`${DEMO} · 花名册 · 第36行 I列`);

    // Every error and warning of the report is counted in exactly one failure message.
    const counted = all(root, 'failure').reduce(
      (sum, f) => sum + Number(/\d+/.exec(f.attrs.message ?? '')?.[0]),
      0,
    );
    expect(counted).toBe(result.report.summary.errors + result.report.summary.warnings);
  });

  it('uses the report language', async () => {
    const result = await demo('en');
    const root = parseXml(renderReport(junitReporter, result.report, contextOf(result, 'en')));
    const suites = root.children.filter((c) => c.name === 'testsuite');
    expect(suites[1]?.attrs.name).toBe('Across files and totals');
    const known = all(root, 'testcase').find((c) => c.attrs.name === 'id-number-checksum');
    const failure = known && child(known, 'failure');
    expect(failure?.attrs.message).toBe('1 finding(s)');
    expect(failure?.text).toContain('ID number check digit\n花名册 · row 39 col I · Household ');
  });

  it('is byte-identical across runs', async () => {
    const a = await runDemo('zh');
    const b = await runDemo('zh');
    expect(b.report).not.toBe(a.report);
    expect(renderReport(junitReporter, a.report, contextOf(a))).toBe(
      renderReport(junitReporter, b.report, contextOf(b)),
    );
  });

  it('escapes markup, strips characters XML forbids, caps the list but keeps the exact count', async () => {
    const result = await demo('zh');
    const base = checksumFinding(result.report);
    const many: ReportFinding[] = Array.from({ length: MAX_LISTED + 7 }, (_, n) => ({
      ...base,
      row: 10 + n,
      message: n === 0 ? 'a <b> & "c" \u0001\u0008\uFFFF\uD800 ]]> 𠀀' : `问题 ${n}`,
    }));
    const odd: ReportFinding = {
      ...base,
      file: 'x<&>"\'\u0002.xlsx',
      sheet: 'S"1',
      ruleId: 'id-sex-match',
      severity: 'error',
    };
    const report = withFindings(result.report, [...many, odd], {
      ...result.report.summary,
      byRule: {},
      errors: many.length + 1,
      warnings: 0,
      infos: 0,
    });
    const xml = renderReport(junitReporter, report, contextOf(result));
    const root = parseXml(xml);
    assertCounts(root);
    const failure = all(root, 'failure').find((f) => f.text.startsWith('证件号码校验位'));
    expect(failure?.attrs.message).toBe(`${MAX_LISTED + 7} 个问题`);
    const lines = failure?.text.split('\n') ?? [];
    expect(lines).toHaveLength(1 + MAX_LISTED + 1);
    expect(lines[1]).toBe(`花名册 · 第10行 I列 · 户 ${base.householdId} · a <b> & "c"  ]]> 𠀀`);
    expect(lines[lines.length - 1]).toBe('……另有 7 个问题未在此列出');
    const oddSuite = root.children.find((s) => s.attrs.name === 'x<&>"\'.xlsx');
    expect(oddSuite).toBeDefined();
    expect(all(oddSuite as XmlElement, 'testcase')[1]?.attrs.classname).toBe('x<&>"\'.xlsx');
  });

  it('lists infos as passing cases, marks rules skipped for a missing column, counts left-out findings', async () => {
    const result = await demo('zh');
    const base = checksumFinding(result.report);
    const entry = result.report.summary.byRule['id-number-checksum'];
    if (!entry) throw new Error('no byRule entry');
    const input = { ...base, scope: 'input' as const, row: null, column: null, householdId: null };
    const findings: ReportFinding[] = [
      {
        ...input,
        ruleId: 'unmapped-column',
        severity: 'info',
        messageId: 'unmapped',
        message: '列“备注”未对应',
      },
      {
        ...input,
        ruleId: 'missing-column',
        severity: 'warning',
        messageId: 'rule-skipped',
        data: { rule: 'exit-safe-housing', fields: '危房等级' },
        message: '缺少列 危房等级，规则 exit-safe-housing 未执行',
      },
      {
        ...input,
        ruleId: 'missing-column',
        severity: 'warning',
        messageId: 'rule-skipped',
        data: { rule: 'id-number-checksum', fields: '证件号码' },
        message: '缺少列 证件号码，规则 id-number-checksum 未执行',
      },
      base,
    ];
    const summary = {
      ...result.report.summary,
      byRule: {
        'id-number-checksum': { ...entry, count: 5 },
        'missing-column': { ...entry, severity: 'warning' as const, count: 2 },
        'unmapped-column': { ...entry, severity: 'info' as const, count: 1 },
      },
      errors: 5,
      warnings: 2,
      infos: 1,
    };
    const root = parseXml(
      renderReport(junitReporter, withFindings(result.report, findings, summary), contextOf(result)),
    );
    assertCounts(root);
    const [file, rest] = root.children.filter((c) => c.name === 'testsuite') as [XmlElement, XmlElement];
    const byName = new Map(all(file, 'testcase').map((c) => [c.attrs.name, c]));
    expect([...byName.keys()]).toEqual([
      'ledgerlint',
      'exit-safe-housing',
      'id-number-checksum',
      'missing-column',
      'unmapped-column',
    ]);
    expect(child(byName.get('exit-safe-housing') as XmlElement, 'skipped')?.attrs.message).toBe(
      '缺少规则所需的列，规则未执行',
    );
    // A rule with findings from another sheet is not marked skipped.
    expect(child(byName.get('id-number-checksum') as XmlElement, 'failure')).toBeDefined();
    const info = byName.get('unmapped-column') as XmlElement;
    expect(child(info, 'failure')).toBeUndefined();
    expect(child(info, 'system-out')?.text).toContain('列“备注”未对应');
    expect(child(byName.get('missing-column') as XmlElement, 'failure')?.attrs).toEqual({
      message: '2 个问题',
      type: 'warning',
    });
    // 5 id-number-checksum findings, 1 listed: the other 4 are counted in the last suite.
    const left = all(rest, 'testcase').find((c) => c.attrs.name === 'id-number-checksum');
    const leftFailure = left && child(left, 'failure');
    expect(leftFailure?.attrs.message).toBe('4 个问题');
    expect(leftFailure?.text).toContain('另有 4 个问题未列入报告');
  });

  it('writes a passing suite per file for a clean report', async () => {
    const result = await demo('zh');
    const clean = cleanReport(result.report);
    const root = parseXml(renderReport(junitReporter, clean, contextOf(result)));
    assertCounts(root);
    expect(root.attrs).toMatchObject({ tests: '2', failures: '0', skipped: '0' });
  });
});
