/**
 * Privacy: ID numbers (身份证号, 残疾人证号), phone numbers and bank card numbers (银行卡号) are masked in reports
 * unless the user asks for them (--show-pii). Masking is by shape, so it also catches numbers quoted inside
 * messages; values of a bank-account field are masked whatever their shape.
 * 15-digit first-generation IDs are not masked by shape: 15-digit 户编号 look the same (even the date part).
 */

/**
 * 16 to 22 digits (the last may be X): 18-character IDs, 20-digit 残疾人证号, 22-digit 证件号码, and the
 * mistyped ones a finding quotes (a 17-digit ID is still somebody's ID). This also covers bank card numbers
 * written without separators (16–19 digits, ISO/IEC 7812), whether or not their check digit is right.
 */
const ID_LIKE = /(?<![\dXx])\d{15,21}[\dXx](?![\dXx])/g;
/** Chinese mobile numbers. */
const PHONE_LIKE = /(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;
/**
 * A bank card number written in groups, as printed on the card or copied from a passbook: "6222 0212 3456 7890",
 * "6217-0000-1234-5678-901". Masked when it has 16–19 digits and a valid Luhn check digit (ISO/IEC 7812-1),
 * which keeps other grouped numbers (amounts, dates) as they are.
 */
const GROUPED_CARD_LIKE = /(?<!\d[ -]?)\d{4}(?:[ -]\d{4}){3}(?:[ -]\d{1,3})?(?![ -]?\d)/g;
/** Any run of 8 or more digits, separators allowed: the numbers inside a bank-account field's value. */
const ACCOUNT_LIKE = /(?<!\d)\d(?:[ -]?\d){7,}(?!\d)/g;

/** Canonical fields whose values are bank card or account numbers (src/dictionary/fields.ts). */
export const BANK_ACCOUNT_FIELDS: ReadonlySet<string> = new Set(['bank_account']);

/**
 * Masks ID numbers, phones and bank cards in a text: the first and last four digits stay (`6222********1234`,
 * separators dropped), the rest become `*`. With the field of a finding, a value of a bank-account field is
 * masked whatever its length or check digit (passbook accounts are shorter and not Luhn-checked).
 */
export function maskPii(text: string, field?: string | null): string {
  const masked = text
    .replace(ID_LIKE, keepEnds)
    .replace(PHONE_LIKE, (_all, head: string, tail: string) => `${head}****${tail}`)
    .replace(GROUPED_CARD_LIKE, (card) => {
      const digits = card.replace(/\D/g, '');
      return digits.length >= 16 && luhnValid(digits) ? keepEnds(digits) : card;
    });
  if (field === undefined || field === null || !BANK_ACCOUNT_FIELDS.has(field)) return masked;
  return masked.replace(ACCOUNT_LIKE, (account) => {
    const digits = account.replace(/\D/g, '');
    return digits.length >= 12 ? keepEnds(digits) : `${'*'.repeat(digits.length - 4)}${digits.slice(-4)}`;
  });
}

function keepEnds(number: string): string {
  return `${number.slice(0, 4)}${'*'.repeat(number.length - 8)}${number.slice(-4)}`;
}

/** The Luhn (mod 10) check of ISO/IEC 7812-1, over a string of digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}
