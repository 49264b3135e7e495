import { cleanText } from '../shared/clean-text.js';
import {
  type CsvRecord,
  type CsvRowReader,
  isBlankRecord,
  type QuoteLines,
  readCsvText,
} from '../shared/csv-records-parser.js';
import { isValidHex, normalizeHex } from '../shared/icao-hex.js';
import { rejectedRow, type RejectedRow } from '../shared/rejected-row.js';
import { unescapeFormula } from '../shared/spreadsheet-formula.js';
import type { Airframe } from './airframe.js';
import { duplicateLines, finishAirframes, type ImportedAirframe, type ParsedAirframes } from './import-result.js';

/**
 * Importer for tailwatch's own watchlist CSV:
 *
 *   hex,registration,type,operator,reason[,source]
 *
 * - Columns are by position. A header row is optional and recognised by its first cell `hex`.
 * - Only `hex` is required; missing trailing columns are empty. `source` defaults to "csv".
 * - `type` is an ICAO type designator (2-4 letters/digits, e.g. IL76), not a model name.
 * - Blank lines and lines starting with `#` are skipped and not reported.
 * - A cell that `airframes export` escaped for spreadsheets (a leading `'` before `=`, `+`, `-`, `@`)
 *   loses that one quote (shared/spreadsheet-formula.ts), so an export imports back unchanged.
 * - A hex listed twice: the last row wins (a later line corrects an earlier one) and the
 *   earlier row is reported as rejected, naming the line that replaced it.
 */

export const PLAIN_CSV_COLUMNS = ['hex', 'registration', 'type', 'operator', 'reason', 'source'] as const;
export const PLAIN_CSV_DEFAULT_SOURCE = 'csv';

const TYPE_CODE_PATTERN = /^[A-Z0-9]{2,4}$/;

function isCommentRecord(record: CsvRecord): boolean {
  return (record.fields[0] ?? '').trim().startsWith('#');
}

function isHeaderRecord(record: CsvRecord): boolean {
  return (record.fields[0] ?? '').trim().toLowerCase() === 'hex';
}

function airframeFrom(fields: string[]): Airframe | string {
  if (fields.length > PLAIN_CSV_COLUMNS.length) {
    return (
      `this row has ${fields.length} fields; expected at most ` +
      `${PLAIN_CSV_COLUMNS.length} (${PLAIN_CSV_COLUMNS.join(',')}). ` +
      `Put a field that contains a comma in double quotes.`
    );
  }
  // A cell that `export` escaped so that spreadsheets take it as text ('=..., '@...) reads back as written.
  const [hex = '', registration, type, operator, reason, source] = fields.map(unescapeFormula);
  if (!isValidHex(hex)) {
    return hex.trim() === ''
      ? 'the hex column is empty: expected the 6-hex-digit ICAO address first, e.g. 1533ad.'
      : `"${hex.trim()}" is not an ICAO hex address: ` +
          `expected 6 hex digits such as 1533ad (non-ICAO "~" addresses cannot be watched).`;
  }
  const typeCode = cleanText(type)?.toUpperCase() ?? null;
  if (typeCode !== null && !TYPE_CODE_PATTERN.test(typeCode)) {
    return (
      `type "${cleanText(type) ?? ''}" is not an ICAO type designator: ` +
      `expected 2-4 letters or digits such as IL76, A124 or B738 ` +
      `(put the model name in the reason).`
    );
  }
  return {
    hex: normalizeHex(hex),
    registration: cleanText(registration)?.toUpperCase() ?? null,
    typeCode,
    operator: cleanText(operator),
    reason: cleanText(reason),
    source: cleanText(source) ?? PLAIN_CSV_DEFAULT_SOURCE,
  };
}

/** Reads a plain watchlist CSV record by record (readCsvText, or readCsvFile for a stream). Never throws. */
export class PlainCsvReader implements CsvRowReader<ParsedAirframes> {
  private first = true;
  private readonly rows: ImportedAirframe[] = [];
  private readonly rejected: RejectedRow[] = [];

  record(record: CsvRecord, quote: QuoteLines): void {
    if (isBlankRecord(record.fields) || isCommentRecord(record)) return;
    const isFirst = this.first;
    this.first = false;
    if (isFirst && isHeaderRecord(record)) return;
    const result = airframeFrom(record.fields);
    if (typeof result === 'string') {
      this.rejected.push(rejectedRow(record.line, result, quote(record.line, record.endLine)));
    } else {
      this.rows.push({ line: record.line, airframe: result });
    }
  }

  linesToQuote(): number[] {
    return duplicateLines(this.rows);
  }

  finish(textOfLine: (line: number) => string): ParsedAirframes {
    return finishAirframes(this.rows, this.rejected, textOfLine);
  }
}

/** Parses a plain watchlist CSV held in memory (BOM and CRLF tolerated). Never throws. */
export function parsePlainCsv(text: string): ParsedAirframes {
  const { result, rejected } = readCsvText(text, new PlainCsvReader(), PLAIN_CSV_READ_OPTIONS);
  return { ...result, rejected: [...rejected, ...result.rejected].sort((a, b) => a.line - b.line) };
}

/** How the CSV layer reads this format: lines starting with '#' are comments. */
export const PLAIN_CSV_READ_OPTIONS = { comments: true } as const;
