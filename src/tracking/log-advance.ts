import type { LegRecord } from './leg-record.js';
import type { Sighting } from './sighting.js';
import type { AircraftTrack, TrackPoint } from './tracker-state.js';

/*
 * Most of what the engine does, cycle after cycle, is move a track on: an aircraft heard again in
 * cruise (or standing on the ground) gets a new `last` point and its open leg a new `lastSeenAt` and
 * callsign, and nothing else changes. Those steps need no engine state to be written: the stored
 * positions are the log they can be rebuilt from. This file is that rebuild, and the test that a
 * cycle's change to a track was nothing more (so the shell may skip writing it until a checkpoint).
 *
 * Everything here reads only what positions keep, at the precision they keep it (the feed edge rounds
 * sightings to it, feeds/stored-precision.ts), so a track moved on along the stored rows is
 * identical to the one the engine produced from the sightings.
 */

/** One stored position of a tracked aircraft, as positions keeps it: what a log advance reads. */
export interface LoggedPosition {
  t: number;
  lat: number;
  lon: number;
  /** null on the ground (positions.alt_baro_ft is null there). */
  altFt: number | null;
  onGround: boolean;
  verticalRateFpm: number | null;
  groundSpeedKt: number | null;
  trackDeg: number | null;
  callsign: string | null;
}

/** The part of a sighting a log advance reads. */
export function loggedPositionOf(s: Sighting): LoggedPosition {
  return {
    t: s.observedAt,
    lat: s.lat,
    lon: s.lon,
    altFt: s.onGround ? null : s.altBaroFt,
    onGround: s.onGround,
    verticalRateFpm: s.verticalRateFpm,
    groundSpeedKt: s.groundSpeedKt,
    trackDeg: s.trackDeg,
    callsign: s.callsign,
  };
}

/** The track point the engine keeps for an accepted position (same fields, same order as applySighting). */
function pointOf(p: LoggedPosition): TrackPoint {
  return {
    t: p.t,
    lat: p.lat,
    lon: p.lon,
    altFt: p.onGround ? null : p.altFt,
    onGround: p.onGround,
    verticalRateFpm: p.verticalRateFpm,
    groundSpeedKt: p.groundSpeedKt,
    trackDeg: p.trackDeg,
  };
}

function isOpen(leg: LegRecord | null): leg is LegRecord {
  return leg !== null && leg.status === 'airborne';
}

/**
 * The track moved on along one position: its `last` point, and for an airborne position its open leg's
 * lastSeenAt and callsign (a position without a callsign keeps the leg's). Returns a new track; `track`
 * is not changed. Only valid for steps `isLogAdvance` accepted when they were first made.
 */
export function advanceAlongLog(track: AircraftTrack, p: LoggedPosition): AircraftTrack {
  const leg = track.leg;
  const moved = isOpen(leg) && !p.onGround ? { ...leg, lastSeenAt: p.t, callsign: p.callsign ?? leg.callsign } : leg;
  return {
    hex: track.hex,
    last: pointOf(p),
    leg: moved,
    gap: track.gap,
    liftoff: track.liftoff ?? null,
    typeCode: track.typeCode ?? null,
    pending: track.pending.length ? [] : track.pending,
  };
}

/**
 * True when `after` is exactly `before` moved on along `accepted` (this aircraft's accepted sightings of
 * the cycle, in time order), so that the stored positions alone can rebuild it. False for anything the
 * engine decided beyond that (a leg opened, landed or lost, a gap, a liftoff, a re-anchor, a new type)
 * and for an aircraft new to the state.
 */
export function isLogAdvance(
  before: AircraftTrack | undefined,
  after: AircraftTrack,
  accepted: readonly Sighting[],
): boolean {
  if (before === undefined || before.hex !== after.hex) return false;
  if (before.gap !== null || after.gap !== null) return false;
  if ((before.liftoff ?? null) !== null || after.liftoff !== null) return false;
  if (before.pending.length !== 0 || after.pending.length !== 0) return false;
  if ((before.typeCode ?? null) !== (after.typeCode ?? null)) return false;
  for (const s of accepted) if (s.typeCode !== null && s.typeCode !== (before.typeCode ?? null)) return false;
  if (!sameLegBesidesProgress(before.leg, after.leg)) return false;
  if (!accepted.length) return samePoint(before.last, after.last) && sameProgress(before.leg, after.leg);
  // Steps that move a track on keep the leg open and airborne positions airborne (or both on the ground).
  let expected = before;
  for (const s of accepted) {
    if (isOpen(before.leg) === s.onGround) return false;
    expected = advanceAlongLog(expected, loggedPositionOf(s));
  }
  return samePoint(expected.last, after.last) && sameProgress(expected.leg, after.leg);
}

function samePoint(a: TrackPoint | null, b: TrackPoint | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.t === b.t &&
    a.lat === b.lat &&
    a.lon === b.lon &&
    a.altFt === b.altFt &&
    a.onGround === b.onGround &&
    a.verticalRateFpm === b.verticalRateFpm &&
    a.groundSpeedKt === b.groundSpeedKt &&
    (a.trackDeg ?? null) === (b.trackDeg ?? null)
  );
}

function sameProgress(a: LegRecord | null, b: LegRecord | null): boolean {
  if (a === null || b === null) return a === b;
  return a.lastSeenAt === b.lastSeenAt && a.callsign === b.callsign;
}

/** Every field of the two legs but lastSeenAt and callsign is the same (both null counts as the same). */
export function sameLegBesidesProgress(a: LegRecord | null, b: LegRecord | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.key === b.key &&
    a.hex === b.hex &&
    a.status === b.status &&
    a.departureAirport === b.departureAirport &&
    a.arrivalAirport === b.arrivalAirport &&
    a.departureLat === b.departureLat &&
    a.departureLon === b.departureLon &&
    a.arrivalLat === b.arrivalLat &&
    a.arrivalLon === b.arrivalLon &&
    a.departedAt === b.departedAt &&
    a.arrivedAt === b.arrivedAt &&
    a.departureInferred === b.departureInferred &&
    a.arrivalInferred === b.arrivalInferred &&
    (a.departureRunway ?? null) === (b.departureRunway ?? null) &&
    (a.arrivalRunway ?? null) === (b.arrivalRunway ?? null) &&
    a.firstSeenAt === b.firstSeenAt
  );
}

/** The fields sameLegBesidesProgress compares, with lastSeenAt and callsign: every field of a leg. */
export const LEG_FIELDS_COMPARED = [
  'key',
  'hex',
  'status',
  'departureAirport',
  'arrivalAirport',
  'departureLat',
  'departureLon',
  'arrivalLat',
  'arrivalLon',
  'departedAt',
  'arrivedAt',
  'departureInferred',
  'arrivalInferred',
  'departureRunway',
  'arrivalRunway',
  'firstSeenAt',
  'lastSeenAt',
  'callsign',
] as const satisfies readonly (keyof LegRecord)[];
