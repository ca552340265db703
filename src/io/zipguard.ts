/**
 * A look at an xlsx file's zip directory before any XML is inflated: a zip bomb (a part that inflates a
 * thousandfold into gigabytes) or a package with absurdly many parts is refused at once, instead of keeping
 * a reader busy for minutes and hundreds of megabytes. Only the central directory is read (yauzl, lazily).
 * Sizes that lie in the directory are not caught here; the readers' own limits apply to those.
 */
import yauzl from 'yauzl';
import { LedgerlintError } from '../errors.js';

/** Real sheets compress about 5–15:1; whitespace and repeated markup of a bomb, ~1000:1. */
const MAX_RATIO = 100;
/** A part may exceed MAX_RATIO only while it inflates to less than this. */
const RATIO_FLOOR_BYTES = 64 * 1024 * 1024;
/** Far beyond Excel's own 1,048,576 rows × a few dozen columns of a ledger. */
const MAX_TOTAL_BYTES = 8 * 1024 * 1024 * 1024;
const MAX_ENTRIES = 10_000;

export interface ZipLimits {
  readonly maxRatio: number;
  readonly ratioFloorBytes: number;
  readonly maxTotalBytes: number;
  readonly maxEntries: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxRatio: MAX_RATIO,
  ratioFloorBytes: RATIO_FLOOR_BYTES,
  maxTotalBytes: MAX_TOTAL_BYTES,
  maxEntries: MAX_ENTRIES,
};

/**
 * The limits applied entry by entry while a zip directory is read: `add` throws io.xlsx-zip-bomb as soon as
 * an entry (or the running total) is past them. Shared by checkZipDirectory and the xlsx reader, which reads
 * the directory anyway; what an entry inflates to is held to its declared size by yauzl (validateEntrySizes).
 */
export class ZipDirectoryGuard {
  private total = 0;
  private entries = 0;

  constructor(
    private readonly file: string,
    private readonly fileSize: number,
    private readonly limits: ZipLimits = DEFAULT_ZIP_LIMITS,
  ) {}

  add(entry: Pick<yauzl.Entry, 'uncompressedSize' | 'compressedSize'>): void {
    this.entries += 1;
    this.total += entry.uncompressedSize;
    const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
    if (entry.uncompressedSize > this.limits.ratioFloorBytes && ratio > this.limits.maxRatio) {
      throw this.bomb(entry.uncompressedSize, ratio);
    }
    if (this.total > this.limits.maxTotalBytes || this.entries > this.limits.maxEntries) {
      throw this.bomb(this.total, this.total / Math.max(this.fileSize, 1));
    }
  }

  private bomb(size: number, ratio: number): LedgerlintError {
    return new LedgerlintError('io.xlsx-zip-bomb', {
      file: this.file,
      size: Math.round(size / (1024 * 1024)),
      ratio: Math.round(ratio),
    });
  }
}

/**
 * Resolves when the zip directory looks like a workbook's; rejects with io.xlsx-zip-bomb when not, or with
 * io.xlsx-unreadable when there is no readable directory (a truncated file).
 */
export function checkZipDirectory(
  path: string,
  file: string,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Promise<void> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: true, validateEntrySizes: true }, (err, zip) => {
      if (err || !zip) {
        reject(
          new LedgerlintError('io.xlsx-unreadable', { file, detail: err?.message ?? 'zip' }, { cause: err }),
        );
        return;
      }
      const guard = new ZipDirectoryGuard(file, zip.fileSize, limits);
      zip.on('entry', (entry: yauzl.Entry) => {
        try {
          guard.add(entry);
        } catch (error) {
          zip.close();
          reject(error);
          return;
        }
        zip.readEntry();
      });
      zip.on('end', () => resolve());
      zip.on('error', (error: Error) =>
        reject(new LedgerlintError('io.xlsx-unreadable', { file, detail: error.message }, { cause: error })),
      );
      zip.readEntry();
    });
  });
}
