import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clientTransaction } from '../../src/db/client-transaction.js';
import type { MatchedBy } from '../../src/db/database-schema.js';
import { CommittedLegs } from '../../src/store/committed-legs.js';
import { upsertLegs } from '../../src/store/legs-and-gaps-repository.js';
import type { LegRecord } from '../../src/tracking/leg-record.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});
beforeEach(async () => {
  await sql`TRUNCATE legs CASCADE`.execute(database.db);
});

const T0 = Date.UTC(2025, 9, 29, 12, 0);

function leg(hex: string, overrides: Partial<LegRecord> = {}): LegRecord {
  return {
    key: `${hex}:${T0}`,
    hex,
    departureAirport: 'SVMI',
    arrivalAirport: null,
    departureLat: 10.6,
    departureLon: -66.99,
    arrivalLat: null,
    arrivalLon: null,
    departedAt: T0,
    arrivedAt: null,
    departureInferred: false,
    arrivalInferred: false,
    departureRunway: null,
    arrivalRunway: null,
    firstSeenAt: T0,
    lastSeenAt: T0,
    status: 'airborne',
    callsign: 'RSD063',
    ...overrides,
  };
}

async function write(
  legs: readonly LegRecord[],
  committed: CommittedLegs | undefined,
  matchedBy: MatchedBy = 'watchlist',
): Promise<Map<string, string>> {
  const ids = await clientTransaction(database.db, (trx) => upsertLegs(trx, legs, () => matchedBy, [], committed));
  committed?.committed(legs);
  return ids;
}

async function rows() {
  const result = await sql<Record<string, unknown>>`
    SELECT leg_key, hex, departure_airport, arrival_airport, departed_at, arrived_at,
       arrival_inferred, first_seen_at, last_seen_at, status, callsign, matched_by
    FROM legs ORDER BY leg_key`.execute(database.db);
  return result.rows;
}

/** The same cycles written with and without the committed-legs cache give the same rows and ids. */
async function bothWays(
  cycles: ReadonlyArray<{ legs: LegRecord[]; matchedBy?: MatchedBy; between?: () => Promise<void> }>,
) {
  const outcomes: Array<{ rows: Record<string, unknown>[]; keys: string[][] }> = [];
  for (const committed of [undefined, new CommittedLegs()]) {
    await sql`TRUNCATE legs CASCADE`.execute(database.db);
    const keys: string[][] = [];
    for (const cycle of cycles) {
      await cycle.between?.();
      keys.push([...(await write(cycle.legs, committed, cycle.matchedBy)).keys()].sort());
    }
    outcomes.push({ rows: await rows(), keys });
  }
  return outcomes;
}

describe('legs that were only heard again get a narrow update', () => {
  it(
    'gives the same rows and ids as the full upsert: progress, callsign, a matched_by upgrade, ' +
      'a landing, a new leg',
    async () => {
      const [full, narrow] = await bothWays([
        { legs: [leg('a00001'), leg('a00002')], matchedBy: 'type' },
        {
          legs: [
            leg('a00001', { lastSeenAt: T0 + 30_000 }),
            leg('a00002', { lastSeenAt: T0 + 30_000, callsign: 'RSD064' }),
          ],
          matchedBy: 'type',
        },
        {
          legs: [
            leg('a00001', { lastSeenAt: T0 + 60_000 }),
            leg('a00002', { lastSeenAt: T0 + 60_000, callsign: 'RSD064' }),
          ],
          matchedBy: 'watchlist',
        },
        {
          legs: [
            leg('a00001', {
              lastSeenAt: T0 + 90_000,
              status: 'landed',
              arrivalAirport: 'MUHA',
              arrivedAt: T0 + 90_000,
              arrivalLat: 22.99,
              arrivalLon: -82.41,
            }),
            leg('a00002', { lastSeenAt: T0 + 90_000, callsign: null }),
            leg('a00003', { key: `a00003:${T0 + 90_000}`, firstSeenAt: T0 + 90_000, lastSeenAt: T0 + 90_000 }),
          ],
          matchedBy: 'type',
        },
      ]);
      expect(narrow).toEqual(full);
      expect(full!.rows).toHaveLength(3);
      expect(full!.rows.find((r) => r.hex === 'a00002')).toMatchObject({
        last_seen_at: new Date(T0 + 90_000),
        callsign: null,
        matched_by: 'watchlist',
      });
      expect(full!.rows.find((r) => r.hex === 'a00001')).toMatchObject({ status: 'landed', arrival_airport: 'MUHA' });
    },
  );

  it('writes a leg whole when its row is gone, however the cache remembers it', async () => {
    const [full, narrow] = await bothWays([
      { legs: [leg('b00001')] },
      {
        legs: [leg('b00001', { lastSeenAt: T0 + 30_000 })],
        between: async () => void (await sql`DELETE FROM legs`.execute(database.db)),
      },
    ]);
    expect(narrow).toEqual(full);
    expect(full!.rows).toEqual([
      expect.objectContaining({ hex: 'b00001', last_seen_at: new Date(T0 + 30_000), departure_airport: 'SVMI' }),
    ]);
  });

  it('sends only the legs whose structure is unchanged down the narrow path', () => {
    const committed = new CommittedLegs();
    committed.committed([leg('c00001'), leg('c00002'), leg('c00003', { status: 'landed' })]);
    const { advanced, changed } = committed.split([
      leg('c00001', { lastSeenAt: T0 + 1, callsign: 'X' }),
      leg('c00002', { departureAirport: 'MUHA' }),
      leg('c00003', { status: 'landed' }), // closed legs are not kept
      leg('c00004'),
    ]);
    expect(advanced.map((l) => l.hex)).toEqual(['c00001']);
    expect(changed.map((l) => l.hex)).toEqual(['c00002', 'c00003', 'c00004']);
  });
});
