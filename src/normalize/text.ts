/**
 * Pure text helpers shared by the readers, the header mapper, value coercion and the dictionary lookups.
 * No I/O, no state: every function maps a string to a string.
 */

/** Full-width signs U+FFE0–U+FFE6 and their narrow forms (as NFKC maps them): ￠￡￢￣￤￥￦. */
const FULL_WIDTH_SIGNS = ['¢', '£', '¬', '¯', '¦', '¥', '₩'];

/**
 * Full-width ASCII (U+FF01–U+FF5E) → half-width (U+0021–U+007E), ideographic space (U+3000) → ' ',
 * full-width signs (U+FFE0–U+FFE6, e.g. ￥ → ¥) → their narrow forms. CJK characters and CJK punctuation
 * without an ASCII twin (、。《》【】) are kept as they are.
 */
export function toHalfWidth(s: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 0xff01 && code <= 0xff5e) out += String.fromCodePoint(code - 0xfee0);
    else if (code === 0x3000) out += ' ';
    else if (code >= 0xffe0 && code <= 0xffe6) out += FULL_WIDTH_SIGNS[code - 0xffe0] ?? ch;
    else out += ch;
  }
  return out;
}

/**
 * Characters that are invisible in a spreadsheet but break equality: zero-width space/joiners, word
 * joiner and the byte-order mark (csv-parse keeps a BOM in the first header unless told otherwise).
 */
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/g;

/** Any whitespace, including newlines inside a cell ("家庭成员\n姓名"), NBSP and the ideographic space. */
const ANY_SPACE = /\s+/g;

/**
 * Canonical form of a free-text cell value:
 * 1. Unicode NFKC — full-width letters/digits/punctuation become ASCII (`１２３` → `123`, `（` → `(`),
 *    compatibility characters are decomposed (`㎡` → `m2`); CJK ideographs are unchanged;
 * 2. invisible characters (zero-width, BOM) removed;
 * 3. leading/trailing whitespace trimmed and every inner whitespace run collapsed to one space.
 */
export function normalizeText(s: string): string {
  return s.normalize('NFKC').replace(INVISIBLE, '').replace(ANY_SPACE, ' ').trim();
}

/** Opening brackets that are unified to '(' (after NFKC: ［ → [ and ｛ → { already). */
const OPEN_BRACKETS = /[[{【〔〖〘〈《「『]/g;
/** Closing brackets that are unified to ')'. */
const CLOSE_BRACKETS = /[\]}】〕〗〙〉》」』]/g;
/** Dashes and tildes that are unified to '-' (after NFKC: － → -, ～ → ~). */
const DASHES = /[‐‑‒–—―−~〜]/g;
/** Curly and CJK quotes, unified to '"'. */
const QUOTES = /[“”„‟"'‘’‚‛]/g;

/**
 * Bracket contents that annotate a header rather than name it: units ("（元）", "(m²)" — NFKC makes it
 * "(m2)"), per-unit forms ("(元/人)"), an optional "单位:" prefix, and form markers such as "（必填）",
 * "（单选）", "(复选,最多2项)".
 */
const UNIT_WORDS = [
  '元',
  '万元',
  '千元',
  '元/人',
  '元/年',
  '元/人/年',
  '元/人·年',
  '人',
  '口',
  '户',
  '个',
  '次',
  '月',
  '个月',
  '年',
  '岁',
  '天',
  '日',
  '小时',
  '亩',
  '平方米',
  '平米',
  'm2',
  '公里',
  '千米',
  'km',
  '米',
  'm',
  '%',
];
const UNIT_ANNOTATION = new RegExp(
  `\\((?:单位:)?(?:${UNIT_WORDS.map(escapeRegExp).join('|')})\\)|\\((?:必填|选填|单选|多选|复选|可多选)[^()]*\\)`,
  'gi',
);

/** "其中:" (NFKC turns "其中：" into "其中:") introduces a sub-item column in two-level headers. */
const LEADING_OF_WHICH = /^其中[:,]?/;
/** Required-field markers put in front of (or after) header text by import templates: "*姓名", "※姓名". */
const REQUIRED_MARKS = /^[*※]+|[*※]+$/g;

/**
 * Key used to match a header cell against the alias dictionary. Steps, in order:
 * 1. NFKC (full-width → ASCII, `（元）` → `(元)`, `㎡` → `m2`, `：` → `:`);
 * 2. remove ALL whitespace, including newlines inside the cell and invisible characters;
 * 3. unify brackets (`【】〔〕[]{}《》「」` → `()`), dashes/tildes (→ `-`) and quotes (→ `"`);
 * 4. drop required-field markers (`*`, `※`) at either end;
 * 5. drop a leading `其中:` / `其中`;
 * 6. drop bracketed unit or form annotations anywhere: `(元)`, `(万元)`, `(人)`, `(月)`, `(亩)`, `(平方米)`,
 *    `(m2)`, `(公里)`, `(单位:元)`, `(必填)`, `(单选)`, … — other brackets stay (`县(市、区、旗)`);
 * 7. lowercase ASCII letters only (`AAC001` → `aac001`); CJK is unaffected.
 */
export function normalizeHeaderText(s: string): string {
  let t = s.normalize('NFKC').replace(INVISIBLE, '').replace(ANY_SPACE, '');
  t = t.replace(OPEN_BRACKETS, '(').replace(CLOSE_BRACKETS, ')').replace(DASHES, '-').replace(QUOTES, '"');
  t = t.replace(REQUIRED_MARKS, '');
  t = t.replace(LEADING_OF_WHICH, '');
  t = t.replace(UNIT_ANNOTATION, '');
  return lowerAscii(t);
}

/**
 * Key used to match a cell value against a code list (labels, synonyms, codes): NFKC, no whitespace at
 * all (labels never contain spaces; "普通高中 一年级" is a typo of the same value), brackets unified
 * as in {@link normalizeHeaderText} (`低保（部分）贫困户` = `低保(部分)贫困户`), ASCII lowercased (`a级` = `A级`).
 */
export function normalizeCodeText(s: string): string {
  const t = s
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(ANY_SPACE, '')
    .replace(OPEN_BRACKETS, '(')
    .replace(CLOSE_BRACKETS, ')')
    .replace(DASHES, '-')
    .replace(QUOTES, '"');
  return lowerAscii(t);
}

/** Lowercases A–Z only (String.prototype.toLowerCase would also fold Greek, Cyrillic, …). */
function lowerAscii(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
