import type { MessageCatalogue } from '../types.js';

/** Messages of the built-in finding types (src/findings/catalogue.ts), keyed `<ruleId>.<messageId>`. */
export const FINDING_MESSAGES: MessageCatalogue = {
  'invalid-value.not-a-number': {
    zh: '{{fieldLabel}}“{{raw}}”不是有效数字',
    en: '{{fieldLabel}} "{{raw}}" is not a number',
  },
  'invalid-value.not-an-integer': {
    zh: '{{fieldLabel}}“{{raw}}”不是整数',
    en: '{{fieldLabel}} "{{raw}}" is not a whole number',
  },
  'invalid-value.not-a-date': {
    zh: '{{fieldLabel}}“{{raw}}”不是可识别的日期',
    en: '{{fieldLabel}} "{{raw}}" is not a recognisable date',
  },
  'invalid-value.not-yes-no': {
    zh: '{{fieldLabel}}“{{raw}}”应为“是”或“否”',
    en: '{{fieldLabel}} "{{raw}}" should be yes (是) or no (否)',
  },
  'invalid-value.excel-error': {
    zh: '{{fieldLabel}}单元格是 Excel 错误值 {{raw}}',
    en: '{{fieldLabel}} cell holds the Excel error {{raw}}',
  },
  'invalid-value.formula-without-value': {
    zh: '{{fieldLabel}}单元格是公式“{{raw}}”，但文件中没有保存计算结果（请在 Excel 中打开并保存后重试）',
    en: '{{fieldLabel}} cell is the formula "{{raw}}" with no saved result (open and save the file in Excel, then retry)',
  },
  'invalid-value.id-number-malformed': {
    zh: '{{fieldLabel}}“{{raw}}”含有证件号码中不应出现的字符',
    en: '{{fieldLabel}} "{{raw}}" contains characters that do not belong in an ID number',
  },
  'id-number-damaged.stored-as-number': {
    zh: '{{fieldLabel}}以数字格式保存（显示为 {{raw}}），第 16 位以后的数字已丢失，请以文本格式重新录入',
    en: '{{fieldLabel}} is stored as a number ({{raw}}): digits after the 15th are lost; re-enter it as text',
  },
  'missing-column.rules-skipped': {
    zh: '缺少列 {{fields}}，{{count}} 条规则未执行：{{rules}}',
    en: 'Column {{fields}} is missing, so {{count}} rules were not run: {{rules}}',
  },
  'unmapped-column.unmapped': {
    zh: '列“{{header}}”未对应任何标准字段，已忽略',
    en: 'Column "{{header}}" matches no canonical field and is ignored',
  },
  'duplicate-column.duplicate': {
    zh: '列“{{header}}”与第 {{otherColumn}} 列同为{{fieldLabel}}，使用第 {{otherColumn}} 列',
    en: 'Column "{{header}}" is {{fieldLabel}} like column {{otherColumn}}; column {{otherColumn}} is used',
  },
  'duplicate-column.same-header': {
    zh: '列“{{header}}”与第 {{otherColumn}} 列表头相同，两列都未对应标准字段',
    en: 'Column "{{header}}" has the same header as column {{otherColumn}}; neither matches a canonical field',
  },
  'blank-header.blank': {
    zh: '此列没有表头，其中的内容不会被读取',
    en: 'This column has no header; its cells are not read',
  },
  'id-number-upgraded.upgraded': {
    zh: '{{fieldLabel}}“{{raw}}”是 15 位旧身份证号，已按 GB 11643 升为 18 位 {{value}}',
    en: '{{fieldLabel}} "{{raw}}" is a 15-digit first-generation ID, converted to 18 digits ({{value}}) per GB 11643',
  },
  'sheet-skipped.no-header': {
    zh: '工作表中没有找到台账表头，已跳过',
    en: 'No ledger header found in this sheet; skipped',
  },
  'sheet-skipped.hidden': {
    zh: '隐藏的工作表，已跳过（如需检查请用 --sheet 指定）',
    en: 'Hidden sheet skipped (name it with --sheet to check it)',
  },
  'sheet-skipped.not-a-ledger': {
    zh: '工作表不是人员台账（没有户编号、姓名、证件号码等列），已跳过',
    en: 'Not a person ledger (no household ID, name or ID number column); skipped',
  },
  'missing-household-id.missing': {
    zh: '该行没有户编号，按单独一户检查',
    en: 'This row has no household ID; it is checked as a household of its own',
  },
  'missing-household-id.no-column': {
    zh: '台账没有户编号列，无法按户检查：每行按单独一户检查',
    en: 'The ledger has no household ID column, so households cannot be formed: each row is checked on its own',
  },
  'household-conflict.conflict': {
    zh: '同户成员的{{fieldLabel}}不一致：本行为“{{value}}”，户主行（第 {{headRow}} 行）为“{{headValue}}”',
    en: '{{fieldLabel}} differs within the household: "{{value}}" here, "{{headValue}}" on the head\'s row ({{headRow}})',
  },
  'orphan-member.no-household': {
    zh: '户编号 {{householdId}} 在户信息表中没有对应的户，该成员的户级信息无法核对',
    en: 'Household ID {{householdId}} has no row in the household table; the household fields of this member cannot be checked',
  },
  'empty-household.no-members': {
    zh: '户编号 {{householdId}} 在家庭成员表中没有任何成员',
    en: 'Household ID {{householdId}} has no members in the person table',
  },
  'household-split.split': {
    zh: '户 {{householdId}} 的成员行不连续（首次出现在第 {{firstRow}} 行），已合并检查',
    en: 'Rows of household {{householdId}} are not contiguous (first seen on row {{firstRow}}); checked together',
  },
  'population-missing.no-table': {
    zh: '{{group}}：未提供人口基数表（--population），需要乡村总人口的 {{count}} 条规则未检查：{{rules}}',
    en: '{{group}}: no population table (--population), so {{count}} rules that need the total rural population were not checked: {{rules}}',
  },
  'population-missing.not-in-table': {
    zh: '{{group}}：人口基数表中没有该地的乡村总人口，{{count}} 条规则未检查：{{rules}}',
    en: '{{group}}: the population table has no total rural population for it, so {{count}} rules were not checked: {{rules}}',
  },
  'rule-error.evaluation-failed': {
    zh: '规则 {{rule}} 在 {{count}} 行执行出错：{{error}}',
    en: 'Rule {{rule}} failed on {{count}} rows: {{error}}',
  },
  'missing-column.diff-old-rules-skipped': {
    zh: '上期台账缺少列 {{fields}}，{{count}} 条变化规则无法比较：{{rules}}',
    en: 'The old drop has no column {{fields}}, so {{count}} change rules cannot compare: {{rules}}',
  },
  'missing-column.diff-new-rules-skipped': {
    zh: '本期台账缺少列 {{fields}}，{{count}} 条变化规则无法比较：{{rules}}',
    en: 'The new drop has no column {{fields}}, so {{count}} change rules cannot compare: {{rules}}',
  },
  'household-added.added': {
    zh: '新增户（上期台账中没有此户编号）',
    en: 'New household (not in the old drop)',
  },
  'household-removed.removed': {
    zh: '减少户（本期台账中已没有此户编号）',
    en: 'Household removed (not in the new drop)',
  },
  'person-added.added': { zh: '新增成员 {{name}}', en: 'Member added: {{name}}' },
  'person-removed.removed': {
    zh: '成员 {{name}} 不在本期台账中（原属户 {{householdId}}）',
    en: 'Member {{name}} is not in the new drop (was in household {{householdId}})',
  },
  'person-moved.moved': {
    zh: '成员 {{name}} 由户 {{from}} 转入户 {{to}}',
    en: 'Member {{name}} moved from household {{from}} to {{to}}',
  },
};
