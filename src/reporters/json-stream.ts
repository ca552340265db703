/**
 * JSON written in chunks, byte-identical to `JSON.stringify(value, null, 2)`: the value is stringified once
 * with a marker where a long array goes, and cut there; the array's items are then stringified one at a time and
 * indented to the array's depth. JSON strings hold no raw line breaks, so re-indenting line by line is safe.
 */

/** Characters gathered before a chunk is handed on: few large writes rather than a million small ones. */
const CHUNK = 1 << 16;

const MARKER = '\u0000ledgerlint-array\u0000';

/**
 * The chunks of `JSON.stringify(frame with frame[key] = items, null, 2)`, where `key` is a property that occurs
 * once in the frame (its value is replaced by the marker by the caller: use `arrayMarker`).
 */
export function* stringifyWithArray(
  frame: unknown,
  key: string,
  items: Iterable<unknown>,
): Generator<string> {
  const text = JSON.stringify(frame, null, 2);
  const needle = `${JSON.stringify(key)}: ${JSON.stringify(MARKER)}`;
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`stringifyWithArray: no marker for ${key}`);
  const lineStart = text.lastIndexOf('\n', at) + 1;
  const indent = ' '.repeat(at - lineStart);
  const valueAt = at + JSON.stringify(key).length + 2;
  yield text.slice(0, valueAt);
  let first = true;
  let batch = '';
  const inner = `\n${indent}  `;
  for (const item of items) {
    batch += `${first ? '[' : ','}${inner}${JSON.stringify(item, null, 2).replaceAll('\n', inner)}`;
    first = false;
    if (batch.length >= CHUNK) {
      yield batch;
      batch = '';
    }
  }
  batch += first ? '[]' : `\n${indent}]`;
  yield `${batch}${text.slice(valueAt + JSON.stringify(MARKER).length)}`;
}

/** The placeholder to put in the frame where the streamed array goes. */
export const arrayMarker = MARKER;
