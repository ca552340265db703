import type { MessageCatalogue } from '../types.js';

/** Messages of the command line: usage errors and fatal errors (exit code 2). */
export const CLI_MESSAGES: MessageCatalogue = {
  'cli.error-prefix': { zh: '错误', en: 'Error' },
  'cli.usage-hint': { zh: '运行 ledgerlint --help 查看用法', en: 'Run ledgerlint --help for usage' },
  'cli.internal-error': {
    zh: 'ledgerlint {{version}} 内部错误：{{detail}}。请加 --debug 重试并报告此问题。',
    en: 'ledgerlint {{version}} internal error: {{detail}}. Retry with --debug and please report it.',
  },
  'cli.no-inputs': { zh: '请指定至少一个台账文件', en: 'Give at least one ledger file' },
  'cli.option-invalid': {
    zh: '选项 {{option}} 的值“{{value}}”无效：{{expected}}',
    en: 'Invalid value "{{value}}" for {{option}}: {{expected}}',
  },
  'cli.unknown-format': {
    zh: '不支持的输出格式“{{format}}”，可用：{{formats}}',
    en: 'Unknown format "{{format}}"; available: {{formats}}',
  },
  'cli.param-syntax': {
    zh: '--param 应写作 名称=值，收到“{{value}}”',
    en: '--param takes name=value, got "{{value}}"',
  },
  'cli.param-unknown': {
    zh: '未知参数“{{name}}”，可用参数：{{known}}',
    en: 'Unknown param "{{name}}"; known params: {{known}}',
  },
  'cli.param-invalid': {
    zh: '参数 {{name}} 的值“{{value}}”无效，应为 {{expected}}',
    en: 'Param {{name}} value "{{value}}" is invalid; expected {{expected}}',
  },
  'cli.param-no-value-for-year': {
    zh: '规则包 {{pack}} 的参数 {{name}} 没有 {{year}} 年的取值（已有年份：{{years}}），请用 --year 选择年份或用 --param {{name}}=值 指定',
    en: 'Pack {{pack}} param {{name}} has no value for {{year}} (years: {{years}}); choose --year or give --param {{name}}=value',
  },
  'cli.pack-not-found': {
    zh: '找不到规则包“{{pack}}”，内置规则包：{{packs}}',
    en: 'Rule pack "{{pack}}" not found; built-in packs: {{packs}}',
  },
  'cli.pack-invalid': {
    zh: '规则包有误：\n{{detail}}',
    en: 'Invalid rule pack:\n{{detail}}',
  },
  'cli.check-diff-pack': {
    zh: '规则包 {{packs}} 只有变化规则，请用 ledgerlint diff <上期> <本期> 比较两期台账',
    en: 'The packs {{packs}} hold only change rules: compare two drops with ledgerlint diff <old> <new>',
  },
  'cli.diff-no-rules': {
    zh: '规则包 {{packs}} 中没有变化规则（scope: diff）；ledgerlint diff 默认使用 monitoring-diff 规则包',
    en: 'The packs {{packs}} have no change rules (scope: diff); ledgerlint diff uses the monitoring-diff pack by default',
  },
  'cli.no-ledger': {
    zh:
      '{{file}} 中没有找到台账表头。\n' +
      '  需要：前 30 行中有一行（或两三行合并的表头）至少 3 列可以识别，其中有户编号、姓名或证件号码。\n' +
      '  找到：{{found}}\n' +
      '  可以试试：--sheet <表名> 指定工作表；CSV 显示乱码时用 --encoding gb18030 或 --encoding utf8；' +
      '表头是某种导出格式时用 --profile <名称|路径>（内置：{{profiles}}）；' +
      '用 ledgerlint inspect 查看文件是怎样被读取的。',
    en:
      'No ledger header found in {{file}}.\n' +
      '  Expected: within the first 30 rows, a header row (or two or three rows of a merged header) with at least 3 recognisable columns, one of them 户编号, 姓名 or 证件号码.\n' +
      '  Found: {{found}}\n' +
      '  Try: --sheet <name> to pick the sheet; --encoding gb18030 or --encoding utf8 when a CSV shows garbled text; ' +
      '--profile <name|path> for an export layout (built-in: {{profiles}}); ' +
      'ledgerlint inspect to see how the file is read.',
  },
  'cli.no-ledger.sheet': { zh: '工作表“{{sheet}}”', en: 'sheet "{{sheet}}"' },
  'cli.no-ledger.csv': { zh: '文件', en: 'the file' },
  'cli.no-ledger.hidden': { zh: '{{where}}是隐藏的，未读取', en: '{{where}} is hidden and was not read' },
  'cli.no-ledger.no-header': {
    zh: '{{where}}没有可识别的表头，第一行是“{{row}}”',
    en: '{{where}} has no recognisable header; its first row is "{{row}}"',
  },
  'cli.no-ledger.empty': { zh: '{{where}}是空的', en: '{{where}} is empty' },
  'cli.no-ledger.not-a-ledger': {
    zh: '{{where}}的表头没有户编号、姓名、证件号码等列（像是汇总表）',
    en: '{{where}} has a header without 户编号, 姓名 or 证件号码 (a summary table?)',
  },
  'cli.no-ledger.separator': { zh: '；', en: '; ' },
  'profile.not-found': {
    zh: '找不到列配置档“{{profile}}”，内置配置档：{{profiles}}',
    en: 'Column profile "{{profile}}" not found; built-in profiles: {{profiles}}',
  },
  'profile.invalid': {
    zh: '列配置档有误：\n{{detail}}',
    en: 'Invalid column profile:\n{{detail}}',
  },
  'cli.write-failed': {
    zh: '无法写入报告 {{file}}：{{detail}}',
    en: 'Cannot write the report {{file}}: {{detail}}',
  },
  // Options a run that checks its files one after another could not use (commands/sequential-run.ts).
  'cli.sequential.aggregate': {
    zh: '所选规则包有村、乡、县级规则',
    en: 'the packs have village, township or county rules',
  },
  'cli.sequential.population': { zh: '给出了人口基数表（--population）', en: '--population was given' },
  'cli.sequential.household-table': { zh: '输入中有户表', en: 'the inputs include a household table' },
  'cli.sequential.jobs': {
    zh: '注意：{{reason}}，各文件在主线程内逐个检查，--jobs {{jobs}} 只用于另开一个线程读文件（报告不受影响）',
    en: 'note: {{reason}}, so the files were checked one after another in the main thread; --jobs {{jobs}} only read each file in a second thread (the report is the same)',
  },
  'cli.sequential.cache': {
    zh: '注意：{{reason}}，各文件须在同一次检查中汇总，--cache 未生效（缓存既未读取也未更新；报告不受影响）',
    en: 'note: {{reason}}, so every file has to be checked in the same run; --cache had no effect (the cache was neither read nor updated; the report is the same)',
  },
  'cli.commander.unknownOption': { zh: '未知选项 {{arg}}', en: 'Unknown option {{arg}}' },
  'cli.commander.unknownCommand': { zh: '未知命令 {{arg}}', en: 'Unknown command {{arg}}' },
  'cli.commander.missingArgument': { zh: '缺少参数 {{arg}}', en: 'Missing argument {{arg}}' },
  'cli.commander.optionMissingArgument': { zh: '选项 {{arg}} 缺少取值', en: 'Option {{arg}} needs a value' },
  'cli.commander.invalidArgument': { zh: '取值无效：{{detail}}', en: 'Invalid value: {{detail}}' },
  'cli.commander.excessArguments': { zh: '多余的参数', en: 'Too many arguments' },
  'cli.output-with-many-formats': {
    zh: '--output 只能配合一种输出格式；多种格式请用 --format 名称=文件 或 --output-dir',
    en: '--output goes with one format; for several use --format name=file or --output-dir',
  },
  'cli.output-unused': {
    zh: '--output 不起作用：每种报告格式都已指定了自己的文件（{{formats}}）。请去掉 --output，或让一种格式不带文件名（如 --format json --output 报告.json）',
    en: '--output has no effect: every report format names its own file ({{formats}}). Drop --output, or give one format without a file (--format json --output report.json)',
  },
  'cli.output-and-output-dir': {
    zh: '--output 与 --output-dir 不能同时使用：一种格式用 --output 指定文件，多种格式用 --output-dir 指定目录',
    en: '--output and --output-dir do not go together: --output names the file of one format, --output-dir the folder for several',
  },
  'cli.output-dir-unused': {
    zh: '--output-dir 不起作用：每种报告格式都已指定了自己的文件（{{formats}}）。请去掉 --output-dir，或让格式不带文件名',
    en: '--output-dir has no effect: every report format names its own file ({{formats}}). Drop --output-dir, or give formats without a file',
  },
  'cli.summary-without-text': {
    zh: '--summary 只作用于 text 报告，而本次没有 text 报告（格式：{{formats}}）；html、markdown、xlsx 报告和 json 的 summary 总是包含这些汇总',
    en: '--summary adds to the text report only, and this run writes none (formats: {{formats}}); the html, markdown and xlsx reports and the json summary always include these tables',
  },
  'cli.formats-share-stdout': {
    zh: '格式 {{formats}} 不能同时输出到屏幕，请用 --format 名称=文件 或 --output-dir 指定文件',
    en: 'Formats {{formats}} cannot all go to standard output; give files with --format name=file or --output-dir',
  },
  'cli.update-baseline-needs-file': {
    zh: '--update-baseline 需要配合 --baseline <文件> 使用',
    en: '--update-baseline needs --baseline <file>',
  },
  'cli.baseline-unreadable': {
    zh: '无法读取基线文件 {{file}}：{{detail}}（首次使用请加 --update-baseline 生成）',
    en: 'Cannot read the baseline {{file}}: {{detail}} (create it with --update-baseline)',
  },
  'cli.baseline-invalid': {
    zh: '基线文件 {{file}} 格式不正确：{{detail}}',
    en: 'The baseline {{file}} is not valid: {{detail}}',
  },
  'cli.waivers-unreadable': {
    zh: '无法读取豁免文件 {{file}}：{{detail}}',
    en: 'Cannot read the waivers {{file}}: {{detail}}',
  },
  'cli.waivers-invalid': {
    zh: '豁免文件有误：\n{{detail}}',
    en: 'Invalid waivers file:\n{{detail}}',
  },
  'cli.progress': { zh: '已读取 {{rows}} 行', en: '{{rows}} rows read' },
};
