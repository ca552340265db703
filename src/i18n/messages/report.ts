import type { MessageCatalogue } from '../types.js';

/** Labels used by the reporters. */
export const REPORT_MESSAGES: MessageCatalogue = {
  'report.severity.error': { zh: '错误', en: 'error' },
  'report.severity.warning': { zh: '警告', en: 'warning' },
  'report.severity.info': { zh: '提示', en: 'info' },
  'report.household': { zh: '户 {{id}}', en: 'Household {{id}}' },
  'report.no-household': { zh: '（无户编号）', en: '(no household ID)' },
  'report.group.village': { zh: '村 {{group}}', en: 'Village {{group}}' },
  'report.group.township': { zh: '乡镇 {{group}}', en: 'Township {{group}}' },
  'report.group.county': { zh: '县 {{group}}', en: 'County {{group}}' },
  'report.input-level': { zh: '文件与表头', en: 'File and header' },
  'report.dataset-level': { zh: '跨文件', en: 'Across files' },
  'report.row-column': { zh: '第{{row}}行 {{column}}列', en: 'row {{row}} col {{column}}' },
  'report.row': { zh: '第{{row}}行', en: 'row {{row}}' },
  'report.table.rule': { zh: '规则', en: 'Rule' },
  'report.table.title': { zh: '说明', en: 'Description' },
  'report.table.severity': { zh: '严重程度', en: 'Severity' },
  'report.table.scope': { zh: '范围', en: 'Scope' },
  'report.scope.person': { zh: '人', en: 'person' },
  'report.scope.household': { zh: '户', en: 'household' },
  'report.scope.dataset': { zh: '跨文件', en: 'dataset' },
  'report.scope.diff': { zh: '两期变化', en: 'change' },
  'report.scope.input': { zh: '文件与表头', en: 'input' },
  'report.scope.village': { zh: '村', en: 'village' },
  'report.scope.township': { zh: '乡镇', en: 'township' },
  'report.scope.county': { zh: '县', en: 'county' },
  'report.table.count': { zh: '数量', en: 'Count' },
  'report.totals': {
    zh: '共 {{total}} 个问题（错误 {{errors}}，警告 {{warnings}}，提示 {{infos}}）· 检查了 {{persons}} 人、{{households}} 户',
    en: '{{total}} problems ({{errors}} errors, {{warnings}} warnings, {{infos}} infos) · checked {{persons}} persons in {{households}} households',
  },
  'report.clean': {
    zh: '未发现问题 · 检查了 {{persons}} 人、{{households}} 户',
    en: 'No problems found · checked {{persons}} persons in {{households}} households',
  },
  'report.max-warnings': {
    zh: '警告数 {{warnings}} 超过了 --max-warnings {{max}}',
    en: '{{warnings}} warnings exceed --max-warnings {{max}}',
  },

  // Columns of the finding list (csv, markdown).
  'report.col.file': { zh: '文件', en: 'File' },
  'report.col.sheet': { zh: '工作表', en: 'Sheet' },
  'report.col.row': { zh: '行', en: 'Row' },
  'report.col.column': { zh: '列', en: 'Column' },
  'report.col.township': { zh: '乡镇', en: 'Township' },
  'report.col.village': { zh: '村', en: 'Village' },
  'report.col.household': { zh: '户编号', en: 'Household ID' },
  'report.col.rule': { zh: '规则', en: 'Rule' },
  'report.col.severity': { zh: '严重程度', en: 'Severity' },
  'report.col.field': { zh: '字段', en: 'Field' },
  'report.col.message': { zh: '说明', en: 'Message' },
  // Where a finding is, appended to its message (sarif: the sheet and column have no place in a text region).
  'report.where.sheet-column': {
    zh: '工作表“{{sheet}}” {{column}}列',
    en: 'sheet "{{sheet}}", column {{column}}',
  },
  'report.where.sheet': { zh: '工作表“{{sheet}}”', en: 'sheet "{{sheet}}"' },
  'report.where.column': { zh: '{{column}}列', en: 'column {{column}}' },
  'report.message-where': { zh: '{{message}}（{{where}}）', en: '{{message}} ({{where}})' },
  'report.sarif.help': {
    zh: '规则说明见 ledgerlint 文档 {{doc}}',
    en: 'The rule is described in the ledgerlint documentation, {{doc}}',
  },
  // junit
  'report.junit.count': { zh: '{{count}} 个问题', en: '{{count}} finding(s)' },
  'report.junit.more': {
    zh: '……另有 {{count}} 个问题未在此列出',
    en: '… and {{count}} more not listed here',
  },
  'report.junit.unlisted': {
    zh: '另有 {{count}} 个问题未列入报告（--quiet 或 --max-findings-per-rule），所在文件不详',
    en: '{{count}} more findings were left out of the report (--quiet or --max-findings-per-rule); their files are not known',
  },
  'report.junit.skipped': {
    zh: '缺少规则所需的列，规则未执行',
    en: 'Not run: a column the rule needs is missing',
  },
  'report.junit.dataset-suite': { zh: '跨文件检查与汇总', en: 'Across files and totals' },
  // markdown
  'report.md.title': { zh: 'ledgerlint 台账体检报告', en: 'ledgerlint ledger check report' },
  'report.md.persons': { zh: '人数', en: 'Persons' },
  'report.md.households': { zh: '户数', en: 'Households' },
  'report.md.errors': { zh: '错误', en: 'Errors' },
  'report.md.warnings': { zh: '警告', en: 'Warnings' },
  'report.md.infos': { zh: '提示', en: 'Infos' },
  'report.md.inputs': { zh: '检查的文件', en: 'Files checked' },
  'report.md.sheet-rows': { zh: '{{sheet}}（{{rows}} 行数据）', en: '{{sheet}} ({{rows}} data rows)' },
  'report.md.rows': { zh: '{{rows}} 行数据', en: '{{rows}} data rows' },
  'report.md.by-rule': { zh: '按规则统计', en: 'By rule' },
  'report.md.findings-all': { zh: '问题明细（共 {{total}} 个）', en: 'Findings (all {{total}})' },
  'report.md.findings-first': {
    zh: '问题明细（前 {{shown}} 个，共 {{total}} 个）',
    en: 'Findings (first {{shown}} of {{total}})',
  },
  'report.md.more': {
    zh: '另有 {{count}} 个问题未在此列出，完整列表见 JSON 或 CSV 报告（--format json / --format csv）。',
    en: '{{count}} more findings are not listed here; the JSON or CSV report has all of them (--format json / --format csv).',
  },
  'report.md.unlisted': {
    zh: '另有 {{count}} 个问题按 --quiet 或 --max-findings-per-rule 未列入报告（上表中的数量已包括它们）。',
    en: '{{count}} more findings were left out of the report by --quiet or --max-findings-per-rule (the counts above include them).',
  },
};
