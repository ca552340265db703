import { describe, expect, it } from 'vitest';
import type { ReportFinding } from '../../src/findings/report.js';
import { REPORTERS } from '../../src/reporters/index.js';
import {
  createSarifReporter,
  fileUri,
  fingerprint,
  FINGERPRINT_KEY,
  REPORT_FINGERPRINT_KEY,
  sarifReporter,
} from '../../src/reporters/sarif.js';
import { checksumFinding, contextOf, demo, DEMO, runDemo, withFindings } from './demo.js';
import { renderReport } from '../../src/reporters/types.js';

type Json = Record<string, unknown>;

/**
 * The key parts of the SARIF 2.1.0 schema (sarif-schema-2.1.0.json, OASIS errata 01), written out: required
 * properties, enumerations, the closed property sets of the objects we write (additionalProperties: false),
 * integer minimums, and the URI formats GitHub's upload enforces ("uri" = absolute, "uri-reference").
 */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  sarifLog: ['$schema', 'version', 'runs', 'inlineExternalProperties', 'properties'],
  run: [
    'tool',
    'invocations',
    'conversion',
    'language',
    'versionControlProvenance',
    'originalUriBaseIds',
    'artifacts',
    'logicalLocations',
    'graphs',
    'results',
    'automationDetails',
    'runAggregates',
    'baselineGuid',
    'redactionTokens',
    'defaultEncoding',
    'defaultSourceLanguage',
    'newlineSequences',
    'columnKind',
    'externalPropertyFileReferences',
    'threadFlowLocations',
    'taxonomies',
    'addresses',
    'translations',
    'policies',
    'webRequests',
    'webResponses',
    'specialLocations',
    'properties',
  ],
  tool: ['driver', 'extensions', 'properties'],
  toolComponent: [
    'guid',
    'name',
    'organization',
    'product',
    'productSuite',
    'shortDescription',
    'fullDescription',
    'fullName',
    'version',
    'semanticVersion',
    'dottedQuadFileVersion',
    'releaseDateUtc',
    'downloadUri',
    'informationUri',
    'globalMessageStrings',
    'notifications',
    'rules',
    'taxa',
    'locations',
    'language',
    'contents',
    'isComprehensive',
    'localizedDataSemanticVersion',
    'minimumRequiredLocalizedDataSemanticVersion',
    'associatedComponent',
    'translationMetadata',
    'supportedTaxonomies',
    'properties',
  ],
  reportingDescriptor: [
    'id',
    'deprecatedIds',
    'guid',
    'deprecatedGuids',
    'name',
    'deprecatedNames',
    'shortDescription',
    'fullDescription',
    'messageStrings',
    'defaultConfiguration',
    'helpUri',
    'help',
    'relationships',
    'properties',
  ],
  multiformatMessageString: ['text', 'markdown', 'properties'],
  reportingConfiguration: ['enabled', 'level', 'rank', 'parameters', 'properties'],
  result: [
    'ruleId',
    'ruleIndex',
    'rule',
    'kind',
    'level',
    'message',
    'analysisTarget',
    'locations',
    'guid',
    'correlationGuid',
    'occurrenceCount',
    'partialFingerprints',
    'fingerprints',
    'stacks',
    'codeFlows',
    'graphs',
    'graphTraversals',
    'relatedLocations',
    'suppressions',
    'baselineState',
    'rank',
    'attachments',
    'hostedViewerUri',
    'workItemUris',
    'provenance',
    'fixes',
    'taxa',
    'webRequest',
    'webResponse',
    'properties',
  ],
  message: ['text', 'markdown', 'id', 'arguments', 'properties'],
  location: [
    'id',
    'physicalLocation',
    'logicalLocations',
    'message',
    'annotations',
    'relationships',
    'properties',
  ],
  physicalLocation: ['address', 'artifactLocation', 'region', 'contextRegion', 'properties'],
  artifactLocation: ['uri', 'uriBaseId', 'index', 'description', 'properties'],
  region: [
    'startLine',
    'startColumn',
    'endLine',
    'endColumn',
    'charOffset',
    'charLength',
    'byteOffset',
    'byteLength',
    'snippet',
    'message',
    'sourceLanguage',
    'properties',
  ],
};

/** RFC 3986 URI-reference: only unreserved, reserved and %XX; no scheme-less first segment with a colon. */
function isUriReference(s: string): boolean {
  if (!/^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/.test(s)) return false;
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:/.test(s);
  return scheme || !/^[^/?#]*:/.test(s);
}
const isAbsoluteUri = (s: string) => /^[A-Za-z][A-Za-z0-9+.-]*:/.test(s) && isUriReference(s);

function object(value: unknown, kind: string, path: string): Json {
  expect(value, path).toBeTypeOf('object');
  expect(value, path).not.toBeNull();
  expect(Array.isArray(value), path).toBe(false);
  const obj = value as Json;
  for (const key of Object.keys(obj)) expect(ALLOWED[kind], `${path}.${key} (${kind})`).toContain(key);
  return obj;
}

function message(value: unknown, kind: 'message' | 'multiformatMessageString', path: string): void {
  const m = object(value, kind, path);
  if (kind === 'multiformatMessageString' || m.id === undefined)
    expect(m.text, `${path}.text`).toBeTypeOf('string');
}

function propertyBag(value: unknown, path: string): void {
  if (value === undefined) return;
  expect(value, path).toBeTypeOf('object');
  const tags = (value as Json).tags;
  if (tags !== undefined)
    expect(new Set(tags as string[]).size, `${path}.tags`).toBe((tags as string[]).length);
}

/** Throws (through expect) when the log breaks the schema parts above. */
function assertSarif(log: unknown): void {
  const root = object(log, 'sarifLog', '$');
  expect(root.version).toBe('2.1.0');
  expect(typeof root.$schema === 'string' && isAbsoluteUri(root.$schema)).toBe(true);
  expect(Array.isArray(root.runs)).toBe(true);
  (root.runs as unknown[]).forEach((r, i) => {
    const p = `$.runs[${i}]`;
    const run = object(r, 'run', p);
    if (run.language !== undefined) expect(run.language).toMatch(/^[a-zA-Z]{2}(-[a-zA-Z]{2})?$/);
    propertyBag(run.properties, `${p}.properties`);
    const tool = object(run.tool, 'tool', `${p}.tool`);
    const driver = object(tool.driver, 'toolComponent', `${p}.tool.driver`);
    expect(driver.name, 'driver.name').toBeTypeOf('string');
    if (driver.informationUri !== undefined)
      expect(isAbsoluteUri(driver.informationUri as string)).toBe(true);
    const rules = (driver.rules ?? []) as unknown[];
    expect(Array.isArray(rules)).toBe(true);
    const ids = new Set<string>();
    rules.forEach((x, j) => {
      const rp = `${p}.tool.driver.rules[${j}]`;
      const rule = object(x, 'reportingDescriptor', rp);
      expect(rule.id, `${rp}.id`).toBeTypeOf('string');
      ids.add(rule.id as string);
      if (rule.shortDescription !== undefined)
        message(rule.shortDescription, 'multiformatMessageString', `${rp}.shortDescription`);
      if (rule.help !== undefined) message(rule.help, 'multiformatMessageString', `${rp}.help`);
      if (rule.helpUri !== undefined)
        expect(isAbsoluteUri(rule.helpUri as string), `${rp}.helpUri`).toBe(true);
      if (rule.defaultConfiguration !== undefined) {
        const config = object(
          rule.defaultConfiguration,
          'reportingConfiguration',
          `${rp}.defaultConfiguration`,
        );
        if (config.level !== undefined) expect(['none', 'note', 'warning', 'error']).toContain(config.level);
      }
      propertyBag(rule.properties, `${rp}.properties`);
    });
    expect(ids.size, 'rule ids unique').toBe(rules.length);
    ((run.results ?? []) as unknown[]).forEach((x, j) => {
      const rp = `${p}.results[${j}]`;
      const result = object(x, 'result', rp);
      message(result.message, 'message', `${rp}.message`);
      if (result.level !== undefined) expect(['none', 'note', 'warning', 'error']).toContain(result.level);
      if (result.kind !== undefined)
        expect(['notApplicable', 'pass', 'fail', 'review', 'open', 'informational']).toContain(result.kind);
      if (result.ruleIndex !== undefined) {
        expect(Number.isInteger(result.ruleIndex) && (result.ruleIndex as number) >= -1).toBe(true);
        expect((rules[result.ruleIndex as number] as Json | undefined)?.id, `${rp}.ruleIndex`).toBe(
          result.ruleId,
        );
      }
      for (const [key, value] of Object.entries((result.partialFingerprints ?? {}) as Json))
        expect(value, `${rp}.partialFingerprints.${key}`).toBeTypeOf('string');
      propertyBag(result.properties, `${rp}.properties`);
      ((result.locations ?? []) as unknown[]).forEach((l, k) => {
        const lp = `${rp}.locations[${k}]`;
        const location = object(l, 'location', lp);
        if (location.physicalLocation === undefined) return;
        const physical = object(location.physicalLocation, 'physicalLocation', `${lp}.physicalLocation`);
        expect(physical.address !== undefined || physical.artifactLocation !== undefined).toBe(true);
        if (physical.artifactLocation !== undefined) {
          const artifact = object(physical.artifactLocation, 'artifactLocation', `${lp}.artifactLocation`);
          if (artifact.uri !== undefined)
            expect(isUriReference(artifact.uri as string), String(artifact.uri)).toBe(true);
        }
        if (physical.region !== undefined) {
          const region = object(physical.region, 'region', `${lp}.region`);
          expect(
            ['startLine', 'charOffset', 'byteOffset'].some((key) => region[key] !== undefined),
            `${lp}.region`,
          ).toBe(true);
          for (const key of ['startLine', 'startColumn', 'endLine', 'endColumn'])
            if (region[key] !== undefined)
              expect(
                Number.isInteger(region[key]) && (region[key] as number) >= 1,
                `${lp}.region.${key}`,
              ).toBe(true);
        }
      });
    });
  });
}

describe('sarif reporter', () => {
  it('is registered', () => {
    expect(REPORTERS.sarif).toBe(sarifReporter);
  });

  it('writes a valid SARIF 2.1.0 log with one run, rules and results', async () => {
    const result = await demo('zh');
    const log = JSON.parse(renderReport(sarifReporter, result.report, contextOf(result))) as Json;
    assertSarif(log);
    const runs = log.runs as Json[];
    expect(runs).toHaveLength(1);
    const run = runs[0] as Json;
    const driver = (run.tool as Json).driver as Json;
    expect(driver.name).toBe('ledgerlint');
    expect(driver.version).toBe(result.report.tool.version);
    expect(run.language).toBe('zh-CN');

    const rules = driver.rules as Json[];
    expect(rules.map((r) => r.id)).toEqual(Object.keys(result.report.summary.byRule).sort());
    const checksum = rules.find((r) => r.id === 'id-number-checksum');
    expect(checksum?.shortDescription).toEqual({ text: '证件号码校验位' });
    expect(checksum?.defaultConfiguration).toEqual({ level: 'error' });
    expect((checksum?.help as Json).text).toContain('docs/rules/data-quality/id-number-checksum.md');
    // A rule without a page (built-in finding types) points at its row in docs/rules.md.
    const withoutPages = JSON.parse(
      renderReport(sarifReporter, result.report, { ...contextOf(result), ruleDocs: new Map() }),
    ) as Json;
    const driverRules = (((withoutPages.runs as Json[])[0] as Json).tool as Json).driver as Json;
    const bare = (driverRules.rules as Json[]).find((r) => r.id === 'id-number-checksum');
    expect((bare?.help as Json).text).toContain('docs/rules.md#id-number-checksum');
    expect(checksum?.helpUri).toBeUndefined();

    const results = run.results as Json[];
    expect(results).toHaveLength(result.report.findings.length);
    const warning = results.find((r) => r.ruleId === 'relation-sex-consistent');
    expect(warning?.level).toBe('warning');
  });

  it('places a known finding: file, row as startLine, sheet and column in properties and message', async () => {
    const result = await demo('zh');
    const log = JSON.parse(renderReport(sarifReporter, result.report, contextOf(result))) as Json;
    const results = ((log.runs as Json[])[0] as Json).results as Json[];
    const known = results.find((r) => r.ruleId === 'id-number-checksum') as Json;
    const finding = checksumFinding(result.report);
    expect(known.level).toBe('error');
    expect(known.locations).toEqual([
      { physicalLocation: { artifactLocation: { uri: DEMO }, region: { startLine: 39 } } },
    ]);
    expect(known.properties).toMatchObject({
      sheet: '花名册',
      column: 'I',
      field: 'id_number',
      scope: 'person',
    });
    expect((known.message as Json).text).toBe(`${finding.message}（工作表“花名册” I列）`);
    expect((known.partialFingerprints as Json)[FINGERPRINT_KEY]).toMatch(/^[0-9a-f]{64}:1$/);
  });

  it('uses the report language for titles and messages', async () => {
    const result = await demo('en');
    const log = JSON.parse(renderReport(sarifReporter, result.report, contextOf(result, 'en'))) as Json;
    assertSarif(log);
    const run = (log.runs as Json[])[0] as Json;
    expect(run.language).toBe('en-US');
    const rules = ((run.tool as Json).driver as Json).rules as Json[];
    expect(rules.find((r) => r.id === 'id-number-checksum')?.shortDescription).toEqual({
      text: 'ID number check digit',
    });
    const known = (run.results as Json[]).find((r) => r.ruleId === 'id-number-checksum') as Json;
    expect((known.message as Json).text).toMatch(/ \(sheet "花名册", column I\)$/);
  });

  it('is byte-identical across runs', async () => {
    const a = await runDemo('zh');
    const b = await runDemo('zh');
    expect(b.report).not.toBe(a.report);
    expect(renderReport(sarifReporter, a.report, contextOf(a))).toBe(
      renderReport(sarifReporter, b.report, contextOf(b)),
    );
  });

  it('keeps fingerprints when rows move, and tells apart identical findings in one household', async () => {
    const result = await demo('zh');
    const f = checksumFinding(result.report);
    const moved: ReportFinding = { ...f, row: 99 };
    expect(fingerprint(moved)).toBe(fingerprint(f));
    expect(fingerprint({ ...f, field: 'birth_date' })).not.toBe(fingerprint(f));
    expect(fingerprint({ ...f, sheet: '另一张表' })).not.toBe(fingerprint(f));

    const fingerprints = (findings: ReportFinding[]) => {
      const log = JSON.parse(
        renderReport(sarifReporter, withFindings(result.report, findings), contextOf(result)),
      ) as Json;
      const results = ((log.runs as Json[])[0] as Json).results as Json[];
      return results.map((r) => (r.partialFingerprints as Json)[FINGERPRINT_KEY]);
    };
    const twins = fingerprints([f, { ...f, row: 39 }]);
    expect(new Set(twins).size).toBe(2);
    expect(
      new Set(
        fingerprints([
          { ...f, row: 140 },
          { ...f, row: 141 },
        ]),
      ),
    ).toEqual(new Set(twins));
  });

  it("passes on the report's own finding fingerprint when it has one", async () => {
    const result = await demo('zh');
    const f = checksumFinding(result.report);
    const log = JSON.parse(
      renderReport(
        sarifReporter,
        withFindings(result.report, [{ ...f, fingerprint: '0123456789abcdef0123' }]),
        contextOf(result),
      ),
    ) as Json;
    const known = (((log.runs as Json[])[0] as Json).results as Json[])[0] as Json;
    expect((known.partialFingerprints as Json)[REPORT_FINGERPRINT_KEY]).toBe('0123456789abcdef0123');
  });

  it('writes file paths as valid URI references', () => {
    expect(fileUri('fixtures/demo/demo-county.xlsx')).toBe('fixtures/demo/demo-county.xlsx');
    expect(fileUri('台账 2020.xlsx')).toBe('%E5%8F%B0%E8%B4%A6%202020.xlsx');
    expect(fileUri('data\\台账#1.csv')).toBe('data/%E5%8F%B0%E8%B4%A6%231.csv');
    expect(fileUri('C:\\数据\\a.xlsx')).toBe('file:///C:/%E6%95%B0%E6%8D%AE/a.xlsx');
    expect(fileUri('/srv/data/a b.xlsx')).toBe('file:///srv/data/a%20b.xlsx');
    expect(fileUri('\\\\server\\share\\a.xlsx')).toBe('file://server/share/a.xlsx');
    expect(fileUri('a:b.csv')).toBe('a%3Ab.csv');
    for (const p of ['台账 2020.xlsx', 'data\\台账#1.csv', 'C:\\数据\\a.xlsx', 'a:b.csv', '100%.csv'])
      expect(isUriReference(fileUri(p)), p).toBe(true);
  });

  it('adds helpUri from an absolute docs URL, and refuses a relative one', async () => {
    const result = await demo('zh');
    const reporter = createSarifReporter({
      rulesDocUrl: 'https://example.org/ledgerlint/blob/v0.1.0/docs/rules.md',
    });
    const log = JSON.parse(renderReport(reporter, result.report, contextOf(result))) as Json;
    assertSarif(log);
    const rules = (((log.runs as Json[])[0] as Json).tool as Json).driver as Json;
    expect((rules.rules as Json[]).find((r) => r.id === 'id-number-checksum')?.helpUri).toBe(
      'https://example.org/ledgerlint/blob/v0.1.0/docs/rules/data-quality/id-number-checksum.md',
    );
    expect(() => createSarifReporter({ rulesDocUrl: 'docs/rules.md' })).toThrow(/absolute/);
  });

  it('handles findings without row, sheet or column, and rules whose findings were all left out', async () => {
    const result = await demo('zh');
    const f = checksumFinding(result.report);
    const entry = result.report.summary.byRule['id-number-checksum'];
    if (!entry) throw new Error('no byRule entry');
    const summary = {
      ...result.report.summary,
      byRule: {
        'id-number-checksum': entry,
        'phone-format': { ...entry, severity: 'warning' as const, count: 4, omitted: 4 },
      },
      errors: 1,
      warnings: 4,
      infos: 0,
    };
    const report = withFindings(
      result.report,
      [{ ...f, file: '台账.csv', sheet: null, row: null, column: null, scope: 'input' }],
      summary,
    );
    const log = JSON.parse(renderReport(sarifReporter, report, contextOf(result))) as Json;
    assertSarif(log);
    const run = (log.runs as Json[])[0] as Json;
    const known = (run.results as Json[])[0] as Json;
    expect(known.locations).toEqual([
      { physicalLocation: { artifactLocation: { uri: '%E5%8F%B0%E8%B4%A6.csv' } } },
    ]);
    expect((known.message as Json).text).toBe(f.message);
    const rules = ((run.tool as Json).driver as Json).rules as Json[];
    expect(rules.map((r) => [r.id, (r.defaultConfiguration as Json).level])).toEqual([
      ['id-number-checksum', 'error'],
      ['phone-format', 'warning'],
    ]);
    expect((run.properties as Json).unlistedResults).toBe(4);
  });
});
