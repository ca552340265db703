/**
 * Raw rows → PersonRecord, for one sheet whose layout detectHeader() found. Everything that depends only on
 * the layout (field definitions, coercers, column letters) is computed once in createRecordBuilder; the
 * per-row work allocates the values object and, only when something is wrong, findings.
 *
 * Rows below the header that hold no person are recognized and excluded (no record, no finding), with the
 * reason in RowResult.excluded:
 * - `total`: 合计 / 小计 / 总计 in the 户编号 cell or in one of the first three non-empty cells (at most 20
 *   characters), and 其中 rows ("其中：脱贫户") that break a total down;
 * - `sign-off`: 填表人 / 审核人 / 负责人 / 联系人 / 联系电话 / 报出日期 / 填报单位 … at the start of one of the
 *   first three non-empty cells, in a row with few cells filled (a person row fills most columns);
 * - `footnote`: 注： / 注1. / 说明： / 填表说明： / 备注： / 数据来源： likewise; the rows right after a sign-off or
 *   footnote row that have no 证件号码, no 户编号 (text without digits does not count) and few cells
 *   ("2.收入为上年度数据", "（盖章）") continue its block, until the next person row;
 * - `unit`: 单位：元、人 (计量单位：, 金额单位：) likewise;
 * - `subheader`: the header stated again inside the data (exports repeat it after each page break), and
 *   the printed column-number row (1 2 3 …, tested when the first two non-empty cells rise);
 * - `blank`: nothing in a mapped column (only 序号, placeholders such as "/", or unmapped columns).
 * The cheap tests run on every row (the first three non-empty cells); the repeated-header test runs only on
 * rows that already look wrong (a cell that failed coercion, no 户编号) or whose first mapped cell repeats
 * its header.
 */
import { fieldByKey } from '../dictionary/index.js';
import { BUILTIN_FINDINGS } from '../findings/catalogue.js';
import type { Finding } from '../findings/types.js';
import type { CellValue, RawRow } from '../io/types.js';
import { isColumnNumberRow } from './header.js';
import type { FieldValue, PersonRecord, SheetLayout } from './types.js';
import { CoercionFailure, valueCoercerFor } from './values.js';
import type { CoercionNotice, NoticedValue, ValueCoercer } from './values.js';
import { normalizeCodeText } from './text.js';

/** Why a row of the data area holds no person. */
export type ExcludedReason = 'blank' | 'total' | 'sign-off' | 'footnote' | 'unit' | 'subheader';

export interface RowResult {
  /** null for rows that hold no person: excluded rows (see `excluded`) and rows above the first data row. */
  readonly record: PersonRecord | null;
  readonly findings: Finding[];
  /**
   * Set only on rows at or below the first data row that are not people, with the reason (see the module
   * comment); absent on person rows and on rows above the first data row.
   */
  readonly excluded?: ExcludedReason;
}

export type RecordBuilder = (raw: RawRow) => RowResult;

/** Canonical keys the builder reads for finding locations. */
export const HOUSEHOLD_ID_FIELD = 'household_id';
export const TOWNSHIP_FIELD = 'township';
export const VILLAGE_FIELD = 'village';
const ID_NUMBER_FIELD = 'id_number';
const DISABILITY_CATEGORY_FIELD = 'disability_category';
const DISABILITY_GRADE_FIELD = 'disability_grade';
const DISABILITY_CATEGORIES = [
  '视力残疾',
  '听力残疾',
  '言语残疾',
  '肢体残疾',
  '智力残疾',
  '精神残疾',
  '多重残疾',
];
const HAS_DIGIT = /\d/;

/**
 * The profile's code-list dialect before the field's own coercion: a cell whose text the export writes for
 * a canonical label (扶贫户 in the 2014 form) is read as that label; anything else goes on unchanged.
 */
function withDialect(coerce: ValueCoercer, codes: ReadonlyMap<string, string>): ValueCoercer {
  return (cell) => {
    if (typeof cell === 'string' || typeof cell === 'number') {
      const label = codes.get(normalizeCodeText(String(cell)));
      if (label !== undefined) return coerce(label);
    }
    return coerce(cell);
  };
}

/**
 * 残疾类别 and 残疾等级 from a 20-character 残疾人证号 (18-character ID + category 1–7 + grade 1–4), unless
 * columns of their own provide them. The ID stays as written: rules check its 20 characters.
 */
function deriveDisability(values: Record<string, FieldValue>): void {
  const id = values[ID_NUMBER_FIELD];
  if (typeof id !== 'string' || id.length !== 20) return;
  const category = id.charCodeAt(18) - 48;
  const grade = id.charCodeAt(19) - 48;
  if (!(category >= 1 && category <= 7 && grade >= 1 && grade <= 4)) return;
  if (values[DISABILITY_CATEGORY_FIELD] === undefined) {
    values[DISABILITY_CATEGORY_FIELD] = DISABILITY_CATEGORIES[category - 1] as string;
  }
  if (values[DISABILITY_GRADE_FIELD] === undefined) values[DISABILITY_GRADE_FIELD] = grade;
}

interface ColumnPlan {
  readonly index: number;
  readonly column: string;
  readonly key: string;
  readonly label: string;
  readonly coerce: ValueCoercer;
}

type Failure = CoercionFailure;

const TOTAL_WORD = /合\s*计|小\s*计|总\s*计/;
/** A total label is short ("合计", "XX村小计："); longer text that merely contains 总计 is data. */
const TOTAL_MAX_LENGTH = 20;
/** How many leading non-empty cells are looked at for a total label or a sign-off, footnote or unit marker. */
const LEAD_SCAN_CELLS = 3;
/** A sign-off, footnote or unit row fills at most this many cells (or half the header's columns, if more). */
const MARKER_MAX_CELLS = 8;

/**
 * First characters of every marker below (after leading white space): one character-class test keeps the
 * marker expressions off ordinary cells.
 */
const MARKER_START = /^\s*[填制统审复负经联报签盖主分单部村乡镇县注说备附数资其计金货]/;
/** 其中 (of which): a breakdown row under a total. As short as a total label. */
const OF_WHICH = /^\s*其\s*中/;
const SIGN_OFF =
  /^\s*(?:(?:单\s*位|部\s*门|村|乡\s*镇|乡|镇|县)?\s*(?:填\s*表|填\s*报|制\s*表|统\s*计|审\s*核|复\s*核|审\s*批|审\s*定|负\s*责|经\s*办|联\s*系)\s*(?:人|日\s*期|时\s*间|电\s*话|单\s*位)|(?:报\s*出|报\s*送)\s*(?:日\s*期|时\s*间)|(?:主\s*管|分\s*管)\s*领\s*导|(?:签\s*字|签\s*名|盖\s*章)\s*[:：(（])/;
const FOOTNOTE =
  /^\s*(?:注\s*(?:[:：]|[\d①-⑩一二三四五六七八九十]+\s*[.、:：)）])|(?:填\s*表|填\s*报)?\s*说\s*明\s*[:：]|备\s*注\s*[:：]|附\s*注\s*[:：]|(?:数\s*据|资\s*料)\s*来\s*源\s*[:：])/;
const UNIT = /^\s*(?:计\s*量|金\s*额|货\s*币)?\s*单\s*位\s*[:：]/;

function isTotalText(cell: CellValue | undefined): boolean {
  return typeof cell === 'string' && cell.length <= TOTAL_MAX_LENGTH && TOTAL_WORD.test(cell);
}

/** What a leading cell that passed MARKER_START marks, if anything. */
function markerOf(text: string): ExcludedReason | undefined {
  if (text.length <= TOTAL_MAX_LENGTH && OF_WHICH.test(text)) return 'total';
  if (SIGN_OFF.test(text)) return 'sign-off';
  if (FOOTNOTE.test(text)) return 'footnote';
  if (UNIT.test(text)) return 'unit';
  return undefined;
}

function isEmptyCell(cell: CellValue | undefined): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

function filledCells(cells: readonly CellValue[]): number {
  let n = 0;
  for (const cell of cells) if (!isEmptyCell(cell)) n++;
  return n;
}

const SMALL_INT_TEXT = /^\s*\d{1,3}\s*$/;

/** A column number as printed under headers (0–999, a number or digits), or -1. */
function smallInt(cell: CellValue): number {
  if (typeof cell === 'number') return Number.isInteger(cell) && cell >= 0 && cell < 1000 ? cell : -1;
  return typeof cell === 'string' && cell.length <= 5 && SMALL_INT_TEXT.test(cell) ? Number(cell) : -1;
}

/**
 * The reason to exclude a row found in its 户编号 cell and first non-empty cells: total, 其中, sign-off,
 * footnote, unit, or a column-number row (its first two cells rising small numbers: the whole row is
 * tested then). Markers other than totals count only in rows with at most `markerMaxCells` cells filled.
 */
function leadingExclusion(
  raw: RawRow,
  householdIdIndex: number,
  markerMaxCells: number,
): ExcludedReason | undefined {
  const cells = raw.cells;
  if (householdIdIndex >= 0 && isTotalText(cells[householdIdIndex])) return 'total';
  let seen = 0;
  let firstNumber = -1;
  for (let i = 0; i < cells.length && seen < LEAD_SCAN_CELLS; i++) {
    const cell = cells[i];
    if (cell === null || cell === undefined || cell === '') continue;
    if (typeof cell === 'string') {
      if (cell.length <= TOTAL_MAX_LENGTH && TOTAL_WORD.test(cell)) return 'total';
      if (MARKER_START.test(cell)) {
        const marker = markerOf(cell);
        if (marker === 'total') return marker;
        if (marker !== undefined && filledCells(cells) <= markerMaxCells) return marker;
      }
    }
    if (seen === 0) firstNumber = smallInt(cell);
    else if (seen === 1 && firstNumber >= 0 && smallInt(cell) > firstNumber && isColumnNumberRow(raw)) {
      return 'subheader';
    }
    seen++;
  }
  return undefined;
}

const INVISIBLE_OR_SPACE = /[\s\u00ad\u200b-\u200d\u2060\ufeff]+/g;

/** Header and cell text compared without any white space (headers wrap lines inside cells). */
function squash(text: string): string {
  return text.replace(INVISIBLE_OR_SPACE, '');
}

/**
 * Per column index, the texts a restated header row may hold there: the column's header and, for a
 * flattened two-row header "组/子", each part (the group label stands in its first column only).
 */
function headerTextsByIndex(layout: SheetLayout): Map<number, Set<string>> {
  const texts = new Map<number, Set<string>>();
  for (const col of layout.columns) {
    const set = new Set<string>([squash(col.header)]);
    if (col.header.includes('/')) for (const part of col.header.split('/')) set.add(squash(part));
    set.delete('');
    if (set.size > 0) texts.set(col.index, set);
  }
  return texts;
}

/** A row that restates the header (or one of its rows): most of its filled cells are header texts. */
function isRepeatedHeader(cells: readonly CellValue[], texts: ReadonlyMap<number, Set<string>>): boolean {
  let filled = 0;
  let matched = 0;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    if (isEmptyCell(cell)) continue;
    filled++;
    if (typeof cell === 'string' && texts.get(i)?.has(squash(cell)) === true) matched++;
  }
  return matched >= 2 ? matched * 2 >= filled : matched === 1 && filled === 1;
}

/** A field value as text (township, village, 户编号 for finding locations), or null when it is not a string. */
export function textOf(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/**
 * One builder per sheet. Rows before layout.firstDataRow yield no record and no finding, so the caller may
 * feed every row of the sheet.
 *
 * A row whose household_id cell is empty yields missing-household-id (column: the household_id column, or
 * null when the sheet has none). When the cell holds something that failed coercion (a damaged number), only
 * that failure is reported.
 */
export function createRecordBuilder(layout: SheetLayout): RecordBuilder {
  const plan: ColumnPlan[] = [];
  for (const col of layout.columns) {
    if (col.field === null) continue;
    const field = fieldByKey(col.field);
    if (field === undefined) continue;
    const dialect = layout.valueCodes?.get(field.key);
    plan.push({
      index: col.index,
      column: col.column,
      key: field.key,
      label: field.zh,
      coerce: dialect === undefined ? valueCoercerFor(field) : withDialect(valueCoercerFor(field), dialect),
    });
  }
  const householdColumn = layout.fieldColumns.get(HOUSEHOLD_ID_FIELD);
  const householdIdIndex = householdColumn?.index ?? -1;
  const householdLetter = householdColumn?.column ?? null;
  const { file, sheet, firstDataRow } = layout;
  const invalidSeverity = BUILTIN_FINDINGS['invalid-value'].severity;
  const damagedSeverity = BUILTIN_FINDINGS['id-number-damaged'].severity;
  const missing = BUILTIN_FINDINGS['missing-household-id'];
  const markerMaxCells = Math.max(MARKER_MAX_CELLS, Math.floor(layout.columns.length / 2));
  // Repeated-header test: the header texts by column (built on first need) and one probe cell tested on
  // every row (the first mapped column; cheap equality with its header as shown).
  let headerTexts: Map<number, Set<string>> | undefined;
  const probe = plan[0];
  const probeText =
    probe === undefined ? undefined : layout.columns.find((c) => c.index === probe.index)?.header;
  /** Reason of the sign-off or footnote block the previous rows belong to, while it lasts. */
  let trailer: ExcludedReason | undefined;

  const exclude = (excluded: ExcludedReason): RowResult => ({ record: null, findings: [], excluded });

  return (raw) => {
    if (raw.row < firstDataRow) return { record: null, findings: [] };
    const cells = raw.cells;
    const lead = leadingExclusion(raw, householdIdIndex, markerMaxCells);
    if (lead !== undefined) {
      trailer = lead === 'sign-off' || lead === 'footnote' ? lead : undefined;
      return exclude(lead);
    }

    const values: Record<string, FieldValue> = {};
    let filled = false;
    // Pairs (plan, failure) kept flat; allocated only for rows that have a failure.
    let failed: (ColumnPlan | Failure)[] | undefined;
    let notices: (ColumnPlan | CoercionNotice)[] | undefined;
    let householdFailed = false;
    for (let i = 0; i < plan.length; i++) {
      const p = plan[i] as ColumnPlan;
      const cell = cells[p.index];
      if (cell === null || cell === undefined || cell === '') continue;
      const r = p.coerce(cell);
      if (r === undefined) continue;
      if (typeof r !== 'object' || Array.isArray(r)) {
        values[p.key] = r as FieldValue;
        filled = true;
      } else if (r instanceof CoercionFailure) {
        (failed ??= []).push(p, r);
        if (p.index === householdIdIndex) householdFailed = true;
      } else {
        const noticed = r as NoticedValue;
        values[p.key] = noticed.value;
        filled = true;
        (notices ??= []).push(p, noticed.notice);
      }
    }
    if (!filled && failed === undefined) {
      // Text in unmapped columns only: a line of the sign-off or footnote block above, or nothing to check.
      return exclude(trailer !== undefined && filledCells(cells) > 0 ? trailer : 'blank');
    }

    const householdId = textOf(values[HOUSEHOLD_ID_FIELD]);
    if (
      failed !== undefined ||
      (householdId === null && householdIdIndex >= 0) ||
      (probe !== undefined && cells[probe.index] === probeText)
    ) {
      headerTexts ??= headerTextsByIndex(layout);
      if (isRepeatedHeader(cells, headerTexts)) return exclude('subheader');
    }
    if (trailer !== undefined) {
      // A line continuing a sign-off or footnote block has no ID number and no 户编号 (a 户编号 has digits;
      // "（盖章）" under a signature is not one), and few cells.
      if (
        values[ID_NUMBER_FIELD] === undefined &&
        !householdFailed &&
        (householdId === null || !HAS_DIGIT.test(householdId)) &&
        filledCells(cells) <= markerMaxCells
      ) {
        return exclude(trailer);
      }
      trailer = undefined;
    }
    deriveDisability(values);
    const township = textOf(values[TOWNSHIP_FIELD]);
    const village = textOf(values[VILLAGE_FIELD]);
    const findings: Finding[] = [];
    if (notices !== undefined) {
      const upgraded = BUILTIN_FINDINGS['id-number-upgraded'];
      for (let i = 0; i < notices.length; i += 2) {
        const p = notices[i] as ColumnPlan;
        const n = notices[i + 1] as CoercionNotice;
        findings.push({
          ruleId: upgraded.id,
          severity: upgraded.severity,
          messageId: n.messageId,
          data: { fieldLabel: p.label, raw: n.raw, value: String(values[p.key]) },
          scope: upgraded.scope,
          file,
          sheet,
          row: raw.row,
          column: p.column,
          field: p.key,
          householdId,
          township,
          village,
        });
      }
    }
    if (failed !== undefined) {
      for (let i = 0; i < failed.length; i += 2) {
        const p = failed[i] as ColumnPlan;
        const f = failed[i + 1] as Failure;
        findings.push({
          ruleId: f.ruleId,
          severity: f.ruleId === 'invalid-value' ? invalidSeverity : damagedSeverity,
          messageId: f.messageId,
          data: { fieldLabel: p.label, raw: f.raw },
          scope: 'person',
          file,
          sheet,
          row: raw.row,
          column: p.column,
          field: p.key,
          householdId,
          township,
          village,
        });
      }
    }
    // Without a 户编号 column the sheet gets one input-level finding (commands/check.ts), not one per row.
    if (householdId === null && !householdFailed && householdColumn !== undefined) {
      findings.push({
        ruleId: missing.id,
        severity: missing.severity,
        messageId: 'missing',
        data: {},
        scope: missing.scope,
        file,
        sheet,
        row: raw.row,
        column: householdLetter,
        field: HOUSEHOLD_ID_FIELD,
        householdId: null,
        township,
        village,
      });
    }
    return { record: { layout, row: raw.row, values }, findings };
  };
}
