import { cleanText } from '../shared/clean-text.js';
import {
  type CsvRecord,
  type CsvRowReader,
  isBlankRecord,
  type QuoteLines,
  readCsvText,
} from '../shared/csv-records-parser.js';
import { rejectedRow, type RejectedRow } from '../shared/rejected-row.js';
import { parseOfacAircraftRemarks, type OfacAircraftRemarks } from './ofac-remarks-parser.js';

/**
 * Importer for OFAC's `sdn.csv` (https://www.treasury.gov/ofac/downloads/sdn.csv): no header,
 * 12 columns `ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage, GRT,
 * Vess_flag, Vess_owner, Remarks`; empty values written `-0- `; CRLF; a final 0x1A byte.
 * Only entries with SDN_Type "aircraft" are kept. Turning them into watched airframes needs
 * a hex, which most entries lack: see resolveOfacAircraft in ofac-resolver.ts.
 */

export const OFAC_SDN_COLUMNS = [
  'ent_num',
  'SDN_Name',
  'SDN_Type',
  'Program',
  'Title',
  'Call_Sign',
  'Vess_type',
  'Tonnage',
  'GRT',
  'Vess_flag',
  'Vess_owner',
  'Remarks',
] as const;

/** One aircraft entry of the SDN list. */
export interface OfacAircraft {
  line: number; // physical line where the record starts
  entNum: string;
  name: string; // SDN_Name: usually the tail number, sometimes "MSN 391"
  programs: string[]; // "SDGT] [NPWMD] [IFSR" → ["SDGT", "NPWMD", "IFSR"]
  /**
   * Current tail number: "Aircraft Tail Number", else "Registration Number", else SDN_Name unless it is an
   * "MSN ..." name.
   */
  tailNumber: string | null;
  remarks: OfacAircraftRemarks;
}

const NULL_VALUE = '-0-';

/** OFAC writes an empty value as "-0- ". */
function ofacValue(value: string | undefined): string | null {
  const cleaned = cleanText(value);
  return cleaned === NULL_VALUE ? null : cleaned;
}

/** The Program column lists several programs as "SDGT] [NPWMD] [IFSR" (the outer brackets are implied). */
export function splitOfacPrograms(program: string | null): string[] {
  if (program === null) return [];
  return program
    .split(/\]\s*\[/)
    .map((part) => part.replace(/[[\]]/g, '').trim())
    .filter((part) => part !== '');
}

/** An SDN_Name such as "MSN 391" names a serial number, not a registration. */
function nameIsTailNumber(name: string): boolean {
  return name !== '' && !/^(MSN|S\/N|C\/N)\b/i.test(name);
}

/** The aircraft entries of sdn.csv and its rejected records. */
export interface OfacSdnEntries {
  aircraft: OfacAircraft[];
  rejected: RejectedRow[];
}

/**
 * Reads sdn.csv record by record (readCsvText, or readCsvFile for a stream) and keeps its aircraft entries.
 * A record with the wrong number of columns is rejected with its line (whatever its type: its columns cannot
 * be trusted), as is an aircraft record with no name. Never throws.
 */
export class OfacSdnReader implements CsvRowReader<OfacSdnEntries> {
  private readonly aircraft: OfacAircraft[] = [];
  private readonly rejected: RejectedRow[] = [];

  record(record: CsvRecord, quote: QuoteLines): void {
    if (isBlankRecord(record.fields)) return;
    const recordText = (): string => quote(record.line, record.endLine);
    if (record.fields.length !== OFAC_SDN_COLUMNS.length) {
      this.rejected.push(
        rejectedRow(
          record.line,
          `this record has ${record.fields.length} columns; ` +
            `sdn.csv records have ${OFAC_SDN_COLUMNS.length} (${OFAC_SDN_COLUMNS.join(', ')}). ` +
            `Download a fresh sdn.csv from OFAC; a cut or hand-edited file loses columns.`,
          recordText(),
        ),
      );
      return;
    }
    const [entNum, name, sdnType, program, , , , , , , , remarks] = record.fields.map(ofacValue);
    if (sdnType?.toLowerCase() !== 'aircraft') return;
    if (name === null || name === undefined) {
      this.rejected.push(
        rejectedRow(
          record.line,
          'this aircraft record has no SDN_Name (column 2); it cannot be identified.',
          recordText(),
        ),
      );
      return;
    }
    const parsedRemarks = parseOfacAircraftRemarks(remarks ?? null);
    const tailNumber = parsedRemarks.tailNumbers[0] ?? (nameIsTailNumber(name) ? name : null);
    this.aircraft.push({
      line: record.line,
      entNum: entNum ?? '',
      name,
      programs: splitOfacPrograms(program ?? null),
      tailNumber,
      remarks: parsedRemarks,
    });
  }

  linesToQuote(): number[] {
    return [];
  }

  finish(): OfacSdnEntries {
    return { aircraft: this.aircraft, rejected: this.rejected };
  }
}

/** Parses sdn.csv text held in memory and keeps its aircraft entries; see OfacSdnReader. Never throws. */
export function parseOfacSdn(text: string): OfacSdnEntries {
  const { result, rejected } = readCsvText(text, new OfacSdnReader());
  return { aircraft: result.aircraft, rejected: [...rejected, ...result.rejected].sort((a, b) => a.line - b.line) };
}
