/** The progress line of a check: files done / total, rows read, rows/s and the time left (from bytes done). */
import type { CheckProgress } from '../commands/check.js';
import { message } from '../i18n/catalogue.js';
import type { Lang } from '../i18n/types.js';

export function progressText(progress: CheckProgress, elapsedMs: number, lang: Lang): string {
  if (progress.files <= 1) return message('cli.progress', lang, { rows: progress.rows });
  const seconds = Math.max(elapsedMs / 1000, 0.001);
  const rate = Math.round(progress.rows / seconds);
  const left =
    progress.bytesDone > 0 && progress.bytesDone < progress.bytes
      ? (seconds * (progress.bytes - progress.bytesDone)) / progress.bytesDone
      : undefined;
  return message('cli.progress-batch', lang, {
    done: progress.filesDone,
    total: progress.files,
    rows: progress.rows,
    rate,
    eta: left === undefined ? '' : message('cli.progress-eta', lang, { eta: duration(left) }),
  });
}

function duration(seconds: number): string {
  const s = Math.ceil(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60
    ? `${m}m${String(s % 60).padStart(2, '0')}s`
    : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}
