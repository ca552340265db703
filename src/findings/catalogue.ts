/**
 * Built-in finding types: what the readers, the normalizer and the engine report on their own, beside the
 * rules of the packs. Stable kebab-case ids (frictionless' error catalogue); messages live in
 * src/i18n/messages/findings.ts under `<ruleId>.<messageId>`.
 */
import { FILE_UNREADABLE_MESSAGE_IDS } from '../i18n/messages/batch.js';
import type { Finding, FindingData, Scope, Severity } from './types.js';

export interface BuiltinFindingType {
  readonly id: string;
  readonly severity: Severity;
  readonly scope: Scope;
  readonly title: { readonly zh: string; readonly en: string };
  /** Message ids this type may carry. */
  readonly messages: readonly string[];
}

export const BUILTIN_FINDINGS = {
  /** A cell whose text cannot be coerced to the field's type. data: {raw, expected?}. The row continues. */
  'invalid-value': {
    id: 'invalid-value',
    severity: 'error',
    scope: 'person',
    title: { zh: '取值无法识别', en: 'Value cannot be read' },
    messages: [
      'not-a-number',
      'not-an-integer',
      'not-a-date',
      'not-yes-no',
      'excel-error',
      'formula-without-value',
      'id-number-malformed',
    ],
  },
  /** An ID number stored as a number in Excel: the digits beyond 15 are lost (4.10101E+17). data: {raw}. */
  'id-number-damaged': {
    id: 'id-number-damaged',
    severity: 'error',
    scope: 'person',
    title: { zh: '证件号码被 Excel 损坏', en: 'ID number damaged by Excel' },
    messages: ['stored-as-number'],
  },
  /**
   * Rules need a column the input does not have: they are skipped for that sheet. One finding per missing column
   * (or set of alternatives), data: {fields, count, rules}; a warning when an error-level rule is among them,
   * info otherwise.
   */
  'missing-column': {
    id: 'missing-column',
    severity: 'warning',
    scope: 'input',
    title: { zh: '缺少规则所需的列', en: 'Column needed by a rule is missing' },
    messages: ['rules-skipped', 'diff-old-rules-skipped', 'diff-new-rules-skipped'],
  },
  /** A header that maps onto no canonical field. data: {header}. */
  'unmapped-column': {
    id: 'unmapped-column',
    severity: 'info',
    scope: 'input',
    title: { zh: '未识别的列', en: 'Unrecognised column' },
    messages: ['unmapped'],
  },
  /**
   * Two columns map onto the same field; the first one is used. data: {header, otherColumn, fieldLabel}.
   * `same-header`: two unmapped columns with the same header text. data: {header, otherColumn}.
   */
  'duplicate-column': {
    id: 'duplicate-column',
    severity: 'warning',
    scope: 'input',
    title: { zh: '重复的列', en: 'Duplicate column' },
    messages: ['duplicate', 'same-header'],
  },
  /** A column inside the header's span with no header text: its cells are not read. data: {}. */
  'blank-header': {
    id: 'blank-header',
    severity: 'warning',
    scope: 'input',
    title: { zh: '表头为空的列', en: 'Column without a header' },
    messages: ['blank'],
  },
  /**
   * A 15-digit first-generation ID converted to 18 characters (GB 11643: 19 inserted before the year, check
   * character computed). data: {fieldLabel, raw, value}.
   */
  'id-number-upgraded': {
    id: 'id-number-upgraded',
    severity: 'info',
    scope: 'person',
    title: { zh: '15 位身份证号已升为 18 位', en: '15-digit ID converted to 18 digits' },
    messages: ['upgraded'],
  },
  /** A sheet in which no ledger header was found; it is skipped. data: {}. */
  'sheet-skipped': {
    id: 'sheet-skipped',
    severity: 'info',
    scope: 'input',
    title: { zh: '跳过的工作表', en: 'Sheet skipped' },
    messages: ['no-header', 'hidden', 'not-a-ledger'],
  },
  /**
   * A data row without 户编号: it is checked as a household of its own. A sheet with no 户编号 column at all
   * gets one `no-column` finding instead of one per row.
   */
  'missing-household-id': {
    id: 'missing-household-id',
    severity: 'error',
    scope: 'person',
    title: { zh: '缺少户编号', en: 'Household ID missing' },
    messages: ['missing', 'no-column'],
  },
  /** Members of one household disagree on a household field; the 户主's value is used. data: {fieldLabel, headValue, value, headRow}. */
  'household-conflict': {
    id: 'household-conflict',
    severity: 'warning',
    scope: 'household',
    title: { zh: '同户成员户级信息不一致', en: 'Household field differs between members' },
    messages: ['conflict'],
  },
  /** The rows of one household are not contiguous; they are re-read and checked together. data: {firstRow}. */
  'household-split': {
    id: 'household-split',
    severity: 'info',
    scope: 'household',
    title: { zh: '同户成员行不连续', en: 'Household rows not contiguous' },
    messages: ['split'],
  },
  /**
   * Household and person tables joined by 户编号 (normalize/join.ts): a member whose 户编号 has no row in the
   * household table. Its household fields stay unknown. data: {householdId}.
   */
  'orphan-member': {
    id: 'orphan-member',
    severity: 'error',
    scope: 'person',
    title: { zh: '成员没有对应的户', en: 'Member without a household row' },
    messages: ['no-household'],
  },
  /** A household table row that no member's 户编号 points to. data: {householdId}. */
  'empty-household': {
    id: 'empty-household',
    severity: 'error',
    scope: 'household',
    title: { zh: '户没有家庭成员', en: 'Household without members' },
    messages: ['no-members'],
  },
  /** A rule's expression failed on some rows for a reason other than an empty value. data: {rule, count, error}. */
  'rule-error': {
    id: 'rule-error',
    severity: 'error',
    scope: 'input',
    title: { zh: '规则执行出错', en: 'Rule failed to evaluate' },
    messages: ['evaluation-failed'],
  },
  /**
   * A data row with filled cells right of the last header column: they have no column name and are not read.
   * data: {count, firstColumn}.
   */
  'row-longer-than-header': {
    id: 'row-longer-than-header',
    severity: 'warning',
    scope: 'person',
    title: { zh: '行比表头长', en: 'Row longer than the header' },
    messages: ['extra-cells'],
  },
  /**
   * A file of a batch run that could not be read (damaged, encrypted, not a ledger): the other files are still
   * checked. The message id is the reader's error id (io.xlsx-encrypted, cli.no-ledger, …); data: its data.
   */
  'file-unreadable': {
    id: 'file-unreadable',
    severity: 'error',
    scope: 'input',
    title: { zh: '文件无法读取', en: 'File cannot be read' },
    messages: FILE_UNREADABLE_MESSAGE_IDS,
  },
  /** `ledgerlint diff`: a 户编号 in the new drop that the old one does not have. */
  'household-added': {
    id: 'household-added',
    severity: 'info',
    scope: 'household',
    title: { zh: '新增户', en: 'Household added' },
    messages: ['added'],
  },
  /** `ledgerlint diff`: a 户编号 of the old drop missing from the new one (located in the old file). */
  'household-removed': {
    id: 'household-removed',
    severity: 'info',
    scope: 'household',
    title: { zh: '减少户', en: 'Household removed' },
    messages: ['removed'],
  },
  /** `ledgerlint diff`: an ID number new to a household that was already there. data: {name}. */
  'person-added': {
    id: 'person-added',
    severity: 'info',
    scope: 'person',
    title: { zh: '新增成员', en: 'Member added' },
    messages: ['added'],
  },
  /** `ledgerlint diff`: a member of a remaining household whose ID number is gone. data: {name, householdId}. */
  'person-removed': {
    id: 'person-removed',
    severity: 'info',
    scope: 'person',
    title: { zh: '减少成员', en: 'Member removed' },
    messages: ['removed'],
  },
  /** `ledgerlint diff`: an ID number found under another 户编号. data: {name, from, to}. */
  'person-moved': {
    id: 'person-moved',
    severity: 'info',
    scope: 'person',
    title: { zh: '成员换户', en: 'Member moved to another household' },
    messages: ['moved'],
  },
  /**
   * Village/township/county rules that need the group's total rural population (贫困发生率) were skipped: no
   * --population table, or the table does not list the group. One finding per group, data: {group, count,
   * rules}; a warning when an error-level rule is among them.
   */
  'population-missing': {
    id: 'population-missing',
    severity: 'warning',
    scope: 'village',
    title: { zh: '缺少人口基数', en: 'Population denominator missing' },
    messages: ['no-table', 'not-in-table'],
  },
} as const satisfies Record<string, BuiltinFindingType>;

export type BuiltinFindingId = keyof typeof BUILTIN_FINDINGS;

/** Where an input-level finding points: a file, maybe a sheet, row, column or field; never a household or area. */
export interface InputLocation {
  readonly file: string;
  readonly sheet?: string | null;
  readonly row?: number | null;
  readonly column?: string | null;
  readonly field?: string | null;
}

/** A built-in finding about an input (a file, a sheet, a rule that could not run) rather than a person. */
export function inputFinding(
  ruleId: keyof typeof BUILTIN_FINDINGS,
  messageId: string,
  data: FindingData,
  at: InputLocation,
  severity: Severity = BUILTIN_FINDINGS[ruleId].severity,
): Finding {
  return {
    ruleId,
    severity,
    messageId,
    data,
    scope: 'input',
    file: at.file,
    sheet: at.sheet ?? null,
    row: at.row ?? null,
    column: at.column ?? null,
    field: at.field ?? null,
    householdId: null,
    township: null,
    village: null,
  };
}

/** A rule whose expression failed `count` times: one finding per rule, at the first failure. */
export function ruleErrorFinding(
  ruleId: string,
  tally: { readonly count: number; readonly first: string } & InputLocation,
): Finding {
  return inputFinding(
    'rule-error',
    'evaluation-failed',
    { rule: ruleId, count: tally.count, error: tally.first },
    tally,
  );
}

/** Rules skipped for want of data: a warning when one of them is error-level (a standard left unverified). */
export function skippedSeverity(rules: readonly { readonly severity: Severity }[]): Severity {
  return rules.some((r) => r.severity === 'error') ? 'warning' : 'info';
}
