import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { luhnValid, maskPii } from '../../src/findings/mask.js';

describe('maskPii', () => {
  it('masks 18- and 20-character IDs and mobile numbers inside text', () => {
    expect(maskPii('证件号码“45102619570708022X”校验位错误')).toBe('证件号码“4510**********022X”校验位错误');
    expect(maskPii('45102619570708022341')).toBe('4510************2341');
    expect(maskPii('“45102619901121768”格式不正确')).toBe('“4510*********1768”格式不正确');
    expect(maskPii('户联系电话“13812345678”')).toBe('户联系电话“138****5678”');
  });

  it('leaves household IDs, incomes, dates and short numbers alone', () => {
    for (const s of [
      '户 451026101001002',
      '410101800101001',
      '人均纯收入 10926.35 元',
      '2020-12-31',
      '第 57 行',
      '1380000000',
    ]) {
      expect(maskPii(s)).toBe(s);
    }
  });

  it('never lets the middle digits of an ID through', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[1-6]\d{16}[\dX]$/), (id) => {
        expect(maskPii(`“${id}”`)).toBe(`“${id.slice(0, 4)}${'*'.repeat(10)}${id.slice(-4)}”`);
      }),
    );
  });

  it('masks bank card numbers, plain or written in groups', () => {
    expect(maskPii('银行卡号“6222021234567890”')).toBe('银行卡号“6222********7890”');
    expect(maskPii('6217000012345678901')).toBe('6217***********8901');
    const card = withCheckDigit('621700001234567890');
    expect(luhnValid(card)).toBe(true);
    const grouped = card.replace(/(\d{4})(?=\d)/g, '$1 ');
    expect(grouped).toBe(`6217 0000 1234 5678 90${card.slice(-1)}`);
    expect(maskPii(`卡号 ${grouped}。`)).toBe(`卡号 6217***********${card.slice(-4)}。`);
    expect(maskPii(withCheckDigit('622202123456789').replace(/(\d{4})(?=\d)/g, '$1-'))).toBe(
      `6222********${withCheckDigit('622202123456789').slice(-4)}`,
    );
  });

  it('leaves grouped numbers that are not cards alone', () => {
    const card = withCheckDigit('622202123456789');
    const wrong = card.slice(0, 15) + String((Number(card.slice(15)) + 1) % 10);
    const groupedWrong = wrong.replace(/(\d{4})(?=\d)/g, '$1 ');
    expect(maskPii(groupedWrong)).toBe(groupedWrong);
    expect(maskPii('1234 5678 9012')).toBe('1234 5678 9012');
  });

  it('masks every account number in a bank-account field, whatever its length', () => {
    expect(maskPii('12345678901', 'bank_account')).toBe('*******8901');
    expect(maskPii('账号 6228 4801 2345 678', 'bank_account')).toBe('账号 6228*******5678');
    expect(maskPii('12345678901', 'phone')).toBe('12345678901');
    expect(maskPii('12345678901')).toBe('12345678901');
  });

  it('never lets the middle digits of a Luhn-valid card through, grouped or not', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^6\d{14,17}$/), fc.constantFrom('', ' ', '-'), (body, separator) => {
        const card = withCheckDigit(body);
        const written = separator === '' ? card : card.replace(/(\d{4})(?=\d)/g, `$1${separator}`);
        const masked = maskPii(`“${written}”`);
        expect(masked).toBe(`“${card.slice(0, 4)}${'*'.repeat(card.length - 8)}${card.slice(-4)}”`);
      }),
    );
  });
});

/** The number with its Luhn check digit appended. */
function withCheckDigit(body: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(`${body}${d}`)) return `${body}${d}`;
  throw new Error('unreachable');
}
