import type { MessageCatalogue } from '../types.js';

/**
 * `--help` of every command (commander's help, kept): descriptions of commands, arguments and options, the
 * section titles and commander's own notes (choices, default). Chinese by default, English with --lang en or
 * an English locale, as every other message.
 */
export const HELP_MESSAGES: MessageCatalogue = {
  'help.title.Usage:': { zh: '用法：', en: 'Usage:' },
  'help.title.Options:': { zh: '选项：', en: 'Options:' },
  'help.title.Arguments:': { zh: '参数：', en: 'Arguments:' },
  'help.title.Commands:': { zh: '命令：', en: 'Commands:' },
  'help.title.Global Options:': { zh: '全局选项：', en: 'Global Options:' },
  // Placeholders of the usage lines and options: commander's `[options]` and `[command]`, the arguments' names,
  // the names in option values (`<file>`, `<id|path>`, `<name=value>`). `<n>` stays as it is.
  'help.arg.options': { zh: '选项', en: 'options' },
  'help.arg.command': { zh: '命令', en: 'command' },
  'help.arg.inputs': { zh: '台账', en: 'inputs' },
  'help.arg.old': { zh: '上期', en: 'old' },
  'help.arg.new': { zh: '本期', en: 'new' },
  'help.arg.action': { zh: '操作', en: 'action' },
  'help.arg.id': { zh: '编号', en: 'id' },
  'help.arg.file': { zh: '文件', en: 'file' },
  'help.arg.dir': { zh: '目录', en: 'dir' },
  'help.arg.path': { zh: '路径', en: 'path' },
  'help.arg.name': { zh: '名称', en: 'name' },
  'help.arg.value': { zh: '取值', en: 'value' },
  'help.arg.encoding': { zh: '编码', en: 'encoding' },
  'help.arg.severity': { zh: '级别', en: 'severity' },
  'help.arg.format': { zh: '格式', en: 'format' },
  'help.arg.lang': { zh: '语言', en: 'lang' },
  'help.arg.scope': { zh: '范围', en: 'scope' },
  'help.arg.tag': { zh: '标签', en: 'tag' },
  'help.arg.yyyy': { zh: '年份', en: 'yyyy' },
  'help.choices': { zh: '可选：{{choices}}', en: 'choices: {{choices}}' },
  'help.default': { zh: '默认：{{value}}', en: 'default: {{value}}' },
  'help.preset': { zh: '不带取值时：{{value}}', en: 'preset: {{value}}' },
  'help.extra': { zh: '（{{extra}}）', en: '({{extra}})' },
  'help.extra-separator': { zh: '；', en: ', ' },
  'help.help': { zh: '显示帮助', en: 'display help for command' },
  'help.help-command': { zh: '显示某个命令的帮助', en: 'display help for command' },
  'help.version': { zh: '显示版本号', en: 'output the version number' },

  'help.program': {
    zh: '台账体检：按规则包检查建档立卡 / 防返贫监测台账，列出每一处问题（文件、表、行、列、所违反的标准）',
    en: '台账体检 — check 建档立卡 household ledgers against exit standards',
  },
  'help.check': {
    zh: '检查台账（xlsx、xls、csv、tsv），报告每一处问题',
    en: 'check ledgers (xlsx, xls, csv, tsv) and report every finding',
  },
  'help.check.inputs': {
    zh: '台账文件、文件夹（递归查找）或通配符',
    en: 'ledger files, folders (searched recursively) or globs',
  },
  'help.pack': {
    zh: '规则包编号或 YAML 文件路径，可重复（默认：{{packs}}）',
    en: 'rule pack id or YAML path, repeatable (default: {{packs}})',
  },
  'help.all': {
    zh: '检查全部农户，而不只是规则包针对的农户（如"已脱贫"户）',
    en: 'check every household, not only those the pack targets (e.g. 已脱贫)',
  },
  'help.quiet': {
    zh: '只列出错误（计数仍完整），不显示进度',
    en: 'list only errors (counts stay exact); no progress display',
  },
  'help.diff.quiet': { zh: '只列出错误（计数仍完整）', en: 'list only errors (counts stay exact)' },
  'help.config': {
    zh: '项目配置文件（默认：从当前目录逐级向上找到的第一个 {{file}}）',
    en: 'project config file (default: the nearest {{file}} upwards)',
  },
  'help.no-config': { zh: '不读取 {{file}}', en: 'ignore {{file}}' },
  'help.profile': {
    zh: '列配置档名称或 YAML 路径（rules/profiles/）；默认每张表自动选最合适的一个',
    en: 'column profile name or path (rules/profiles/); default: the best fit per sheet',
  },
  'help.population': {
    zh: '人口基数表（CSV 或 xlsx：乡镇、行政村、乡村总人口），供按村、按县汇总的规则使用',
    en: 'CSV/xlsx of total rural population by village (乡镇, 行政村, 乡村总人口), for village/county rules',
  },
  'help.jobs': {
    zh: '同时用 n 个工作线程检查 n 个文件（默认：CPU 核数；有村、乡、县级规则、--population 或户表时在主线程内逐个检查）；n 大于 1 而只检查一个文件时，另用一个线程读文件',
    en: 'check this many files at once in worker threads (default: number of cores; runs with village/county rules, --population or a household table use one); a single file is read in a second thread when n > 1',
  },
  'help.cache': {
    zh: '复用未改变的文件的检查结果（默认文件：{{file}}）',
    en: 'reuse results of unchanged files (default file: {{file}})',
  },
  'help.diff': {
    zh: '比较同一台账的两期导出：新增、减少、换户的户与成员，以及变化规则发现的变化（收入骤减、返贫、住房变为危房、学生离校、断保……）',
    en: 'compare two drops of the same ledger: households and members added, removed or moved, and the changes the diff rules flag (收入骤减, 返贫, a house that became C/D, a child who left school, lost insurance)',
  },
  'help.diff.old': { zh: '上期台账（xlsx、csv）', en: 'the earlier drop (xlsx, csv)' },
  'help.diff.new': { zh: '本期台账（xlsx、csv）', en: 'the later drop (xlsx, csv)' },
  'help.inspect': {
    zh: '说明每份台账是怎样被读取的：编码、表头、数据行、被排除的行、列的对应、无法识别的取值（不做检查）',
    en: 'show how each ledger is read: encoding, header, data rows, excluded rows, column mapping, value problems',
  },
  'help.inspect.inputs': { zh: '台账文件', en: 'ledger files' },
  'help.output-format': { zh: '输出格式', en: 'output format' },
  'help.inspect.sheet': {
    zh: '只读取工作簿中的这张表（含隐藏表）',
    en: 'only this sheet of a workbook (hidden sheets too)',
  },
  'help.inspect.encoding': { zh: 'CSV 的文本编码', en: 'text encoding of CSV input' },
  'help.sample-rows': {
    zh: '每张表检查取值的人员行数（默认 1000）',
    en: 'person rows per sheet whose values are checked (default 1000)',
  },
  'help.inspect.show-pii': {
    zh: '完整显示证件号码、手机号与银行卡号',
    en: 'show ID numbers, phones and bank card numbers in full',
  },
  'help.lang': { zh: '语言', en: 'language' },
  'help.debug': { zh: '内部错误时显示调用栈', en: 'show stack traces of internal errors' },
  'help.rules': {
    zh: '列出 check 会运行的规则（rules list，遵循配置文件），或显示一条规则的全部信息（rules show <规则编号>）',
    en: 'list the rules check would run (rules list, config file applied), or show one in full (rules show <id>)',
  },
  'help.rules.action': { zh: 'list（默认）或 show', en: 'list (default) or show' },
  'help.rules.id': { zh: '规则编号（用于 show）', en: 'rule id, for show' },
  'help.rules.tag': { zh: '只列出带此标签的规则', en: 'list only rules with this tag' },
  'help.rules.scope': {
    zh: '只列出此范围的规则（person、household、dataset……）',
    en: 'list only rules of this scope (person, household, dataset, …)',
  },
  'help.rules.builtin': {
    zh: '同时列出内置问题类型（invalid-value、missing-household-id……）',
    en: 'also list the built-in finding types (invalid-value, missing-household-id, …)',
  },
  'help.packs': { zh: '规则包相关命令', en: 'work with rule packs' },
  'help.packs.validate': {
    zh: '载入规则包（连同它继承的包）并对每个表达式做类型检查；有错时退出码为 2',
    en: 'load a pack (with what it extends) and type-check every expression; exit 2 on errors',
  },
  'help.packs.file': {
    zh: '规则包 YAML 文件（或内置规则包编号）',
    en: 'pack YAML file (or a built-in pack id)',
  },
  'help.year': {
    zh: '评估年度（默认：所选规则包年表中的最新年份）',
    en: "assessment year (default: the packs' latest year)",
  },
  'help.param': {
    zh: '覆盖一个规则包参数，可重复：--param school_age_max=16',
    en: 'override a pack parameter, repeatable: --param school_age_max=16',
  },
  'help.format': {
    zh: '报告格式，可重复，可带输出文件：{{formats}}（默认 text）',
    en: 'report format, repeatable, optionally with its file: {{formats}} (default text)',
  },
  'help.output': {
    zh: '把唯一一种未指定文件的格式写入此文件（先写临时文件再改名），而不是输出到屏幕',
    en: 'write the one format without a file of its own to this file (atomically) instead of stdout',
  },
  'help.output-dir': {
    zh: '未指定文件的各格式写到 <目录>/ledgerlint-report.<扩展名>',
    en: 'write every --format without its own file to <dir>/ledgerlint-report.<ext>',
  },
  'help.fail-on': {
    zh: '出现该级别及以上的问题时退出码为 1',
    en: 'exit 1 when a finding of this severity or worse exists',
  },
  'help.max-findings-per-rule': {
    zh: '每条规则最多列出 n 条（计数仍完整）',
    en: 'list at most n findings per rule (counts stay exact)',
  },
  'help.summary': {
    zh: '在 text 报告中附按乡镇、村和按标准（通过率）的汇总',
    en: 'add the summaries by township and village and by standard (pass rates) to the text report',
  },
  'help.baseline': {
    zh: '只报告不在此基线（已接受的一次检查）中的问题',
    en: 'report only findings that are not in this baseline of an accepted run',
  },
  'help.update-baseline': {
    zh: '把本次的全部问题写入 --baseline 文件',
    en: 'write the findings of this run to the --baseline file',
  },
  'help.waivers': {
    zh: '豁免清单 YAML 文件（规则、户或人、理由、批准人、有效期）',
    en: 'YAML file of accepted exceptions (rule, household or person, reason, by, until)',
  },
  'help.report-lang': {
    zh: '语言（默认：中文；英文环境 LANG=en_… 下为英文）',
    en: 'message language (default: zh, or en for an English locale)',
  },
  'help.max-warnings': {
    zh: '警告数超过 n 时退出码为 1',
    en: 'exit 1 when there are more warnings than this',
  },
  'help.sheet': { zh: '只读取工作簿中的这张表', en: 'only this sheet of a workbook' },
  'help.encoding': {
    zh: 'CSV 的文本编码（默认：自动判断）',
    en: 'text encoding of CSV input (default: detected)',
  },
  'help.no-color': {
    zh: '终端报告不使用颜色（也遵循 NO_COLOR 环境变量）',
    en: 'no colours in the text report (NO_COLOR is honoured too)',
  },
  'help.show-pii': {
    zh: '完整显示证件号码、手机号与银行卡号（默认脱敏：4501**********1234）',
    en: 'show ID numbers, phones and bank card numbers in full (masked by default: 4501**********1234)',
  },
};
