/**
 * Findings: what a check reports. They carry a message id plus data and are rendered late, by the reporter,
 * in the user's language (ESLint's messageId; frictionless warns that storing rendered text is costly).
 */
export type Severity = 'error' | 'warning' | 'info';

/**
 * person / household / dataset / village / township / county: the rule scopes (the last three locate a group of
 * households, not a row). `input`: findings about a file or sheet as a whole (a missing column, an unmapped
 * header, a sheet that holds no ledger).
 */
export type Scope = 'person' | 'household' | 'dataset' | 'input' | 'village' | 'township' | 'county';

export type FindingData = Record<string, string | number | boolean | null>;

export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly messageId: string;
  readonly data: FindingData;
  readonly scope: Scope;
  /** The input file as given on the command line. */
  readonly file: string;
  /** Sheet name; null for CSV. */
  readonly sheet: string | null;
  /** Physical row (title and header rows counted, first row = 1); null when the finding is not about one row. */
  readonly row: number | null;
  /** Excel column letter (A, B, …, AA); null when no column applies. */
  readonly column: string | null;
  /** Canonical field key the finding points at. */
  readonly field: string | null;
  readonly householdId: string | null;
  readonly township: string | null;
  readonly village: string | null;
  /** Name (姓名) of the person on the finding's row; unset or null when the row has none or it is not a person. */
  readonly name?: string | null;
  /** Name of the household's 户主 (filled in by findings/people.ts once the household is complete). */
  readonly headName?: string | null;
  /**
   * Internal: who the finding is about (a hash of the ID number, see findings/baseline.ts), for fingerprints.
   * Never serialized.
   */
  readonly subject?: string;
}
