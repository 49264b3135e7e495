import { type Selectable, sql, type Transaction } from 'kysely';
import type { Database, MatchedBy, Db, TransponderGapsTable } from '../db/database-schema.js';
import type { ExportGap } from '../track-export/track-export-input.js';
import type { GapRecord } from '../tracking/gap-record.js';
import type { LegRecord } from '../tracking/leg-record.js';
import type { CommittedLegs } from './committed-legs.js';
import { type ColumnValues, recordsetColumns, setFromExcluded } from './table-columns.js';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** The columns a leg is written with, and their types in the JSON record set. */
const LEG_COLUMNS = {
  leg_key: 'text',
  hex: 'text',
  departure_airport: 'text',
  arrival_airport: 'text',
  departure_lat: 'float8',
  departure_lon: 'float8',
  arrival_lat: 'float8',
  arrival_lon: 'float8',
  departed_at: 'timestamptz',
  arrived_at: 'timestamptz',
  departure_inferred: 'bool',
  arrival_inferred: 'bool',
  first_seen_at: 'timestamptz',
  last_seen_at: 'timestamptz',
  status: 'text',
  callsign: 'text',
  matched_by: 'text',
  departure_runway: 'text',
  arrival_runway: 'text',
} as const;
const LEG = recordsetColumns(LEG_COLUMNS);
/** A leg written again takes every column but its key and hex (matched_by never falls back from 'watchlist'). */
const LEG_UPDATE = setFromExcluded(
  Object.keys(LEG_COLUMNS).filter((name) => name !== 'leg_key' && name !== 'hex' && name !== 'matched_by'),
);

/** The columns a transponder gap is written with, and their types in the JSON record set. */
const GAP_COLUMNS = {
  gap_key: 'text',
  hex: 'text',
  leg_id: 'bigint',
  started_at: 'timestamptz',
  ended_at: 'timestamptz',
  start_lat: 'float8',
  start_lon: 'float8',
  start_alt_ft: 'int',
  start_on_ground: 'bool',
  end_lat: 'float8',
  end_lon: 'float8',
  end_alt_ft: 'int',
  end_on_ground: 'bool',
  distance_km: 'float8',
  implied_speed_kt: 'float8',
} as const;
const GAP = recordsetColumns(GAP_COLUMNS);
/** What a gap written again may change: how it ended (its start never moves; its leg only gets known). */
const GAP_UPDATE = setFromExcluded([
  'ended_at',
  'end_lat',
  'end_lon',
  'end_alt_ft',
  'end_on_ground',
  'distance_km',
  'implied_speed_kt',
]);

function legRow(l: LegRecord, matchedBy: (hex: string) => MatchedBy): ColumnValues<typeof LEG_COLUMNS> {
  return {
    leg_key: l.key,
    hex: l.hex,
    departure_airport: l.departureAirport,
    arrival_airport: l.arrivalAirport,
    departure_lat: l.departureLat,
    departure_lon: l.departureLon,
    arrival_lat: l.arrivalLat,
    arrival_lon: l.arrivalLon,
    departed_at: iso(l.departedAt),
    arrived_at: iso(l.arrivedAt),
    departure_inferred: l.departureInferred,
    arrival_inferred: l.arrivalInferred,
    first_seen_at: iso(l.firstSeenAt),
    last_seen_at: iso(l.lastSeenAt),
    status: l.status,
    callsign: l.callsign,
    matched_by: matchedBy(l.hex),
    departure_runway: l.departureRunway,
    arrival_runway: l.arrivalRunway,
  };
}

function gapRow(g: GapRecord, legIds: Map<string, string>): ColumnValues<typeof GAP_COLUMNS> {
  return {
    gap_key: g.key,
    hex: g.hex,
    leg_id: g.legKey ? (legIds.get(g.legKey) ?? null) : null,
    started_at: iso(g.startedAt),
    ended_at: iso(g.endedAt),
    start_lat: g.startLat,
    start_lon: g.startLon,
    start_alt_ft: g.startAltFt === null ? null : Math.round(g.startAltFt),
    start_on_ground: g.startOnGround,
    end_lat: g.endLat,
    end_lon: g.endLon,
    end_alt_ft: g.endAltFt === null ? null : Math.round(g.endAltFt),
    end_on_ground: g.endOnGround,
    distance_km: g.distanceKm,
    implied_speed_kt: g.impliedSpeedKt,
  };
}

/**
 * Writes the legs a cycle changed, by their engine key; returns key -> id for every leg key the cycle
 * refers to. Legs that `committed` knows only moved on (lastSeenAt, callsign) get a narrow UPDATE of
 * those columns; the others, and any whose row that UPDATE did not find, get the full upsert.
 */
export async function upsertLegs(
  trx: Transaction<Database>,
  legs: readonly LegRecord[],
  matchedBy: (hex: string) => MatchedBy,
  extraKeys: readonly string[],
  committed?: CommittedLegs,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const { advanced, changed } = committed ? committed.split(legs) : { advanced: [], changed: [...legs] };
  if (advanced.length) {
    const result = await sql<{ id: string; leg_key: string }>`
      UPDATE legs SET last_seen_at = v.last_seen_at, callsign = v.callsign,
        matched_by = CASE WHEN legs.matched_by = 'watchlist' THEN legs.matched_by ELSE v.matched_by END,
        updated_at = now()
      FROM unnest(${advanced.map((l) => l.key)}::text[], ${advanced.map((l) => iso(l.lastSeenAt))}::timestamptz[],
                  ${advanced.map((l) => l.callsign)}::text[], ${advanced.map((l) => matchedBy(l.hex))}::text[])
        AS v(leg_key, last_seen_at, callsign, matched_by)
      WHERE legs.leg_key = v.leg_key
      RETURNING legs.id, legs.leg_key`.execute(trx);
    for (const row of result.rows) ids.set(row.leg_key, String(row.id));
    for (const leg of advanced) if (!ids.has(leg.key)) changed.push(leg); // its row is gone: write it whole
  }
  if (changed.length) {
    const rows = changed.map((l) => legRow(l, matchedBy));
    const result = await sql<{ id: string; leg_key: string }>`
      INSERT INTO legs (${LEG.names})
      SELECT ${LEG.names}
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS v(${LEG.definition})
      ON CONFLICT (leg_key) DO UPDATE SET ${LEG_UPDATE},
        matched_by = CASE WHEN legs.matched_by = 'watchlist' THEN legs.matched_by ELSE excluded.matched_by END,
        updated_at = now()
      RETURNING id, leg_key`.execute(trx);
    for (const row of result.rows) ids.set(row.leg_key, String(row.id));
  }
  const missing = [...new Set(extraKeys)].filter((key) => !ids.has(key));
  if (missing.length) {
    const rows = await trx.selectFrom('legs').select(['id', 'leg_key']).where('leg_key', 'in', missing).execute();
    for (const row of rows) ids.set(row.leg_key, String(row.id));
  }
  return ids;
}

/**
 * A checkpoint's write of open legs that only moved on since the last one: their lastSeenAt and callsign,
 * nothing else (matched_by stays what the cycle that opened the leg wrote). Returns the legs whose row was
 * not found, for the caller to write whole.
 */
export async function advanceLegs(trx: Transaction<Database>, legs: readonly LegRecord[]): Promise<LegRecord[]> {
  if (!legs.length) return [];
  const result = await sql<{ leg_key: string }>`
    UPDATE legs SET last_seen_at = v.last_seen_at, callsign = v.callsign, updated_at = now()
    FROM unnest(${legs.map((l) => l.key)}::text[], ${legs.map((l) => iso(l.lastSeenAt))}::timestamptz[],
                ${legs.map((l) => l.callsign)}::text[]) AS v(leg_key, last_seen_at, callsign)
    WHERE legs.leg_key = v.leg_key
    RETURNING legs.leg_key`.execute(trx);
  const found = new Set(result.rows.map((r) => r.leg_key));
  return legs.filter((l) => !found.has(l.key));
}

/** Upserts gaps by their engine key; returns key -> id. */
export async function upsertGaps(
  trx: Transaction<Database>,
  gaps: readonly GapRecord[],
  legIds: Map<string, string>,
  extraKeys: readonly string[],
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  if (gaps.length) {
    const rows = gaps.map((g) => gapRow(g, legIds));
    const result = await sql<{ id: string; gap_key: string }>`
      INSERT INTO transponder_gaps (${GAP.names})
      SELECT ${GAP.names}
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS v(${GAP.definition})
      ON CONFLICT (gap_key) DO UPDATE SET
        leg_id = coalesce(excluded.leg_id, transponder_gaps.leg_id), ${GAP_UPDATE}, updated_at = now()
      RETURNING id, gap_key`.execute(trx);
    for (const row of result.rows) ids.set(row.gap_key, String(row.id));
  }
  const missing = [...new Set(extraKeys)].filter((key) => !ids.has(key));
  if (missing.length) {
    const rows = await trx
      .selectFrom('transponder_gaps')
      .select(['id', 'gap_key'])
      .where('gap_key', 'in', missing)
      .execute();
    for (const row of rows) ids.set(row.gap_key, String(row.id));
  }
  return ids;
}

/** One leg's row, or undefined. */
export async function legById(db: Db, id: string) {
  return db.selectFrom('legs').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A stored gap as the exports and the alert email take it. */
export function toExportGap(g: Selectable<TransponderGapsTable>): ExportGap {
  const ms = (d: Date | string | null): number | null => (d === null ? null : new Date(d).getTime());
  return {
    startedAt: ms(g.started_at)!,
    endedAt: ms(g.ended_at),
    startLat: g.start_lat,
    startLon: g.start_lon,
    startAltFt: g.start_alt_ft,
    endLat: g.end_lat,
    endLon: g.end_lon,
    endAltFt: g.end_alt_ft,
    endOnGround: g.end_on_ground,
    distanceKm: g.distance_km,
    verdict: g.verdict,
  };
}

/** The gaps of one leg, in the order they started. */
export async function gapsOfLeg(db: Db, legId: string) {
  return db.selectFrom('transponder_gaps').selectAll().where('leg_id', '=', legId).orderBy('started_at').execute();
}

/** Of these aircraft, those with a leg tracked because of their type. */
export async function hexesWithTypeMatchedLegs(db: Db, hexes: readonly string[]): Promise<Set<string>> {
  const rows = await db
    .selectFrom('legs')
    .select('hex')
    .where('hex', 'in', [...hexes])
    .where('matched_by', '=', 'type')
    .execute();
  return new Set(rows.map((r) => r.hex));
}

export interface LegSummaryFilter {
  hex?: string | undefined;
  /** Departing from or arriving at this airport. */
  airport?: string | undefined;
  /** Seen since a time, or within a span back from the newest leg's last sighting. */
  since?: { at: Date } | { spanMs: number } | undefined;
  limit: number;
}

/** Rows of the leg_summary view, newest first (`tailwatch legs`). */
export async function listLegSummaries(db: Db, filter: LegSummaryFilter) {
  let query = db
    .selectFrom('leg_summary')
    .selectAll()
    .orderBy('last_seen_at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit);
  if (filter.hex) query = query.where('hex', '=', filter.hex);
  const airport = filter.airport;
  if (airport) {
    query = query.where((eb) => eb.or([eb('departure_airport', '=', airport), eb('arrival_airport', '=', airport)]));
  }
  const since = filter.since;
  if (since && 'at' in since) query = query.where('last_seen_at', '>=', since.at);
  if (since && 'spanMs' in since) {
    query = query.where(
      'last_seen_at',
      '>=',
      sql<Date>`(SELECT max(last_seen_at) FROM legs) - make_interval(secs => ${since.spanMs / 1000})`,
    );
  }
  return query.execute();
}
