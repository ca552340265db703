/** Text encoding of CSV/TSV input: detection from the file head, and a streaming decoder. */
import { isAscii } from 'node:buffer';
import { closeSync, openSync, readSync } from 'node:fs';
import { LedgerlintError } from '../errors.js';
import type { TextEncoding } from './types.js';

/** How many bytes of the file head the encoding and format sniffers look at. */
export const HEAD_BYTES = 64 * 1024;

export interface DetectedEncoding {
  readonly name: TextEncoding;
  readonly reason: 'bom' | 'utf8-valid' | 'fallback';
}

export function hasUtf8Bom(head: Uint8Array): boolean {
  return head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
}

/** Excel's "Unicode 文本" export is UTF-16 with a BOM; we do not decode it (see io.utf16-unsupported). */
export function hasUtf16Bom(head: Uint8Array): boolean {
  return (
    head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))
  );
}

/**
 * BOM → UTF-8; the bytes decode as strict UTF-8 → UTF-8; anything else → GB18030, which is a superset of
 * GBK/GB2312 and, unlike the `gbk` label, keeps four-byte name characters such as 𠀾 intact.
 * `stream: true` lets a multi-byte character cut off at the end of the window pass.
 */
export function detectEncoding(head: Uint8Array): DetectedEncoding {
  if (hasUtf8Bom(head)) return { name: 'utf8', reason: 'bom' };
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return { name: 'utf8', reason: 'utf8-valid' };
  } catch {
    return { name: 'gb18030', reason: 'fallback' };
  }
}

/**
 * detectEncoding over a whole file given its head. A pure-ASCII head says nothing (ASCII is valid UTF-8 and
 * valid GBK), so the file is scanned on to the first non-ASCII byte and the window starting there decides.
 */
export function detectFileEncoding(path: string, head: Uint8Array, displayName: string): DetectedEncoding {
  if (head.length < HEAD_BYTES || !isAscii(head)) return detectEncoding(head);
  const window = readFirstNonAsciiWindow(path, head.length, displayName);
  return window ? detectEncoding(window) : { name: 'utf8', reason: 'utf8-valid' };
}

function readFirstNonAsciiWindow(path: string, from: number, displayName: string): Uint8Array | null {
  const chunk = Buffer.allocUnsafe(1024 * 1024);
  const fd = openFile(path, displayName);
  try {
    let position = from;
    for (;;) {
      const n = readAt(fd, chunk, position, displayName);
      if (n === 0) return null;
      const view = chunk.subarray(0, n);
      if (!isAscii(view)) {
        const first = view.findIndex((b) => b >= 0x80);
        const window = Buffer.alloc(HEAD_BYTES);
        const got = readAt(fd, window, position + first, displayName);
        return window.subarray(0, got);
      }
      position += n;
    }
  } finally {
    closeSync(fd);
  }
}

/** Up to `bytes` bytes from the start of the file (fewer if the file is shorter). */
export function readHead(path: string, displayName: string, bytes = HEAD_BYTES): Buffer {
  const fd = openFile(path, displayName);
  try {
    const buf = Buffer.alloc(bytes);
    let filled = 0;
    while (filled < bytes) {
      const n = readAt(fd, buf.subarray(filled), filled, displayName);
      if (n === 0) break;
      filled += n;
    }
    return buf.subarray(0, filled);
  } finally {
    closeSync(fd);
  }
}

function openFile(path: string, displayName: string): number {
  try {
    return openSync(path, 'r');
  } catch (err) {
    throw fsError(err, displayName);
  }
}

function readAt(fd: number, buf: Uint8Array, position: number, displayName: string): number {
  try {
    return readSync(fd, buf, 0, buf.length, position);
  } catch (err) {
    throw fsError(err, displayName);
  }
}

/** Map a Node fs error to the user-facing io.* error for `file`. */
export function fsError(err: unknown, file: string): LedgerlintError {
  if (err instanceof LedgerlintError) return err;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR')
    return new LedgerlintError('io.file-not-found', { file }, { cause: err });
  if (code === 'EISDIR') return new LedgerlintError('io.is-directory', { file }, { cause: err });
  const detail = err instanceof Error ? err.message : String(err);
  return new LedgerlintError('io.unreadable', { file, detail }, { cause: err });
}

/** WHATWG label for TextDecoder. */
export function decoderLabel(name: TextEncoding): string {
  return name === 'utf8' ? 'utf-8' : 'gb18030';
}
