/**
 * Parser for the Remarks field of an OFAC SDN aircraft entry.
 *
 * Grammar, as found in sdn.csv (2024): `Key Value; Key Value; ...; Linked To: NAME.` — parts
 * separated by "; ", the whole field ending with one ".". Keys seen on aircraft entries:
 *   Aircraft Construction Number (also called L/N or S/N or F/N) 8401
 *   Aircraft Manufacture Date 30 Jun 1988        (also "1992", "Sep 1991")
 *   Aircraft Model IL-76TD
 *   Aircraft Operator YAS AIR                    (an "alt. Aircraft Operator X" part gives another)
 *   Aircraft Manufacturer's Serial Number (MSN) 83486590
 *   Aircraft Tail Number RA-78765
 *   Previous Aircraft Tail Number YI-NAE         (a former registration, not the current one)
 *   Aircraft Mode S Transponder Code 1533A5      (only on a few entries)
 *   Nationality of Registration Russia
 *   Aircraft Serial Identification 258512
 *   Registration Number T7-OKY (San Marino)      (instead of Aircraft Tail Number on one entry)
 *   Secondary sanctions risk: ..., Additional Sanctions Information - ..., Transactions Prohibited ...
 *   Linked To: JSC AVIACON ZITOTRANS
 * Unknown parts are kept in `other` so nothing is silently lost.
 */

export interface OfacAircraftRemarks {
  model: string | null;
  operators: string[]; // "Aircraft Operator" first, then "alt. Aircraft Operator"
  tailNumbers: string[]; // "Aircraft Tail Number" and "Registration Number" values, in order
  previousTailNumbers: string[];
  msn: string | null; // manufacturer's serial number
  modeSCode: string | null; // as written, e.g. "1533A5"; may be malformed
  manufactureDate: string | null;
  constructionNumber: string | null;
  nationality: string | null;
  linkedTo: string[];
  other: string[];
}

type RemarkKey =
  | 'constructionNumber'
  | 'manufactureDate'
  | 'model'
  | 'operator'
  | 'msn'
  | 'tailNumber'
  | 'previousTailNumber'
  | 'modeSCode'
  | 'nationality'
  | 'serialIdentification'
  | 'registrationNumber'
  | 'linkedTo';

/** Longest first, so "Previous Aircraft Tail Number" is not read as "Aircraft Tail Number". */
const KEYS: ReadonlyArray<readonly [string, RemarkKey]> = (
  [
    ['aircraft construction number (also called l/n or s/n or f/n)', 'constructionNumber'],
    ["aircraft manufacturer's serial number (msn)", 'msn'],
    ['aircraft mode s transponder code', 'modeSCode'],
    ['previous aircraft tail number', 'previousTailNumber'],
    ['aircraft serial identification', 'serialIdentification'],
    ['aircraft manufacture date', 'manufactureDate'],
    ['nationality of registration', 'nationality'],
    ['aircraft tail number', 'tailNumber'],
    ['registration number', 'registrationNumber'],
    ['aircraft operator', 'operator'],
    ['aircraft model', 'model'],
    ['linked to:', 'linkedTo'],
  ] as const
)
  .slice()
  .sort((a, b) => b[0].length - a[0].length);

/** Splits "Key Value" into the known key and its value, or null for an unknown part. */
function splitPart(part: string): { key: RemarkKey; value: string; alt: boolean } | null {
  let text = part.replace(/[\u2018\u2019]/g, "'");
  const alt = /^alt\.\s+/i.test(text);
  if (alt) text = text.replace(/^alt\.\s+/i, '');
  const lower = text.toLowerCase();
  for (const [prefix, key] of KEYS) {
    if (!lower.startsWith(prefix)) continue;
    const rest = text.slice(prefix.length);
    // The key must end at a word boundary: "Aircraft Model" must not match "Aircraft Models".
    if (rest !== '' && !/^[\s:]/.test(rest)) continue;
    const value = rest.replace(/^[\s:]+/, '').trim();
    return value === '' ? null : { key, value, alt };
  }
  return null;
}

/**
 * Removes the one "." that closes the Remarks field, but not the dot of a closing initial or
 * abbreviation such as "S.A." or "Viktor F." (a single letter just before the dot).
 */
function stripClosingDot(remarks: string): string {
  const trimmed = remarks.trim();
  if (!trimmed.endsWith('.')) return trimmed;
  if (/(^|[\s.])[A-Za-z]\.$/.test(trimmed)) return trimmed;
  return trimmed.slice(0, -1).trimEnd();
}

/** "T7-OKY (San Marino)" → "T7-OKY". */
function withoutCountry(value: string): string {
  return value.replace(/\s*\([^)]*\)\s*$/, '').trim();
}

export function parseOfacAircraftRemarks(remarks: string | null): OfacAircraftRemarks {
  const result: OfacAircraftRemarks = {
    model: null,
    operators: [],
    tailNumbers: [],
    previousTailNumbers: [],
    msn: null,
    modeSCode: null,
    manufactureDate: null,
    constructionNumber: null,
    nationality: null,
    linkedTo: [],
    other: [],
  };
  if (remarks === null) return result;
  const parts = stripClosingDot(remarks.replace(/\s+/g, ' '))
    .split(/;\s*/)
    .map((part) => part.trim())
    .filter((part) => part !== '');

  const altOperators: string[] = [];
  for (const part of parts) {
    const split = splitPart(part);
    if (split === null) {
      result.other.push(part);
      continue;
    }
    const { key, value } = split;
    switch (key) {
      case 'operator':
        (split.alt ? altOperators : result.operators).push(value);
        break;
      case 'tailNumber':
        result.tailNumbers.push(value);
        break;
      case 'registrationNumber':
        result.tailNumbers.push(withoutCountry(value));
        break;
      case 'previousTailNumber':
        result.previousTailNumbers.push(value);
        break;
      case 'linkedTo':
        result.linkedTo.push(value);
        break;
      case 'model':
        result.model ??= value;
        break;
      case 'msn':
        result.msn ??= value;
        break;
      case 'modeSCode':
        result.modeSCode ??= value;
        break;
      case 'manufactureDate':
        result.manufactureDate ??= value;
        break;
      case 'constructionNumber':
        result.constructionNumber ??= value;
        break;
      case 'nationality':
        result.nationality ??= value;
        break;
      case 'serialIdentification':
        result.other.push(part);
        break;
    }
  }
  for (const operator of altOperators) if (!result.operators.includes(operator)) result.operators.push(operator);
  return result;
}
