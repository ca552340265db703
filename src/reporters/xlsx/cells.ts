/**
 * Cell-level helpers of the annotated workbook: fills by severity, text cells that can never be formulas,
 * internal hyperlinks, sheet names.
 */
import type ExcelJS from 'exceljs';
import type { Severity } from '../../findings/types.js';

/** Excel's own "Bad" / "Neutral" cell-style colours, and a light blue for infos. */
export const SEVERITY_ARGB: Readonly<Record<Severity, string>> = {
  error: 'FFFFC7CE',
  warning: 'FFFFEB9C',
  info: 'FFDDEBF7',
};

export function severityFill(severity: Severity): ExcelJS.Fill {
  return { type: 'pattern', pattern: 'solid', fgColor: { argb: SEVERITY_ARGB[severity] } };
}

export const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };

/**
 * Ledger text into one of our own cells. exceljs writes a JS string as a string cell (`t="str"` / shared
 * string), never as a formula — a formula exists only where a `{ formula }` object is given — so text such as
 * `=HYPERLINK(…)` is shown, not evaluated. Text that a spreadsheet would read as a formula when typed (see
 * escape.ts: = + - @ tab CR) also gets the Text number format '@', so that editing the cell and pressing Enter
 * keeps it text.
 */
export function setText(cell: ExcelJS.Cell, text: string | null): void {
  cell.value = text ?? null;
  if (text !== null && FORMULA_START.test(text)) cell.numFmt = '@';
}

const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** A sheet name inside a formula or link: quoted, quotes doubled. */
export function quoteSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

/** The internal link to a cell: `#'Sheet'!C12`. */
export function cellLink(sheet: string, address: string): string {
  return `#${quoteSheet(sheet)}!${address}`;
}

/**
 * exceljs's streaming writer writes every hyperlink as an external relationship; a link to a cell of the same
 * workbook must be a `location` attribute instead (ECMA-376 §18.3.1.47), or Excel tries to open a file called
 * "#'Sheet'!C12". This makes one worksheet writer write `#…` links as locations. It relies on exceljs 4.4.0
 * internals (WorksheetWriter._sheetRelsWriter, SheetRelsWriter._hyperlinks; HyperlinkXform renders `location`
 * for a model with `target` and no `rId`); exceljs is pinned exactly and the tests read the links back.
 */
export function writeInternalLinksAsLocations(worksheet: ExcelJS.Worksheet): void {
  const rels = (worksheet as unknown as { _sheetRelsWriter?: SheetRelsInternals })._sheetRelsWriter;
  if (!rels) throw new Error('exceljs internals changed: WorksheetWriter._sheetRelsWriter is missing');
  const external = rels.addHyperlink.bind(rels);
  rels.addHyperlink = (link) => {
    if (link.target.startsWith('#'))
      rels._hyperlinks.push({ address: link.address, target: link.target.slice(1) });
    else external(link);
  };
}

interface SheetRelsInternals {
  _hyperlinks: { address: string; rId?: string; target?: string }[];
  addHyperlink(link: { address: string; target: string }): void;
}

/** Characters Excel does not allow in a sheet name, and its length limit. */
const SHEET_NAME_FORBIDDEN = /[[\]:*?/\\]/g;
const SHEET_NAME_MAX = 31;

/** A valid sheet name close to `wanted`, different from every name in `taken` (case-insensitive, as Excel). */
export function uniqueSheetName(wanted: string, taken: ReadonlySet<string>): string {
  const base =
    wanted
      .replace(SHEET_NAME_FORBIDDEN, '_')
      .replace(/^'+|'+$/g, '')
      .trim() || 'Sheet';
  const lower = new Set([...taken].map((t) => t.toLowerCase()));
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? '' : `(${n})`;
    const name = `${base.slice(0, SHEET_NAME_MAX - suffix.length)}${suffix}`;
    if (!lower.has(name.toLowerCase())) return name;
  }
}

/** Column letters → 1-based number (A → 1, AA → 27). */
export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}
