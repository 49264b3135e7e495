import { createHash } from 'node:crypto';
import type { AirportIndex } from '../../src/airports/airport.js';
import type { GapRecord } from '../../src/tracking/gap-record.js';
import type { LegRecord } from '../../src/tracking/leg-record.js';
import type { TrackEvent } from '../../src/tracking/track-event.js';
import { advanceTracker, type TrackerInput, type TrackerResult } from '../../src/tracking/tracker-engine.js';
import type { AircraftTrack, TrackerState } from '../../src/tracking/tracker-state.js';
import { callJson, runMixedTraffic, tracksJson } from './mixed-traffic.js';

/**
 * The engine's results on a run of batches as text to read and diff, a line per record:
 * - `#n` lines: call n's events, then the legs and gaps it reported (a leg only when something other
 *   than lastSeenAt changed since the version last reported; most calls only move lastSeenAt);
 * - `hour` lines: per hour of asOf, the calls, sightings, accepted sightings, leg versions (and how many
 *   only moved lastSeenAt) and dropped sightings by reason;
 * - `track` lines: the final state, by hex;
 * - the SHA-256 of the exact results (transcript() in mixed-traffic.ts: every record of every call,
 *   accepted sightings included, numbers unrounded, and the final tracks), for what the lines above
 *   round or only count.
 * Times are ISO (UTC), coordinates rounded to 4 decimals (about 10 m), altitudes in ft.
 */
export function readableTranscript(
  batches: readonly TrackerInput[],
  airports: AirportIndex,
  empty: TrackerState,
): string {
  const lines: string[] = [];
  const exact: string[] = [];
  const hours = new Map<string, HourCounts>();
  const legShown = new Map<string, string>();
  const final = runMixedTraffic(advanceTracker, batches, airports, empty, (r, n) => {
    exact.push(callJson(r));
    const hour = countsFor(hours, iso(batches[n]!.asOf).slice(0, 13));
    count(hour, batches[n]!, r);
    const at = `#${n}`;
    for (const e of r.events) lines.push(`${at} ${eventLine(e)}`);
    for (const leg of r.legs) {
      const shown = JSON.stringify({ ...leg, lastSeenAt: 0 });
      if (legShown.get(leg.key) === shown) hour.lastSeenOnly++;
      else lines.push(`${at} ${legLine(leg)}`);
      legShown.set(leg.key, shown);
    }
    for (const gap of r.gaps) lines.push(`${at} ${gapLine(gap)}`);
  });
  exact.push(tracksJson(final));
  for (const [hour, c] of hours) lines.push(hourLine(hour, c));
  for (const track of [...final.aircraft].sort((a, b) => (a.hex < b.hex ? -1 : 1))) lines.push(trackLine(track));
  lines.push(`sha256 of the exact results ${createHash('sha256').update(exact.join('\n')).digest('hex')}`);
  return `${lines.join('\n')}\n`;
}

interface HourCounts {
  calls: number;
  sightings: number;
  accepted: number;
  legVersions: number;
  lastSeenOnly: number;
  dropped: Map<string, number>;
}

function countsFor(hours: Map<string, HourCounts>, hour: string): HourCounts {
  let c = hours.get(hour);
  if (c === undefined) {
    c = { calls: 0, sightings: 0, accepted: 0, legVersions: 0, lastSeenOnly: 0, dropped: new Map() };
    hours.set(hour, c);
  }
  return c;
}

function count(c: HourCounts, batch: TrackerInput, r: TrackerResult): void {
  c.calls++;
  c.sightings += batch.sightings.length;
  c.accepted += r.accepted.length;
  c.legVersions += r.legs.length;
  for (const [reason, n] of Object.entries(r.dropped)) c.dropped.set(reason, (c.dropped.get(reason) ?? 0) + n);
}

function hourLine(hour: string, c: HourCounts): string {
  const dropped = [...c.dropped].sort(([a], [b]) => (a < b ? -1 : 1)).map(([reason, n]) => `${reason} ${n}`);
  return (
    `hour ${hour}h calls ${c.calls} sightings ${c.sightings} accepted ${c.accepted} legs ${c.legVersions}` +
    ` (lastSeenAt only ${c.lastSeenOnly}) dropped ${dropped.length ? dropped.join(', ') : 0}`
  );
}

function eventLine(e: TrackEvent): string {
  const head = `${e.kind} ${e.hex} ${iso(e.at)}`;
  switch (e.kind) {
    case 'leg_opened':
      return `${head} ${ll(e.lat, e.lon)} ${alt(e.altFt)} ${e.callsign ?? '-'} leg ${e.legKey}`;
    case 'takeoff':
    case 'landing':
      return `${head} ${e.airport ?? '-'} ${e.inferred ? 'inferred' : 'observed'} ${ll(e.lat, e.lon)} leg ${e.legKey}`;
    case 'gap_opened':
      return `${head} ${ll(e.lat, e.lon)} ${alt(e.altFt)} gap ${e.gapKey} leg ${e.legKey ?? '-'}`;
    case 'gap_closed':
      return (
        `${head} since ${iso(e.startedAt)} (${minutes(e.durationMs)}) ${ll(e.lat, e.lon)} ` +
        `${e.onGround ? 'ground' : alt(e.altFt)} ${km(e.distanceKm)} ${kt(e.impliedSpeedKt)} ` +
        `gap ${e.gapKey} leg ${e.legKey ?? '-'}`
      );
    case 'leg_closed':
      return `${head} ${e.status} ${e.departureAirport ?? '-'} -> ${e.arrivalAirport ?? '-'} leg ${e.legKey}`;
  }
}

function legLine(l: LegRecord): string {
  return (
    `leg ${l.key} ${l.status} ${l.departureAirport ?? '-'} -> ${l.arrivalAirport ?? '-'} ${l.callsign ?? '-'}` +
    ` dep ${end(l.departedAt, l.departureInferred, l.departureLat, l.departureLon)}` +
    ` arr ${end(l.arrivedAt, l.arrivalInferred, l.arrivalLat, l.arrivalLon)}` +
    ` seen ${iso(l.firstSeenAt)} .. ${iso(l.lastSeenAt)}`
  );
}

function gapLine(g: GapRecord): string {
  const start = `${iso(g.startedAt)} ${ll(g.startLat, g.startLon)} ${g.startOnGround ? 'ground' : alt(g.startAltFt)}`;
  const stop =
    g.endedAt === null
      ? 'open'
      : `${iso(g.endedAt)} ${ll(g.endLat, g.endLon)} ${g.endOnGround ? 'ground' : alt(g.endAltFt)}` +
        ` ${km(g.distanceKm)} ${kt(g.impliedSpeedKt)}`;
  return `gap ${g.key} leg ${g.legKey ?? '-'} ${start} -> ${stop}`;
}

function trackLine(t: AircraftTrack): string {
  const last = t.last === null ? '-' : `${iso(t.last.t)} ${ll(t.last.lat, t.last.lon)}`;
  const ground = t.last === null ? '' : ` ${t.last.onGround ? 'ground' : alt(t.last.altFt)}`;
  return (
    `track ${t.hex} last ${last}${ground} leg ${t.leg === null ? '-' : `${t.leg.key} ${t.leg.status}`}` +
    ` gap ${t.gap?.key ?? '-'} liftoff ${t.liftoff === null ? '-' : iso(t.liftoff.first.observedAt)}` +
    ` pending ${t.pending.length}`
  );
}

function end(at: number | null, inferred: boolean, lat: number | null, lon: number | null): string {
  if (at === null && lat === null) return '-';
  return `${at === null ? '-' : iso(at)}${inferred ? ' inferred' : ''} ${ll(lat, lon)}`;
}

function iso(t: number): string {
  return new Date(t).toISOString();
}

function ll(lat: number | null, lon: number | null): string {
  return lat === null || lon === null ? '-' : `${lat.toFixed(4)},${lon.toFixed(4)}`;
}

function alt(ft: number | null): string {
  return ft === null ? 'alt -' : `${ft} ft`;
}

function km(distance: number | null): string {
  return distance === null ? '- km' : `${distance.toFixed(1)} km`;
}

function kt(speed: number | null): string {
  return speed === null ? '- kt' : `${speed.toFixed(0)} kt`;
}

function minutes(ms: number): string {
  return `${(ms / 60_000).toFixed(1)} min`;
}
