/**
 * A part of an xlsx package fed to a parser as UTF-8 text, chunk by chunk, as far as asked: to its end (the
 * workbook, relationships and styles parts, XlsxPackage) or only until enough is parsed (the shared strings,
 * SharedStringsLoader). The one place a part is decoded and its errors are named.
 */
import { isAscii } from 'node:buffer';
import type { Readable } from 'node:stream';

/** What takes the text of a part: `write` each piece in order, then `end`. */
export interface PartTextParser {
  write(text: string): unknown;
  end(): unknown;
}

/**
 * The UTF-8 bytes of a part as text, chunk by chunk: one decoder for the whole part, so a character split
 * across two inflated chunks is joined, not lost. A chunk of ASCII bytes only (nearly every chunk of a sheet
 * whose text is in the shared strings) is taken as Latin-1 instead, which is the same text: copying the bytes
 * into a string is about a tenth of the TextDecoder's work. That is done only when the decoder holds no part
 * of a character (the last chunk it was given ended with an ASCII byte) and has seen the part's start (where
 * it drops a byte order mark), so the text is always what the TextDecoder alone would give.
 */
export class PartDecoder {
  private readonly decoder = new TextDecoder('utf-8');
  /** The decoder has seen bytes and holds none of a character cut at the end of the last chunk. */
  private clear = false;

  decode(chunk: Buffer): string {
    if (this.clear && isAscii(chunk)) return chunk.toString('latin1');
    if (chunk.length > 0) this.clear = (chunk[chunk.length - 1] as number) < 0x80;
    return this.decoder.decode(chunk, { stream: true });
  }

  /** The end of the part: what the decoder still holds (U+FFFD for an unfinished character). */
  end(): string {
    return this.decoder.decode();
  }
}

export class PartTextFeed {
  private readonly decoder = new PartDecoder();
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
          this.parser.write(this.decoder.end());
          this.parser.end();
          this.ended = true;
          this.close();
        } else {
          this.parser.write(this.decoder.decode(next.value as Buffer));
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
