import { cleanText } from '../shared/clean-text.js';
import { parseCsvRecords, isBlankRecord, textOfLines, type CsvRecord } from '../shared/csv-records-parser.js';
import { isValidHex, normalizeHex } from '../shared/icao-hex.js';
import { rejectedRow, type RejectedRow } from '../shared/rejected-row.js';
import { unescapeFormula } from '../shared/spreadsheet-formula.js';
import type { Airframe } from './airframe.js';
import { keepLastPerHex, type ImportedAirframe, type ParsedAirframes } from './import-result.js';

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

/** Parses a plain watchlist CSV (BOM and CRLF tolerated). Never throws. */
export function parsePlainCsv(text: string): ParsedAirframes {
  const csv = parseCsvRecords(text, { comments: true });
  const rejected: RejectedRow[] = [...csv.rejected];
  const rows: ImportedAirframe[] = [];
  let first = true;

  for (const record of csv.records) {
    if (isBlankRecord(record.fields) || isCommentRecord(record)) continue;
    const isFirst = first;
    first = false;
    if (isFirst && isHeaderRecord(record)) continue;
    const result = airframeFrom(record.fields);
    if (typeof result === 'string') {
      rejected.push(rejectedRow(record.line, result, textOfLines(csv.lines, record.line, record.endLine)));
    } else {
      rows.push({ line: record.line, airframe: result });
    }
  }

  const deduplicated = keepLastPerHex(rows, (row) => textOfLines(csv.lines, row.line));
  rejected.push(...deduplicated.rejected);
  rejected.sort((a, b) => a.line - b.line);
  return { rows: deduplicated.rows, rejected, unresolved: [] };
}
