/**
 * The XML tokenizer of worksheet parts: start and end tags, text and CDATA, with the attributes a sheet's
 * rows need (`r`, `t`, `s` of `<row>` and `<c>`), fed decoded text chunk by chunk.
 *
 * Hand-written rather than a general SAX parser (saxes reads the other parts, xlsx-package.ts) because the
 * sheet part is nearly all of an xlsx's bytes (~1.5 KB of XML per ledger row) and a general parser walks it
 * character by character, validating every name character and building an attribute object per cell:
 * saxes with empty handlers took ~40 µs a ledger row, more than the whole reader should. This scanner jumps
 * between markup characters with String.indexOf (native) and touches only the attributes it is asked for.
 * It still refuses what is not well-formed in ways that matter for a sheet (end tags that do not match, an
 * unknown entity, an unquoted attribute, a part that ends inside an element), so a damaged sheet is unreadable
 * rather than silently short.
 *
 * XML rules kept: entity and character references in text and attribute values, CDATA sections (text
 * as is), comments, processing instructions and a DOCTYPE skipped, line ends (CR LF, CR) read as LF in text.
 * Names are passed without their namespace prefix (the .NET Open XML SDK writes `<x:c>`).
 */

/** Receives the elements and text of a sheet part, in document order. */
export interface SheetXmlHandler {
  /** A start tag (a self-closing element is followed by its close at once). */
  open(name: string, r: string | undefined, t: string | undefined, s: string | undefined): void;
  close(name: string): void;
  /** Character data; called only while `wantsText()` is true. */
  text(text: string): void;
  /** Whether text at this point is used (inside `<v>`, `<f>`, an inline string's `<t>`). */
  wantsText(): boolean;
  /**
   * Optional: a whole cell of the common forms `<c …><v>text</v></c>` and `<c …/>` (no prefix, no formula,
   * attribute values of the usual forms), in place of open('c'), open('v'), text, close('v'), close('c'), its
   * attributes already read (see plainCell) and its text left in the chunk as stored: `source[start, end)`,
   * start -1 for a cell without `<v>`. No string is cut out of the chunk for such a cell, so the handler can
   * read a number or a shared-string index from the characters (xlsx-cell-text.ts); characterData gives the
   * text as `text` would have had it.
   */
  cell?(column: number, type: CellType, style: number, source: string, start: number, end: number): void;
  /**
   * Optional: a whole shared string of the common form `<si><t>text</t></si>` (no prefix, no attribute, no
   * CDATA), in place of open('si'), open('t'), text, close('t'), close('si'); its text left in the chunk as
   * stored, `source[start, end)` (characterData reads it).
   */
  plainString?(source: string, start: number, end: number): void;
}

/**
 * The `t` attribute of a cell as the fast path reads it: the types of ECMA-376 §18.18.11 ('n' also for a
 * cell without `t`); a cell of any other type goes through the tags one by one.
 */
export type CellType = 'n' | 's' | 'str' | 'inlineStr' | 'b' | 'e' | 'd';

const GT = 0x3e;
const SLASH = 0x2f;
const QUESTION = 0x3f;
const BANG = 0x21;
const EQUALS = 0x3d;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
const SPACE = 0x20;
const LT = 0x3c;
const V = 0x76;
const C = 0x63;
const R = 0x72;
const S = 0x73;
const T = 0x74;
const CR = '\r';

/** Excel's last column, XFD, as a 0-based index. */
export const MAX_COLUMN_INDEX = 16_383;

/** Characters of a write joined to the unfinished markup of the last one to finish it (see write). */
const SEAM_CHARS = 4096;

/**
 * Characters that must follow a cell's `<` for the fast path to take it (plainCell). It reads characters one
 * by one without checking for the end of the chunk (a read past it gives NaN, which ends every loop and makes
 * the cell go the general way), but each such read costs a deoptimization of the compiled code (V8), which
 * halved its speed when a cell at each chunk end did it. A plain cell is ~40 characters; the last few cells
 * of a chunk go the general way.
 */
const PLAIN_CELL_WINDOW = 256;

/**
 * Longest stretch kept unparsed between two writes (an unfinished tag, comment or CDATA section). A real
 * sheet's longest tag is a few hundred characters; this bounds the rescanning a hostile part could cause.
 */
const MAX_PENDING_CHARS = 4 * 1024 * 1024;

const PREDEFINED_ENTITIES: ReadonlyMap<string, string> = new Map([
  ['lt', '<'],
  ['gt', '>'],
  ['amp', '&'],
  ['quot', '"'],
  ['apos', "'"],
]);

export class SheetXmlScanner {
  /** Text received but not yet tokenized: an unfinished tag or entity at the end of the last write. */
  private pending = '';
  /** Qualified names of the open elements, for matching end tags. */
  private readonly openElements: string[] = [];
  private sawRoot = false;

  constructor(private readonly handler: SheetXmlHandler) {}

  write(text: string): void {
    let source = text;
    let from = 0;
    const pending = this.pending;
    if (pending.length > 0) {
      // The unfinished markup of the last write is finished with the head of this text, scanned on its own: the
      // whole text joined to it would be a cons string (V8), every character of the chunk read through it, about
      // a third slower. The scan stops where a piece is unfinished and takes up again there (as across writes).
      const head = text.length <= SEAM_CHARS ? text : text.slice(0, SEAM_CHARS);
      const joined = pending + head;
      const consumed = this.scan(joined, 0);
      if (head.length === text.length) {
        source = joined;
        from = consumed;
      } else if (consumed >= pending.length) {
        from = consumed - pending.length;
      } else {
        // Markup longer than the head (a long text or comment): the whole text joined after all.
        source = pending + text;
        from = consumed;
      }
    }
    const consumed = from < source.length ? this.scan(source, from) : from;
    this.pending = consumed < source.length ? source.slice(consumed) : '';
    if (this.pending.length > MAX_PENDING_CHARS) {
      throw new Error(`markup longer than ${MAX_PENDING_CHARS} characters: ${this.pending.slice(0, 40)}…`);
    }
  }

  /** The part has ended: throws when it ends inside markup or an element, or had no element at all. */
  end(): void {
    if (this.pending.trim() !== '') throw new Error(`the part ends inside ${this.pending.slice(0, 40)}`);
    const open = this.openElements[this.openElements.length - 1];
    if (open !== undefined) throw new Error(`unclosed tag <${open}>`);
    if (!this.sawRoot) throw new Error('the part has no root element');
  }

  /** Tokenizes what is complete in `s` from `from` on; returns how far it got (the rest waits for the next write). */
  private scan(s: string, from: number): number {
    const n = s.length;
    const handler = this.handler;
    let i = from;
    while (i < n) {
      // Most often the next markup starts right here (the cells of a row follow one another).
      const lt = s.charCodeAt(i) === LT ? i : s.indexOf('<', i);
      if (lt < 0) return this.trailingText(s, i);
      if (lt > i && handler.wantsText()) this.emitText(s.slice(i, lt));
      if (lt + 1 >= n) return lt;
      const next = s.charCodeAt(lt + 1);
      let end: number;
      if (next === SLASH) end = this.endTag(s, lt);
      else if (next === QUESTION) {
        const close = s.indexOf('?>', lt + 2);
        end = close < 0 ? -1 : close + 2;
      } else if (next === BANG) end = this.declaration(s, lt);
      else {
        // `<c `: a cell, nearly every tag of a sheet; taken whole when it has a plain form (see plainCell) and
        // is not near the end of `s`.
        end =
          lt + PLAIN_CELL_WINDOW < n &&
          next === C &&
          s.charCodeAt(lt + 2) === SPACE &&
          handler.cell !== undefined
            ? this.plainCell(s, lt)
            : next === S && handler.plainString !== undefined
              ? this.plainString(s, lt)
              : -1;
        if (end < 0) end = this.startTag(s, lt);
      }
      if (end < 0) return lt;
      i = end;
    }
    return n;
  }

  /** Text up to the end of `s`: used up to an entity reference or CR that the next write may complete. */
  private trailingText(s: string, from: number): number {
    if (!this.handler.wantsText()) return s.length;
    let cut = s.length;
    const amp = s.lastIndexOf('&');
    if (amp >= from && s.indexOf(';', amp) < 0) cut = amp;
    if (cut > from && s.charCodeAt(cut - 1) === 0x0d) cut -= 1;
    if (cut > from) this.emitText(s.slice(from, cut));
    return cut;
  }

  private emitText(raw: string): void {
    this.handler.text(characterData(raw));
  }

  /** `</name>` at `lt`: the index after it, or -1 when unfinished. */
  private endTag(s: string, lt: number): number {
    const gt = s.indexOf('>', lt + 2);
    if (gt < 0) return -1;
    let nameEnd = gt;
    while (nameEnd > lt + 2 && s.charCodeAt(nameEnd - 1) <= SPACE) nameEnd--;
    const name = elementName(s, lt + 2, nameEnd);
    const open = this.openElements.pop();
    if (open !== name) {
      throw new Error(
        open === undefined ? `end tag </${name}> without a start tag` : `</${name}> where </${open}> belongs`,
      );
    }
    this.handler.close(localName(name));
    return gt + 1;
  }

  /** `<name attr="…" …>` or `<name …/>` at `lt`: the index after it, or -1 when unfinished. */
  private startTag(s: string, lt: number): number {
    const n = s.length;
    let i = lt + 1;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === GT || c === SLASH || c <= SPACE) break;
      i++;
    }
    if (i >= n) return -1;
    if (i === lt + 1) throw new Error('"<" not followed by a name');
    const name = elementName(s, lt + 1, i);
    const local = localName(name);
    const wantsAttributes = local === 'c' || local === 'row';
    let r: string | undefined;
    let t: string | undefined;
    let style: string | undefined;
    let selfClosing = false;
    for (;;) {
      while (i < n && s.charCodeAt(i) <= SPACE) i++;
      if (i >= n) return -1;
      const c = s.charCodeAt(i);
      if (c === GT) {
        i++;
        break;
      }
      if (c === SLASH) {
        if (i + 1 >= n) return -1;
        if (s.charCodeAt(i + 1) !== GT) throw new Error(`"/" inside <${name}>`);
        i += 2;
        selfClosing = true;
        break;
      }
      const nameStart = i;
      while (i < n) {
        const a = s.charCodeAt(i);
        if (a === EQUALS || a <= SPACE || a === GT || a === SLASH) break;
        i++;
      }
      const nameEnd = i;
      while (i < n && s.charCodeAt(i) <= SPACE) i++;
      if (i >= n) return -1;
      if (s.charCodeAt(i) !== EQUALS) throw new Error(`attribute without a value in <${name}>`);
      i++;
      while (i < n && s.charCodeAt(i) <= SPACE) i++;
      if (i >= n) return -1;
      const quote = s.charCodeAt(i);
      if (quote !== DOUBLE_QUOTE && quote !== SINGLE_QUOTE) {
        throw new Error(`attribute value without quotes in <${name}>`);
      }
      const close = s.indexOf(quote === DOUBLE_QUOTE ? '"' : "'", i + 1);
      if (close < 0) return -1;
      if (wantsAttributes && nameEnd === nameStart + 1) {
        const which = s.charCodeAt(nameStart);
        // r, t, s: the only attributes of <row> and <c> the rows need.
        if (which === 0x72) r = attributeValue(s, i + 1, close);
        else if (which === 0x74) t = attributeValue(s, i + 1, close);
        else if (which === 0x73) style = attributeValue(s, i + 1, close);
      }
      i = close + 1;
    }
    this.sawRoot = true;
    this.handler.open(local, r, t, style);
    if (selfClosing) this.handler.close(local);
    else this.openElements.push(name);
    return i;
  }

  /**
   * A cell at `lt` (`<c ` seen) of one of the forms nearly every cell of a ledger has, `<c …><v>text</v></c>`
   * or `<c …/>`, handed to the handler whole (`cell`): the index after it. Its attributes are read from the
   * character codes, without cutting strings out of the chunk: `r` as a column index, `s` as a number, `t` as
   * one of the CellType constants. -1 when the cell has any other form, so that startTag reads it tag by tag
   * with the same result (and the same errors): an attribute value of another form (a reference, white space,
   * a type not in CellType, a column right of XFD), space around `=`, a formula or an inline string, or a
   * cell that does not end within `s`.
   *
   * This is the reader thread's hottest code (a county ledger has ~40 cells a row): the general path cut three
   * attribute strings and the text out of the chunk for each cell and parsed them again in the handler.
   */
  private plainCell(s: string, lt: number): number {
    const n = s.length;
    const handler = this.handler as Required<SheetXmlHandler>;
    let column = -1;
    let type: CellType = 'n';
    let style = 0;
    let i = lt + 3;
    for (;;) {
      let c = s.charCodeAt(i);
      while (c <= SPACE) c = s.charCodeAt(++i);
      if (c === GT) {
        i++;
        break;
      }
      if (c === SLASH) {
        if (s.charCodeAt(i + 1) !== GT) return -1;
        this.sawRoot = true;
        handler.cell(column, type, style, s, -1, -1);
        return i + 2;
      }
      // Past the end of `s` (NaN) or an attribute not of the form name="value".
      if (!(c > SPACE)) return -1;
      if (s.charCodeAt(i + 1) === EQUALS && (c === R || c === S || c === T)) {
        const quote = s.charCodeAt(i + 2);
        if (quote !== DOUBLE_QUOTE && quote !== SINGLE_QUOTE) return -1;
        let j = i + 3;
        if (c === R) {
          // Column letters, then the row number's digits, and nothing else.
          let letters = 0;
          column = 0;
          for (
            let code = s.charCodeAt(j) | 0x20;
            code >= 0x61 && code <= 0x7a;
            code = s.charCodeAt(++j) | 0x20
          ) {
            column = column * 26 + (code - 0x60);
            letters++;
          }
          column -= 1;
          if (letters === 0 || letters > 3 || column > MAX_COLUMN_INDEX) return -1;
          for (let d = s.charCodeAt(j) - 0x30; d >= 0 && d <= 9; d = s.charCodeAt(++j) - 0x30);
        } else if (c === S) {
          style = 0;
          for (let d = s.charCodeAt(j) - 0x30; d >= 0 && d <= 9; d = s.charCodeAt(++j) - 0x30) {
            style = style * 10 + d;
          }
          if (j === i + 3 || j - i - 3 > 9) return -1;
        } else {
          const known = cellTypeAt(s, j, quote);
          if (known === null) return -1;
          type = known;
          j += known.length;
        }
        if (s.charCodeAt(j) !== quote) return -1;
        i = j + 1;
      } else {
        // Another attribute (spans, ph, cm, vm …): not read, as startTag does not read it either.
        while (c !== EQUALS && c > SPACE && c !== GT && c !== SLASH) c = s.charCodeAt(++i);
        if (c !== EQUALS) return -1;
        const quote = s.charCodeAt(i + 1);
        if (quote !== DOUBLE_QUOTE && quote !== SINGLE_QUOTE) return -1;
        const close = s.indexOf(quote === DOUBLE_QUOTE ? '"' : "'", i + 2);
        if (close < 0) return -1;
        i = close + 1;
      }
    }
    if (s.charCodeAt(i) !== LT || s.charCodeAt(i + 1) !== V || s.charCodeAt(i + 2) !== GT) return -1;
    // The text, to the next "<" (a short loop: a builtin call costs more for the few characters of a value).
    const start = i + 3;
    let end = start;
    while (end < n && s.charCodeAt(end) !== LT) end++;
    if (
      end + 7 >= n ||
      s.charCodeAt(end + 1) !== SLASH ||
      s.charCodeAt(end + 2) !== V ||
      s.charCodeAt(end + 3) !== GT ||
      s.charCodeAt(end + 4) !== LT ||
      s.charCodeAt(end + 5) !== SLASH ||
      s.charCodeAt(end + 6) !== C ||
      s.charCodeAt(end + 7) !== GT
    ) {
      return -1;
    }
    this.sawRoot = true;
    handler.cell(column, type, style, s, start, end);
    return end + 8;
  }

  /**
   * `<si><t>text</t></si>` at `lt`, the form of nearly every string of a shared strings table, handed to the
   * handler whole (`plainString`): the index after it; -1 for any other form (or one not complete within `s`),
   * read tag by tag then.
   */
  private plainString(s: string, lt: number): number {
    if (!s.startsWith('<si><t>', lt)) return -1;
    const start = lt + 7;
    const end = s.indexOf('<', start);
    if (end < 0 || !s.startsWith('</t></si>', end)) return -1;
    this.sawRoot = true;
    (this.handler as Required<SheetXmlHandler>).plainString(s, start, end);
    return end + 9;
  }

  /** `<!--…-->`, `<![CDATA[…]]>` or `<!DOCTYPE …>` at `lt`: the index after it, or -1 when unfinished. */
  private declaration(s: string, lt: number): number {
    if (s.startsWith('<!--', lt)) {
      const close = s.indexOf('-->', lt + 4);
      return close < 0 ? -1 : close + 3;
    }
    if (s.startsWith('<![CDATA[', lt)) {
      const close = s.indexOf(']]>', lt + 9);
      if (close < 0) return -1;
      if (this.handler.wantsText()) {
        const text = s.slice(lt + 9, close);
        this.handler.text(detached(text.includes(CR) ? text.replace(/\r\n?/g, '\n') : text));
      }
      return close + 3;
    }
    if (s.startsWith('<!DOCTYPE', lt)) {
      const gt = s.indexOf('>', lt);
      const bracket = s.indexOf('[', lt);
      if (bracket < 0 || (gt >= 0 && gt < bracket)) return gt < 0 ? -1 : gt + 1;
      // An internal subset: its declarations end with "]", then ">".
      const closeBracket = s.indexOf(']', bracket);
      const after = closeBracket < 0 ? -1 : s.indexOf('>', closeBracket);
      return after < 0 ? -1 : after + 1;
    }
    // Too short yet to tell which: wait for more text.
    if (s.length - lt < 9 && ('<![CDATA['.startsWith(s.slice(lt)) || '<!DOCTYPE'.startsWith(s.slice(lt)))) {
      return -1;
    }
    if (s.length - lt < 4 && '<!--'.startsWith(s.slice(lt))) return -1;
    throw new Error(`unexpected markup ${s.slice(lt, lt + 12)}`);
  }
}

/**
 * Character data as stored (the raw text between two tags) as the text it stands for: references replaced (an
 * unknown one throws), line ends read as LF, detached from the chunk. What `text` gets, and what a handler's
 * `cell` reads its text with when it needs it as a string.
 */
export function characterData(raw: string): string {
  let text = raw.includes('&') ? decodeReferences(raw) : raw;
  if (text.includes(CR)) text = text.replace(/\r\n?/g, '\n');
  return detached(text);
}

/**
 * Text of its own, not a view into the chunk it was cut from: V8 makes a slice of 13 characters or more a
 * reference to the whole chunk (~100 K characters), which a value kept in a record or a finding would keep alive.
 * Joining forces a flat copy of just the text.
 */
function detached(text: string): string {
  return text.length < 13 ? text : (' ' + text).slice(1);
}

/** The cell type whose name starts at `at` and ends at the closing quote; null for any other value. */
function cellTypeAt(s: string, at: number, quote: number): CellType | null {
  if (s.charCodeAt(at + 1) === quote) {
    switch (s.charCodeAt(at)) {
      case 0x73:
        return 's';
      case 0x6e:
        return 'n';
      case 0x62:
        return 'b';
      case 0x65:
        return 'e';
      case 0x64:
        return 'd';
    }
    return null;
  }
  if (s.startsWith('str', at) && s.charCodeAt(at + 3) === quote) return 'str';
  if (s.startsWith('inlineStr', at) && s.charCodeAt(at + 9) === quote) return 'inlineStr';
  return null;
}

/** The element name in s[start, end); the names of cells and rows come as constants, without a new string. */
function elementName(s: string, start: number, end: number): string {
  switch (end - start) {
    case 1:
      switch (s.charCodeAt(start)) {
        case 0x63:
          return 'c';
        case 0x76:
          return 'v';
        case 0x66:
          return 'f';
        case 0x74:
          return 't';
      }
      break;
    case 2:
      if (s.startsWith('is', start)) return 'is';
      if (s.startsWith('si', start)) return 'si';
      break;
    case 3:
      if (s.startsWith('row', start)) return 'row';
      break;
  }
  return s.slice(start, end);
}

/** An element name without its namespace prefix. */
function localName(name: string): string {
  // The names of cells and their values, most of a sheet's tags, have none (elementName's constants).
  if (name === 'c' || name === 'v' || name === 'row' || name === 't' || name === 'si') return name;
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

function attributeValue(s: string, start: number, end: number): string {
  const value = s.slice(start, end);
  return value.includes('&') ? decodeReferences(value) : value;
}

/** Entity (`&amp;` …) and character (`&#38;`, `&#x26;`) references replaced; an unknown one is an error. */
function decodeReferences(text: string): string {
  let out = '';
  let from = 0;
  for (;;) {
    const amp = text.indexOf('&', from);
    if (amp < 0) return out + text.slice(from);
    const semicolon = text.indexOf(';', amp + 1);
    if (semicolon < 0) throw new Error(`"&" not part of a reference: ${text.slice(amp, amp + 12)}`);
    const ref = text.slice(amp + 1, semicolon);
    out += text.slice(from, amp) + referenceText(ref);
    from = semicolon + 1;
  }
}

function referenceText(ref: string): string {
  if (ref.startsWith('#')) {
    const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    const digits = ref[1] === 'x' ? /^#x[0-9a-fA-F]+$/ : /^#[0-9]+$/;
    if (!digits.test(ref) || !(code >= 1 && code <= 0x10ffff))
      throw new Error(`bad character reference &${ref};`);
    return String.fromCodePoint(code);
  }
  const text = PREDEFINED_ENTITIES.get(ref);
  if (text === undefined) throw new Error(`undefined entity &${ref};`);
  return text;
}
