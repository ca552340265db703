/**
 * `--format xlsx` in the reporter registry. exceljs and the ~600 modules it brings (jszip, archiver, unzipper,
 * es-abstract …) are loaded only when a workbook is written: imported eagerly they cost every run about a third
 * of a second of start-up, checks that write no workbook included.
 */
import type { FileReporter } from '../types.js';

export const xlsxReporter: FileReporter = {
  kind: 'file',
  suffix: '.ledgerlint.xlsx',
  async write(report, context, target) {
    const { writeWorkbook } = await import('./index.js');
    await writeWorkbook(report, context, target);
  },
};
