import { rejectedRow, type RejectedRow } from '../shared/rejected-row.js';
import type { Airframe } from './airframe.js';

/**
 * Results shared by the watchlist file importers. Every parser is pure (text in, results out)
 * and never throws on bad input: a bad row becomes a RejectedRow (shared/rejected-row.ts) and the
 * rest still import.
 */

/** One airframe read from a file, with the 1-based physical line where its record starts. */
export interface ImportedAirframe {
  line: number;
  airframe: Airframe;
}

/** A sanctions entry that names an aircraft but gives no way to find its ICAO hex. */
export interface UnresolvedRow {
  line: number;
  registration: string;
  name: string;
  detail: string;
}

export interface ParsedAirframes {
  rows: ImportedAirframe[];
  rejected: RejectedRow[];
  unresolved: UnresolvedRow[];
}

/**
 * Keeps the last row for each hex ("last wins", as when a later line corrects an earlier one)
 * and reports every earlier row for that hex as rejected, naming the line that replaced it.
 * Rows come back in file order.
 */
export function keepLastPerHex(
  rows: ImportedAirframe[],
  textOf: (row: ImportedAirframe) => string,
): { rows: ImportedAirframe[]; rejected: RejectedRow[] } {
  const lastIndexByHex = new Map<string, number>();
  rows.forEach((row, index) => lastIndexByHex.set(row.airframe.hex, index));
  const kept: ImportedAirframe[] = [];
  const rejected: RejectedRow[] = [];
  rows.forEach((row, index) => {
    const lastIndex = lastIndexByHex.get(row.airframe.hex) ?? index;
    if (lastIndex === index) {
      kept.push(row);
      return;
    }
    const winner = rows[lastIndex];
    rejected.push(
      rejectedRow(
        row.line,
        `duplicate of hex ${row.airframe.hex}: line ${winner?.line ?? '?'} lists the same hex ` +
          `and replaces this row (the last row for a hex wins); ` +
          `delete one of them.`,
        textOf(row),
      ),
    );
  });
  return { rows: kept, rejected };
}

/**
 * The lines of the rows that keepLastPerHex will reject as duplicates (a later row has the same hex): their
 * text is needed for the report, and a file read as a stream is read again for just these lines.
 */
export function duplicateLines(rows: readonly ImportedAirframe[]): number[] {
  const lastLineByHex = new Map<string, number>();
  for (const row of rows) lastLineByHex.set(row.airframe.hex, row.line);
  return rows.filter((row) => lastLineByHex.get(row.airframe.hex) !== row.line).map((row) => row.line);
}

/**
 * The end of a CSV reader's pass: the airframes it read, last row per hex kept (earlier ones rejected with
 * the text of their line), and every rejected row in line order.
 */
export function finishAirframes(
  rows: ImportedAirframe[],
  rejected: readonly RejectedRow[],
  textOfLine: (line: number) => string,
): ParsedAirframes {
  const deduplicated = keepLastPerHex(rows, (row) => textOfLine(row.line));
  const all = [...rejected, ...deduplicated.rejected].sort((a, b) => a.line - b.line);
  return { rows: deduplicated.rows, rejected: all, unresolved: [] };
}

/** What a registration index knows about one airframe (see registrationIndexFromPlaneAlertDb). */
export interface KnownRegistration {
  hex: string;
  typeCode?: string | null;
  operator?: string | null;
}

/**
 * The lookup key of a registration: uppercase, without blanks or hyphens, so that
 * "RA-78765", "ra 78765" and "RA78765" are the same key. Returns '' for blank input.
 */
export function normalizeRegistration(registration: string): string {
  return registration.toUpperCase().replace(/[\s\-\u2010-\u2015]/g, '');
}
