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
      let total = 0;
      let entries = 0;
      const bomb = (size: number, ratio: number) => {
        zip.close();
        reject(
          new LedgerlintError('io.xlsx-zip-bomb', {
            file,
            size: Math.round(size / (1024 * 1024)),
            ratio: Math.round(ratio),
          }),
        );
      };
      zip.on('entry', (entry: yauzl.Entry) => {
        entries += 1;
        total += entry.uncompressedSize;
        const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
        if (entry.uncompressedSize > limits.ratioFloorBytes && ratio > limits.maxRatio) {
          bomb(entry.uncompressedSize, ratio);
          return;
        }
        if (total > limits.maxTotalBytes || entries > limits.maxEntries) {
          bomb(total, total / Math.max(zip.fileSize, 1));
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
