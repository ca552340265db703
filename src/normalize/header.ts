/**
 * Finding the header of a ledger sheet below its title rows, and mapping its columns onto canonical fields.
 *
 * Heuristics (see tech.md §3 "Detecting the header row below title rows"):
 * - Only the first 30 rows are looked at. Each row, and each pair of physically adjacent rows, is a
 *   candidate; its score is the number of distinct fields its columns map to. The best candidate needs
 *   ≥ 3 distinct fields. Ties go to the single row (a title row above a header adds nothing), then to the
 *   earlier row.
 * - A pair is read as group labels over sub-labels: the upper text of a merged group cell (only the
 *   top-left cell holds it) is carried right across columns whose upper cell is empty and whose lower cell
 *   has text, provided the group's own column also has a lower label. A column with text in one row only
 *   (a cell merged vertically over both rows) keeps that text. A combined column "组/子" maps through
 *   fieldByHeader, which tries the whole path, then the parts run together, then the sub-label alone: the
 *   whole path goes first so that 户主/姓名 is 户主姓名 (head_name), not 姓名 (name).
 * - A row of column numbers right below the header (1, 2, 3 … as printed under many 花名册 headers) is
 *   counted as a header row, so it does not become a data row full of invalid values.
 * - Columns with empty header text are ignored without a finding; so are serial columns (序号 and the like),
 *   which carry no data. Every other column that maps nowhere yields unmapped-column (info). When two
 *   columns map to one field the first wins; the later one yields duplicate-column and gets field null.
 * - Each mapped column records how its text matched (ColumnInfo.match: exact, normalized, path, child), so
 *   `ledgerlint inspect` can show why a column was understood as it was.
 */
import { fieldByHeader, headerTextsOf } from '../dictionary/lookup.js';
import type { FieldDef } from '../dictionary/index.js';
import { BUILTIN_FINDINGS } from '../findings/catalogue.js';
import type { Finding } from '../findings/types.js';
import { columnLetter } from '../io/columns.js';
import type { CellValue, RawRow } from '../io/types.js';
import { normalizeHeaderText } from './text.js';
import type { ColumnInfo, HeaderMatch, SheetLayout } from './types.js';

export interface HeaderDetection {
  readonly layout: SheetLayout;
  readonly findings: Finding[];
}

export interface HeaderContext {
  readonly file: string;
  readonly sheet: string | null;
}

/** How many leading rows of a sheet may hold titles and the header. */
export const HEADER_SCAN_ROWS = 30;
/** Fewer distinct mapped fields than this and a row is not a ledger header. */
export const MIN_HEADER_FIELDS = 3;

const SERIAL_HEADERS = new Set(['序号', '序', '顺序号', '行号', '排序', 'no', 'no.', '#']);

/** A serial-number column (序号 and the like): it carries no data and is not reported as unmapped. */
export function isSerialHeader(header: string): boolean {
  return SERIAL_HEADERS.has(header.replace(/\s+/g, '').toLowerCase());
}

const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;

/**
 * Header text as shown to the user: line breaks inside a cell are wrapping, not meaning ("家庭成员\n姓名"
 * is 家庭成员姓名), so lines are joined; brackets and widths are kept as written.
 */
function headerDisplay(cell: CellValue | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') {
    return cell
      .replace(INVISIBLE, '')
      .split(/\r\n|\r|\n/)
      .map((line) => line.replace(/\u00a0/g, ' ').trim())
      .join('')
      .trim();
  }
  if (typeof cell === 'number' || typeof cell === 'boolean') return String(cell);
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : cell.toISOString().slice(0, 10);
  return '';
}

interface CandidateColumn {
  readonly index: number;
  readonly header: string;
  /** Physical row holding the most specific text, where findings about the column point. */
  readonly textRow: number;
  readonly field: FieldDef | undefined;
  readonly match: HeaderMatch | undefined;
}

interface Candidate {
  readonly rows: readonly RawRow[];
  readonly columns: readonly CandidateColumn[];
  readonly score: number;
}

export interface HeaderMapping {
  readonly field: FieldDef | undefined;
  readonly match: HeaderMatch | undefined;
}

type Mapper = (text: string) => HeaderMapping;

const UNMAPPED: HeaderMapping = { field: undefined, match: undefined };

/** Normalized header texts of a field, built on first use. */
const NORMALIZED_TEXTS = new Map<FieldDef, ReadonlySet<string>>();

function normalizedTextsOf(field: FieldDef): ReadonlySet<string> {
  let texts = NORMALIZED_TEXTS.get(field);
  if (texts === undefined) {
    texts = new Set(headerTextsOf(field).map((t) => normalizeHeaderText(t)));
    NORMALIZED_TEXTS.set(field, texts);
  }
  return texts;
}

/**
 * The field a header text names and how it matched. The field is fieldByHeader's; the kind follows the
 * order fieldByHeader tries: the text as written, normalized, the parts of a path run together, the last
 * part alone.
 */
export function matchHeader(text: string): HeaderMapping {
  const field = fieldByHeader(text);
  if (field === undefined) return UNMAPPED;
  const texts = headerTextsOf(field);
  if (texts.includes(text) || texts.includes(text.trim())) return { field, match: 'exact' };
  const normalized = normalizedTextsOf(field);
  const key = normalizeHeaderText(text);
  if (normalized.has(key)) return { field, match: 'normalized' };
  const parts = key
    .split('/')
    .map((p) => normalizeHeaderText(p))
    .filter((p) => p !== '');
  return { field, match: normalized.has(parts.join('')) ? 'path' : 'child' };
}

function memoMapper(): Mapper {
  const cache = new Map<string, HeaderMapping>();
  return (text) => {
    let m = cache.get(text);
    if (m === undefined) {
      m = matchHeader(text);
      cache.set(text, m);
    }
    return m;
  };
}

function scoreOf(columns: readonly CandidateColumn[]): number {
  const keys = new Set<string>();
  for (const c of columns) if (c.field) keys.add(c.field.key);
  return keys.size;
}

function singleRowCandidate(row: RawRow, map: Mapper): Candidate {
  const columns: CandidateColumn[] = [];
  row.cells.forEach((cell, index) => {
    const header = headerDisplay(cell);
    if (header !== '') columns.push({ index, header, textRow: row.row, ...map(header) });
  });
  return { rows: [row], columns, score: scoreOf(columns) };
}

function pairCandidate(upper: RawRow, lower: RawRow, map: Mapper): Candidate {
  const columns: CandidateColumn[] = [];
  const width = Math.max(upper.cells.length, lower.cells.length);
  let group: string | undefined;
  for (let index = 0; index < width; index++) {
    const up = headerDisplay(upper.cells[index]);
    const lo = headerDisplay(lower.cells[index]);
    let parent: string;
    if (up !== '') {
      parent = up;
      // Only a label with sub-labels under it is a group; a vertically merged single header is not.
      group = lo !== '' ? up : undefined;
    } else if (lo !== '' && group !== undefined) {
      parent = group;
    } else {
      parent = '';
      group = undefined;
    }
    if (parent === '' && lo === '') continue;
    if (parent !== '' && lo !== '') {
      const header = `${parent}/${lo}`;
      columns.push({ index, header, textRow: lower.row, ...map(header) });
    } else {
      const header = parent !== '' ? parent : lo;
      columns.push({ index, header, textRow: parent !== '' ? upper.row : lower.row, ...map(header) });
    }
  }
  return { rows: [upper, lower], columns, score: scoreOf(columns) };
}

function better(a: Candidate, b: Candidate | undefined): boolean {
  if (b === undefined) return true;
  if (a.score !== b.score) return a.score > b.score;
  return a.rows.length < b.rows.length;
}

/** A printed column-number row (1 2 3 …; ①②③ are not seen; digits only), as under many 花名册 headers. */
export function isColumnNumberRow(row: RawRow): boolean {
  let count = 0;
  let last = 0;
  for (const cell of row.cells) {
    if (cell === null || cell === undefined || cell === '') continue;
    const n =
      typeof cell === 'number'
        ? cell
        : typeof cell === 'string' && /^\s*\d{1,3}\s*$/.test(cell)
          ? Number(cell)
          : NaN;
    if (!Number.isInteger(n) || n <= last) return false;
    last = n;
    count++;
  }
  return count >= MIN_HEADER_FIELDS;
}

function headerFinding(
  ctx: HeaderContext,
  type: (typeof BUILTIN_FINDINGS)['unmapped-column'] | (typeof BUILTIN_FINDINGS)['duplicate-column'],
  messageId: string,
  col: CandidateColumn,
  field: string | null,
  data: Finding['data'],
): Finding {
  return {
    ruleId: type.id,
    severity: type.severity,
    messageId,
    data,
    scope: type.scope,
    file: ctx.file,
    sheet: ctx.sheet,
    row: col.textRow,
    column: columnLetter(col.index),
    field,
    householdId: null,
    township: null,
    village: null,
  };
}

/**
 * The header of a sheet and the column → field mapping, with findings about unmapped and duplicate columns;
 * null when none of the first 30 rows looks like a ledger header (the caller reports sheet-skipped).
 */
export function detectHeader(rows: readonly RawRow[], ctx: HeaderContext): HeaderDetection | null {
  const scan = rows.slice(0, HEADER_SCAN_ROWS);
  const map = memoMapper();
  let best: Candidate | undefined;
  for (let i = 0; i < scan.length; i++) {
    const row = scan[i] as RawRow;
    const single = singleRowCandidate(row, map);
    if (better(single, best)) best = single;
    const next = scan[i + 1];
    if (next !== undefined && next.row === row.row + 1 && single.columns.length > 0) {
      const pair = pairCandidate(row, next, map);
      if (better(pair, best)) best = pair;
    }
  }
  if (best === undefined || best.score < MIN_HEADER_FIELDS) return null;

  const headerRows = best.rows.map((r) => r.row);
  const lastHeader = best.rows[best.rows.length - 1] as RawRow;
  const following = rows[rows.indexOf(lastHeader) + 1];
  if (following !== undefined && following.row === lastHeader.row + 1 && isColumnNumberRow(following)) {
    headerRows.push(following.row);
  }

  const findings: Finding[] = [];
  const columns: ColumnInfo[] = [];
  const fieldColumns = new Map<string, ColumnInfo>();
  for (const col of best.columns) {
    const letter = columnLetter(col.index);
    let field: string | null = null;
    if (col.field) {
      const first = fieldColumns.get(col.field.key);
      if (first === undefined) {
        field = col.field.key;
      } else {
        findings.push(
          headerFinding(ctx, BUILTIN_FINDINGS['duplicate-column'], 'duplicate', col, col.field.key, {
            header: col.header,
            otherColumn: first.column,
            fieldLabel: col.field.zh,
          }),
        );
      }
    } else if (!isSerialHeader(col.header)) {
      findings.push(
        headerFinding(ctx, BUILTIN_FINDINGS['unmapped-column'], 'unmapped', col, null, {
          header: col.header,
        }),
      );
    }
    const info: ColumnInfo =
      field !== null && col.match !== undefined
        ? { index: col.index, column: letter, header: col.header, field, match: col.match }
        : { index: col.index, column: letter, header: col.header, field };
    columns.push(info);
    if (field !== null) fieldColumns.set(field, info);
  }

  const layout: SheetLayout = {
    file: ctx.file,
    sheet: ctx.sheet,
    headerRows,
    firstDataRow: (headerRows[headerRows.length - 1] as number) + 1,
    columns,
    fieldColumns,
  };
  return { layout, findings };
}

/** Fields that make a sheet a ledger of households and persons (one of them is enough). */
export const PERSON_LEDGER_FIELDS: readonly string[] = [
  'household_id',
  'head_name',
  'person_id',
  'name',
  'id_number',
];

/**
 * Whether a detected header belongs to a ledger of households and persons. A table whose header maps only
 * to places, counts and money (乡镇, 行政村, 户数, 人数, 人均纯收入 … as in a 汇总表) is not one: checked as a
 * ledger, each of its rows would be a "person" without 户编号.
 */
export function isPersonLedger(layout: SheetLayout): boolean {
  return PERSON_LEDGER_FIELDS.some((key) => layout.fieldColumns.has(key));
}
