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
   * Optional: a whole cell of the common form `<c …><v>text</v></c>` (no prefix, no formula, no reference in
   * the text), in place of open('c'), open('v'), text, close('v'), close('c').
   */
  cell?(r: string | undefined, t: string | undefined, s: string | undefined, value: string): void;
}

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
const CR = '\r';

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
    const source = this.pending.length > 0 ? this.pending + text : text;
    const consumed = this.scan(source);
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

  /** Tokenizes what is complete in `s`; returns how far it got (the rest waits for the next write). */
  private scan(s: string): number {
    const n = s.length;
    const handler = this.handler;
    let i = 0;
    while (i < n) {
      const lt = s.indexOf('<', i);
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
      else end = this.startTag(s, lt);
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
    let text = raw.includes('&') ? decodeReferences(raw) : raw;
    if (text.includes(CR)) text = text.replace(/\r\n?/g, '\n');
    this.handler.text(detached(text));
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
    if (!selfClosing && name === 'c' && this.handler.cell !== undefined) {
      const end = this.plainCell(s, i, r, t, style);
      if (end >= 0) return end;
    }
    this.handler.open(local, r, t, style);
    if (selfClosing) this.handler.close(local);
    else this.openElements.push(name);
    return i;
  }

  /**
   * After the start tag of a cell, at `i`: `<v>text</v></c>`, the form of nearly every cell of a ledger, handed
   * to the handler whole (`cell`) without going through the tags one by one; the index after `</c>`. -1 when
   * the cell has another form, holds a reference or a CR in its text, or does not end within `s`: the tags are
   * then read one by one as usual.
   */
  private plainCell(
    s: string,
    i: number,
    r: string | undefined,
    t: string | undefined,
    style: string | undefined,
  ): number {
    if (s.charCodeAt(i) !== LT || s.charCodeAt(i + 1) !== V || s.charCodeAt(i + 2) !== GT) return -1;
    const lt = s.indexOf('<', i + 3);
    if (lt < 0 || !s.startsWith('</v></c>', lt)) return -1;
    const text = s.slice(i + 3, lt);
    if (text.includes('&') || text.includes(CR)) return -1;
    (this.handler.cell as NonNullable<SheetXmlHandler['cell']>)(r, t, style, detached(text));
    return lt + 8;
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
 * Text of its own, not a view into the chunk it was cut from: V8 makes a slice of 13 characters or more a
 * reference to the whole chunk (~100 K characters), which a value kept in a record or a finding would keep alive.
 * Joining forces a flat copy of just the text.
 */
function detached(text: string): string {
  return text.length < 13 ? text : (' ' + text).slice(1);
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
  if (name === 'c' || name === 'v' || name === 'row') return name;
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
