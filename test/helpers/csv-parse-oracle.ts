/**
 * The CSV reading ledgerlint did with csv-parse up to 0.x (src/io/csv.ts before its own tokenizer), kept as
 * the oracle of the tokenizer's differential test: the same csv-parse options, decoded text chunks in, and
 * the same physical line numbering (blank records counted, not emitted; a record ends as many lines after its
 * start as its fields hold line breaks). An error is reported as readRows reported it: the record's first
 * line and csv-parse's message without its own "at line N".
 */
import { CsvError, parse } from 'csv-parse';
import { lineBreaksInCell, MAX_RECORD_BYTES } from '../../src/io/csv-tokenizer.js';
import type { RawRow } from '../../src/io/types.js';

export interface OracleResult {
  readonly rows: RawRow[];
  readonly error?: { readonly row: number; readonly detail: string };
}

export function csvParseRows(chunks: readonly string[], delimiter: string): Promise<OracleResult> {
  return new Promise((resolve, reject) => {
    const parser = parse({
      delimiter,
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      relax_quotes: true,
      bom: true,
      max_record_size: MAX_RECORD_BYTES,
    });
    const rows: RawRow[] = [];
    let previousEnd = 0;
    let settled = false;
    parser.on('data', (record: string[]) => {
      const row = previousEnd + 1;
      let blank = true;
      let breaks = 0;
      for (const cell of record) {
        if (cell.length === 0) continue;
        blank = false;
        if (cell.includes('\n') || cell.includes('\r')) breaks += lineBreaksInCell(cell);
      }
      previousEnd = row + breaks;
      if (!blank) rows.push({ row, cells: record });
    });
    parser.on('error', (err) => {
      if (settled) return;
      settled = true;
      if (!(err instanceof CsvError)) {
        reject(err);
        return;
      }
      resolve({ rows, error: { row: previousEnd + 1, detail: err.message.replace(/ at line \d+/, '') } });
    });
    parser.on('end', () => {
      if (settled) return;
      settled = true;
      resolve({ rows });
    });
    for (const chunk of chunks) if (chunk.length > 0) parser.write(chunk);
    parser.end();
  });
}
