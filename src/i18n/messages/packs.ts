import type { MessageCatalogue } from '../types.js';

/** Messages of the project config file, `ledgerlint rules list|show` and `ledgerlint packs validate`. */
export const PACKS_MESSAGES: MessageCatalogue = {
  'cli.config-unreadable': {
    zh: '无法读取配置文件 {{file}}：{{detail}}',
    en: 'Cannot read the config file {{file}}: {{detail}}',
  },
  'cli.config-invalid': {
    zh: '配置文件有误：\n{{detail}}',
    en: 'Invalid config file:\n{{detail}}',
  },
  'cli.config-unknown-rule': {
    zh: '{{at}}：“{{rule}}”不是任何规则包中的规则，也不是内置问题类型（用 ledgerlint rules list --pack … --builtin 查看编号）',
    en: '{{at}}: "{{rule}}" is not a rule of any pack nor a built-in finding type (see the ids with ledgerlint rules list --pack … --builtin)',
  },
  'cli.all-inputs-ignored': {
    zh: '全部输入文件都被配置文件 {{file}} 的 ignore 排除了',
    en: 'Every input file is excluded by the ignore patterns of {{file}}',
  },
  'cli.rules-action-unknown': {
    zh: '未知的 rules 子命令“{{action}}”，可用：list、show <规则编号>',
    en: 'Unknown rules command "{{action}}"; use list or show <rule-id>',
  },
  'cli.rules-show-needs-id': {
    zh: 'rules show 需要一个规则编号，如 ledgerlint rules show exit-safe-housing',
    en: 'rules show needs a rule id, e.g. ledgerlint rules show exit-safe-housing',
  },
  'cli.rule-not-found': {
    zh: '所选规则包中没有规则“{{rule}}”（规则包：{{packs}}）',
    en: 'No rule "{{rule}}" in the selected packs ({{packs}})',
  },
  'rules.show.pack': { zh: '规则包', en: 'Pack' },
  'rules.show.scope': { zh: '范围', en: 'Scope' },
  'rules.show.severity': { zh: '严重程度', en: 'Severity' },
  'rules.show.description': { zh: '说明', en: 'Description' },
  'rules.show.source': { zh: '依据', en: 'Source' },
  'rules.show.params': { zh: '参数', en: 'Params' },
  'rules.show.fields': { zh: '字段', en: 'Fields' },
  'rules.show.tags': { zh: '标签', en: 'Tags' },
  'rules.show.when': { zh: '适用条件', en: 'When' },
  'rules.show.expression': { zh: '表达式', en: 'Expression' },
  'rules.show.check': { zh: '声明式检查', en: 'Check' },
  'rules.show.doc': { zh: '文档', en: 'Documentation' },
  'rules.show.none': { zh: '无', en: 'none' },
  'rules.show.off': { zh: '关闭', en: 'off' },
  'rules.show.configured': {
    zh: '{{severity}}（配置文件所设；规则本身为{{own}}）',
    en: '{{severity}} (set by the config file; the rule says {{own}})',
  },
  'cli.rules-show-filter': {
    zh: '{{option}} 只用于 rules list，对 rules show 不起作用',
    en: '{{option}} is for rules list; it does nothing to rules show',
  },
  'cli.rules-list-takes-no-id': {
    zh: 'rules list 不接受规则编号“{{id}}”；查看一条规则请用 ledgerlint rules show {{id}}',
    en: 'rules list takes no rule id ("{{id}}"); to see one rule use ledgerlint rules show {{id}}',
  },
  'rules.list.count': {
    zh: '共 {{count}} 条规则',
    en: '{{count}} rules',
  },
  'packs.validate.ok': {
    zh: '✔ {{file}}：规则包 {{pack}} {{version}} 有效，{{rules}} 条规则（其中继承 {{inherited}} 条），{{params}} 个参数',
    en: '✔ {{file}}: pack {{pack}} {{version}} is valid: {{rules}} rules ({{inherited}} inherited), {{params}} params',
  },
  'packs.validate.extends': {
    zh: '  继承自：{{bases}}',
    en: '  extends: {{bases}}',
  },
  'packs.validate.failed': {
    zh: '✖ {{file}}：规则包有 {{count}} 处错误',
    en: '✖ {{file}}: problems in the pack: {{count}}',
  },
};
