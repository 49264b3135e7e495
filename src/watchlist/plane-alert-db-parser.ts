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
import type { Airframe } from './airframe.js';
import {
  duplicateLines,
  finishAirframes,
  normalizeRegistration,
  type ImportedAirframe,
  type KnownRegistration,
  type ParsedAirframes,
} from './import-result.js';

/**
 * Importer for plane-alert-db (github.com/sdr-enthusiasts/plane-alert-db) CSV files, whose
 * header is `$ICAO,$Registration,$Operator,$Type,$ICAO Type,#CMPG,$Tag 1,$#Tag 2,$#Tag 3,Category,$#Link`.
 * The `$`/`#` prefixes are display hints for plane-alert; columns are found by name without them,
 * so reordered or extra columns still import.
 */

export const PLANE_ALERT_DB_SOURCE = 'plane-alert-db';

const EXPECTED_HEADER = '$ICAO,$Registration,$Operator,$Type,$ICAO Type,#CMPG,$Tag 1,$#Tag 2,$#Tag 3,Category,$#Link';

/** The column name without plane-alert's `$`/`#` prefixes, lowercased: "$#Tag 2" → "tag 2". */
function columnKey(header: string): string {
  return header
    .trim()
    .replace(/^[$#]+/, '')
    .trim()
    .toLowerCase();
}

interface Columns {
  count: number;
  index: (name: string) => number | undefined;
}

function readColumns(header: string[]): Columns {
  const byName = new Map<string, number>();
  header.forEach((name, index) => {
    const key = columnKey(name);
    if (key !== '' && !byName.has(key)) byName.set(key, index);
  });
  return { count: header.length, index: (name) => byName.get(name) };
}

function field(record: CsvRecord, columns: Columns, name: string): string | null {
  const index = columns.index(name);
  return index === undefined ? null : cleanText(record.fields[index]);
}

function hexProblem(value: string): string {
  const trimmed = value.trim();
  if (trimmed === '') return 'the ICAO column is empty: expected the 6-hex-digit ICAO address, e.g. 1533AD.';
  if (trimmed.startsWith('~'))
    return `"${trimmed}" is a non-ICAO (TIS-B/anonymous) address and cannot be watched; remove the row.`;
  if (/^[0-9a-f]{1,5}$/i.test(trimmed)) {
    const padded = trimmed.padStart(6, '0').toLowerCase();
    return (
      `"${trimmed}" has only ${trimmed.length} hex digits: ` +
      `a leading zero was probably lost (e.g. by a spreadsheet); write ${padded} if that is the address.`
    );
  }
  return `"${trimmed}" is not an ICAO hex address: expected 6 hex digits such as 1533AD.`;
}

/** "plane-alert-db: Da Comrade; tags: Cargo, Chonky Boy, Tail Gunner". */
function reasonFrom(category: string | null, tags: string[]): string {
  const head = category === null ? PLANE_ALERT_DB_SOURCE : `${PLANE_ALERT_DB_SOURCE}: ${category}`;
  return tags.length === 0 ? head : `${head}; tags: ${tags.join(', ')}`;
}

function airframeFrom(record: CsvRecord, columns: Columns): Airframe | string {
  if (record.fields.length !== columns.count) {
    return (
      `this row has ${record.fields.length} fields but the header has ${columns.count}: ` +
      `quote any field that contains a comma, ` +
      `and keep one field per header column.`
    );
  }
  const icao = record.fields[columns.index('icao') ?? -1] ?? '';
  if (!isValidHex(icao)) return hexProblem(icao);
  const tags = ['tag 1', 'tag 2', 'tag 3']
    .map((name) => field(record, columns, name))
    .filter((tag): tag is string => tag !== null);
  return {
    hex: normalizeHex(icao),
    registration: field(record, columns, 'registration'),
    typeCode: field(record, columns, 'icao type')?.toUpperCase() ?? null,
    operator: field(record, columns, 'operator'),
    reason: reasonFrom(field(record, columns, 'category'), tags),
    source: PLANE_ALERT_DB_SOURCE,
  };
}

/**
 * Reads a plane-alert-db CSV record by record (readCsvText, or readCsvFile for a stream). Rows with a bad hex
 * or the wrong number of fields are rejected with their line; when a hex appears twice the last row wins and
 * the earlier one is reported as rejected. Never throws.
 */
export class PlaneAlertDbReader implements CsvRowReader<ParsedAirframes> {
  private columns: Columns | null = null;
  private headerRejected = false;
  private readonly rows: ImportedAirframe[] = [];
  private readonly rejected: RejectedRow[] = [];

  record(record: CsvRecord, quote: QuoteLines): void {
    if (this.headerRejected || isBlankRecord(record.fields)) return;
    if (this.columns === null) {
      const columns = readColumns(record.fields);
      if (columns.index('icao') === undefined) {
        this.headerRejected = true;
        this.rejected.push(
          rejectedRow(
            record.line,
            `the first line must be the plane-alert-db header with an $ICAO column ` +
              `(${EXPECTED_HEADER}); no rows were imported.`,
            quote(record.line, record.endLine),
          ),
        );
      } else {
        this.columns = columns;
      }
      return;
    }
    const result = airframeFrom(record, this.columns);
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

/** Parses a plane-alert-db CSV held in memory (BOM and CRLF tolerated); see PlaneAlertDbReader. Never throws. */
export function parsePlaneAlertDb(text: string): ParsedAirframes {
  const { result, rejected } = readCsvText(text, new PlaneAlertDbReader());
  return { ...result, rejected: [...rejected, ...result.rejected].sort((a, b) => a.line - b.line) };
}

/**
 * Index of plane-alert-db airframes by registration key (see normalizeRegistration), used to
 * find the hex of OFAC-listed aircraft that only give a tail number. A registration that two
 * different hexes claim is left out: guessing between them could watch the wrong airframe.
 */
export function registrationIndexFromPlaneAlertDb(text: string): Map<string, Required<KnownRegistration>> {
  return registrationIndexOf(parsePlaneAlertDb(text).rows);
}

/** registrationIndexFromPlaneAlertDb of rows already read (e.g. by a PlaneAlertDbReader over a stream). */
export function registrationIndexOf(rows: readonly ImportedAirframe[]): Map<string, Required<KnownRegistration>> {
  const index = new Map<string, Required<KnownRegistration>>();
  const ambiguous = new Set<string>();
  for (const { airframe } of rows) {
    if (airframe.registration === null) continue;
    const key = normalizeRegistration(airframe.registration);
    if (key === '' || ambiguous.has(key)) continue;
    const existing = index.get(key);
    if (existing !== undefined && existing.hex !== airframe.hex) {
      index.delete(key);
      ambiguous.add(key);
      continue;
    }
    index.set(key, { hex: airframe.hex, typeCode: airframe.typeCode, operator: airframe.operator });
  }
  return index;
}
