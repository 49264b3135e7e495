import type { GapRecord } from './gap-record.js';
import type { LegRecord } from './leg-record.js';
import type { AircraftTrack } from './tracker-state.js';

/*
 * Copy-on-write of one aircraft's track. Written as fixed-shape literals, not spreads: every track, leg
 * and gap then has one hidden class whatever its origin (a spread of a JSON-parsed row would not), and a
 * literal is cheaper than a spread (the engine's throughput figures: docs/performance.md).
 *
 * Only the objects the rules mutate in place are copied: the leg and the gap. `last`, `liftoff` and
 * `pending` are replaced, never mutated (leg-transitions.ts and tracker-engine.ts keep to that), so the
 * copy shares them with the previous state.
 */

export function newTrack(hex: string): AircraftTrack {
  return { hex, last: null, leg: null, gap: null, liftoff: null, typeCode: null, pending: [] };
}

/** A track this call may mutate; the previous state's track is left as it was. */
export function copyTrack(t: AircraftTrack): AircraftTrack {
  return {
    hex: t.hex,
    last: t.last,
    leg: t.leg === null ? null : copyLeg(t.leg),
    gap: t.gap === null ? null : copyGap(t.gap),
    // Rows stored before liftoff existed lack the field.
    liftoff: t.liftoff ?? null,
    typeCode: t.typeCode ?? null,
    pending: t.pending,
  };
}

function copyLeg(l: LegRecord): LegRecord {
  return {
    key: l.key,
    hex: l.hex,
    departureAirport: l.departureAirport,
    arrivalAirport: l.arrivalAirport,
    departureLat: l.departureLat,
    departureLon: l.departureLon,
    arrivalLat: l.arrivalLat,
    arrivalLon: l.arrivalLon,
    departedAt: l.departedAt,
    arrivedAt: l.arrivedAt,
    departureInferred: l.departureInferred,
    arrivalInferred: l.arrivalInferred,
    // Legs stored before runways existed lack the fields.
    departureRunway: l.departureRunway ?? null,
    arrivalRunway: l.arrivalRunway ?? null,
    firstSeenAt: l.firstSeenAt,
    lastSeenAt: l.lastSeenAt,
    status: l.status,
    callsign: l.callsign,
  };
}

function copyGap(g: GapRecord): GapRecord {
  return {
    key: g.key,
    hex: g.hex,
    legKey: g.legKey,
    startedAt: g.startedAt,
    endedAt: g.endedAt,
    startLat: g.startLat,
    startLon: g.startLon,
    startAltFt: g.startAltFt,
    startOnGround: g.startOnGround,
    endLat: g.endLat,
    endLon: g.endLon,
    endAltFt: g.endAltFt,
    endOnGround: g.endOnGround,
    distanceKm: g.distanceKm,
    impliedSpeedKt: g.impliedSpeedKt,
  };
}
