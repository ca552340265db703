/**
 * Privacy across every format: a finding quoting an ID number, a phone and bank card numbers (one in a
 * bank-account field, one written in groups in a message) is masked in the output of every registered reporter,
 * and shown in full only with --show-pii.
 */
import { describe, expect, it } from 'vitest';
import { buildReport, type ReportParts } from '../../src/findings/report.js';
import type { Finding } from '../../src/findings/types.js';
import { makeIdNumber } from '../../src/normalize/idnumber.js';
import { renderReport, REPORTERS } from '../../src/reporters/index.js';

const ID = makeIdNumber('450123', '19750402', '011');
const PHONE = '13812345678';
/** A 19-digit card: this body plus its Luhn check digit (ISO/IEC 7812), computed independently of src/. */
const CARD_BODY = '622202123456789012';
/** A passbook account: 15 digits, no check digit. */
const ACCOUNT = '622848012345678';

function luhnCheckDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

const CARD = `${CARD_BODY}${luhnCheckDigit(CARD_BODY)}`;
const GROUPED = CARD.replace(/(\d{4})(?=\d)/g, '$1 ');

function finding(overrides: Partial<Finding>): Finding {
  return {
    ruleId: 'demo-rule',
    severity: 'error',
    messageId: 'm',
    data: {},
    scope: 'household',
    file: 'ledger.csv',
    sheet: null,
    row: 2,
    column: 'C',
    field: null,
    householdId: '450123101001001',
    township: '青山乡',
    village: '石桥村',
    ...overrides,
  };
}

function parts(showPii: boolean): ReportParts {
  return {
    version: '0.0.0',
    params: { year: 2020, assessment_date: '2020-12-31', province: null, all: false, byPack: {} },
    packs: [],
    inputs: [],
    persons: 1,
    households: 1,
    areas: [{ township: '青山乡', village: '石桥村', persons: 1, households: 1 }],
    byStatus: {},
    findings: [
      finding({ data: { id: ID, phone: PHONE, card: GROUPED } }),
      finding({ field: 'bank_account', column: 'D', data: { raw: ACCOUNT } }),
    ],
    lang: 'zh',
    messages: () => ({
      zh: '证件号码 {{id}}，电话 {{phone}}，卡号 {{card}}{{raw}}',
      en: 'ID {{id}}, phone {{phone}}, card {{card}}{{raw}}',
    }),
    fieldLabel: () => undefined,
    showPii,
  };
}

describe('personal data in every format', () => {
  it('masks ID numbers, phones and bank cards unless --show-pii', () => {
    const masked = buildReport(parts(false));
    const shown = buildReport(parts(true));
    const context = { lang: 'zh' as const, color: false, ruleTitles: new Map() };
    expect(Object.keys(REPORTERS).length).toBeGreaterThanOrEqual(7);
    for (const [format, reporter] of Object.entries(REPORTERS)) {
      // Markdown writes the stars of a masked number as \*.
      const out = renderReport(reporter, masked, context).replace(/\\\*/g, '*');
      for (const secret of [ID, PHONE, CARD, GROUPED, ACCOUNT, ID.slice(4, 14), CARD.slice(4, 15)])
        expect(out, `${format} leaks ${secret}`).not.toContain(secret);
      expect(out, format).toContain(`${ID.slice(0, 4)}**********${ID.slice(-4)}`);
      expect(out, format).toContain('138****5678');
      expect(out, format).toContain(`6222***********${CARD.slice(-4)}`);
      expect(out, format).toContain('6228*******5678');

      const full = renderReport(reporter, shown, context);
      expect(full, format).toContain(ID);
      expect(full, format).toContain(GROUPED);
      expect(full, format).toContain(ACCOUNT);
    }
  });
});
