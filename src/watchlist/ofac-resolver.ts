import { isValidHex, normalizeHex } from '../shared/icao-hex.js';
import type { Airframe } from './airframe.js';
import {
  keepLastPerHex,
  normalizeRegistration,
  type ImportedAirframe,
  type KnownRegistration,
  type ParsedAirframes,
  type UnresolvedRow,
} from './import-result.js';
import type { OfacAircraft } from './ofac-sdn-parser.js';

/**
 * Turns OFAC SDN aircraft entries into watched airframes. An entry needs an ICAO hex:
 * 1. the Mode S transponder code OFAC gives on a few entries (authoritative: it is in the
 *    designation itself), else
 * 2. the hex of the entry's tail number in a registration index (e.g. built from
 *    plane-alert-db with registrationIndexFromPlaneAlertDb); a previous tail number is never
 *    used, since the airframe has been re-registered since.
 * Entries with neither are listed in `unresolved` with what is missing, never guessed.
 */

export const OFAC_SDN_SOURCE = 'ofac-sdn';

/** "OFAC SDN: program RUSSIA-EO14024; linked to JSC AVIACON ZITOTRANS; ent_num 40185". */
export function ofacReason(entry: OfacAircraft): string {
  const parts: string[] = [];
  if (entry.programs.length === 1) parts.push(`program ${entry.programs[0] ?? ''}`);
  if (entry.programs.length > 1) parts.push(`programs ${entry.programs.join(', ')}`);
  if (entry.remarks.linkedTo.length > 0) parts.push(`linked to ${entry.remarks.linkedTo.join(', ')}`);
  parts.push(`ent_num ${entry.entNum}`);
  return `OFAC SDN: ${parts.join('; ')}`;
}

function describe(entry: OfacAircraft): string {
  return [entry.entNum, entry.name, entry.remarks.model].filter((part) => part !== null && part !== '').join(' ');
}

function unresolvedDetail(entry: OfacAircraft, badModeS: string | null): string {
  const problems: string[] = [];
  if (badModeS !== null) problems.push(`its Mode S code "${badModeS}" is not 6 hex digits`);
  else problems.push('the SDN entry gives no Mode S code');
  if (entry.tailNumber === null) {
    const previous = entry.remarks.previousTailNumbers;
    problems.push(
      previous.length > 0
        ? `it gives no current tail number (only the previous ` +
            `${previous.join(', ')}, which may now be on another airframe)`
        : 'it gives no tail number',
    );
  } else {
    problems.push(`tail number ${entry.tailNumber} is not in the registration index`);
  }
  return (
    `${problems.join(' and ')}; find the airframe's ICAO hex ` +
    `(e.g. in a national register or by its MSN ${entry.remarks.msn ?? '(unknown)'}) ` +
    `and add it to a plain CSV watchlist.`
  );
}

function hexOf(
  entry: OfacAircraft,
  knownByRegistration: Map<string, KnownRegistration>,
): { hex: string; known: KnownRegistration | undefined } | { badModeS: string | null } {
  const known =
    entry.tailNumber === null ? undefined : knownByRegistration.get(normalizeRegistration(entry.tailNumber));
  const modeS = entry.remarks.modeSCode;
  if (modeS !== null && isValidHex(modeS)) {
    const hex = normalizeHex(modeS);
    // The index entry only adds type/operator when it agrees with OFAC's own code.
    return { hex, known: known?.hex === hex ? known : undefined };
  }
  if (known !== undefined && isValidHex(known.hex)) return { hex: normalizeHex(known.hex), known };
  return { badModeS: modeS };
}

/**
 * Resolves OFAC aircraft to airframes (source "ofac-sdn"). When two entries resolve to the
 * same hex (OFAC lists some airframes twice, under an old and a new registration) the last
 * wins and the earlier is reported as rejected.
 */
export function resolveOfacAircraft(
  aircraft: OfacAircraft[],
  knownByRegistration: Map<string, KnownRegistration>,
): ParsedAirframes {
  const rows: ImportedAirframe[] = [];
  const unresolved: UnresolvedRow[] = [];

  for (const entry of aircraft) {
    const found = hexOf(entry, knownByRegistration);
    if (!('hex' in found)) {
      unresolved.push({
        line: entry.line,
        registration: entry.tailNumber ?? '',
        name: entry.name,
        detail: unresolvedDetail(entry, found.badModeS),
      });
      continue;
    }
    const airframe: Airframe = {
      hex: found.hex,
      registration: entry.tailNumber,
      typeCode: found.known?.typeCode ?? null,
      operator: entry.remarks.operators[0] ?? found.known?.operator ?? null,
      reason: ofacReason(entry),
      source: OFAC_SDN_SOURCE,
    };
    rows.push({ line: entry.line, airframe });
  }

  const byLine = new Map(aircraft.map((entry) => [entry.line, entry]));
  const deduplicated = keepLastPerHex(rows, (row) => {
    const entry = byLine.get(row.line);
    return entry === undefined ? row.airframe.hex : describe(entry);
  });
  return { rows: deduplicated.rows, rejected: deduplicated.rejected, unresolved };
}
