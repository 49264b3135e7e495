import { haversineKm, KM_PER_NM } from '../shared/geo.js';
import type { MatchedBy } from '../shared/matched-by.js';
import type { Sighting } from '../tracking/sighting.js';

/*
 * Why a planned request was made decides how the aircraft in its response were matched, so a request's
 * purpose is a MatchedBy (shared/matched-by.ts): `/hex/...` is 'watchlist', `/type/T` is 'type',
 * `/point/lat/lon/nm` is 'area'.
 */

const RANK: Record<MatchedBy, number> = { watchlist: 3, type: 2, area: 1 };

/** The stronger of two purposes: a watched airframe stays 'watchlist' even when it also came via type or point. */
export function strongerPurpose(a: MatchedBy, b: MatchedBy): MatchedBy {
  return RANK[a] >= RANK[b] ? a : b;
}

/**
 * The purpose a request path implies (adsb.lol names and their ADSBx spellings), or null for a route
 * that says nothing about why it was asked (e.g. `/mil`, `/callsign/...`).
 */
export function purposeFromPath(path: string): MatchedBy | null {
  const route = path.replace(/^\/+/, '').split('/')[0]?.toLowerCase() ?? '';
  switch (route) {
    case 'hex':
    case 'icao':
    case 'reg':
    case 'registration':
      return 'watchlist';
    case 'type':
      return 'type';
    case 'point':
    case 'lat':
      return 'area';
    default:
      return null;
  }
}

/** What a request asked for, read back from its path: whom a row of its answer may be counted for. */
export type RequestScope =
  | { kind: 'hexes'; hexes: ReadonlySet<string> }
  | { kind: 'registrations'; registrations: ReadonlySet<string> }
  | { kind: 'types'; types: ReadonlySet<string> }
  | { kind: 'circle'; lat: number; lon: number; radiusNm: number }
  | { kind: 'unknown' };

const list = (text: string | undefined) =>
  new Set(
    decodeURIComponent(text ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  );

/** The scope of a request path (the routes of purposeFromPath); 'unknown' when it cannot be read. */
export function requestScope(path: string): RequestScope {
  const parts = path.replace(/^\/+/, '').split('/');
  const route = parts[0]?.toLowerCase() ?? '';
  if (route === 'hex' || route === 'icao')
    return { kind: 'hexes', hexes: new Set([...list(parts[1])].map((hex) => hex.toLowerCase())) };
  if (route === 'reg' || route === 'registration')
    return { kind: 'registrations', registrations: new Set([...list(parts[1])].map((r) => r.toUpperCase())) };
  if (route === 'type') return { kind: 'types', types: new Set([...list(parts[1])].map((t) => t.toUpperCase())) };
  // /point/lat/lon/nm (adsb.lol) or /lat/L/lon/L/dist/D (ADS-B Exchange)
  const numbers =
    route === 'point'
      ? [parts[1], parts[2], parts[3]]
      : route === 'lat' && parts[2]?.toLowerCase() === 'lon' && parts[4]?.toLowerCase() === 'dist'
        ? [parts[1], parts[3], parts[5]]
        : null;
  if (numbers) {
    const [lat, lon, radiusNm] = numbers.map(Number) as [number, number, number];
    if (Number.isFinite(lat) && Number.isFinite(lon) && Number.isFinite(radiusNm) && radiusNm > 0)
      return { kind: 'circle', lat, lon, radiusNm };
  }
  return { kind: 'unknown' };
}

/** Providers measure distance their own way: a row this little outside the circle still counts as in it. */
const CIRCLE_SLACK = 1.01;

/**
 * Whether a row answers what its request asked: the hex (or registration) was requested, the type is
 * the requested one, the position lies inside the requested circle. A row that does not is not counted
 * for that purpose (a provider may add rows it was not asked for, by mistake or on purpose). Null: the
 * scope says nothing (an unknown route).
 */
export function withinScope(scope: RequestScope, sighting: Sighting): boolean | null {
  switch (scope.kind) {
    case 'hexes':
      return scope.hexes.has(sighting.hex);
    case 'registrations':
      return sighting.registration !== null && scope.registrations.has(sighting.registration.toUpperCase());
    case 'types':
      return sighting.typeCode !== null && scope.types.has(sighting.typeCode);
    case 'circle':
      return haversineKm(scope.lat, scope.lon, sighting.lat, sighting.lon) <= scope.radiusNm * KM_PER_NM * CIRCLE_SLACK;
    default:
      return null;
  }
}
