import type { Airport, AirportIndex, NearestAirport } from './airport.js';
import type { Runway } from './runway.js';
import { haversineKm } from '../shared/geo.js';

/**
 * A spatial index over airports: a hash grid of 1° x 1° cells. A 10 km query touches 2 x 2 to 3 x 3
 * cells; OurAirports' full set (~80k rows) averages under 10 airports per occupied cell, so a query is
 * a few dozen haversines (about 1-2 µs) and building takes a few tens of ms.
 *
 * Which airports can be named as a runway end (the tiers, best first):
 * - tier 0: large_airport, medium_airport, small_airport (and any unknown type, which we treat as a field);
 * - tier 1: seaplane_base, only when no tier-0 airport is within maxKm;
 * - never: heliport, balloonport, closed. They stay reachable through `get(ident)`.
 * Within a tier the nearest wins. (Preferring large over small inside the bound was tried on paper and
 * rejected: a watched Il-76 does use small military strips, and a nearer field is the better guess.)
 */

const CELL_DEG = 1;
const LAT_CELLS = Math.ceil(180 / CELL_DEG);
const LON_CELLS = Math.ceil(360 / CELL_DEG);
const KM_PER_DEG_LAT = 111.19;

const EXCLUDED_TYPES = new Set(['heliport', 'balloonport', 'closed']);
const FALLBACK_TYPES = new Set(['seaplane_base']);

interface Entry {
  airport: Airport;
  lat: number;
  lon: number;
}

/** Tier of an airport type: 0 preferred, 1 fallback, -1 never a runway end. */
export function airportTier(type: string): number {
  if (EXCLUDED_TYPES.has(type)) return -1;
  if (FALLBACK_TYPES.has(type)) return 1;
  return 0;
}

function latCell(lat: number): number {
  return Math.min(LAT_CELLS - 1, Math.max(0, Math.floor((lat + 90) / CELL_DEG)));
}

function lonCell(lon: number): number {
  const wrapped = ((((lon + 180) % 360) + 360) % 360) / CELL_DEG;
  return Math.min(LON_CELLS - 1, Math.floor(wrapped));
}

interface Search {
  lat: number;
  lon: number;
  best: Entry | null;
  bestKm: number;
}

/** Collects every entry within the bound. */
function collect(bucket: readonly Entry[], lat: number, lon: number, maxKm: number, out: NearestAirport[]): void {
  for (const e of bucket) {
    const d = haversineKm(lat, lon, e.lat, e.lon);
    if (d <= maxKm) out.push({ airport: e.airport, distanceKm: d });
  }
}

/** Nearest first; equal distances by ident (deterministic). */
function byDistance(a: NearestAirport, b: NearestAirport): number {
  return a.distanceKm - b.distanceKm || (a.airport.ident < b.airport.ident ? -1 : 1);
}

/** Keeps the nearest entry within the bound; equal distances go to the smaller ident (deterministic). */
function scan(bucket: readonly Entry[], search: Search): void {
  for (const e of bucket) {
    const d = haversineKm(search.lat, search.lon, e.lat, e.lon);
    if (d > search.bestKm) continue;
    const best = search.best;
    if (best === null || d < search.bestKm || e.airport.ident < best.airport.ident) {
      search.best = e;
      search.bestKm = d;
    }
  }
}

class GridTier {
  private readonly cells = new Map<number, Entry[]>();

  add(entry: Entry): void {
    const key = latCell(entry.lat) * LON_CELLS + lonCell(entry.lon);
    const bucket = this.cells.get(key);
    if (bucket) bucket.push(entry);
    else this.cells.set(key, [entry]);
  }

  nearest(lat: number, lon: number, maxKm: number): NearestAirport | null {
    const search: Search = { lat, lon, best: null, bestKm: maxKm };
    this.visit(lat, lon, maxKm, (bucket) => scan(bucket, search));
    const found = search.best;
    return found === null ? null : { airport: found.airport, distanceKm: search.bestKm };
  }

  within(lat: number, lon: number, maxKm: number): NearestAirport[] {
    const out: NearestAirport[] = [];
    this.visit(lat, lon, maxKm, (bucket) => collect(bucket, lat, lon, maxKm, out));
    return out.sort(byDistance);
  }

  /** Calls `f` with every cell that may hold an airport within maxKm of the point. */
  private visit(lat: number, lon: number, maxKm: number, f: (bucket: readonly Entry[]) => void): void {
    if (this.cells.size === 0) return;
    const latSpanDeg = maxKm / KM_PER_DEG_LAT;
    const lat0 = latCell(lat - latSpanDeg);
    const lat1 = latCell(lat + latSpanDeg);
    const maxAbsLat = Math.min(90, Math.max(Math.abs(lat - latSpanDeg), Math.abs(lat + latSpanDeg)));
    const cos = Math.cos((maxAbsLat * Math.PI) / 180);
    const lonSpanDeg = cos < 1e-6 ? 360 : latSpanDeg / cos;
    const lonCount = lonSpanDeg >= 180 ? LON_CELLS : Math.min(LON_CELLS, Math.floor((2 * lonSpanDeg) / CELL_DEG) + 2);
    const cellCount = (lat1 - lat0 + 1) * lonCount;
    if (cellCount >= this.cells.size) {
      for (const bucket of this.cells.values()) f(bucket);
    } else {
      const startLon = lonCount === LON_CELLS ? 0 : lonCell(lon - lonSpanDeg);
      for (let r = lat0; r <= lat1; r++) {
        for (let i = 0; i < lonCount; i++) {
          const bucket = this.cells.get(r * LON_CELLS + ((startLon + i) % LON_CELLS));
          if (bucket) f(bucket);
        }
      }
    }
  }
}

const NO_RUNWAYS: readonly Runway[] = Object.freeze([]);

/** Builds the spatial index once (the shell does this at start-up); queries are pure and allocation-light. */
export function buildAirportIndex(airports: readonly Airport[], runways: readonly Runway[] = []): AirportIndex {
  const runwaysByIdent = new Map<string, Runway[]>();
  for (const runway of runways) {
    const list = runwaysByIdent.get(runway.airportIdent);
    if (list) list.push(runway);
    else runwaysByIdent.set(runway.airportIdent, [runway]);
  }
  const preferred = new GridTier();
  const fallback = new GridTier();
  const byIdent = new Map<string, Airport>();
  for (const airport of airports) {
    if (!byIdent.has(airport.ident)) byIdent.set(airport.ident, airport);
    if (!Number.isFinite(airport.lat) || !Number.isFinite(airport.lon)) continue;
    if (Math.abs(airport.lat) > 90 || Math.abs(airport.lon) > 180) continue;
    const tier = airportTier(airport.type);
    const entry: Entry = { airport, lat: airport.lat, lon: airport.lon };
    if (tier === 0) preferred.add(entry);
    else if (tier === 1) fallback.add(entry);
  }
  return {
    nearest(lat: number, lon: number, maxKm: number): NearestAirport | null {
      if (!Number.isFinite(lat) || !Number.isFinite(lon) || !(maxKm >= 0)) return null;
      return preferred.nearest(lat, lon, maxKm) ?? fallback.nearest(lat, lon, maxKm);
    },
    within(lat: number, lon: number, maxKm: number): NearestAirport[] {
      if (!Number.isFinite(lat) || !Number.isFinite(lon) || !(maxKm >= 0)) return [];
      return [...preferred.within(lat, lon, maxKm), ...fallback.within(lat, lon, maxKm)];
    },
    runwaysOf(ident: string): readonly Runway[] {
      return runwaysByIdent.get(ident) ?? NO_RUNWAYS;
    },
    get(ident: string): Airport | undefined {
      return byIdent.get(ident);
    },
  };
}
