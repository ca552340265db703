/**
 * Privacy: ID numbers (身份证号, 残疾人证号) and phone numbers are masked in reports unless the user asks for
 * them (--show-pii). Masking is by shape, so it also catches numbers quoted inside messages.
 * 15-digit first-generation IDs are not masked by shape: 15-digit 户编号 look the same (even the date part).
 */

/**
 * 16 to 22 digits (the last may be X): 18-character IDs, 20-digit 残疾人证号, 22-digit 证件号码, and the
 * mistyped ones a finding quotes (a 17-digit ID is still somebody's ID).
 */
const ID_LIKE = /(?<![\dXx])\d{15,21}[\dXx](?![\dXx])/g;
/** Chinese mobile numbers. */
const PHONE_LIKE = /(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;

export function maskPii(text: string): string {
  return text
    .replace(ID_LIKE, (id) => `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`)
    .replace(PHONE_LIKE, (_all, head: string, tail: string) => `${head}****${tail}`);
}
