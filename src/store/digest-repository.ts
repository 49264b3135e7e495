import { sql } from 'kysely';
import type { Db } from '../db/database-schema.js';
import type { DigestAirframe, DigestAirport, DigestContent, DigestGapCount, DigestLeg } from './digest-content.js';

const ms = (d: Date | string | null): number | null => (d === null ? null : new Date(d).getTime());

/** At most this many positions of a leg go to the map. */
const TRACK_POINTS = 300;

/** What the digest of the 24 hours up to `windowEnd` shows (see digest-content.ts). */
export async function loadDigestContent(
  db: Db,
  window: { day: string; start: Date; end: Date },
  watched: readonly string[],
): Promise<DigestContent> {
  const { start, end } = window;
  const idents = [...watched];
  const legs = await sql<{
    id: string;
    hex: string;
    registration: string | null;
    type_code: string | null;
    operator: string | null;
    callsign: string | null;
    departure_airport: string | null;
    arrival_airport: string | null;
    departure_inferred: boolean;
    arrival_inferred: boolean;
    first_seen_at: Date;
    last_seen_at: Date;
    departed_at: Date | null;
    arrived_at: Date | null;
    status: string;
    gap_count: number;
    minutes_dark: number;
  }>`
    SELECT l.id::text AS id, l.hex, a.registration, a.type_code, a.operator, l.callsign, l.departure_airport,
           l.arrival_airport, l.departure_inferred, l.arrival_inferred, l.first_seen_at, l.last_seen_at,
           l.departed_at, l.arrived_at, l.status,
           (SELECT count(*)::int FROM transponder_gaps g WHERE g.leg_id = l.id) AS gap_count,
           (SELECT coalesce(round(sum(extract(epoch FROM coalesce(g.ended_at, l.last_seen_at) - g.started_at))
                                  / 60), 0)::int
              FROM transponder_gaps g WHERE g.leg_id = l.id) AS minutes_dark
    FROM legs l LEFT JOIN airframes a ON a.hex = l.hex
    WHERE l.last_seen_at >= ${start} AND l.first_seen_at <= ${end}
      AND (l.departure_airport = ANY (${idents}::text[]) OR l.arrival_airport = ANY (${idents}::text[]))
    ORDER BY l.first_seen_at, l.id`.execute(db);
  const digestLegs: DigestLeg[] = [];
  for (const l of legs.rows) {
    const track = await sql<{ lat: number; lon: number }>`
      SELECT lat, lon FROM (
        SELECT lat, lon, observed_at, row_number() OVER (ORDER BY observed_at) AS n, count(*) OVER () AS total
        FROM positions WHERE hex = ${l.hex} AND observed_at BETWEEN ${l.first_seen_at} AND ${l.last_seen_at}
      ) p WHERE (n - 1) % greatest(1, ceil(total::numeric / ${TRACK_POINTS})::int) = 0 OR n = total
      ORDER BY observed_at`.execute(db);
    digestLegs.push({
      hex: l.hex,
      registration: l.registration,
      typeCode: l.type_code,
      operator: l.operator,
      callsign: l.callsign,
      departureAirport: l.departure_airport,
      arrivalAirport: l.arrival_airport,
      departureInferred: l.departure_inferred,
      arrivalInferred: l.arrival_inferred,
      firstSeenAt: ms(l.first_seen_at)!,
      lastSeenAt: ms(l.last_seen_at)!,
      departedAt: ms(l.departed_at),
      arrivedAt: ms(l.arrived_at),
      status: l.status,
      gapCount: l.gap_count,
      minutesDark: l.minutes_dark,
      track: track.rows,
    });
  }
  const gaps = await sql<{ verdict: string; count: number; longest_min: number }>`
    SELECT verdict, count(*)::int AS count,
           coalesce(round(max(extract(epoch FROM coalesce(ended_at, ${end}) - started_at)) / 60), 0)::int AS longest_min
    FROM transponder_gaps WHERE started_at BETWEEN ${start} AND ${end}
    GROUP BY verdict
    ORDER BY array_position(ARRAY['dark', 'unknown', 'coverage', 'outage'], verdict), verdict`.execute(db);
  const airframes = await sql<{
    hex: string;
    registration: string | null;
    type_code: string | null;
    operator: string | null;
    status: string;
    observed_at: Date;
    lat: number;
    lon: number;
    alt_baro_ft: number | null;
    on_ground: boolean;
  }>`
    SELECT seen.hex, a.registration, a.type_code, a.operator, seen.status, p.observed_at, p.lat, p.lon,
           p.alt_baro_ft, p.on_ground
    FROM (
      SELECT DISTINCT ON (hex) hex, status FROM legs
      WHERE last_seen_at BETWEEN ${start} AND ${end} ORDER BY hex, last_seen_at DESC
    ) seen
    JOIN airframes a ON a.hex = seen.hex AND a.active
    CROSS JOIN LATERAL (
      SELECT observed_at, lat, lon, alt_baro_ft, on_ground FROM positions
      WHERE hex = seen.hex AND observed_at <= ${end} ORDER BY observed_at DESC LIMIT 1
    ) p
    ORDER BY p.observed_at DESC, seen.hex`.execute(db);
  const airports = await sql<DigestAirport>`
    SELECT ident, name, lat, lon FROM airports WHERE ident = ANY (${idents}::text[]) ORDER BY ident`.execute(db);
  return {
    day: window.day,
    windowStart: start.getTime(),
    windowEnd: end.getTime(),
    legs: digestLegs,
    gaps: gaps.rows.map((g): DigestGapCount => ({ verdict: g.verdict, count: g.count, longestMin: g.longest_min })),
    airframes: airframes.rows.map((r): DigestAirframe => ({
      hex: r.hex,
      registration: r.registration,
      typeCode: r.type_code,
      operator: r.operator,
      lastSeenAt: ms(r.observed_at)!,
      lat: r.lat,
      lon: r.lon,
      altFt: r.alt_baro_ft,
      onGround: r.on_ground,
      status: r.status,
    })),
    watchedAirports: airports.rows,
  };
}

/** Queues the digest of one day; false when that day already has one. */
export async function queueDigest(
  db: Db,
  digest: { day: string; start: Date; end: Date; messageId: string; recipients: readonly string[] },
): Promise<boolean> {
  const result = await sql`
    INSERT INTO alert_digests (day, window_start, window_end, message_id, recipients)
    VALUES (${digest.day}, ${digest.start}, ${digest.end}, ${digest.messageId}, ${[...digest.recipients]}::text[])
    ON CONFLICT (day) DO NOTHING`.execute(db);
  return Number(result.numAffectedRows ?? 0n) > 0;
}

export interface DueDigest {
  day: string;
  start: Date;
  end: Date;
  messageId: string;
  recipients: string[];
  attempts: number;
}

/** The oldest due digest, locked for the time of its send (SKIP LOCKED: another process passes it by). */
export async function lockDueDigest(db: Db, now: Date, skip: readonly string[]): Promise<DueDigest | undefined> {
  const rows = await sql<{
    day: string;
    window_start: Date;
    window_end: Date;
    message_id: string;
    recipients: string[];
    attempts: number;
  }>`
    SELECT to_char(day, 'YYYY-MM-DD') AS day, window_start, window_end, message_id, recipients, attempts
    FROM alert_digests
    WHERE status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= ${now})
      AND NOT (to_char(day, 'YYYY-MM-DD') = ANY (${[...skip]}::text[]))
    ORDER BY day LIMIT 1 FOR UPDATE SKIP LOCKED`.execute(db);
  const r = rows.rows[0];
  return (
    r && {
      day: r.day,
      start: new Date(r.window_start),
      end: new Date(r.window_end),
      messageId: r.message_id,
      recipients: r.recipients,
      attempts: r.attempts,
    }
  );
}

export async function recordDigestAttempt(
  db: Db,
  day: string,
  r: {
    status: 'sent' | 'pending' | 'failed';
    error: string | null;
    subject: string;
    at: Date;
    nextAttemptAt: Date | null;
  },
): Promise<void> {
  await sql`
    UPDATE alert_digests SET status = ${r.status}, attempts = attempts + 1, last_error = ${r.error},
      subject = ${r.subject}, next_attempt_at = ${r.nextAttemptAt},
      sent_at = CASE WHEN ${r.status} = 'sent' THEN ${r.at}::timestamptz ELSE NULL END
    WHERE day = ${day}::date`.execute(db);
}
