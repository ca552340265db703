import type { MessageCatalogue } from '../types.js';

/** Labels used by the reporters. */
export const REPORT_MESSAGES: MessageCatalogue = {
  'report.severity.error': { zh: '错误', en: 'error' },
  'report.severity.warning': { zh: '警告', en: 'warning' },
  'report.severity.info': { zh: '提示', en: 'info' },
  'report.household': { zh: '户 {{id}}', en: 'Household {{id}}' },
  'report.no-household': { zh: '（无户编号）', en: '(no household ID)' },
  'report.input-level': { zh: '文件与表头', en: 'File and header' },
  'report.dataset-level': { zh: '跨文件', en: 'Across files' },
  'report.row-column': { zh: '第{{row}}行 {{column}}列', en: 'row {{row}} col {{column}}' },
  'report.row': { zh: '第{{row}}行', en: 'row {{row}}' },
  'report.table.rule': { zh: '规则', en: 'Rule' },
  'report.table.title': { zh: '说明', en: 'Description' },
  'report.table.severity': { zh: '严重程度', en: 'Severity' },
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
};
