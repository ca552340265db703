/**
 * The shared strings part (xl/sharedStrings.xml) as plain strings, on the sheet tokenizer
 * (xlsx-sheet-scanner.ts) rather than saxes: the table of a county ledger is tens of MB (16.6 MB for the
 * 300,000-person bench ledger) and is read before the first row can be handed out — twice in a check, once by
 * the household-table look-through in the main thread and once by the reader thread — so its parse is
 * start-up time in which nothing is checked. saxes took ~1 s for that table; this scanner about a fifth
 * (BENCHMARKS.md, "xlsx start-up").
 *
 * Each `<si>` is one string: the text of its `<t>` elements (plain, or one per rich-text run `<r>`), leaving
 * out phonetic guides (`<rPh>`, the furigana of Japanese workbooks). Text is kept as stored, spaces included.
 */
import { SheetXmlScanner, type SheetXmlHandler } from './xlsx-sheet-scanner.js';

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
}
