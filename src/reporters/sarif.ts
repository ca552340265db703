/**
 * SARIF 2.1.0 for CI systems (GitHub code scanning, GitLab, Azure DevOps, SonarQube): one run, one result per
 * finding of the report.
 *
 * - tool.driver: name, version, and one reportingDescriptor per rule id present in the report (its findings,
 *   and its summary count when --quiet or --max-findings-per-rule left them all out), sorted by id, with the
 *   rule title in the report language and the default level.
 * - Rule documentation: SARIF requires `helpUri` (and `informationUri`) to be *absolute* URIs (§3.49.12,
 *   schema format "uri"), and GitHub's upload rejects a relative one. The tool has no canonical web address,
 *   so by default each rule carries `help.text` naming its page docs/rules/<pack>/<rule-id>.md (built-in finding
 *   types: docs/rules.md#<rule-id>); `createSarifReporter({ rulesDocUrl })` with an absolute URL of
 *   docs/rules.md adds `helpUri`, the page resolved against that URL.
 * - Location: artifactLocation.uri is the file as given on the command line written as a URI reference
 *   (backslashes as `/`, each segment percent-encoded: `台账.xlsx` → `%E5%8F%B0%E8%B4%A6.xlsx`; absolute paths
 *   as file: URIs), region.startLine the physical row when known. Sheet and column have no place in a text
 *   region: they go into the result's `properties` and into the message text.
 * - partialFingerprints["ledgerlint/v1"]: sha256 of rule, file, sheet, 户编号, field and message id — not the
 *   row, so a re-sorted or edited ledger keeps its fingerprints — plus `:n`, the occurrence of that hash in the
 *   report (two members of one household with the same problem would otherwise share a fingerprint and be
 *   merged into one alert; GitHub's own primaryLocationLineHash is numbered the same way).
 *   When the report's findings carry their own `fingerprint` (the identity --baseline matches: the person by a
 *   hash of the ID number, not the file name), it is added as partialFingerprints["ledgerlintFinding/v1"].
 * Deterministic: no timestamps, no invocation; byte-identical for identical reports.
 */
import type { ReportView } from '../findings/assemble.js';
import { createHash } from 'node:crypto';
import type { ReportFinding } from '../findings/report.js';
import { arrayMarker, stringifyWithArray } from './json-stream.js';
import { message } from '../i18n/catalogue.js';
import type { Lang } from '../i18n/types.js';
import { groupName } from './group.js';
import { listedCount } from './listed.js';
import type { Reporter, ReporterContext } from './types.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const FINGERPRINT_KEY = 'ledgerlint/v1';
/** The report's own finding fingerprint (the one --baseline matches), when the report carries one. */
export const REPORT_FINGERPRINT_KEY = 'ledgerlintFinding/v1';

type SarifLevel = 'error' | 'warning' | 'note';
const LEVELS: Readonly<Record<ReportFinding['severity'], SarifLevel>> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

export interface SarifOptions {
  /**
   * Absolute URL of docs/rules.md, e.g. `https://github.com/<org>/ledgerlint/blob/v0.1.0/docs/rules.md`.
   * When set, every rule gets `helpUri` = this URL + `#<rule-id>`.
   */
  readonly rulesDocUrl?: string;
}

interface SarifRule {
  id: string;
  shortDescription: { text: string };
  help: { text: string };
  helpUri?: string;
  defaultConfiguration: { level: SarifLevel };
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations: {
    physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } };
  }[];
  partialFingerprints: Record<string, string>;
  properties: Record<string, string | number>;
}

export function createSarifReporter(options: SarifOptions = {}): Reporter {
  const docUrl = options.rulesDocUrl === undefined ? undefined : absoluteUrl(options.rulesDocUrl);
  return function* (report, context) {
    const { rules, listed } = ruleDescriptors(report, context, docUrl);
    const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
    // Results are made one at a time as they are written (the findings may be read from disk). A fingerprint
    // names its file and sheet, and report order keeps each file's sheet together, so occurrences are counted
    // per sheet: the map is emptied when the sheet changes.
    let sheet: string | null = null;
    const seen = new Map<string, number>();
    const results = function* (): Generator<SarifResult> {
      for (const f of report.findings) {
        const where = `${f.file}\u0000${f.sheet ?? ''}`;
        if (where !== sheet) {
          seen.clear();
          sheet = where;
        }
        const hash = fingerprint(f);
        const n = (seen.get(hash) ?? 0) + 1;
        seen.set(hash, n);
        yield result(f, ruleIndex.get(f.ruleId) ?? 0, `${hash}:${n}`, context.lang);
      }
    };
    const s = report.summary;
    const unlisted = s.errors + s.warnings + s.infos - listed;
    const log = {
      $schema: SARIF_SCHEMA,
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: {
              name: 'ledgerlint',
              version: report.tool.version,
              semanticVersion: report.tool.version,
              rules,
            },
          },
          language: context.lang === 'zh' ? 'zh-CN' : 'en-US',
          results: arrayMarker,
          properties: {
            packs: report.packs.map((p) => `${p.id}@${p.version}`),
            year: report.params.year,
            persons: s.persons,
            households: s.households,
            errors: s.errors,
            warnings: s.warnings,
            infos: s.infos,
            ...(unlisted > 0 ? { unlistedResults: unlisted } : {}),
          },
        },
      ],
    };
    yield* stringifyWithArray(log, 'results', results());
    yield '\n';
  };
}

/** The registry's SARIF reporter: rule documentation as help text (no absolute docs URL is known). */
export const sarifReporter: Reporter = createSarifReporter();

/**
 * The descriptors (every rule of the summary: each listed finding is counted there), and the number of listed
 * findings, from the summary's counts: no pass over the findings, which may be read from disk.
 */
function ruleDescriptors(
  report: ReportView,
  context: ReporterContext,
  docUrl: string | undefined,
): { rules: SarifRule[]; listed: number } {
  const severities = new Map<string, ReportFinding['severity']>();
  for (const [id, entry] of Object.entries(report.summary.byRule)) severities.set(id, entry.severity);
  const listed = listedCount(report.summary.byRule);
  const rules = [...severities.entries()]
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([id, severity]) => ({
      id,
      shortDescription: { text: context.ruleTitles.get(id)?.[context.lang] ?? id },
      help: { text: message('report.sarif.help', context.lang, { doc: docPage(id, context) }) },
      ...(docUrl === undefined ? {} : { helpUri: helpUri(id, context, docUrl) }),
      defaultConfiguration: { level: LEVELS[severity] },
    }));
  return { rules, listed };
}

/** The rule's page (docs/rules/<pack>/<rule>.md), or its row in docs/rules.md for built-in finding types. */
function docPage(id: string, context: ReporterContext): string {
  return context.ruleDocs?.get(id) ?? `docs/rules.md#${id}`;
}

/** The rule's page as an absolute URL, resolved against the absolute URL of docs/rules.md. */
function helpUri(id: string, context: ReporterContext, docUrl: string): string {
  const page = context.ruleDocs?.get(id);
  if (page === undefined) return `${docUrl}#${encodeURIComponent(id)}`;
  return new URL(page.replace(/^docs\//, ''), docUrl).href;
}

function result(f: ReportFinding, ruleIndex: number, fingerprintValue: string, lang: Lang): SarifResult {
  const region = f.row !== null && f.row >= 1 ? { region: { startLine: f.row } } : {};
  const properties: Record<string, string | number> = { scope: f.scope, messageId: f.messageId };
  for (const key of ['sheet', 'column', 'field', 'householdId', 'township', 'village'] as const) {
    const value = f[key];
    if (value !== null) properties[key] = value;
  }
  const group = groupName(f);
  if (group !== null) properties.group = group;
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: LEVELS[f.severity],
    message: { text: messageText(f, lang) },
    locations: [{ physicalLocation: { artifactLocation: { uri: fileUri(f.file) }, ...region } }],
    partialFingerprints: {
      [FINGERPRINT_KEY]: fingerprintValue,
      ...('fingerprint' in f && typeof f.fingerprint === 'string'
        ? { [REPORT_FINGERPRINT_KEY]: f.fingerprint }
        : {}),
    },
    properties,
  };
}

function messageText(f: ReportFinding, lang: Lang): string {
  const where =
    f.sheet !== null && f.column !== null
      ? message('report.where.sheet-column', lang, { sheet: f.sheet, column: f.column })
      : f.sheet !== null
        ? message('report.where.sheet', lang, { sheet: f.sheet })
        : f.column !== null
          ? message('report.where.column', lang, { column: f.column })
          : null;
  return where === null ? f.message : message('report.message-where', lang, { message: f.message, where });
}

/** The stable part of a result's identity: everything but the row (and the rendered text). */
export function fingerprint(f: ReportFinding): string {
  // Group findings (village/township/county) have no household: their group tells them apart.
  const key = JSON.stringify([
    f.ruleId,
    f.file,
    f.sheet,
    f.householdId ?? groupName(f),
    f.field,
    f.messageId,
  ]);
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/**
 * A file path as given on the command line, as a URI reference: relative paths stay relative, absolute ones
 * (/data/x.xlsx, C:\data\x.xlsx, \\server\share\x.xlsx) become file: URIs; backslashes are separators and
 * every segment is percent-encoded (spaces, Chinese, `#`, `?`, `%`).
 */
export function fileUri(file: string): string {
  const path = file.replace(/\\/g, '/');
  const encode = (p: string) => p.split('/').map(encodeURIComponent).join('/');
  const drive = /^([A-Za-z]):\//.exec(path);
  if (drive) return `file:///${drive[1]}:/${encode(path.slice(3))}`;
  if (path.startsWith('//')) return `file:${encode(path)}`;
  if (path.startsWith('/')) return `file://${encode(path)}`;
  return encode(path);
}

function absoluteUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`rulesDocUrl must be an absolute URL: ${url}`);
  }
  parsed.hash = '';
  return parsed.href;
}
