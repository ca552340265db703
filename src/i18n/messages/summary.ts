import type { MessageCatalogue } from '../types.js';

/** Labels of the summary by township and village (text report with --summary). */
export const SUMMARY_MESSAGES: MessageCatalogue = {
  'summary.title': { zh: '按乡镇、村汇总', en: 'Summary by township and village' },
  'summary.township': { zh: '乡镇', en: 'Township' },
  'summary.village': { zh: '村', en: 'Village' },
  'summary.persons': { zh: '人数', en: 'Persons' },
  'summary.households': { zh: '户数', en: 'Households' },
  'summary.failing': { zh: '有错误的户', en: 'Households with errors' },
  'summary.pass-rate': { zh: '通过率', en: 'Pass rate' },
  'summary.errors': { zh: '错误', en: 'Errors' },
  'summary.warnings': { zh: '警告', en: 'Warnings' },
  'summary.total': { zh: '合计', en: 'Total' },
  'summary.unknown': { zh: '（未填）', en: '(blank)' },
  'summary.text-capped': {
    zh: '终端报告每条规则只列出前 {{max}} 个问题，另有 {{count}} 个未列出（计数完整）；完整清单请用 --format json 或 --format csv',
    en: 'The terminal report lists the first {{max}} findings of each rule; {{count}} more are not listed (the counts are complete); --format json or --format csv lists them all',
  },
  'summary.omitted': {
    zh: '另有 {{omitted}} 个问题未逐条列出（--quiet / --max-findings-per-rule），上表计数完整',
    en: '{{omitted}} more findings not listed (--quiet / --max-findings-per-rule); the counts above are complete',
  },
  'summary.baseline': {
    zh: '基线已接受 {{matched}} 个问题（未列出），基线中有 {{disappeared}} 个问题已不再出现',
    en: 'The baseline accepted {{matched}} findings (not listed); {{disappeared}} baseline findings are gone',
  },
  'summary.waived-title': { zh: '已豁免的问题（{{count}}）', en: 'Waived findings ({{count}})' },
  'summary.waived-line': {
    zh: '{{where}}  {{message}}  {{ruleId}} — 豁免理由：{{reason}}（{{by}}，有效至 {{until}}）',
    en: '{{where}}  {{message}}  {{ruleId}} — waived: {{reason}} ({{by}}, until {{until}})',
  },
  'summary.waivers': {
    zh: '豁免：已豁免 {{applied}} 个，已过期重新报告 {{expired}} 个，未用到的豁免 {{unused}} 条',
    en: 'Waivers: {{applied}} findings waived, {{expired}} reported again (expired), {{unused}} waivers unused',
  },
  'summary.standards-title': { zh: '按标准汇总', en: 'By standard' },
  'summary.standard': { zh: '标准', en: 'Standard' },
  'summary.checked': { zh: '检查户数', en: 'Households checked' },
  'summary.standard-failing': { zh: '未达标户数', en: 'Households failing' },
  'summary.by-status': { zh: '按脱贫属性：{{statuses}}', en: 'By poverty status: {{statuses}}' },
};
