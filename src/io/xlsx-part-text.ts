/**
 * A part of an xlsx package fed to a parser as UTF-8 text, chunk by chunk, as far as asked: to its end (the
 * workbook, relationships and styles parts, XlsxPackage) or only until enough is parsed (the shared strings,
 * SharedStringsLoader). The one place a part is decoded and its errors are named.
 */
import type { Readable } from 'node:stream';

/** What takes the text of a part: `write` each piece in order, then `end`. */
export interface PartTextParser {
  write(text: string): unknown;
  end(): unknown;
}

export class PartTextFeed {
  // One decoder for the whole part: a character split across two inflated chunks is joined, not lost.
  private readonly decoder = new TextDecoder('utf-8');
  private stream: Readable | null = null;
  private chunks: AsyncIterator<unknown> | null = null;
  /** The whole part has been fed and the parser ended. */
  ended = false;

  constructor(
    private readonly part: string,
    private readonly open: () => Promise<Readable>,
    private readonly parser: PartTextParser,
  ) {}

  /**
   * Feeds the part on until `enough()` or its end (then the parser's `end`). Rejects on a part that cannot be
   * opened (the error names it) and, naming the part, on a damaged entry or what the parser throws; the
   * stream is closed then and at the end. One call at a time.
   */
  async feed(enough: () => boolean = () => false): Promise<void> {
    if (this.chunks === null && !this.ended && !enough()) {
      this.stream = await this.open();
      this.chunks = this.stream[Symbol.asyncIterator]();
    }
    try {
      while (!this.ended && !enough()) {
        const next = await (this.chunks as AsyncIterator<unknown>).next();
        if (next.done === true) {
          this.parser.write(this.decoder.decode());
          this.parser.end();
          this.ended = true;
          this.close();
        } else {
          this.parser.write(this.decoder.decode(next.value as Buffer, { stream: true }));
        }
      }
    } catch (err) {
      this.close();
      throw new Error(`${this.part}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  }

  /** Stops reading the part (its stream is destroyed). */
  close(): void {
    this.stream?.destroy();
    this.stream = null;
  }
}
