import type { Sighting } from '../../src/tracking/sighting.js';

/**
 * The state of the fake feeds' world at one replay time: what a provider would list right now.
 * Tests set it and advance it step by step; the server's `now` is this time, never the wall clock.
 */
export interface WorldAircraft {
  hex: string;
  lat?: number;
  lon?: number;
  /** Feet, or 'ground'; omitted from the row when undefined or null (as readsb does when unreliable). */
  alt?: number | 'ground' | null;
  gs?: number;
  track?: number;
  baroRate?: number;
  flight?: string;
  r?: string;
  t?: string;
  squawk?: string;
  /** Seconds between the position and `now`; default 0. */
  seenPos?: number;
  /** Seconds since any message; default min(seenPos, 0.3). */
  seen?: number;
  /** readsb source type; default adsb_icao. */
  type?: string;
  /** Raw keys merged into the row last: lastPosition, rr_lat, wrong types, ... */
  extra?: Record<string, unknown>;
}

export interface WorldStep {
  nowMs: number;
  aircraft: WorldAircraft[];
}

export class FeedWorld {
  nowMs: number;
  aircraft: WorldAircraft[];

  constructor(nowMs: number, aircraft: WorldAircraft[] = []) {
    this.nowMs = nowMs;
    this.aircraft = aircraft;
  }

  /** Moves the world to a new time with the aircraft listed at that time. */
  set(step: WorldStep): void {
    this.nowMs = step.nowMs;
    this.aircraft = step.aircraft;
  }
}

/** One aircraft as an ADSBx-v2 row: keys without data are omitted, as the real feeds do. */
export function aircraftRow(aircraft: WorldAircraft): Record<string, unknown> {
  const seenPos = aircraft.seenPos ?? 0;
  const row: Record<string, unknown> = {
    hex: aircraft.hex,
    type: aircraft.type ?? 'adsb_icao',
    flight: aircraft.flight === undefined ? undefined : aircraft.flight.padEnd(8, ' '),
    r: aircraft.r,
    t: aircraft.t,
    alt_baro: aircraft.alt ?? undefined,
    gs: aircraft.gs,
    track: aircraft.track,
    baro_rate: aircraft.baroRate,
    squawk: aircraft.squawk,
    lat: aircraft.lat,
    lon: aircraft.lon,
    nic: aircraft.lat === undefined ? undefined : 8,
    seen_pos: aircraft.lat === undefined ? undefined : seenPos,
    mlat: [],
    tisb: [],
    messages: 1000,
    seen: aircraft.seen ?? Math.min(seenPos, 0.3),
    rssi: -20.5,
    ...aircraft.extra,
  };
  for (const key of Object.keys(row)) if (row[key] === undefined) delete row[key];
  return row;
}

/** The ADSBx-v2 envelope around some rows, at the world's time. */
export function envelope(nowMs: number, rows: readonly Record<string, unknown>[]): Record<string, unknown> {
  return { ac: rows, msg: 'No error', now: nowMs, total: rows.length, ctime: nowMs, ptime: 0 };
}

const EARTH_RADIUS_NM = 3440.065;
const toRad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance (nm) and initial bearing (deg) from a point to another. */
export function distanceAndBearing(
  lat1: number,
  lon1: number,
  lat2: number,
  lon2: number,
): { nm: number; deg: number } {
  const dLat = toRad(lat2 - lat1);
  const dLon = toRad(lon2 - lon1);
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(toRad(lat1)) * Math.cos(toRad(lat2)) * Math.sin(dLon / 2) ** 2;
  const nm = 2 * EARTH_RADIUS_NM * Math.asin(Math.min(1, Math.sqrt(a)));
  const y = Math.sin(dLon) * Math.cos(toRad(lat2));
  const x =
    Math.cos(toRad(lat1)) * Math.sin(toRad(lat2)) - Math.sin(toRad(lat1)) * Math.cos(toRad(lat2)) * Math.cos(dLon);
  const deg = ((Math.atan2(y, x) * 180) / Math.PI + 360) % 360;
  return { nm, deg };
}

export type RouteAnswer =
  { status: 200; body: Record<string, unknown> } | { status: 404; body: Record<string, unknown> };

/**
 * Answers a route path (after the base path) from the world, like adsb.lol:
 * `/hex/a,b` and `/icao/a,b`, `/type/T`, `/point/lat/lon/nm` and `/lat/{lat}/lon/{lon}/dist/{nm}`
 * (radius capped at 250 nm; rows carry dst and dir).
 */
export function answerRoute(world: FeedWorld, routePath: string): RouteAnswer {
  const parts = routePath
    .split('/')
    .filter((part) => part !== '')
    .map((part) => decodeURIComponent(part));
  const [route, ...args] = parts;
  const rows = (list: WorldAircraft[]) => list.map(aircraftRow);
  switch (route?.toLowerCase()) {
    case 'hex':
    case 'icao': {
      const wanted = new Set((args[0] ?? '').split(',').map((hex) => hex.trim().toLowerCase()));
      return {
        status: 200,
        body: envelope(world.nowMs, rows(world.aircraft.filter((a) => wanted.has(a.hex.toLowerCase())))),
      };
    }
    case 'type': {
      const wanted = (args[0] ?? '').toUpperCase();
      return {
        status: 200,
        body: envelope(world.nowMs, rows(world.aircraft.filter((a) => a.t?.toUpperCase() === wanted))),
      };
    }
    case 'point':
      return pointAnswer(world, args[0], args[1], args[2]);
    case 'lat':
      return pointAnswer(world, args[0], args[2], args[4]);
    default:
      return { status: 404, body: { msg: `Unknown route ${routePath}` } };
  }
}

function pointAnswer(world: FeedWorld, latText?: string, lonText?: string, nmText?: string): RouteAnswer {
  const lat = Number(latText);
  const lon = Number(lonText);
  const radius = Math.min(Number(nmText), 250);
  if (![lat, lon, radius].every(Number.isFinite)) return { status: 404, body: { msg: 'Bad point route' } };
  const found: Record<string, unknown>[] = [];
  for (const aircraft of world.aircraft) {
    if (aircraft.lat === undefined || aircraft.lon === undefined) continue;
    const { nm, deg } = distanceAndBearing(lat, lon, aircraft.lat, aircraft.lon);
    if (nm <= radius) found.push({ ...aircraftRow(aircraft), dst: Number(nm.toFixed(3)), dir: Number(deg.toFixed(1)) });
  }
  found.sort((a, b) => (a.dst as number) - (b.dst as number));
  return { status: 200, body: envelope(world.nowMs, found) };
}

/**
 * Groups sightings into world steps, one per poll: at each poll time, every hex whose latest sighting
 * is at most `listedForS` old is listed with the matching seen_pos. Hexes not heard for longer vanish,
 * as they do from the real feeds (absence is what starts a transponder gap).
 */
export function worldStepsFromSightings(
  sightings: readonly Sighting[],
  pollIntervalMs: number,
  listedForS = 60,
): WorldStep[] {
  if (sightings.length === 0) return [];
  const sorted = [...sightings].sort((a, b) => a.observedAt - b.observedAt);
  const first = sorted[0] as Sighting;
  const last = sorted[sorted.length - 1] as Sighting;
  const steps: WorldStep[] = [];
  const latest = new Map<string, Sighting>();
  let index = 0;
  for (let nowMs = first.observedAt; nowMs <= last.observedAt + pollIntervalMs - 1; nowMs += pollIntervalMs) {
    while (index < sorted.length && (sorted[index] as Sighting).observedAt <= nowMs) {
      const sighting = sorted[index] as Sighting;
      latest.set(sighting.hex, sighting);
      index += 1;
    }
    const aircraft: WorldAircraft[] = [];
    for (const sighting of latest.values()) {
      const ageS = (nowMs - sighting.observedAt) / 1000;
      if (ageS <= listedForS) aircraft.push(aircraftFromSighting(sighting, nowMs));
    }
    steps.push({ nowMs, aircraft });
  }
  return steps;
}

/** A sighting as the world would list it at `nowMs`. */
export function aircraftFromSighting(sighting: Sighting, nowMs: number): WorldAircraft {
  const aircraft: WorldAircraft = {
    hex: sighting.hex,
    lat: sighting.lat,
    lon: sighting.lon,
    alt: sighting.onGround ? 'ground' : sighting.altBaroFt,
    seenPos: (nowMs - sighting.observedAt) / 1000,
  };
  if (sighting.groundSpeedKt !== null) aircraft.gs = sighting.groundSpeedKt;
  if (sighting.trackDeg !== null) aircraft.track = sighting.trackDeg;
  if (sighting.verticalRateFpm !== null) aircraft.baroRate = sighting.verticalRateFpm;
  if (sighting.callsign !== null) aircraft.flight = sighting.callsign;
  if (sighting.registration !== null) aircraft.r = sighting.registration;
  if (sighting.typeCode !== null) aircraft.t = sighting.typeCode;
  if (sighting.squawk !== null) aircraft.squawk = sighting.squawk;
  return aircraft;
}
