import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import { parsePlainCsv } from '../../src/watchlist/plain-csv-parser.js';

const DEFAULT_WATCHLIST = fileURLToPath(new URL('../../config/default-watchlist.csv', import.meta.url));

describe('config/default-watchlist.csv', () => {
  const parsed = parsePlainCsv(readFileSync(DEFAULT_WATCHLIST, 'utf8'));

  it('parses with no rejected rows', () => {
    expect(parsed.rejected).toEqual([]);
    expect(parsed.rows.length).toBeGreaterThanOrEqual(20);
  });

  it.each([
    ['152c07', 'RA-76807'],
    ['152c2a', 'RA-76842'],
    ['152c2e', 'RA-76846'],
    ['1533ad', 'RA-78765'],
  ])('includes the Aviacon Zitotrans Il-76TD %s %s', (hex, registration) => {
    const row = parsed.rows.find((r) => r.airframe.hex === hex);
    expect(row?.airframe).toMatchObject({ registration, typeCode: 'IL76' });
  });

  it('gives every row a type, an operator, a reason and a source other than the default', () => {
    for (const { airframe } of parsed.rows) {
      expect(airframe.typeCode, airframe.hex).not.toBeNull();
      expect(airframe.operator, airframe.hex).not.toBeNull();
      expect(airframe.reason, airframe.hex).not.toBeNull();
      expect(airframe.source, airframe.hex).not.toBe('csv');
    }
  });
});
