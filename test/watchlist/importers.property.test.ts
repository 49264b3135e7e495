import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { parsePlaneAlertDb } from '../../src/watchlist/plane-alert-db-parser.js';
import { parseOfacSdn } from '../../src/watchlist/ofac-sdn-parser.js';
import { resolveOfacAircraft } from '../../src/watchlist/ofac-resolver.js';
import { parsePlainCsv } from '../../src/watchlist/plain-csv-parser.js';
import type { ParsedAirframes } from '../../src/watchlist/import-result.js';
import { PLANE_ALERT_DB_HEADER, PLAIN_CSV_HEADER, sdnRecord } from '../support/watchlist-files.js';

const HEX = /^[0-9a-f]{6}$/;

/** Text made of CSV-ish pieces, so the parsers see quotes, separators and line ends often. */
const csvishText = fc
  .array(
    fc.oneof(
      fc.constantFrom(',', '"', '\n', '\r\n', '\r', '#', '-0- ', '\uFEFF', '\u001A', ' ', '1533ad', 'RA-78765'),
      fc.string(),
    ),
    {
      maxLength: 40,
    },
  )
  .map((parts) => parts.join(''));

const anyText = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), csvishText);

function expectWellFormed(result: ParsedAirframes, text: string): void {
  const lineCount = text.split(/\r\n|\r|\n/).length;
  for (const { line, airframe } of result.rows) {
    expect(airframe.hex).toMatch(HEX);
    expect(line).toBeGreaterThanOrEqual(1);
    expect(line).toBeLessThanOrEqual(lineCount);
  }
  for (const { line } of result.rejected) {
    expect(line).toBeGreaterThanOrEqual(1);
  }
}

describe('importers on arbitrary text', () => {
  it('parsePlainCsv never throws, emits only valid hexes, and each row starts on a line holding its hex', () => {
    fc.assert(
      fc.property(anyText, fc.boolean(), (body, withHeader) => {
        const text = withHeader ? `${PLAIN_CSV_HEADER}\n${body}` : body;
        const result = parsePlainCsv(text);
        expectWellFormed(result, text);
        const lines = text.split(/\r\n|\r|\n/);
        for (const { line, airframe } of result.rows) expect(lines[line - 1]?.toLowerCase()).toContain(airframe.hex);
      }),
      { numRuns: 400 },
    );
  });

  it('parsePlaneAlertDb never throws and emits only valid hexes', () => {
    fc.assert(
      fc.property(anyText, fc.boolean(), (body, withHeader) => {
        const text = withHeader ? `${PLANE_ALERT_DB_HEADER}\n${body}` : body;
        expectWellFormed(parsePlaneAlertDb(text), text);
      }),
      { numRuns: 400 },
    );
  });

  it('parseOfacSdn and resolveOfacAircraft never throw and emit only valid hexes', () => {
    const remarks = fc.oneof(
      anyText,
      fc.string().map((s) => `Aircraft Mode S Transponder Code ${s}; Aircraft Tail Number ${s}.`),
    );
    const entry = fc.record({
      entNum: fc.nat(),
      name: fc.string(),
      program: fc.string(),
      remarks: fc.option(remarks),
    });
    fc.assert(
      fc.property(fc.array(fc.oneof(entry.map(sdnRecord), anyText), { maxLength: 6 }), (records) => {
        const text = records.join('\r\n');
        const { aircraft, rejected } = parseOfacSdn(text);
        expect(Array.isArray(rejected)).toBe(true);
        const known = new Map(aircraft.map((a) => [a.name.toUpperCase(), { hex: 'not-a-hex' }]));
        expectWellFormed(resolveOfacAircraft(aircraft, known), text);
      }),
      { numRuns: 400 },
    );
  });
});
