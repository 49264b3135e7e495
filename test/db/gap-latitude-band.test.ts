import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

// "Gaps within R km of a point" with a latitude band in front of distance_km (docs/queries.md): the band
// must never change the answer, wherever the point is, and the start_lat / end_lat indexes must serve it.

let database: TestDatabase;
const RADIUS_KM = 300;
const BAND_DEG = 2.7; // 300 km ÷ 111.19 km a degree of latitude, rounded up
const CENTRES = [
  { name: 'SVMI', lat: 10.6012, lon: -66.9913 },
  { name: 'near the north pole', lat: 89.2, lon: 30 },
  { name: 'near the south pole', lat: -88.5, lon: -120 },
  { name: 'on the antimeridian', lat: -17.7, lon: 179.9 },
  { name: 'the other side of it', lat: 52, lon: -179.95 },
];

/** A small seeded generator, so a failure can be reproduced. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** A point `km` from (lat, lon) on bearing `bearingDeg`, on distance_km's sphere. */
function destination(lat: number, lon: number, km: number, bearingDeg: number): { lat: number; lon: number } {
  const R = 6371.0088;
  const d = km / R;
  const φ1 = (lat * Math.PI) / 180;
  const λ1 = (lon * Math.PI) / 180;
  const θ = (bearingDeg * Math.PI) / 180;
  const φ2 = Math.asin(Math.sin(φ1) * Math.cos(d) + Math.cos(φ1) * Math.sin(d) * Math.cos(θ));
  const λ2 = λ1 + Math.atan2(Math.sin(θ) * Math.sin(d) * Math.cos(φ1), Math.cos(d) - Math.sin(φ1) * Math.sin(φ2));
  return { lat: (φ2 * 180) / Math.PI, lon: (((λ2 * 180) / Math.PI + 540) % 360) - 180 };
}

beforeAll(async () => {
  database = await createTestDatabase();
  const next = random(20261202);
  const starts: Array<{ lat: number; lon: number }> = [];
  const ends: Array<{ lat: number; lon: number } | null> = [];
  const anywhere = () => ({ lat: (Math.asin(2 * next() - 1) * 180) / Math.PI, lon: next() * 360 - 180 });
  const near = () => {
    const centre = CENTRES[Math.floor(next() * CENTRES.length)]!;
    return destination(centre.lat, centre.lon, next() * 2 * RADIUS_KM, next() * 360);
  };
  for (let i = 0; i < 3000; i++) {
    starts.push(next() < 0.5 ? anywhere() : near());
    ends.push(next() < 0.1 ? null : next() < 0.5 ? anywhere() : near());
  }
  // Just inside and just outside the radius, due north and due south (the band's edges).
  for (const centre of CENTRES) {
    for (const km of [RADIUS_KM - 0.05, RADIUS_KM + 0.05]) {
      for (const bearing of [0, 180, 90]) {
        starts.push(destination(centre.lat, centre.lon, km, bearing));
        ends.push(null);
      }
    }
  }
  await sql`
    INSERT INTO transponder_gaps (gap_key, hex, started_at, start_lat, start_lon, end_lat, end_lon)
    SELECT 'band:' || n, 'aaaaaa', timestamptz '2025-10-01 00:00+00' + n * interval '1 minute',
       s_lat, s_lon, e_lat, e_lon
    FROM unnest(${starts.map((p) => p.lat)}::float8[], ${starts.map((p) => p.lon)}::float8[],
                ${ends.map((p) => p?.lat ?? null)}::float8[], ${ends.map((p) => p?.lon ?? null)}::float8[])
                   WITH ORDINALITY AS t(s_lat, s_lon, e_lat, e_lon, n)`.execute(database.db);
  await sql`ANALYZE transponder_gaps`.execute(database.db);
});
afterAll(async () => {
  await database?.drop();
});

async function plainIds(lat: number, lon: number): Promise<string[]> {
  const result = await sql<{ id: string }>`
    SELECT g.id FROM transponder_gaps g, (VALUES (${lat}::float8, ${lon}::float8)) AS ap(lat, lon)
    WHERE distance_km(g.start_lat, g.start_lon, ap.lat, ap.lon) <= ${RADIUS_KM}
       OR distance_km(g.end_lat, g.end_lon, ap.lat, ap.lon) <= ${RADIUS_KM}
    ORDER BY g.id`.execute(database.db);
  return result.rows.map((r) => String(r.id));
}

const bandQuery = (lat: number, lon: number) => sql<{ id: string }>`
    SELECT g.id FROM transponder_gaps g, (VALUES (${lat}::float8, ${lon}::float8)) AS ap(lat, lon)
    WHERE (g.start_lat BETWEEN ap.lat - ${BAND_DEG} AND ap.lat + ${BAND_DEG}
       AND distance_km(g.start_lat, g.start_lon, ap.lat, ap.lon) <= ${RADIUS_KM})
       OR (g.end_lat BETWEEN ap.lat - ${BAND_DEG} AND ap.lat + ${BAND_DEG}
          AND distance_km(g.end_lat, g.end_lon, ap.lat, ap.lon) <= ${RADIUS_KM})
    ORDER BY g.id`;

describe('gaps within 300 km of a point, with a latitude band', () => {
  it.each(CENTRES)('finds exactly the gaps the distance test alone finds: $name', async ({ lat, lon }) => {
    const expected = await plainIds(lat, lon);
    const banded = (await bandQuery(lat, lon).execute(database.db)).rows.map((r) => String(r.id));
    expect(expected.length).toBeGreaterThan(50);
    expect(banded).toEqual(expected);
  });

  it('is answered from the start_lat and end_lat indexes (a BitmapOr), not by reading every gap', async () => {
    const plan = await database.db.transaction().execute(async (trx) => {
      await sql`SET LOCAL enable_seqscan = off`.execute(trx);
      const { lat, lon } = CENTRES[0]!;
      const rows = await sql<{ 'QUERY PLAN': string }>`EXPLAIN ${bandQuery(lat, lon)}`.execute(trx);
      return rows.rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('BitmapOr');
    expect(plan).toContain('transponder_gaps_start_lat_idx');
    expect(plan).toContain('transponder_gaps_end_lat_idx');
  });
});
