import { parse, type CsvError } from 'csv-parse/sync';
import { rejectedRow, type RejectedRow } from './rejected-row.js';

/**
 * Reads CSV text into records that know the physical lines they span, for the importers (watchlist
 * files, OurAirports).
 *
 * csv-parse does the CSV work (quotes, doubled quotes, commas and newlines inside quotes);
 * this module only prepares the text and tracks line numbers. It never throws: a record that
 * cannot be read (a quote that is never closed) comes back as a RejectedRow.
 *
 * Line numbers are 1-based physical lines of the file as given, counting the line where a
 * record *starts* (a quoted field may carry the record over several lines).
 */

/** One CSV record. `line` is where it starts, `endLine` where it ends. */
export interface CsvRecord {
  line: number;
  endLine: number;
  fields: string[];
}

export interface CsvRecords {
  records: CsvRecord[];
  rejected: RejectedRow[];
  /** The physical lines of the prepared text, for quoting a record back to the user. */
  lines: string[];
}

/** Quotes the text of physical lines from..to (1-based, inclusive) of the file being read. */
export type QuoteLines = (from: number, to?: number) => string;

/** Reads a file's records one at a time, in file order, then gives its result. Importers implement it. */
export interface CsvRowReader<T> {
  /** One record; `quote` gives the text of its lines (while this call runs). */
  record(record: CsvRecord, quote: QuoteLines): void;
  /** Lines that finish() will quote (e.g. rows rejected as duplicates of a later row). */
  linesToQuote(): number[];
  /** The result; `textOfLine` gives the text of a line listed by linesToQuote. */
  finish(textOfLine: (line: number) => string): T;
}

/**
 * Runs a CsvRowReader over CSV text held in memory (tests, small files; readCsvFile in csv-record-stream.ts
 * does the same for a file read as a stream). Returns its result and the records the CSV layer rejected.
 */
export function readCsvText<T>(
  text: string,
  reader: CsvRowReader<T>,
  options: CsvReadOptions = {},
): { result: T; rejected: RejectedRow[] } {
  const csv = parseCsvRecords(text, options);
  const quote: QuoteLines = (from, to = from) => textOfLines(csv.lines, from, to);
  for (const record of csv.records) reader.record(record, quote);
  return { result: reader.finish((line) => textOfLines(csv.lines, line)), rejected: csv.rejected };
}

export interface CsvReadOptions {
  /** Treat lines whose first character is '#' as comments (plain watchlist CSV only). */
  comments?: boolean;
}

const BOM = '\uFEFF';
const DOS_EOF = '\u001A';

/**
 * Strips a UTF-8 BOM, turns CRLF (and a lone CR, which editors also show as a line break)
 * into LF, and drops the DOS end-of-file byte (0x1A) that OFAC appends to sdn.csv, with any
 * blank text after it.
 */
export function prepareCsvText(text: string): string {
  let prepared = text.startsWith(BOM) ? text.slice(BOM.length) : text;
  prepared = prepared.replace(/\r\n?/g, '\n');
  const end = prepared.trimEnd();
  if (end.endsWith(DOS_EOF)) prepared = end.slice(0, -DOS_EOF.length);
  return prepared;
}

/** The text of physical lines from..to (1-based, inclusive) joined back with LF. */
export function textOfLines(lines: string[], from: number, to: number = from): string {
  return lines.slice(Math.max(0, from - 1), Math.max(from, to)).join('\n');
}

/** A record holding a NUL byte: PostgreSQL text cannot hold one, and the row would fail the whole import. */
export function nulRejection(line: number, text: string): RejectedRow {
  return rejectedRow(
    line,
    'contains a NUL character (byte 0), which cannot be stored; remove it from the file.',
    text.replace(/\u0000/g, '\\0'),
  );
}

/** A record csv-parse could not read (a quote never closed): it spans lines `line`-`lastLine` of the file. */
export function unreadableRecordRejection(
  error: CsvError | undefined,
  line: number,
  lastLine: number,
  text: string,
): RejectedRow {
  const what =
    error?.code === 'CSV_QUOTE_NOT_CLOSED'
      ? `a quoted field that starts on this line is never closed, so lines ${line}-${lastLine} could not be read`
      : `this record could not be read as CSV (${error?.message ?? 'unknown error'})`;
  return rejectedRow(
    line,
    `${what}: a field that starts with " must end with ", and a " inside it is written "".`,
    text,
  );
}

/** The line where a record that ends on `endLine` starts: quoted fields hold the only newlines inside it. */
export function recordStartLine(fields: readonly string[], endLine: number): number {
  return endLine - fields.reduce((sum, field) => sum + countNewlines(field), 0);
}

export function countNewlines(value: string): number {
  let count = 0;
  for (let at = value.indexOf('\n'); at !== -1; at = value.indexOf('\n', at + 1)) count += 1;
  return count;
}

export function isBlankOrComment(line: string, comments: boolean): boolean {
  const trimmed = line.trim();
  return trimmed === '' || trimmed === DOS_EOF || (comments && line.startsWith('#'));
}

/**
 * Parses CSV text into records with their physical line numbers. Empty lines (and, with
 * `comments`, lines starting with '#') are skipped and never reported.
 */
export function parseCsvRecords(text: string, options: CsvReadOptions = {}): CsvRecords {
  const comments = options.comments ?? false;
  const prepared = prepareCsvText(text);
  const lines = prepared.split('\n');
  const records: CsvRecord[] = [];
  const rejected: RejectedRow[] = [];
  // Where the last record read ends, kept or rejected (a NUL row): an unreadable record starts after it.
  let lastEnd = 0;

  const firstContentLineAfter = (endLine: number): number => {
    let line = endLine + 1;
    while (line <= lines.length && isBlankOrComment(lines[line - 1] ?? '', comments)) line += 1;
    return line;
  };

  try {
    parse(prepared, {
      record_delimiter: '\n',
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      ...(comments ? { comment: '#', comment_no_infix: true } : {}),
      on_record: (record: string[], context: { lines: number }) => {
        // csv-parse reports the line where the record ends; quoted fields hold the only
        // newlines inside a record, so the start is the end minus those newlines.
        const endLine = context.lines;
        const line = recordStartLine(record, endLine);
        lastEnd = endLine;
        if (record.some((field) => field.includes('\u0000'))) {
          // PostgreSQL text cannot hold a NUL byte: the row would fail the whole import at write time.
          rejected.push(nulRejection(line, textOfLines(lines, line, endLine)));
          return null;
        }
        records.push({ line, endLine, fields: record });
        return null;
      },
      on_skip: (error: CsvError | undefined) => {
        const line = firstContentLineAfter(lastEnd);
        rejected.push(unreadableRecordRejection(error, line, lines.length, textOfLines(lines, line)));
      },
    });
  } catch (error) {
    // Not expected with skip_records_with_error; kept so a parser bug cannot crash an import.
    const line = firstContentLineAfter(lastEnd);
    const message = error instanceof Error ? error.message : String(error);
    rejected.push(
      rejectedRow(
        line,
        `the CSV reader stopped here (${message}); fix this line and import again.`,
        textOfLines(lines, line),
      ),
    );
  }

  return { records, rejected, lines };
}

/** True for a record whose fields are all blank (e.g. a line of spaces or lone commas). */
export function isBlankRecord(fields: string[]): boolean {
  return fields.every((field) => field.trim() === '');
}
