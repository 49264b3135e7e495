import { createReadStream } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Parser, type CsvError } from 'csv-parse';
import { TailwatchError } from '../errors/tailwatch-error.js';
import {
  type CsvReadOptions,
  type CsvRecord,
  type CsvRowReader,
  isBlankOrComment,
  nulRejection,
  type QuoteLines,
  recordStartLine,
  unreadableRecordRejection,
} from './csv-records-parser.js';
import { CsvTextNormalizer } from './csv-text-normalizer.js';
import { type CsvLimits, CSV_LIMIT_SETTINGS } from './csv-limits.js';
import { MAX_REJECTED_TEXT, rejectedRow, type RejectedRow } from './rejected-row.js';
import { StreamingTextDecoder } from './text-encoding.js';

/**
 * parseCsvRecords (csv-records-parser.ts) for a file read as a stream, with caps, so that no file can take
 * more memory than a few records and the rows the caller keeps:
 *
 * - the file is read in chunks, decoded (text-encoding.ts: detected, or `encoding`), normalised
 *   (csv-text-normalizer.ts) and parsed by csv-parse record by record; the caller gets each record as it
 *   is read, with a function that quotes its text, and keeps only what it needs;
 * - the text of lines not yet consumed by a record is held (LineWindow) only to quote a rejected record;
 * - a record with more fields than `maxFields`, or a field of more than `maxFieldBytes` bytes (UTF-8), is
 *   rejected with its line and the rest are read on;
 * - more than `maxRows` records, or a record of more than `maxRecordBytes` (a quote that is never closed
 *   swallows the rest of the file into one record), stops the read with a TailwatchError that names the cap
 *   and its setting.
 *
 * The same records, lines and rejections as parseCsvRecords on the whole text, but for the caps.
 */

export interface CsvStreamOptions extends CsvReadOptions {
  /** The file's encoding when it is neither UTF-8 nor UTF-16; else detected. */
  encoding?: string | undefined;
  limits: CsvLimits;
  /** Bytes read at a time (tests use a few, to cut characters, CRLFs and records across chunks). */
  chunkBytes?: number;
}

export interface CsvStreamResult {
  /** Records the CSV layer rejected (NUL, caps, a quote never closed), in line order. */
  rejected: RejectedRow[];
  /** Records handed to the caller. */
  records: number;
}

/**
 * Reads a CSV file record by record. `onRecord` is called for each record in file order, with `quote`, which
 * gives the text of its lines while onRecord runs. Throws INPUT_FILE_UNREADABLE, INPUT_FILE_ENCODING, USAGE
 * (unknown encoding) or INPUT_FILE_TOO_LARGE.
 */
export async function readCsvFile(
  path: string,
  options: CsvStreamOptions,
  onRecord: (record: CsvRecord, quote: QuoteLines) => void,
): Promise<CsvStreamResult> {
  const { limits } = options;
  const comments = options.comments ?? false;
  const decoder = new StreamingTextDecoder(path, options.encoding);
  const normalizer = new CsvTextNormalizer();
  const window = new LineWindow(2 * limits.maxRecordBytes + (4 << 20));
  const rejected: RejectedRow[] = [];
  let records = 0;
  let lastEnd = 0;
  const quote: QuoteLines = (from, to = from) => window.text(from, to);

  const parser = new Parser({
    record_delimiter: '\n',
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
    max_record_size: limits.maxRecordBytes,
    ...(comments ? { comment: '#', comment_no_infix: true } : {}),
    on_record: (fields: string[], context: { lines: number }) => {
      const endLine = context.lines;
      const line = recordStartLine(fields, endLine);
      lastEnd = endLine;
      records += 1;
      if (records > limits.maxRows) {
        throw new TailwatchError(
          'INPUT_FILE_TOO_LARGE',
          `${path}:${line}: more than ${limits.maxRows.toLocaleString('en-US')} rows, the most one import reads ` +
            `(${CSV_LIMIT_SETTINGS.maxRows}). Nothing was imported: split the file, or raise the setting.`,
          { path, line, cap: CSV_LIMIT_SETTINGS.maxRows, limit: limits.maxRows },
        );
      }
      const problem = fieldProblem(fields, limits);
      if (problem !== null) rejected.push(rejectedRow(line, problem, quote(line, endLine)));
      else if (fields.some((field) => field.includes('\u0000')))
        rejected.push(nulRejection(line, quote(line, endLine)));
      else onRecord({ line, endLine, fields }, quote);
      window.release(endLine);
      return null;
    },
  });

  async function* text(source: AsyncIterable<Buffer>): AsyncGenerator<string> {
    for await (const bytes of source) {
      const chunk = normalizer.write(decoder.write(bytes));
      window.append(chunk);
      if (chunk !== '') yield chunk;
    }
    const tail = normalizer.write(decoder.end()) + normalizer.end();
    window.append(tail);
    if (tail !== '') yield tail;
  }
  // The parser pushes no record (on_record returns null): this only lets the pipeline end.
  const sink = new Writable({ objectMode: true, write: (_record, _encoding, done) => done() });

  try {
    await pipeline(createReadStream(path, { highWaterMark: options.chunkBytes ?? 64 * 1024 }), text, parser, sink);
  } catch (error) {
    if (error instanceof TailwatchError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'CSV_QUOTE_NOT_CLOSED') {
      const line = window.firstContentLineAfter(lastEnd, comments);
      rejected.push(unreadableRecordRejection(error as CsvError, line, window.lines, quote(line)));
    } else if (code === 'CSV_MAX_RECORD_SIZE') {
      const line = window.firstContentLineAfter(lastEnd, comments);
      throw new TailwatchError(
        'INPUT_FILE_TOO_LARGE',
        `${path}:${line}: a record longer than ${limits.maxRecordBytes.toLocaleString('en-US')} bytes starts here ` +
          `(${CSV_LIMIT_SETTINGS.maxRecordBytes}); usually a quoted field that is never closed. ` +
          'Nothing was imported: fix the line, or raise the setting.',
        { path, line, cap: CSV_LIMIT_SETTINGS.maxRecordBytes, limit: limits.maxRecordBytes },
      );
    } else if (code !== undefined && !code.startsWith('CSV_')) {
      throw new TailwatchError(
        'INPUT_FILE_UNREADABLE',
        `Cannot read ${path}: ${code}. Check the path and the file's permissions.`,
        { path },
      );
    } else {
      throw error;
    }
  }
  rejected.sort((a, b) => a.line - b.line);
  return { rejected, records: Math.min(records, limits.maxRows) };
}

/**
 * Runs a CsvRowReader over a file read as a stream (readCsvText for text in memory): readCsvFile, then the
 * file again for the lines the reader quotes at the end, if any. Returns its result and the records the CSV
 * layer rejected.
 */
export async function readCsvFileWith<T>(
  path: string,
  reader: CsvRowReader<T>,
  options: CsvStreamOptions,
): Promise<{ result: T; rejected: RejectedRow[] }> {
  const { rejected } = await readCsvFile(path, options, (record, quote) => reader.record(record, quote));
  const lines = await readFileLines(path, options.encoding, new Set(reader.linesToQuote()));
  return { result: reader.finish((line) => lines.get(line) ?? ''), rejected };
}

/** A quoted line is kept to this many characters: a rejected row's text is cut shorter still. */
const MAX_QUOTED_LINE = 4 * MAX_REJECTED_TEXT;

/**
 * The text of some physical lines of a file, read again as a stream (decoded and normalised as readCsvFile
 * reads it), for the rows a reader rejects only at the end (duplicates of a later row).
 */
export async function readFileLines(
  path: string,
  encoding: string | undefined,
  wanted: ReadonlySet<number>,
): Promise<Map<number, string>> {
  const found = new Map<number, string>();
  if (wanted.size === 0) return found;
  const decoder = new StreamingTextDecoder(path, encoding);
  const normalizer = new CsvTextNormalizer();
  let line = 1;
  let partial = '';
  const take = (text: string, last: boolean): void => {
    const parts = (partial + text).split('\n');
    partial = last ? '' : parts.pop()!;
    for (const part of parts) {
      if (wanted.has(line)) found.set(line, rejectedRow(line, '', part.slice(0, MAX_QUOTED_LINE)).text);
      line += 1;
    }
  };
  try {
    for await (const bytes of createReadStream(path)) take(normalizer.write(decoder.write(bytes as Buffer)), false);
  } catch (error) {
    if (error instanceof TailwatchError) throw error;
    throw new TailwatchError(
      'INPUT_FILE_UNREADABLE',
      `Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}. ` +
        "Check the path and the file's permissions.",
      { path },
    );
  }
  take(normalizer.write(decoder.end()) + normalizer.end(), true);
  return found;
}

/** Why a record breaks the field caps, or null. */
function fieldProblem(fields: readonly string[], limits: CsvLimits): string | null {
  if (fields.length > limits.maxFields) {
    return (
      `this row has ${fields.length} fields; a row may have at most ${limits.maxFields} ` +
      `(${CSV_LIMIT_SETTINGS.maxFields}). Put a field that contains a comma in double quotes.`
    );
  }
  for (const [index, field] of fields.entries()) {
    // Characters first: a field of at most maxFieldBytes / 3 characters is under the cap whatever they are.
    if (field.length * 3 <= limits.maxFieldBytes) continue;
    const bytes = Buffer.byteLength(field, 'utf8');
    if (bytes > limits.maxFieldBytes) {
      return (
        `field ${index + 1} is ${bytes.toLocaleString('en-US')} bytes long; a field may have at most ` +
        `${limits.maxFieldBytes.toLocaleString('en-US')} (${CSV_LIMIT_SETTINGS.maxFieldBytes}). ` +
        'Shorten it, or check that its quotes are closed.'
      );
    }
  }
  return null;
}

/**
 * The physical lines of the text read so far that no record has consumed yet, to quote a rejected record.
 * Empty lines are counted, not kept. Past `maxChars` the oldest lines are dropped (they are then quoted as
 * ''), so that a run of comment lines, or a parser running behind, cannot make it grow without bound.
 */
/** What a kept line costs beside its characters (a Map entry), counted against the window's size. */
const LINE_OVERHEAD = 32;

class LineWindow {
  private readonly kept = new Map<number, string>();
  private keptChars = 0;
  private oldest = 1;
  /** The number of the line being read (the last line so far), 1-based. */
  lines = 1;
  private partial = '';

  constructor(private readonly maxChars: number) {}

  append(text: string): void {
    if (text === '') return;
    const parts = text.split('\n');
    parts[0] = this.partial + parts[0]!;
    for (let i = 0; i < parts.length - 1; i++) {
      this.keep(this.lines, parts[i]!);
      this.lines += 1;
    }
    this.partial = parts.at(-1)!;
    while (this.keptChars + this.partial.length > this.maxChars && this.oldest < this.lines) this.drop(this.oldest);
  }

  text(from: number, to: number): string {
    const out: string[] = [];
    for (let line = from; line <= to; line++) out.push(this.lineText(line));
    return out.join('\n');
  }

  /** Forgets lines up to `line`: a record ending there was read. */
  release(line: number): void {
    while (this.oldest <= line && this.oldest < this.lines) this.drop(this.oldest);
  }

  /** The first line after `line` that is neither blank nor (with `comments`) a comment. */
  firstContentLineAfter(line: number, comments: boolean): number {
    let next = line + 1;
    while (next <= this.lines && isBlankOrComment(this.lineText(next), comments)) next += 1;
    return next;
  }

  private lineText(line: number): string {
    return line === this.lines ? this.partial : (this.kept.get(line) ?? '');
  }

  private keep(line: number, text: string): void {
    if (text === '') return;
    this.kept.set(line, text);
    this.keptChars += text.length + LINE_OVERHEAD;
  }

  private drop(line: number): void {
    const text = this.kept.get(line);
    if (text !== undefined) {
      this.kept.delete(line);
      this.keptChars -= text.length + LINE_OVERHEAD;
    }
    this.oldest = line + 1;
  }
}
