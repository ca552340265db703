/**
 * The committed demo ledgers (made by the seeded generator, fixtures/generator) through the real readers and
 * the CLI: the findings must equal the generator's answer key exactly — nothing missed, nothing extra.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './helpers/cli.js';

interface KeyFinding {
  readonly ruleId: string;
  readonly row: number;
  readonly field: string | null;
}

const DEMOS = ['demo-county.xlsx', 'demo-county-gbk.csv'];

describe.each(DEMOS)('demo ledger %s', (name) => {
  const file = path.join('fixtures', 'demo', name);
  const key = JSON.parse(
    readFileSync(
      path.join(ROOT, 'fixtures', 'demo', name.replace(/\.(xlsx|csv)$/, '.answer-key.json')),
      'utf8',
    ),
  ) as { findings: KeyFinding[] };

  it('finds exactly the planted defects of the answer key', () => {
    const run = runCli(['check', file, '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { findings: KeyFinding[] };
    const got = report.findings.map((f) => `${f.row}\t${f.ruleId}\t${f.field}`).sort();
    const want = key.findings.map((f) => `${f.row}\t${f.ruleId}\t${f.field}`).sort();
    expect(got).toEqual(want);
    expect(want.length).toBeGreaterThanOrEqual(20);
  });
});
