import type { MessageCatalogue } from '../types.js';

/** The text view of `ledgerlint inspect` (src/commands/inspect.ts renderInspectText). */
export const INSPECT_MESSAGES: MessageCatalogue = {
  'inspect.file': { zh: '文件 {{file}}（{{format}}）', en: 'File {{file}} ({{format}})' },
  'inspect.encoding': { zh: '编码：{{encoding}}，{{reason}}', en: 'Encoding: {{encoding}}, {{reason}}' },
  'inspect.encoding-reason.bom': { zh: '依据文件开头的 BOM', en: 'from the byte-order mark' },
  'inspect.encoding-reason.utf8-valid': {
    zh: '内容是合法的 UTF-8',
    en: 'the content is valid UTF-8',
  },
  'inspect.encoding-reason.fallback': {
    zh: '内容不是合法的 UTF-8，按 GB18030（GBK）读取',
    en: 'the content is not valid UTF-8, read as GB18030 (GBK)',
  },
  'inspect.encoding-reason.option': { zh: '由 --encoding 指定', en: 'set by --encoding' },
  'inspect.merged': {
    zh: '合并单元格 {{ranges}} 处；数据区中纵向合并的 {{filled}} 处已按左上角的值填入每一行（共 {{cells}} 个单元格），表头与横向合并不填充',
    en: '{{ranges}} merged ranges; the value of {{filled}} vertical ranges in the data area was given to every row ({{cells}} cells); header and horizontal merges are not spread',
  },
  'inspect.join-role.household': {
    zh: '户信息表：每行一户，按户编号并入家庭成员表，本身不按人检查',
    en: 'household table: one row per household, joined onto the person table by household ID, not checked as persons',
  },
  'inspect.join-role.person': {
    zh: '家庭成员表：按户编号并入户信息表中的户级字段',
    en: 'person table: household fields joined from the household table by household ID',
  },
  'inspect.join': {
    zh: '户表与成员表按户编号关联：户信息表 {{tables}}，共 {{households}} 户；没有对应户的成员 {{orphans}} 人，没有成员的户 {{empty}} 户',
    en: 'Household and person tables joined by household ID: household table {{tables}}, {{households}} households; {{orphans}} members without a household row, {{empty}} households without members',
  },
  'inspect.sheet': { zh: '工作表“{{sheet}}”', en: 'Sheet "{{sheet}}"' },
  'inspect.sheet-hidden': { zh: '工作表“{{sheet}}”（隐藏）', en: 'Sheet "{{sheet}}" (hidden)' },
  'inspect.sheet-csv': { zh: '表格', en: 'Table' },
  'inspect.skipped.hidden': {
    zh: '隐藏的工作表，已跳过；如需检查，请用 --sheet "{{sheet}}" 指定',
    en: 'hidden sheet, skipped; to check it, name it with --sheet "{{sheet}}"',
  },
  'inspect.skipped.no-header': {
    zh: '前 {{rows}} 行中没有找到台账表头（至少要有 3 列对应到标准字段），不是台账（如说明页），已跳过',
    en: 'no ledger header in the first {{rows}} rows (at least 3 columns must map to standard fields): not a ledger (an instructions page, say), skipped',
  },
  'inspect.skipped.not-a-ledger': {
    zh: '表头中没有户编号、户主姓名、姓名、证件号码之类的列，不是逐户逐人的台账（如汇总表），已跳过',
    en: 'the header has no household ID, head name, name or ID number column: not a per-person ledger (a summary table, say), skipped',
  },
  'inspect.header-rows': { zh: '表头：第 {{rows}} 行', en: 'Header rows: {{rows}}' },
  'inspect.data-rows': {
    zh: '数据：第 {{first}}–{{last}} 行，共 {{count}} 人',
    en: 'Data: rows {{first}}–{{last}}, {{count}} persons',
  },
  'inspect.no-data': {
    zh: '数据：表头下没有任何人员行（从第 {{row}} 行起）',
    en: 'Data: no person rows below the header (from row {{row}})',
  },
  'inspect.excluded.title': {
    zh: '不作为人员检查的行（{{count}} 行）：',
    en: 'Rows not checked as persons ({{count}}):',
  },
  'inspect.excluded.line': { zh: '{{reason}}：第 {{rows}} 行', en: '{{reason}}: {{rows}}' },
  'inspect.excluded.more': {
    zh: '（只列出前 {{shown}} 行，另有 {{more}} 行未列出）',
    en: '(only the first {{shown}} are listed; {{more}} more)',
  },
  'inspect.reason.blank': { zh: '没有内容的行', en: 'Rows with nothing to check' },
  'inspect.reason.total': { zh: '合计、小计、其中行', en: 'Total, subtotal and "of which" rows' },
  'inspect.reason.sign-off': {
    zh: '落款（填表人、审核人、报出日期等）',
    en: 'Sign-off (filled in by, reviewed by, date …)',
  },
  'inspect.reason.footnote': { zh: '注释与说明', en: 'Footnotes' },
  'inspect.reason.unit': { zh: '单位行', en: 'Unit lines' },
  'inspect.reason.subheader': {
    zh: '重复的表头或列序号行',
    en: 'Header or column numbers repeated',
  },
  'inspect.columns.title': {
    zh: '列与字段的对应（{{count}} 列）：',
    en: 'Columns mapped to fields ({{count}}):',
  },
  'inspect.table.column': { zh: '列', en: 'Col' },
  'inspect.table.header': { zh: '表头', en: 'Header' },
  'inspect.table.field': { zh: '标准字段', en: 'Field' },
  'inspect.table.match': { zh: '匹配方式', en: 'Matched by' },
  'inspect.field-cell': { zh: '{{label}}（{{key}}）', en: '{{label}} ({{key}})' },
  'inspect.match.exact': { zh: '别名原样', en: 'alias as written' },
  'inspect.match.normalized': { zh: '规整后相同', en: 'normalized' },
  'inspect.match.path': { zh: '多行表头连读', en: 'header rows joined' },
  'inspect.match.child': { zh: '只看最下一行', en: 'lowest label only' },
  'inspect.match.profile': { zh: '配置档别名', en: 'profile alias' },
  'inspect.match.legend': {
    zh: '匹配方式：规整后相同 = 忽略空白、全半角、括号与单位后与别名相同；多行表头连读 = 上下行连起来是别名；只看最下一行 = 多行表头中最下一行的文字是别名；配置档别名 = 所选配置档（rules/profiles/）中的别名',
    en: 'Matched by: normalized = equal to an alias ignoring spaces, widths, brackets and units; header rows joined = the group and sub-label read together are an alias; lowest label only = the lowest label of a multi-row header is an alias; profile alias = an alias of the chosen profile (rules/profiles/)',
  },
  'inspect.unmapped.title': { zh: '未对应的列（{{count}} 列）：', en: 'Columns not mapped ({{count}}):' },
  'inspect.unmapped.unknown': {
    zh: '{{column}} 列“{{header}}”：不是已知的表头',
    en: 'Column {{column}} "{{header}}": not a known header',
  },
  'inspect.unmapped.serial': {
    zh: '{{column}} 列“{{header}}”：序号列，不含数据',
    en: 'Column {{column}} "{{header}}": serial numbers, no data',
  },
  'inspect.unmapped.duplicate': {
    zh: '{{column}} 列“{{header}}”：与 {{otherColumn}} 列同为“{{field}}”，只读取 {{otherColumn}} 列',
    en: 'Column {{column}} "{{header}}": also "{{field}}", like column {{otherColumn}}; only {{otherColumn}} is read',
  },
  'inspect.unmapped.same-header': {
    zh: '{{column}} 列“{{header}}”：与前面一列表头相同，且不是已知的表头',
    en: 'Column {{column}} "{{header}}": same header as an earlier column, and not a known header',
  },
  'inspect.unmapped.blank': {
    zh: '{{column}} 列：没有表头，内容不会被读取',
    en: 'Column {{column}}: no header; its cells are not read',
  },
  'inspect.dialect': {
    zh: 'CSV 格式：分隔符 {{delimiter}}，引号 "，{{reason}}',
    en: 'CSV dialect: delimiter {{delimiter}}, quote ", {{reason}}',
  },
  'inspect.dialect.comma': { zh: '逗号', en: 'comma' },
  'inspect.dialect.tab': { zh: '制表符', en: 'tab' },
  'inspect.dialect.semicolon': { zh: '分号', en: 'semicolon' },
  'inspect.dialect-reason.extension': { zh: '依据 .tsv 扩展名', en: 'from the .tsv extension' },
  'inspect.dialect-reason.sniffed': {
    zh: '依据前 20 条记录中各分隔符的个数',
    en: 'from the delimiter counts of the first 20 records',
  },
  'inspect.dialect-reason.default': { zh: '没有分隔符，按默认', en: 'no delimiter found, the default' },
  'inspect.profile.chosen': {
    zh: '{{name}}（得分 {{score}}，{{reason}}）',
    en: '{{name}} (score {{score}}, {{reason}})',
  },
  'inspect.profile.dictionary': {
    zh: '不用配置档，只用数据字典（得分 {{score}}；没有配置档更合适）',
    en: 'none, the dictionary alone (score {{score}}; no profile fits better)',
  },
  'inspect.profile.reason.auto': { zh: '自动选出的最佳匹配', en: 'best fit, chosen automatically' },
  'inspect.profile.reason.option': { zh: '由 --profile 指定', en: 'set by --profile' },
  'inspect.profile.candidate': {
    zh: '{{name}}：{{score}} 分 = {{fields}} 个字段 + {{markers}} 个特征表头{{list}}',
    en: '{{name}}: {{score}} = {{fields}} fields + {{markers}} marker headers{{list}}',
  },
  'inspect.missing.title': { zh: '台账中没有的标准字段：', en: 'Standard fields no column provides:' },
  'inspect.missing.person': { zh: '人员（{{count}}）：{{fields}}', en: 'Person ({{count}}): {{fields}}' },
  'inspect.missing.household': {
    zh: '户（{{count}}）：{{fields}}',
    en: 'Household ({{count}}): {{fields}}',
  },
  'inspect.missing.none': { zh: '无', en: 'none' },
  'inspect.problems.title': {
    zh: '取值问题（抽查前 {{rows}} 个人员行）：',
    en: 'Value problems (first {{rows}} person rows sampled):',
  },
  'inspect.problems.none': {
    zh: '取值问题：抽查的前 {{rows}} 个人员行中没有',
    en: 'Value problems: none in the first {{rows}} person rows',
  },
  'inspect.problem': {
    zh: '{{field}}（{{column}} 列）{{kind}}：{{count}} 处，如 {{examples}}',
    en: '{{field}} (column {{column}}) {{kind}}: {{count}}, e.g. {{examples}}',
  },
  'inspect.example': { zh: '第 {{row}} 行“{{value}}”', en: 'row {{row}} "{{value}}"' },
  'inspect.example-row': { zh: '第 {{row}} 行', en: 'row {{row}}' },
  'inspect.kind.invalid-value.not-a-number': { zh: '不是数字', en: 'is not a number' },
  'inspect.kind.invalid-value.not-an-integer': { zh: '不是整数', en: 'is not a whole number' },
  'inspect.kind.invalid-value.not-a-date': { zh: '不是日期', en: 'is not a date' },
  'inspect.kind.invalid-value.not-yes-no': { zh: '不是“是/否”', en: 'is not yes/no' },
  'inspect.kind.invalid-value.excel-error': { zh: '是 Excel 错误值', en: 'is an Excel error value' },
  'inspect.kind.invalid-value.formula-without-value': {
    zh: '是没有计算结果的公式',
    en: 'is a formula without a saved result',
  },
  'inspect.kind.invalid-value.id-number-malformed': {
    zh: '证件号码格式不对',
    en: 'is malformed',
  },
  'inspect.kind.id-number-damaged.stored-as-number': {
    zh: '以数字保存，后几位已丢失',
    en: 'was stored as a number, last digits lost',
  },
  'inspect.kind.id-number-upgraded.upgraded': {
    zh: '是 15 位旧身份证号，已升为 18 位',
    en: 'is a 15-digit first-generation ID, converted to 18 digits',
  },
  'inspect.kind.missing-household-id.missing': { zh: '为空', en: 'is empty' },
  'inspect.kind.other': { zh: '{{ruleId}}（{{messageId}}）', en: '{{ruleId}} ({{messageId}})' },
  'inspect.no-field': { zh: '（无字段）', en: '(no field)' },
  'inspect.profile': { zh: '配置档：{{profile}}', en: 'Profile: {{profile}}' },
  'inspect.separator': { zh: '、', en: ', ' },
  'inspect.summary': {
    zh: '共 {{files}} 个文件、{{sheets}} 张工作表，其中 {{ledgers}} 张是台账，共 {{persons}} 人',
    en: 'Files: {{files}} · sheets: {{sheets}} (ledgers: {{ledgers}}) · persons: {{persons}}',
  },
};
