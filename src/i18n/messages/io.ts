import type { MessageCatalogue } from '../types.js';

/** Errors of the readers (src/io), keyed by the LedgerlintError message id. */
export const IO_MESSAGES: MessageCatalogue = {
  'io.file-not-found': {
    zh: '找不到文件 {{file}}，请检查路径和文件名',
    en: 'File not found: {{file}}. Check the path and file name',
  },
  'io.is-directory': {
    zh: '{{file}} 是文件夹，请指定其中的台账文件（.xlsx 或 .csv）',
    en: '{{file}} is a folder; give a ledger file inside it (.xlsx or .csv)',
  },
  'io.unreadable': {
    zh: '无法读取文件 {{file}}（{{detail}}），请检查文件权限或是否被其他程序占用',
    en: 'Cannot read {{file}} ({{detail}}); check its permissions and whether another program holds it',
  },
  'io.empty-file': {
    zh: '文件 {{file}} 是空的（0 字节）',
    en: '{{file}} is empty (0 bytes)',
  },
  'io.xls-unreadable': {
    zh: '无法读取旧版 Excel（.xls）文件 {{file}}，文件可能已损坏、不是 Excel 文件或版本过旧（{{detail}}）。请用 Excel 或 WPS 打开后另存为 .xlsx，或用 LibreOffice 转换：soffice --headless --convert-to xlsx 文件名.xls，再检查',
    en: 'Cannot read the legacy Excel (.xls) file {{file}}; it may be damaged, not an Excel file, or too old ({{detail}}). Open it in Excel or WPS and save it as .xlsx, or convert it with LibreOffice: soffice --headless --convert-to xlsx file.xls, then check again',
  },
  'io.xlsx-encrypted': {
    zh: '{{file}} 设置了打开密码，无法读取。请在 Excel 或 WPS 中取消密码后另存，再检查',
    en: '{{file}} is password-protected and cannot be read. Remove the password in Excel or WPS, save, then check again',
  },
  'io.xlsx-unreadable': {
    zh: '无法读取 Excel 文件 {{file}}，文件可能已损坏或不完整（{{detail}}）。请用 Excel 或 WPS 打开后重新另存为 .xlsx',
    en: 'Cannot read the Excel file {{file}}; it may be damaged or incomplete ({{detail}}). Open it in Excel or WPS and save it again as .xlsx',
  },
  'io.xlsx-zip-bomb': {
    zh: '{{file}} 解压后异常巨大（约 {{size}} MB，压缩比 {{ratio}}:1），疑似“压缩炸弹”，已拒绝读取。请向提供方索取正常导出的文件',
    en: '{{file}} would inflate to an abnormal size (about {{size}} MB, {{ratio}}:1); it looks like a zip bomb and was not read. Ask the sender for a normal export',
  },
  'io.mixed-encoding': {
    zh: '{{file}} 中混有两种文字编码（既有 UTF-8 又有 GBK 的内容，常见于把不同系统导出的文件拼在一起）。请用 Excel 或 WPS 分别打开原文件，统一另存为“CSV UTF-8”或 .xlsx',
    en: '{{file}} mixes two text encodings (both UTF-8 and GBK text, as when exports of different systems are pasted together). Open the original files in Excel or WPS and save them all as "CSV UTF-8" or .xlsx',
  },
  'io.sheet-not-found': {
    zh: '{{file}} 中没有名为“{{sheet}}”的工作表。现有工作表：{{sheets}}',
    en: '{{file}} has no sheet named "{{sheet}}". Sheets: {{sheets}}',
  },
  'io.csv-malformed': {
    zh: '{{file}} 第 {{row}} 行起的 CSV 格式有误（{{detail}}）。常见原因是引号不成对；请检查该行，或用 Excel/WPS 打开后重新另存为 CSV',
    en: '{{file}}: malformed CSV in the record starting at line {{row}} ({{detail}}). Usually a quote is not closed; check that line, or open the file in Excel/WPS and save it again as CSV',
  },
  'io.utf16-unsupported': {
    zh: '{{file}} 是 UTF-16（“Unicode 文本”）编码，暂不支持。请另存为“CSV UTF-8”或 .xlsx',
    en: '{{file}} is UTF-16 ("Unicode Text"), which is not supported. Save it as "CSV UTF-8" or .xlsx',
  },
  'io.markup-spreadsheet': {
    zh: '{{file}} 实际是网页或 XML 格式的表格（系统导出的 .xls 常见这种情况），无法直接读取。请用 Excel 或 WPS 打开，另存为 .xlsx 后再检查',
    en: '{{file}} is really an HTML or XML table (common for .xls exported by online systems) and cannot be read directly. Open it in Excel or WPS, save it as .xlsx, then check again',
  },
  'io.population-invalid-value': {
    zh: '人口基数表 {{file}} {{sheet}} 第 {{row}} 行 {{column}} 列：人口“{{value}}”不是正数',
    en: 'Population table {{file}} {{sheet}} row {{row}} column {{column}}: population "{{value}}" is not a positive number',
  },
  'io.population-no-name': {
    zh: '人口基数表 {{file}} {{sheet}} 第 {{row}} 行：没有县、乡镇或行政村名称',
    en: 'Population table {{file}} {{sheet}} row {{row}}: no county, township or village name',
  },
  'io.population-empty': {
    zh: '人口基数表 {{file}} 没有数据行',
    en: 'Population table {{file}} has no data rows',
  },
  'io.population-no-header': {
    zh: '人口基数表 {{file}} 中找不到表头：需要人口列（{{headers}}…）以及乡镇、行政村或县列',
    en: 'No header found in population table {{file}}: it needs a population column ({{headers}}…) and a township, village or county column',
  },
  'io.unsupported-format': {
    zh: '无法识别 {{file}} 的格式：它既不是 .xlsx 工作簿，也不是 CSV 文本文件',
    en: 'Unrecognised format: {{file}} is neither an .xlsx workbook nor a CSV text file',
  },
};
