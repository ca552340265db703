/**
 * `ledgerlint inspect`: how each file and sheet is read — encoding, header rows, the data range, the rows
 * excluded from the data and why, the column → field mapping and how each column matched, unmapped columns,
 * the fields no column provides, and the value problems of a sample — so a user learns why a check did or
 * did not run. inspectFiles() returns plain data (JSON output is JSON.stringify of it: deterministic, no
 * time stamps, fixed order); renderInspectText() is the terminal view. Neither prints.
 *
 * Streaming: rows are never held beyond the header scan. Every row goes through the same record builder as
 * in `check` (so the data range and the excluded rows are the ones check sees), but value problems are
 * counted over the first `sampleRows` person rows only.
 */
import Table from 'cli-table3';
import { FIELDS, fieldByKey } from '../dictionary/index.js';
import { fieldByHeader } from '../dictionary/lookup.js';
import type { FieldLevel } from '../dictionary/index.js';
import { maskPii } from '../findings/mask.js';
import { interpolate } from '../i18n/interpolate.js';
import { INSPECT_MESSAGES } from '../i18n/messages/inspect.js';
import type { Lang, LocalizedText } from '../i18n/types.js';
import { openLedger, sniffFormat, type LedgerFormat } from '../io/open.js';
import type { OpenOptions, RawRow, SheetSource, TextEncoding } from '../io/types.js';
import { HEADER_SCAN_ROWS, isSerialHeader } from '../normalize/header.js';
import { openSheet } from '../normalize/sheet.js';
import { createRecordBuilder, type ExcludedReason } from '../normalize/records.js';
import type { HeaderMatch, ProfileChoice, SheetLayout } from '../normalize/types.js';
import { profileRequest, type ProfileRequest } from '../profiles/registry.js';
import type { Finding } from '../findings/types.js';
import { loadHouseholdTables, type HouseholdJoin } from '../normalize/join.js';
import type { MergedFill } from '../normalize/merged.js';

export const INSPECT_SCHEMA_VERSION = 1;
/** Person rows per sheet whose value problems are counted, unless told otherwise. */
export const DEFAULT_SAMPLE_ROWS = 1000;
/** Excluded rows listed per sheet (all are counted). */
export const EXCLUDED_LIST_MAX = 50;
/** Example rows kept per kind of problem. */
export const PROBLEM_EXAMPLES_MAX = 3;

/** Reasons in the order they are counted and shown. */
export const EXCLUDED_REASONS: readonly ExcludedReason[] = [
  'blank',
  'total',
  'subheader',
  'unit',
  'sign-off',
  'footnote',
];

export interface InspectOptions {
  /** Only this sheet of a workbook (a hidden sheet named here is inspected, not skipped). */
  readonly sheet?: string;
  /** Force the text encoding of CSV input. */
  readonly encoding?: TextEncoding;
  /** Column profile by name or path; absent: the best-fitting built-in profile per sheet. */
  readonly profile?: string;
  /** Person rows per sheet whose value problems are counted (default 1000; 0 counts none). */
  readonly sampleRows?: number;
  /** Quote ID numbers and phones in full in the examples (masked by default, as in check). */
  readonly showPii?: boolean;
}

/**
 * Why a sheet was not read as a ledger: hidden in Excel; no header among the first rows (说明 pages);
 * a header without any household or person column (汇总 tables).
 */
export type SheetSkipReason = 'hidden' | 'no-header' | 'not-a-ledger';

export interface InspectColumn {
  /** Excel column letter. */
  readonly column: string;
  /** Header as shown, two-row headers flattened "组/子". */
  readonly header: string;
  /** Canonical field key. */
  readonly field: string;
  readonly fieldLabel: LocalizedText;
  readonly level: FieldLevel;
  readonly match: HeaderMatch;
}

export interface InspectUnmapped {
  readonly column: string;
  readonly header: string;
  /**
   * unknown: maps to no field; serial: 序号 and the like (no data); duplicate: a field an earlier column has;
   * same-header: the same header text as an earlier unmapped column; blank: no header text at all.
   */
  readonly reason: 'unknown' | 'serial' | 'duplicate' | 'same-header' | 'blank';
  /** For duplicates: the field and the column that is read instead. */
  readonly duplicateOf: { readonly field: string; readonly column: string } | null;
}

export interface InspectExcluded {
  readonly row: number;
  readonly reason: ExcludedReason;
}

export interface InspectExample {
  readonly row: number;
  /** The cell as the user sees it (masked unless showPii); null when the problem is an empty cell. */
  readonly value: string | null;
}

export interface InspectProblem {
  readonly ruleId: string;
  readonly messageId: string;
  readonly field: string | null;
  readonly fieldLabel: LocalizedText | null;
  readonly column: string | null;
  readonly count: number;
  /** The first PROBLEM_EXAMPLES_MAX rows. */
  readonly examples: readonly InspectExample[];
}

export interface InspectSheet {
  /** Sheet name; null for CSV. */
  readonly name: string | null;
  readonly hidden: boolean;
  readonly skipped: SheetSkipReason | null;
  /** Physical rows of the header (with a column-number row under it); [] when none was found. */
  readonly headerRows: readonly number[];
  /** First and last row that holds a person; null when none does. */
  readonly firstDataRow: number | null;
  readonly lastDataRow: number | null;
  /** Person rows in the whole sheet. */
  readonly dataRows: number;
  /** Rows at or below the header that are not persons, with the reason: the first EXCLUDED_LIST_MAX. */
  readonly excluded: readonly InspectExcluded[];
  /** All excluded rows, and per reason (only reasons that occur, in EXCLUDED_REASONS order). */
  readonly excludedCount: number;
  readonly excludedByReason: Readonly<Partial<Record<ExcludedReason, number>>>;
  readonly columns: readonly InspectColumn[];
  readonly unmapped: readonly InspectUnmapped[];
  /** Canonical fields no column provides, by level, in dictionary order. */
  readonly missingFields: { readonly person: readonly string[]; readonly household: readonly string[] };
  /** Person rows whose values were checked for problems (at most sampleRows). */
  readonly sampledRows: number;
  /** Value problems in the sample, most frequent first. */
  readonly problems: readonly InspectProblem[];
  /** The column profile chosen for the sheet, its score and every candidate's; null when no header was found. */
  readonly profile: ProfileChoice | null;
  /**
   * Workbooks: the merged ranges of the sheet and the vertical ones of the data area whose value was carried
   * down to every row (examples: the first ranges, "D5:D7"); null for CSV and skipped sheets.
   */
  readonly merged: Readonly<MergedFill> | null;
  /** With a household table among the inputs: whether this sheet is it ('household') or is joined to it ('person'). */
  readonly joinRole: 'household' | 'person' | null;
}

/** Household and person tables joined by 户编号 (normalize/join.ts); null when the inputs hold no such pair. */
export interface InspectJoin {
  readonly householdSheets: readonly {
    readonly file: string;
    readonly sheet: string | null;
    readonly households: number;
  }[];
  /** Person rows whose 户编号 has no household row. */
  readonly orphanMembers: number;
  /** Household rows without a member. */
  readonly emptyHouseholds: number;
}

export interface InspectFile {
  /** As given. */
  readonly file: string;
  readonly format: LedgerFormat;
  /** CSV: the decoding used and why; null for workbooks. */
  readonly encoding: NonNullable<SheetSource['encoding']> | null;
  /** CSV: delimiter and quote used and why; null for workbooks. */
  readonly dialect: NonNullable<SheetSource['dialect']> | null;
  readonly sheets: readonly InspectSheet[];
}

export interface InspectReport {
  readonly schemaVersion: typeof INSPECT_SCHEMA_VERSION;
  readonly sampleRows: number;
  readonly files: readonly InspectFile[];
  readonly join: InspectJoin | null;
}

/**
 * Inspect each input in turn. Fails with the readers' LedgerlintError (io.*) on a file that cannot be read,
 * as check does.
 */
export async function inspectFiles(
  inputs: readonly string[],
  options: InspectOptions = {},
): Promise<InspectReport> {
  const sampleRows = Math.max(0, Math.floor(options.sampleRows ?? DEFAULT_SAMPLE_ROWS));
  const openOptions: OpenOptions = { sheet: options.sheet, encoding: options.encoding };
  const profiles = profileRequest(options.profile);
  const files: InspectFile[] = [];
  for (const file of inputs) await sniffFormat(file, file);
  const join = await loadHouseholdTables(inputs, (f, o) => openLedger(f, f, o), openOptions);
  for (const file of inputs) {
    const format = await sniffFormat(file, file);
    const sheets: InspectSheet[] = [];
    let encoding: InspectFile['encoding'] = null;
    let dialect: InspectFile['dialect'] = null;
    for await (const source of openLedger(file, file, openOptions)) {
      if (source.encoding) encoding = { name: source.encoding.name, reason: source.encoding.reason };
      if (source.dialect) dialect = { ...source.dialect };
      sheets.push(
        await inspectSheet(
          source,
          options.sheet !== undefined,
          sampleRows,
          options.showPii === true,
          profiles,
          join,
        ),
      );
    }
    files.push({ file, format, encoding, dialect, sheets });
  }
  const joined: InspectJoin | null = join
    ? {
        householdSheets: join.sheets.map((s) => ({ file: s.file, sheet: s.sheet, households: s.households })),
        orphanMembers: join.orphans,
        emptyHouseholds: join.emptyHouseholds().length,
      }
    : null;
  return { schemaVersion: INSPECT_SCHEMA_VERSION, sampleRows, files, join: joined };
}

function emptySheet(source: SheetSource, skipped: SheetSkipReason | null): InspectSheet {
  return {
    name: source.sheet,
    hidden: source.hidden === true,
    skipped,
    headerRows: [],
    firstDataRow: null,
    lastDataRow: null,
    dataRows: 0,
    excluded: [],
    excludedCount: 0,
    excludedByReason: {},
    columns: [],
    unmapped: [],
    missingFields: { person: [], household: [] },
    sampledRows: 0,
    problems: [],
    profile: null,
    merged: null,
    joinRole: null,
  };
}

async function inspectSheet(
  source: SheetSource,
  sheetAsked: boolean,
  sampleRows: number,
  showPii: boolean,
  profiles: ProfileRequest,
  join: HouseholdJoin | null,
): Promise<InspectSheet> {
  const opened = await openSheet(source, sheetAsked, profiles);
  if (opened.skipped !== null) {
    const sheet = emptySheet(source, opened.skipped);
    // A sheet with a header that is not a person ledger still shows what its columns are.
    return opened.layout
      ? {
          ...sheet,
          headerRows: [...opened.layout.headerRows],
          ...describeColumns(opened.layout, []),
          profile: opened.layout.profile ?? null,
        }
      : sheet;
  }
  const layout = opened.layout;
  const mapping = describeColumns(layout, opened.findings);
  const build = createRecordBuilder(layout);
  const scan = new SheetScan(sampleRows, showPii);
  const household = join?.isHouseholdSheet(source.file, source.sheet) === true;
  for await (const raw of opened.rows) {
    const built = build(raw);
    // Person sheets joined to a household table: members are looked up, so orphans are counted.
    if (join && !household && built.record) join.apply(built.record);
    scan.push(raw, built);
  }
  return {
    ...emptySheet(source, null),
    headerRows: [...layout.headerRows],
    ...mapping,
    ...scan.result(),
    profile: layout.profile ?? null,
    merged: opened.merged ? { ...opened.merged, examples: [...opened.merged.examples] } : null,
    joinRole: join ? (household ? 'household' : 'person') : null,
  };
}

type Mapping = Pick<InspectSheet, 'columns' | 'unmapped' | 'missingFields'>;

function describeColumns(layout: SheetLayout, headerFindings: readonly Finding[]): Mapping {
  const columns: InspectColumn[] = [];
  const unmapped: InspectUnmapped[] = [];
  const sameHeader = new Map<string, string>();
  const blank: InspectUnmapped[] = [];
  for (const f of headerFindings) {
    if (f.column === null) continue;
    if (f.ruleId === 'duplicate-column' && f.messageId === 'same-header') {
      sameHeader.set(f.column, String(f.data.otherColumn));
    } else if (f.ruleId === 'blank-header') {
      blank.push({ column: f.column, header: '', reason: 'blank', duplicateOf: null });
    }
  }
  for (const col of layout.columns) {
    const field = col.field === null ? undefined : fieldByKey(col.field);
    if (field !== undefined) {
      columns.push({
        column: col.column,
        header: col.header,
        field: field.key,
        fieldLabel: { zh: field.zh, en: field.en },
        level: field.level,
        match: col.match ?? 'exact',
      });
      continue;
    }
    // Field null: a duplicate (its text maps to a field an earlier column holds), a serial column or unknown.
    const named = fieldByHeader(col.header);
    const first = named === undefined ? undefined : layout.fieldColumns.get(named.key);
    if (named !== undefined && first !== undefined) {
      unmapped.push({
        column: col.column,
        header: col.header,
        reason: 'duplicate',
        duplicateOf: { field: named.key, column: first.column },
      });
    } else if (sameHeader.has(col.column)) {
      unmapped.push({ column: col.column, header: col.header, reason: 'same-header', duplicateOf: null });
    } else {
      const reason = isSerialHeader(col.header) ? 'serial' : 'unknown';
      unmapped.push({ column: col.column, header: col.header, reason, duplicateOf: null });
    }
  }
  if (blank.length > 0) {
    unmapped.push(...blank);
    unmapped.sort((a, b) => a.column.length - b.column.length || compare(a.column, b.column));
  }
  const person: string[] = [];
  const household: string[] = [];
  for (const field of FIELDS) {
    if (layout.fieldColumns.has(field.key)) continue;
    (field.level === 'person' ? person : household).push(field.key);
  }
  return { columns, unmapped, missingFields: { person, household } };
}

interface ProblemTally {
  readonly ruleId: string;
  readonly messageId: string;
  readonly field: string | null;
  readonly column: string | null;
  count: number;
  readonly examples: InspectExample[];
}

/** What one pass over a sheet's rows learns, without holding the rows. */
class SheetScan {
  private firstDataRow: number | null = null;
  private lastDataRow: number | null = null;
  private dataRows = 0;
  private sampled = 0;
  private readonly excluded: InspectExcluded[] = [];
  private excludedCount = 0;
  private readonly byReason = new Map<ExcludedReason, number>();
  private readonly problems = new Map<string, ProblemTally>();

  constructor(
    private readonly sampleRows: number,
    private readonly showPii: boolean,
  ) {}

  push(raw: RawRow, built: ReturnType<ReturnType<typeof createRecordBuilder>>): void {
    if (built.excluded !== undefined) {
      this.excludedCount++;
      this.byReason.set(built.excluded, (this.byReason.get(built.excluded) ?? 0) + 1);
      if (this.excluded.length < EXCLUDED_LIST_MAX)
        this.excluded.push({ row: raw.row, reason: built.excluded });
      return;
    }
    if (built.record === null) return; // above the first data row
    this.dataRows++;
    this.firstDataRow ??= raw.row;
    this.lastDataRow = raw.row;
    if (this.sampled >= this.sampleRows) return;
    this.sampled++;
    for (const f of built.findings) {
      const key = `${f.ruleId}\u0000${f.messageId}\u0000${f.field ?? ''}`;
      let tally = this.problems.get(key);
      if (tally === undefined) {
        tally = {
          ruleId: f.ruleId,
          messageId: f.messageId,
          field: f.field,
          column: f.column,
          count: 0,
          examples: [],
        };
        this.problems.set(key, tally);
      }
      tally.count++;
      if (tally.examples.length < PROBLEM_EXAMPLES_MAX) {
        const value = typeof f.data.raw === 'string' ? f.data.raw : null;
        tally.examples.push({ row: f.row ?? raw.row, value: this.shown(value) });
      }
    }
  }

  private shown(value: string | null): string | null {
    return value === null || this.showPii ? value : maskPii(value);
  }

  result(): Pick<
    InspectSheet,
    | 'firstDataRow'
    | 'lastDataRow'
    | 'dataRows'
    | 'excluded'
    | 'excludedCount'
    | 'excludedByReason'
    | 'sampledRows'
    | 'problems'
  > {
    const excludedByReason: Partial<Record<ExcludedReason, number>> = {};
    for (const reason of EXCLUDED_REASONS) {
      const n = this.byReason.get(reason);
      if (n !== undefined) excludedByReason[reason] = n;
    }
    const problems = [...this.problems.values()]
      .sort(
        (a, b) =>
          b.count - a.count ||
          compare(a.ruleId, b.ruleId) ||
          compare(a.messageId, b.messageId) ||
          compare(a.field ?? '', b.field ?? ''),
      )
      .map((t): InspectProblem => {
        const field = t.field === null ? undefined : fieldByKey(t.field);
        return {
          ruleId: t.ruleId,
          messageId: t.messageId,
          field: t.field,
          fieldLabel: field === undefined ? null : { zh: field.zh, en: field.en },
          column: t.column,
          count: t.count,
          examples: t.examples,
        };
      });
    return {
      firstDataRow: this.firstDataRow,
      lastDataRow: this.lastDataRow,
      dataRows: this.dataRows,
      excluded: this.excluded,
      excludedCount: this.excludedCount,
      excludedByReason,
      sampledRows: this.sampled,
      problems,
    };
  }
}

/** Code-point order, independent of the locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------------------
// Text view

function msg(id: string, lang: Lang, data: Readonly<Record<string, unknown>> = {}): string {
  const text = INSPECT_MESSAGES[id];
  return text ? interpolate(text[lang], data) : id;
}

/** "5–9、12" from sorted row numbers. */
function rowRanges(rows: readonly number[], lang: Lang): string {
  const parts: string[] = [];
  let start: number | undefined;
  let prev = 0;
  const flush = () => {
    if (start !== undefined) parts.push(start === prev ? String(start) : `${start}–${prev}`);
  };
  for (const row of rows) {
    if (start !== undefined && row === prev + 1) {
      prev = row;
      continue;
    }
    flush();
    start = row;
    prev = row;
  }
  flush();
  return parts.join(msg('inspect.separator', lang));
}

function problemKind(p: InspectProblem, lang: Lang): string {
  const id = `inspect.kind.${p.ruleId}.${p.messageId}`;
  return INSPECT_MESSAGES[id]
    ? msg(id, lang)
    : msg('inspect.kind.other', lang, { ruleId: p.ruleId, messageId: p.messageId });
}

function renderSheet(sheet: InspectSheet, lang: Lang, sampleRows: number): string[] {
  const out: string[] = [];
  const indent = (s: string) => `  ${s}`;
  if (sheet.name === null) out.push(msg('inspect.sheet-csv', lang));
  else out.push(msg(sheet.hidden ? 'inspect.sheet-hidden' : 'inspect.sheet', lang, { sheet: sheet.name }));
  if (sheet.skipped !== null) {
    out.push(
      indent(msg(`inspect.skipped.${sheet.skipped}`, lang, { sheet: sheet.name, rows: HEADER_SCAN_ROWS })),
    );
  }
  if (sheet.headerRows.length > 0) {
    out.push(indent(msg('inspect.header-rows', lang, { rows: rowRanges(sheet.headerRows, lang) })));
  }
  if (sheet.skipped === null) {
    if (sheet.firstDataRow !== null && sheet.lastDataRow !== null) {
      out.push(
        indent(
          msg('inspect.data-rows', lang, {
            first: sheet.firstDataRow,
            last: sheet.lastDataRow,
            count: sheet.dataRows,
          }),
        ),
      );
    } else {
      const after = sheet.headerRows[sheet.headerRows.length - 1] ?? 0;
      out.push(indent(msg('inspect.no-data', lang, { row: after + 1 })));
    }
    if (sheet.excludedCount > 0) {
      out.push(indent(msg('inspect.excluded.title', lang, { count: sheet.excludedCount })));
      for (const reason of EXCLUDED_REASONS) {
        const rows = sheet.excluded.filter((e) => e.reason === reason).map((e) => e.row);
        if (rows.length === 0) continue;
        const label = msg(`inspect.reason.${reason}`, lang);
        out.push(
          indent(indent(msg('inspect.excluded.line', lang, { reason: label, rows: rowRanges(rows, lang) }))),
        );
      }
      if (sheet.excludedCount > sheet.excluded.length) {
        out.push(
          indent(
            indent(
              msg('inspect.excluded.more', lang, {
                shown: sheet.excluded.length,
                more: sheet.excludedCount - sheet.excluded.length,
              }),
            ),
          ),
        );
      }
    }
  }
  if (sheet.columns.length > 0) {
    out.push(indent(msg('inspect.columns.title', lang, { count: sheet.columns.length })));
    const table = new Table({
      head: ['column', 'header', 'field', 'match'].map((h) => msg(`inspect.table.${h}`, lang)),
      style: { head: [], border: [], compact: true },
      chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    });
    for (const c of sheet.columns) {
      table.push([
        c.column,
        c.header,
        msg('inspect.field-cell', lang, { label: c.fieldLabel[lang], key: c.field }),
        msg(`inspect.match.${c.match}`, lang),
      ]);
    }
    out.push(...table.toString().split('\n').map(indent));
    if (sheet.columns.some((c) => c.match !== 'exact')) out.push(indent(msg('inspect.match.legend', lang)));
  }
  if (sheet.unmapped.length > 0) {
    out.push(indent(msg('inspect.unmapped.title', lang, { count: sheet.unmapped.length })));
    for (const u of sheet.unmapped) {
      const field = u.duplicateOf === null ? undefined : fieldByKey(u.duplicateOf.field);
      out.push(
        indent(
          indent(
            msg(`inspect.unmapped.${u.reason}`, lang, {
              column: u.column,
              header: u.header,
              otherColumn: u.duplicateOf?.column,
              field: field === undefined ? u.duplicateOf?.field : field[lang],
            }),
          ),
        ),
      );
    }
  }
  if (sheet.skipped === null && sheet.columns.length > 0) {
    out.push(indent(msg('inspect.missing.title', lang)));
    for (const level of ['person', 'household'] as const) {
      const keys = sheet.missingFields[level];
      const labels = keys.map((k) => fieldByKey(k)?.[lang] ?? k);
      const fields =
        labels.length > 0 ? labels.join(msg('inspect.separator', lang)) : msg('inspect.missing.none', lang);
      out.push(indent(indent(msg(`inspect.missing.${level}`, lang, { count: keys.length, fields }))));
    }
  }
  if (sheet.skipped === null) {
    const rows = Math.min(sampleRows, sheet.sampledRows);
    if (sheet.problems.length === 0) {
      out.push(indent(msg('inspect.problems.none', lang, { rows })));
    } else {
      out.push(indent(msg('inspect.problems.title', lang, { rows })));
      for (const p of sheet.problems) {
        const examples = p.examples
          .map((e) =>
            e.value === null
              ? msg('inspect.example-row', lang, { row: e.row })
              : msg('inspect.example', lang, { row: e.row, value: e.value }),
          )
          .join(msg('inspect.separator', lang));
        out.push(
          indent(
            indent(
              msg('inspect.problem', lang, {
                field: p.fieldLabel?.[lang] ?? msg('inspect.no-field', lang),
                column: p.column ?? '-',
                kind: problemKind(p, lang),
                count: p.count,
                examples,
              }),
            ),
          ),
        );
      }
    }
  }
  if (sheet.profile !== null) out.push(...renderProfile(sheet.profile, lang).map(indent));
  if (sheet.merged !== null && sheet.merged.ranges > 0) {
    const m = sheet.merged;
    out.push(
      indent(msg('inspect.merged', lang, { ranges: m.ranges, filled: m.filledRanges, cells: m.filledCells })),
    );
    if (m.examples.length > 0) {
      out.push(
        indent(
          indent(
            m.examples.join(msg('inspect.separator', lang)) +
              (m.filledRanges > m.examples.length ? ' …' : ''),
          ),
        ),
      );
    }
  }
  if (sheet.joinRole !== null) out.push(indent(msg(`inspect.join-role.${sheet.joinRole}`, lang)));
  return out;
}

function renderProfile(choice: ProfileChoice, lang: Lang): string[] {
  const reason = msg(`inspect.profile.reason.${choice.reason}`, lang);
  const profile =
    choice.name === null
      ? msg('inspect.profile.dictionary', lang, { score: choice.score })
      : msg('inspect.profile.chosen', lang, { name: choice.name, score: choice.score, reason });
  const out = [msg('inspect.profile', lang, { profile })];
  for (const c of choice.candidates) {
    const list = c.markers.length > 0 ? `（${c.markers.join(msg('inspect.separator', lang))}）` : '';
    out.push(
      `  ${msg('inspect.profile.candidate', lang, { name: c.name, score: c.score, fields: c.fields, markers: c.markers.length, list })}`,
    );
  }
  return out;
}

const DELIMITER_NAMES = { ',': 'comma', '\t': 'tab', ';': 'semicolon' } as const;

/** The report as a terminal view in the user's language; ends with a newline. Deterministic, no colours. */
export function renderInspectText(report: InspectReport, lang: Lang): string {
  const out: string[] = [];
  let sheets = 0;
  let ledgers = 0;
  let persons = 0;
  for (const file of report.files) {
    if (out.length > 0) out.push('');
    out.push(msg('inspect.file', lang, { file: file.file, format: file.format }));
    if (file.encoding !== null) {
      out.push(
        msg('inspect.encoding', lang, {
          encoding: file.encoding.name,
          reason: msg(`inspect.encoding-reason.${file.encoding.reason}`, lang),
        }),
      );
    }
    if (file.dialect !== null) {
      out.push(
        msg('inspect.dialect', lang, {
          delimiter: msg(`inspect.dialect.${DELIMITER_NAMES[file.dialect.delimiter]}`, lang),
          reason: msg(`inspect.dialect-reason.${file.dialect.reason}`, lang),
        }),
      );
    }
    for (const sheet of file.sheets) {
      sheets++;
      if (sheet.skipped === null) ledgers++;
      if (sheet.joinRole !== 'household') persons += sheet.dataRows;
      out.push(...renderSheet(sheet, lang, report.sampleRows));
    }
  }
  if (report.join !== null) {
    const tables = report.join.householdSheets
      .map((t) => (t.sheet === null ? t.file : `${t.file} · ${t.sheet}`))
      .join(msg('inspect.separator', lang));
    out.push(
      '',
      msg('inspect.join', lang, {
        tables,
        households: report.join.householdSheets.reduce((n, t) => n + t.households, 0),
        orphans: report.join.orphanMembers,
        empty: report.join.emptyHouseholds,
      }),
    );
  }
  out.push('', msg('inspect.summary', lang, { files: report.files.length, sheets, ledgers, persons }));
  return `${out.join('\n')}\n`;
}
