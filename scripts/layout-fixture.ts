/**
 * The convention for layout fixtures (fixtures/layouts/): every module in scripts/layouts/*.ts exports
 * `const layouts: LayoutFixture[]`; scripts/generate-layouts.ts (npm run layouts) runs each build() with the
 * fixtures/layouts directory. Files are synthetic: invented names, fake IDs with valid check digits.
 */
import { writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

export interface LayoutFixture {
  readonly name: string;
  build(dir: string): Promise<void>;
}

/** Fixed workbook dates, so regenerating does not change the document properties. */
const FIXED_DATE = new Date(Date.UTC(2021, 0, 1));

export function newWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'ledgerlint layouts';
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  return wb;
}

export async function saveWorkbook(wb: ExcelJS.Workbook, path: string): Promise<void> {
  await wb.xlsx.writeFile(path);
}

/** Rows to delimited text, quoting only where needed, CRLF line ends as Excel writes them. */
export function toDelimited(rows: readonly (readonly string[])[], delimiter: string): string {
  const quote = (cell: string) =>
    cell.includes(delimiter) || /["\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
  return `${rows.map((r) => r.map(quote).join(delimiter)).join('\r\n')}\r\n`;
}

export function writeTextFile(path: string, text: string, encoding: 'utf8' | 'utf8-bom' | 'gb18030'): void {
  const bytes =
    encoding === 'gb18030'
      ? iconv.encode(text, 'gb18030')
      : Buffer.concat([Buffer.from(encoding === 'utf8-bom' ? '\uFEFF' : ''), Buffer.from(text, 'utf8')]);
  writeFileSync(path, bytes);
}

/** Add rows starting at row 1 (null cells stay empty). */
export function addRows(ws: ExcelJS.Worksheet, rows: readonly (readonly ExcelJS.CellValue[])[]): void {
  rows.forEach((cells, r) => {
    cells.forEach((value, c) => {
      if (value !== null && value !== undefined) ws.getCell(r + 1, c + 1).value = value;
    });
  });
}
