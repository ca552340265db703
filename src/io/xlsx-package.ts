/**
 * The parts of an xlsx package around the sheets: the zip (yauzl, random access through the central
 * directory, so any entry order works and nothing is spooled), the workbook's sheet list, its relationships,
 * the date styles of styles.xml and the shared strings. The small parts are streamed through saxes, the shared
 * strings through the sheet tokenizer (xlsx-shared-strings.ts); only what the sheets need is kept (the shared
 * strings as plain strings, one flag per cell style).
 *
 * Element names are compared without their namespace prefix: the .NET Open XML SDK writes `<x:c>`,
 * `<x:row>` … where Excel writes `<c>`, `<row>`.
 */
import { createReadStream } from 'node:fs';
import { pipeline, Transform, type Readable, type TransformCallback } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import yauzl from 'yauzl';
import { LedgerlintError } from '../errors.js';
import { fsError } from './encoding.js';
import { PartTextFeed, type PartTextParser } from './xlsx-part-text.js';
import { SharedStringsLoader } from './xlsx-shared-strings.js';
import { ZipDirectoryGuard } from './zipguard.js';

/** A `<sheet>` of xl/workbook.xml with the zip entry of its part (null: no such part, e.g. a chart sheet). */
export interface WorkbookSheet {
  readonly name: string;
  /** 'hidden' or 'veryHidden' for sheets Excel does not show; 'visible' otherwise. */
  readonly state: string;
  /** Path of the sheet part inside the zip, e.g. xl/worksheets/sheet1.xml; null when there is none. */
  readonly part: string | null;
}

export interface WorkbookParts {
  /** The sheets in workbook order (the order of Excel's tabs). */
  readonly sheets: readonly WorkbookSheet[];
  readonly date1904: boolean;
  /** Shared strings by index, rich text and runs flattened to plain text: those parsed so far (stringsLoader). */
  readonly sharedStrings: readonly string[];
  /** For each cell style index (the `s` attribute of a cell): true when its number format shows a date or time. */
  readonly dateStyles: readonly boolean[];
  /**
   * What parses the shared strings on demand (`await stringsLoader.ensure(Infinity)` for the whole table);
   * `sharedStrings` is its live array, which holds the strings parsed so far. Absent: the workbook has no
   * shared strings part.
   */
  readonly stringsLoader?: SharedStringsLoader;
}

export interface ReadPartsOptions {
  /**
   * Called with the sheet list as soon as it is read, before the styles and shared strings are (the reader
   * starts the merged-range pass of its first sheet there, to run beside them).
   */
  readonly sheetsKnown?: (sheets: readonly WorkbookSheet[]) => void;
}

const WORKSHEET_TYPE = /\/worksheet$/;
const SHARED_STRINGS_TYPE = /\/sharedStrings$/;
const STYLES_TYPE = /\/styles$/;
const OFFICE_DOCUMENT_TYPE = /\/officeDocument$/;

/** An open xlsx file: its zip entries by (lower-cased) name. Close it when done. */
export class XlsxPackage {
  private constructor(
    private readonly path: string,
    private readonly zip: yauzl.ZipFile,
    private readonly entries: ReadonlyMap<string, yauzl.Entry>,
  ) {}

  /**
   * Opens the zip and reads its directory through the zip-bomb guard (zipguard.ts). Fails with io.* errors:
   * file system errors as such, anything the zip layer rejects as io.xlsx-unreadable.
   */
  static async open(path: string, file: string): Promise<XlsxPackage> {
    let zip: yauzl.ZipFile;
    try {
      zip = await yauzl.openPromise(path, {
        autoClose: false,
        lazyEntries: true,
        // What an entry inflates to is held to the size its directory entry declares, which the guard has checked.
        validateEntrySizes: true,
        strictFileNames: false,
      });
    } catch (err) {
      throw isFsError(err) ? fsError(err, file) : unreadable(file, err);
    }
    const entries = new Map<string, yauzl.Entry>();
    try {
      const guard = new ZipDirectoryGuard(file, zip.fileSize);
      for await (const entry of zip.eachEntry()) {
        guard.add(entry);
        // OPC part names are case-insensitive; a few writers put backslashes in zip names (yauzl turns them into /).
        entries.set(entry.fileName.toLowerCase(), entry);
      }
    } catch (err) {
      zip.close();
      throw unreadable(file, err);
    }
    return new XlsxPackage(path, zip, entries);
  }

  /** The (lower-cased) names of the package's zip entries, in directory order. */
  partNames(): string[] {
    return [...this.entries.keys()];
  }

  has(part: string): boolean {
    return this.entries.has(part.toLowerCase());
  }

  /**
   * The inflated bytes of a part, as a stream, held to the size its directory entry declares (which the
   * zip-bomb guard has checked). The part is read and inflated here rather than by yauzl, in big chunks: yauzl
   * reads 16 KiB at a time through two stream stages of its own and its inflate writes 16 KiB chunks, and
   * every chunk costs a file read and an inflate call handed to libuv's pool, stream hand-offs, a decode and
   * a parser call. With READ_CHUNK_BYTES and INFLATE_CHUNK_BYTES a sheet is read in a sixteenth as many
   * reads and arrives in about a sixth as many chunks. yauzl still finds where the entry's data starts (its
   * local header, checked against the file's size).
   */
  async stream(part: string): Promise<Readable> {
    const entry = this.entries.get(part.toLowerCase());
    if (entry === undefined) throw new Error(`${part} is missing`);
    if (entry.isEncrypted()) throw new Error(`${part} is encrypted`);
    if (entry.compressionMethod === 0) return this.zip.openReadStreamPromise(entry);
    if (entry.compressionMethod !== 8) {
      throw new Error(`${part}: unsupported compression method ${entry.compressionMethod}`);
    }
    let raw: Readable;
    if (entry.compressedSize === 0) {
      raw = await this.zip.openReadStreamPromise(entry, { decodeFileData: false });
    } else {
      const { fileDataStart } = await this.zip.readLocalFileHeaderPromise(entry, { minimal: true });
      raw = createReadStream(this.path, {
        start: fileDataStart,
        end: fileDataStart + entry.compressedSize - 1,
        highWaterMark: READ_CHUNK_BYTES,
      });
    }
    const inflated = new DeclaredSize(entry.uncompressedSize);
    // pipeline destroys every stage when one fails or the consumer destroys the last: the error reaches the
    // consumer's loop, and an early stop closes the file stream.
    pipeline(raw, createInflateRaw({ chunkSize: INFLATE_CHUNK_BYTES }), inflated, () => undefined);
    return inflated;
  }

  /** Stops new reads; the file is closed once the streams still open have ended. */
  close(): void {
    this.zip.close();
  }

  /** Workbook, relationships and styles, and the loader of the shared strings: everything the sheets need. */
  async readParts(options: ReadPartsOptions = {}): Promise<WorkbookParts> {
    const workbookPart = await this.workbookPart();
    if (!this.has(workbookPart)) {
      options.sheetsKnown?.([]);
      return { sheets: [], date1904: false, sharedStrings: [], dateStyles: [] };
    }
    const base = workbookPart.slice(0, workbookPart.lastIndexOf('/') + 1);
    const relsPart = `${base}_rels/${workbookPart.slice(base.length)}.rels`;
    const rels = this.has(relsPart) ? await this.readRelationships(relsPart, base) : [];
    const { sheets, date1904 } = await this.readWorkbook(workbookPart, rels);
    options.sheetsKnown?.(sheets);
    const related = (type: RegExp, fallback: string) => {
      const target = rels.find((r) => type.test(r.type))?.target ?? `${base}${fallback}`;
      return this.has(target) ? target : null;
    };
    const stylesPart = related(STYLES_TYPE, 'styles.xml');
    const stringsPart = related(SHARED_STRINGS_TYPE, 'sharedStrings.xml');
    const dateStyles = stylesPart === null ? [] : await this.readDateStyles(stylesPart);
    if (stringsPart === null) return { sheets, date1904, dateStyles, sharedStrings: [] };
    const loader = new SharedStringsLoader(stringsPart, () => this.stream(stringsPart));
    return { sheets, date1904, dateStyles, sharedStrings: loader.strings, stringsLoader: loader };
  }

  /** The main part named by _rels/.rels (officeDocument); xl/workbook.xml when the package does not say. */
  private async workbookPart(): Promise<string> {
    if (!this.has('_rels/.rels')) return 'xl/workbook.xml';
    const rels = await this.readRelationships('_rels/.rels', '');
    return rels.find((r) => OFFICE_DOCUMENT_TYPE.test(r.type))?.target ?? 'xl/workbook.xml';
  }

  private async readRelationships(part: string, base: string): Promise<Relationship[]> {
    const rels: Relationship[] = [];
    await this.parse(part, {
      opentag(tag) {
        if (localName(tag.name) !== 'Relationship') return;
        const { Id, Type, Target, TargetMode } = tag.attributes;
        if (Id === undefined || Target === undefined || TargetMode === 'External') return;
        rels.push({ id: Id, type: Type ?? '', target: resolveTarget(base, Target) });
      },
    });
    return rels;
  }

  private async readWorkbook(
    part: string,
    rels: readonly Relationship[],
  ): Promise<{ sheets: WorkbookSheet[]; date1904: boolean }> {
    const sheets: WorkbookSheet[] = [];
    let date1904 = false;
    await this.parse(part, {
      opentag: (tag) => {
        const name = localName(tag.name);
        if (name === 'workbookPr') date1904 = isTrue(tag.attributes.date1904);
        if (name !== 'sheet') return;
        const rel = rels.find((r) => r.id === relationshipId(tag.attributes));
        const isWorksheet = rel !== undefined && (rel.type === '' || WORKSHEET_TYPE.test(rel.type));
        sheets.push({
          name: tag.attributes.name ?? '',
          state: tag.attributes.state ?? 'visible',
          part: isWorksheet && this.has(rel.target) ? rel.target : null,
        });
      },
    });
    return { sheets, date1904 };
  }

  /**
   * Which cell styles are dates: cellXfs → numFmtId → the format code declared in <numFmts> (its tokens
   * decide, see isDateFormat) or, for a built-in id not declared there, the built-in date ids.
   */
  private async readDateStyles(part: string): Promise<boolean[]> {
    const formats = new Map<number, string>();
    const styleFormats: number[] = [];
    let section = '';
    await this.parse(part, {
      opentag(tag) {
        const name = localName(tag.name);
        if (name === 'numFmts' || name === 'cellXfs') section = name;
        else if (name === 'numFmt' && section === 'numFmts') {
          formats.set(Number(tag.attributes.numFmtId), tag.attributes.formatCode ?? '');
        } else if (name === 'xf' && section === 'cellXfs') {
          styleFormats.push(Number(tag.attributes.numFmtId ?? 0));
        }
      },
      closetag(tag) {
        if (localName(tag.name) === section) section = '';
      },
    });
    return styleFormats.map((id) => {
      const code = formats.get(id);
      return code !== undefined ? isDateFormat(code) : BUILTIN_DATE_FORMATS.has(id);
    });
  }

  /** Streams a part, decoded as UTF-8, to `parser` (xlsx-part-text.ts); rejects, naming the part, on errors. */
  private decode(part: string, parser: PartTextParser): Promise<void> {
    return new PartTextFeed(part, () => this.stream(part), parser).feed();
  }

  /** Streams a part through a saxes parser with these handlers; rejects on malformed XML or a damaged entry. */
  private async parse(part: string, handlers: XmlHandlers): Promise<void> {
    const parser = newXmlParser();
    parser.on('opentag', handlers.opentag);
    if (handlers.closetag) parser.on('closetag', handlers.closetag);
    await this.decode(part, { write: (text) => parser.write(text), end: () => parser.close() });
  }
}

/** Output buffer of the inflate of a part: 16 KiB of a compressed sheet inflate to about 100 KiB of XML. */
const INFLATE_CHUNK_BYTES = 256 * 1024;
/** Compressed bytes read at a time (about 2 MB of sheet XML once inflated). */
const READ_CHUNK_BYTES = 256 * 1024;

/** Passes the inflated bytes through, failing when they are more or fewer than the directory declares. */
class DeclaredSize extends Transform {
  private bytes = 0;

  constructor(private readonly expected: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.expected) {
      done(new Error(`too many bytes: more than the ${this.expected} its zip entry declares`));
      return;
    }
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    if (this.bytes < this.expected) {
      done(new Error(`inflates to ${this.bytes} bytes, its zip entry declares ${this.expected}`));
      return;
    }
    done();
  }
}

interface XmlHandlers {
  opentag(tag: SaxesTagPlain): void;
  closetag?(tag: SaxesTagPlain): void;
}

interface Relationship {
  readonly id: string;
  readonly type: string;
  /** Zip path of the target. */
  readonly target: string;
}

/**
 * A saxes parser for OOXML parts: no namespace processing (names keep their prefix, see localName) and no
 * position tracking (it costs time on every character and the errors name the part instead).
 */
export function newXmlParser(): SaxesParser {
  return new SaxesParser({ position: false });
}

/** An element name without its namespace prefix. */
export function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

/** The relationship id of a `<sheet>` (`r:id`, whatever the prefix). */
function relationshipId(attributes: Record<string, string>): string | undefined {
  for (const [key, value] of Object.entries(attributes)) {
    if (key.endsWith(':id')) return value;
  }
  return undefined;
}

/**
 * A relationship target as a zip path: relative to the folder of the part that holds the relationships
 * (`worksheets/sheet1.xml` → `xl/worksheets/sheet1.xml`), or absolute from the package root as openpyxl writes
 * it (`/xl/worksheets/sheet1.xml`); `..` segments are resolved.
 */
export function resolveTarget(base: string, target: string): string {
  const path = target.startsWith('/') ? target.slice(1) : base + target;
  const out: string[] = [];
  for (const segment of path.replace(/\\/g, '/').split('/')) {
    if (segment === '..') out.pop();
    else if (segment !== '.' && segment !== '') out.push(segment);
  }
  return out.join('/');
}

function isTrue(value: string | undefined): boolean {
  return value === '1' || value === 'true';
}

/**
 * Built-in number formats that show a date or time (ECMA-376 §18.8.30, with the CJK ids 27–36 and 50–58 that
 * Excel and WPS in Chinese locales write without declaring them).
 */
const BUILTIN_DATE_FORMATS: ReadonlySet<number> = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54,
  55, 56, 57, 58,
]);

/** A date or time format: y/m/d/h/s tokens (or b, the Buddhist year) outside quoted text and [...] sections. */
export function isDateFormat(numFmt: string | undefined): boolean {
  if (!numFmt) return false;
  return /[ymdhMsb]/.test(numFmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

function isFsError(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code);
}

/** io.xlsx-unreadable for a package without a worksheet (shared by the ledger and the styled readers). */
export function noWorksheet(file: string): LedgerlintError {
  return new LedgerlintError('io.xlsx-unreadable', {
    file,
    detail: 'no worksheet found (xl/workbook.xml or xl/worksheets/ missing)',
  });
}

/** An error of the zip or XML layer as io.xlsx-unreadable (an io.* error passes through as it is). */
export function unreadable(file: string, err: unknown): LedgerlintError {
  if (err instanceof LedgerlintError) return err;
  const detail = err instanceof Error ? err.message : String(err);
  return new LedgerlintError('io.xlsx-unreadable', { file, detail }, { cause: err });
}
