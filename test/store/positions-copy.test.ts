import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clientTransaction } from '../../src/db/client-transaction.js';
import { insertPositions } from '../../src/store/positions-repository.js';
import { SnapshotProcessor } from '../../src/pipeline/snapshot-processor.js';
import type { Sighting } from '../../src/tracking/sighting.js';
import { silentLogger } from '../support/silent-logger.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { testConfig } from '../support/test-config.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});
beforeEach(async () => {
  await sql`TRUNCATE positions, track_events, transponder_gaps, legs, tracker_state, poll_cycles CASCADE`.execute(
    database.db,
  );
});

const T0 = Date.UTC(2025, 9, 29, 14, 0);

function sighting(
  hex: string,
  observedAt: number,
  text: Partial<Pick<Sighting, 'callsign' | 'squawk' | 'source'>> = {},
): Sighting {
  return {
    hex,
    observedAt,
    lat: 12.345678901234567,
    lon: -80.1,
    altBaroFt: 30000,
    onGround: false,
    groundSpeedKt: 431.7,
    trackDeg: 270.25,
    verticalRateFpm: -64,
    squawk: null,
    callsign: null,
    registration: null,
    typeCode: null,
    source: 'test',
    ...text,
  };
}

async function store(sightings: readonly Sighting[]): Promise<number> {
  return clientTransaction(database.db, (trx, client) => insertPositions(trx, client, sightings, () => 'area'));
}

const HOSTILE = [
  'tab\there',
  'new\nline',
  'cr\rlf\r\n',
  'back\\slash',
  '\\N',
  '\\.',
  '\\',
  'ends with \\',
  '\t\n\\\r',
  '',
  '\uFFFDreplaced',
  'ünïcödé ✈ 🛩',
  'quote \' " `',
  'comma,semi;colon|pipe',
  ' padded ',
  '\\t not a tab',
  'a\u000bb\u000cc\u0008d',
];

describe('positions are stored with COPY', () => {
  it('any text round-trips exactly through COPY (tabs, backslashes, newlines, \\N, U+FFFD, empty, null)', async () => {
    const rows = HOSTILE.map((text, i) =>
      sighting(`a0000${i.toString(16)}`, T0 + i, { callsign: text, squawk: text.slice(0, 4), source: `src ${text}` }),
    );
    rows.push(sighting('a000ff', T0, { callsign: null, squawk: null }));
    expect(await store(rows)).toBe(rows.length);
    const stored = await database.db
      .selectFrom('positions')
      .select(['hex', 'callsign', 'squawk', 'source', 'observed_at', 'lat', 'ground_speed_kt', 'vertical_rate_fpm'])
      .orderBy('hex')
      .execute();
    expect(stored.map((r) => [r.hex, r.callsign, r.squawk, r.source])).toEqual(
      rows.map((s) => [s.hex, s.callsign, s.squawk, s.source]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    expect(stored[0]).toMatchObject({ observed_at: new Date(T0), lat: 12.345678901234567, vertical_rate_fpm: -64 });
    expect(stored[0]!.ground_speed_kt).toBeCloseTo(431.7, 4);
  });

  it('counts only the rows actually inserted: a batch that repeats stored rows falls back and skips them', async () => {
    expect(await store([sighting('b00001', T0), sighting('b00002', T0)])).toBe(2);
    // One old row among new ones: the direct COPY meets the key, the staging path inserts the other two.
    expect(await store([sighting('b00003', T0), sighting('b00001', T0), sighting('b00002', T0 + 1000)])).toBe(2);
    expect(await store([sighting('b00001', T0), sighting('b00003', T0)])).toBe(0);
    const rows = await database.db
      .selectFrom('positions')
      .select(['hex'])
      .orderBy('hex')
      .orderBy('observed_at')
      .execute();
    expect(rows.map((r) => r.hex)).toEqual(['b00001', 'b00002', 'b00002', 'b00003']);
    // The connection that fell back keeps working, staging table and all.
    expect(await store([sighting('b00004', T0), sighting('b00001', T0)])).toBe(1);
  });

  it('a cycle that fails after the COPY leaves no positions behind', async () => {
    await expect(
      clientTransaction(database.db, async (trx, client) => {
        await insertPositions(trx, client, [sighting('c00001', T0)], () => 'area');
        throw new Error('later step failed');
      }),
    ).rejects.toThrow('later step failed');
    expect(await database.db.selectFrom('positions').select('hex').execute()).toEqual([]);
    expect(await store([sighting('c00001', T0)])).toBe(1);
  });
});

describe('the processor stores each position once', () => {
  // Area traffic (no watched type) near MUHA, stored but not tracked.
  const row = (hex: string, seenPos: number, lat: number) => ({
    hex,
    type: 'adsb_icao',
    lat,
    lon: -82.4,
    alt_baro: 30000,
    gs: 430,
    seen_pos: seenPos,
    seen: 1,
    flight: 'TEST1',
    messages: 1,
    mlat: [],
    tisb: [],
    rssi: -10,
  });
  const cycle = (processor: SnapshotProcessor, now: number, ac: unknown[]) =>
    processor.process({
      mode: 'replay',
      responses: [{ provider: 'test', body: { now, ac } }],
      requests: 0,
      errors: [],
      startedAtMs: Date.now(),
      fetchMs: null,
    });

  it('a position repeated in the next poll is stored once; a replay of the same polls stores nothing new', async () => {
    const first = new SnapshotProcessor(database.db, testConfig(database.url), silentLogger);
    // d00002 has no new position in the second poll: the feed repeats it (seen_pos grew by the 30 s).
    const polls: Array<[number, unknown[]]> = [
      [T0, [row('d00001', 1, 23), row('d00002', 1, 23.1)]],
      [T0 + 30_000, [row('d00001', 1, 23.05), row('d00002', 31, 23.1)]],
    ];
    const stored = [];
    for (const [now, ac] of polls) stored.push((await cycle(first, now, ac)).positionsStored);
    expect(stored).toEqual([2, 1]);
    // A new process replaying the same file: every row is already there.
    const again = new SnapshotProcessor(database.db, testConfig(database.url), silentLogger);
    const replayed = [];
    for (const [now, ac] of polls) replayed.push((await cycle(again, now, ac)).positionsStored);
    expect(replayed).toEqual([0, 0]);
    const counts = await sql<{ n: number }>`SELECT count(*)::int AS n FROM positions`.execute(database.db);
    expect(counts.rows[0]?.n).toBe(3);
    const cycles = await database.db.selectFrom('poll_cycles').select('positions_stored').orderBy('id').execute();
    expect(cycles.map((c) => c.positions_stored)).toEqual([2, 1, 0, 0]);
  });
});
