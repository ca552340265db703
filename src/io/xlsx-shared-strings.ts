/**
 * The shared strings part (xl/sharedStrings.xml) as plain strings, on the sheet tokenizer
 * (xlsx-sheet-scanner.ts) rather than saxes: the table of a county ledger is tens of MB (16.6 MB, 531,492
 * strings for the 300,000-person bench ledger), and saxes, which walks it character by character, took
 * 0.9–1.1 s of CPU for it against 0.65–0.85 s here (BENCHMARKS.md, "xlsx with --jobs 2"). The reader parses it
 * only as far as its rows need (SharedStringsLoader).
 *
 * Each `<si>` is one string: the text of its `<t>` elements (plain, or one per rich-text run `<r>`), leaving
 * out phonetic guides (`<rPh>`, the furigana of Japanese workbooks). Text is kept as stored, spaces included.
 */
import type { Readable } from 'node:stream';
import { PartTextFeed } from './xlsx-part-text.js';
import { characterData, SheetXmlScanner, type SheetXmlHandler } from './xlsx-sheet-scanner.js';

/** Collects the strings of a shared strings part; `write` its text in order, then `end`. */
export class SharedStringsParser implements SheetXmlHandler {
  private readonly scanner = new SheetXmlScanner(this);
  readonly strings: string[] = [];
  private current: string | null = null;
  private inText = false;
  private phonetic = 0;

  write(text: string): void {
    this.scanner.write(text);
  }

  end(): void {
    this.scanner.end();
  }

  /** @internal SheetXmlHandler */
  open(name: string): void {
    if (name === 'si') this.current = '';
    else if (name === 'rPh') this.phonetic++;
    else if (name === 't' && this.phonetic === 0 && this.current !== null) this.inText = true;
  }

  /** @internal SheetXmlHandler */
  close(name: string): void {
    if (name === 't') this.inText = false;
    else if (name === 'rPh') this.phonetic--;
    else if (name === 'si') {
      this.strings.push(this.current ?? '');
      this.current = null;
    }
  }

  /** @internal SheetXmlHandler */
  wantsText(): boolean {
    return this.inText;
  }

  /** @internal SheetXmlHandler */
  text(value: string): void {
    this.current += value;
  }

  /**
   * @internal SheetXmlHandler: `<si><t>text</t></si>` in one call (the scanner's fast path), with the effect
   * of its five events (the text left out, and not read, inside a phonetic guide, as open('t') would).
   */
  plainString(source: string, start: number, end: number): void {
    this.strings.push(this.phonetic === 0 ? characterData(source.slice(start, end)) : '');
    this.current = null;
    this.inText = false;
  }
}

/**
 * The shared strings parsed as far as the rows read so far need, no further: the sheet reader asks for the
 * strings its rows refer to (`ensure`) and the part is parsed on until they are known. Excel writes the table
 * in the order the strings first appear in the sheets, so a sheet's first rows need only its first strings:
 * rows go out without waiting for the whole table (16.6 MB on the 300,000-person bench ledger), and a reader
 * that stops after the header rows (the household-table look-through of `check`) parses next to none of it.
 * A table in another order is parsed as far as the highest index asked for: never more work than parsing it
 * all first.
 */
export class SharedStringsLoader {
  private readonly parser = new SharedStringsParser();
  private readonly feed: PartTextFeed;
  private closed = false;

  constructor(
    private readonly part: string,
    open: () => Promise<Readable>,
  ) {
    this.feed = new PartTextFeed(part, open, this.parser);
  }

  /** Every string of the part has been parsed. */
  get complete(): boolean {
    return this.feed.ended;
  }

  /** The strings parsed so far, by index; the array grows as `ensure` parses on. */
  get strings(): readonly string[] {
    return this.parser.strings;
  }

  /**
   * Parses on until string `index` is known or the part has ended (Infinity: to the end). Rejects, naming the
   * part, when it is damaged. One call at a time.
   */
  async ensure(index: number): Promise<void> {
    if (this.closed) throw new Error(`${this.part}: read after the workbook was closed`);
    try {
      await this.feed.feed(() => this.parser.strings.length > index);
    } catch (err) {
      this.close();
      throw err;
    }
  }

  /** Stops reading the part (its stream is closed); the strings parsed so far stay. */
  close(): void {
    this.closed = !this.complete;
    this.feed.close();
  }
}
