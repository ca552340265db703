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
import type { ColumnProfile } from '../profiles/load.js';
import type { Finding } from '../findings/types.js';
import { columnLetter } from '../io/columns.js';
import type { CellValue, RawRow } from '../io/types.js';
import { normalizeHeaderText } from './text.js';
import type { ColumnInfo, HeaderMatch, ProfileCandidate, SheetLayout } from './types.js';

export interface HeaderDetection {
  readonly layout: SheetLayout;
  readonly findings: Finding[];
  /** Distinct fields mapped, and the profile's marker headers found (0 without a profile). */
  readonly fields: number;
  readonly markers: readonly string[];
}

export interface HeaderOptions {
  /** Map with this profile's aliases (before the dictionary) and count its marker headers. */
  readonly profile?: ColumnProfile;
}

export interface HeaderContext {
  readonly file: string;
  readonly sheet: string | null;
}

/** How many leading rows of a sheet may hold titles and the header. */
export const HEADER_SCAN_ROWS = 30;
/** Fewer distinct mapped fields than this and a row is not a ledger header. */
export const MIN_HEADER_FIELDS = 3;
/** Most rows a header may span (group rows included). */
export const MAX_HEADER_ROWS = 3;

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
  const path = normalized.has(parts.join('')) || normalized.has(parts.slice(-2).join(''));
  return { field, match: path ? 'path' : 'child' };
}

/** Normalized parts of a flattened header "组/子/孙" (each part normalized on its own, empty parts dropped). */
export function headerParts(text: string): string[] {
  return normalizeHeaderText(text)
    .split('/')
    .map((p) => normalizeHeaderText(p))
    .filter((p) => p !== '');
}

/**
 * The field a header names under a profile: the profile's aliases first (whole text, the last two parts run
 * together, the last part), then the dictionary (matchHeader).
 */
export function matchHeaderWithProfile(text: string, profile: ColumnProfile | undefined): HeaderMapping {
  if (profile !== undefined && profile.aliases.size > 0) {
    const parts = headerParts(text);
    const keys = [normalizeHeaderText(text), parts.slice(-2).join(''), parts[parts.length - 1] ?? ''];
    for (const key of keys) {
      const field = profile.aliases.get(key);
      if (field !== undefined) return { field, match: 'profile' };
    }
  }
  return matchHeader(text);
}

function memoMapper(profile: ColumnProfile | undefined): Mapper {
  const cache = new Map<string, HeaderMapping>();
  return (text) => {
    let m = cache.get(text);
    if (m === undefined) {
      m = matchHeaderWithProfile(text, profile);
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

/**
 * Two or three physically adjacent rows read as group labels over sub-labels. At each level above the last,
 * the text of a merged group cell (only its top-left cell holds it) is carried right across columns whose
 * cell at that level is empty and which have text further down, while the group's own column has text
 * further down too (a label with nothing under it is a vertically merged single header, not a group). A new
 * label at one level ends the groups below it. The column's header is its parts joined with "/".
 */
function stackedCandidate(rows: readonly RawRow[], map: Mapper): Candidate {
  const columns: CandidateColumn[] = [];
  const width = Math.max(...rows.map((r) => r.cells.length));
  const last = rows.length - 1;
  const groups: (string | undefined)[] = rows.map(() => undefined);
  for (let index = 0; index < width; index++) {
    const texts = rows.map((r) => headerDisplay(r.cells[index]));
    const parts: string[] = [];
    let textRow = -1;
    for (let level = 0; level < last; level++) {
      const text = texts[level] as string;
      const lowerHas = texts.slice(level + 1).some((t) => t !== '');
      if (text !== '') {
        parts.push(text);
        textRow = (rows[level] as RawRow).row;
        groups[level] = lowerHas ? text : undefined;
        for (let below = level + 1; below < last; below++) groups[below] = undefined;
      } else if (lowerHas && groups[level] !== undefined) {
        parts.push(groups[level] as string);
      } else {
        groups[level] = undefined;
      }
    }
    const lowest = texts[last] as string;
    if (lowest !== '') {
      parts.push(lowest);
      textRow = (rows[last] as RawRow).row;
    }
    if (parts.length === 0) continue;
    if (textRow < 0) textRow = (rows[0] as RawRow).row;
    const header = parts.join('/');
    columns.push({ index, header, textRow, ...map(header) });
  }
  return { rows, columns, score: scoreOf(columns) };
}

/**
 * Higher score wins; on a tie the candidate with fewer rows (a title row above a header adds nothing),
 * unless the longer one adds rows below that map as a header by themselves. The
 * top row of a real three-row header holds the labels merged down over all three rows (户编号, 姓名 …), so
 * the three-row candidate scores higher than the two rows under it.
 */
function better(a: Candidate, b: Candidate | undefined, rowScores: ReadonlyMap<number, number>): boolean {
  if (b === undefined) return true;
  if (a.score !== b.score) return a.score > b.score;
  if (a.rows.length === b.rows.length) return false;
  // A row of item codes under the labels (A4 A5 A6 … of the 2014 form, under a profile that knows them)
  // maps as well as the labels: it belongs to the header, or it would be read as a person.
  const [longer, shorter] = a.rows.length > b.rows.length ? [a, b] : [b, a];
  const extendsDown =
    longer.rows[0] === shorter.rows[0] &&
    longer.rows.slice(shorter.rows.length).every((r) => (rowScores.get(r.row) ?? 0) >= MIN_HEADER_FIELDS);
  return extendsDown ? a === longer : a === shorter;
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
export function detectHeader(
  rows: readonly RawRow[],
  ctx: HeaderContext,
  options: HeaderOptions = {},
): HeaderDetection | null {
  const scan = rows.slice(0, HEADER_SCAN_ROWS);
  const profile = options.profile;
  const map = memoMapper(profile);
  const maxRows = Math.min(MAX_HEADER_ROWS, profile?.maxHeaderRows ?? MAX_HEADER_ROWS);
  const singles = scan.map((row) => singleRowCandidate(row, map));
  const rowScores = new Map(singles.map((c) => [(c.rows[0] as RawRow).row, c.score]));
  let best: Candidate | undefined;
  for (let i = 0; i < scan.length; i++) {
    const row = scan[i] as RawRow;
    const single = singles[i] as Candidate;
    if (better(single, best, rowScores)) best = single;
    if (single.columns.length === 0) continue;
    const stack = [row];
    for (let k = 1; k < maxRows; k++) {
      const next = scan[i + k];
      if (next === undefined || next.row !== row.row + k) break;
      stack.push(next);
      const candidate = stackedCandidate([...stack], map);
      if (better(candidate, best, rowScores)) best = candidate;
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
  const unmappedByHeader = new Map<string, string>();
  findings.push(...blankHeaderFindings(ctx, best));
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
      const same = unmappedByHeader.get(col.header);
      if (same === undefined) {
        unmappedByHeader.set(col.header, columnLetter(col.index));
        findings.push(
          headerFinding(ctx, BUILTIN_FINDINGS['unmapped-column'], 'unmapped', col, null, {
            header: col.header,
          }),
        );
      } else {
        findings.push(
          headerFinding(ctx, BUILTIN_FINDINGS['duplicate-column'], 'same-header', col, null, {
            header: col.header,
            otherColumn: same,
          }),
        );
      }
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
  return { layout, findings, fields: best.score, markers: markersIn(best, profile) };
}

/** The profile's marker headers found among the candidate's headers (any part of a flattened path). */
function markersIn(candidate: Candidate, profile: ColumnProfile | undefined): string[] {
  if (profile === undefined || profile.markers.size === 0) return [];
  const found = new Set<string>();
  for (const col of candidate.columns) {
    for (const key of [normalizeHeaderText(col.header), ...headerParts(col.header)]) {
      const marker = profile.markers.get(key);
      if (marker !== undefined) found.add(marker);
    }
  }
  return [...found].sort();
}

/**
 * Columns inside the header's span (between its first and last labelled column) with no header text at
 * all: whatever they hold is not read, which the user should know (blank-header, one finding per column).
 */
function blankHeaderFindings(ctx: HeaderContext, candidate: Candidate): Finding[] {
  const labelled = new Set(candidate.columns.map((c) => c.index));
  const first = Math.min(...labelled);
  const last = Math.max(...labelled);
  const type = BUILTIN_FINDINGS['blank-header'];
  const row = (candidate.rows[candidate.rows.length - 1] as RawRow).row;
  const findings: Finding[] = [];
  for (let index = first + 1; index < last; index++) {
    if (labelled.has(index)) continue;
    findings.push({
      ruleId: type.id,
      severity: type.severity,
      messageId: 'blank',
      data: {},
      scope: type.scope,
      file: ctx.file,
      sheet: ctx.sheet,
      row,
      column: columnLetter(index),
      field: null,
      householdId: null,
      township: null,
      village: null,
    });
  }
  return findings;
}

/**
 * Detect the header with every profile and with the dictionary alone, and keep the best fit. A profile's
 * score is the distinct fields its mapping reaches plus its marker headers found; the dictionary alone
 * scores its fields. The highest score wins; on a tie the dictionary alone (nothing specific was found),
 * then the earlier profile by name. A forced profile (--profile) is used as given. The layout records the
 * choice and every candidate's score, so `inspect` can explain it.
 */
export function detectLayout(
  rows: readonly RawRow[],
  ctx: HeaderContext,
  profiles: { readonly forced?: ColumnProfile; readonly candidates: readonly ColumnProfile[] },
): HeaderDetection | null {
  if (profiles.forced !== undefined) {
    const d = detectHeader(rows, ctx, { profile: profiles.forced });
    if (d === null) return null;
    const score = d.fields + d.markers.length;
    const candidate: ProfileCandidate = {
      name: profiles.forced.name,
      score,
      fields: d.fields,
      markers: d.markers,
    };
    return withProfile(
      d,
      { name: profiles.forced.name, reason: 'option', score, candidates: [candidate] },
      profiles.forced,
    );
  }
  const plain = detectHeader(rows, ctx);
  let best: { detection: HeaderDetection; profile: ColumnProfile | undefined; score: number } | undefined =
    plain === null ? undefined : { detection: plain, profile: undefined, score: plain.fields };
  const candidates: ProfileCandidate[] = [];
  for (const profile of profiles.candidates) {
    const d = detectHeader(rows, ctx, { profile });
    if (d === null) continue;
    const score = d.fields + d.markers.length;
    candidates.push({ name: profile.name, score, fields: d.fields, markers: d.markers });
    if (best === undefined || score > best.score) best = { detection: d, profile, score };
  }
  if (best === undefined) return null;
  candidates.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
  return withProfile(
    best.detection,
    best.profile === undefined
      ? { name: null, reason: 'auto', score: best.score, candidates }
      : { name: best.profile.name, reason: 'auto', score: best.score, candidates },
    best.profile,
  );
}

function withProfile(
  d: HeaderDetection,
  choice: NonNullable<SheetLayout['profile']>,
  profile: ColumnProfile | undefined,
): HeaderDetection {
  const layout: SheetLayout = {
    ...d.layout,
    profile: choice,
    ...(profile !== undefined && profile.codes.size > 0 ? { valueCodes: profile.codes } : {}),
  };
  return { ...d, layout };
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
