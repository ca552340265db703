import type { LocalizedText, MessageCatalogue } from '../types.js';
import { IO_MESSAGES } from './io.js';

/** Messages of batch runs: folders and globs, worker threads, the cache, progress, Ctrl-C. */
export const BATCH_MESSAGES: MessageCatalogue = {
  'cli.no-ledgers-found': {
    zh: '“{{pattern}}”中没有找到台账文件（.xlsx、.xls、.csv、.tsv）',
    en: 'No ledger files (.xlsx, .xls, .csv, .tsv) found in "{{pattern}}"',
  },
  'cli.interrupted': { zh: '已中断，未写入报告', en: 'Interrupted; no report written' },
  'cli.worker-failed': {
    zh: '检查 {{file}} 的工作线程意外退出（{{detail}}）',
    en: 'The worker thread checking {{file}} stopped unexpectedly ({{detail}})',
  },
  'cli.progress-batch': {
    zh: '已完成 {{done}}/{{total}} 个文件，已读 {{rows}} 行（{{rate}} 行/秒）{{eta}}',
    en: '{{done}}/{{total}} files done, {{rows}} rows read ({{rate}} rows/s){{eta}}',
  },
  'cli.progress-eta': { zh: '，预计还需 {{eta}}', en: ', about {{eta}} left' },
  'cli.cache-unwritable': {
    zh: '无法写入缓存文件 {{file}}：{{detail}}',
    en: 'Cannot write the cache file {{file}}: {{detail}}',
  },
  'cli.batch-unreadable': {
    zh: '有 {{count}} 个文件无法读取（见报告中的 file-unreadable），退出码为 2',
    en: '{{count}} file(s) could not be read (see file-unreadable in the report); exit code 2',
  },
  'row-longer-than-header.extra-cells': {
    zh: '该行在表头最后一列之后还有 {{count}} 个单元格有内容（从 {{firstColumn}} 列起），这些内容没有列名，未被检查',
    en: 'This row has {{count}} filled cell(s) right of the last header column (from column {{firstColumn}}); they have no column name and are not checked',
  },
  ...fileUnreadableMessages(),
};

/**
 * A file of a batch run that cannot be read is reported as a `file-unreadable` finding whose message id is the
 * reader's error id (io.xlsx-encrypted, …): the same texts, under `file-unreadable.<error id>`.
 */
function fileUnreadableMessages(): MessageCatalogue {
  const texts: Record<string, LocalizedText> = {
    ...IO_MESSAGES,
    'cli.no-ledger': {
      zh: '{{file}} 中没有找到台账表头（需要至少 3 个可识别的列，如 户编号、姓名、证件号码）',
      en: 'No ledger header found in {{file}} (at least 3 recognisable columns such as 户编号, 姓名, 证件号码 are needed)',
    },
    'cli.worker-failed': {
      zh: '检查 {{file}} 的工作线程意外退出（{{detail}}）',
      en: 'The worker thread checking {{file}} stopped unexpectedly ({{detail}})',
    },
    internal: {
      zh: '读取 {{file}} 时出现内部错误：{{detail}}',
      en: 'Internal error while reading {{file}}: {{detail}}',
    },
  };
  return Object.fromEntries(Object.entries(texts).map(([id, text]) => [`file-unreadable.${id}`, text]));
}

/** The message ids a file-unreadable finding may carry. */
export const FILE_UNREADABLE_MESSAGE_IDS: readonly string[] = [
  ...Object.keys(IO_MESSAGES),
  'cli.no-ledger',
  'cli.worker-failed',
  'internal',
];
