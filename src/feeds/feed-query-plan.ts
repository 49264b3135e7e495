import type { Airport } from '../airports/airport.js';
import { TailwatchError } from '../errors/tailwatch-error.js';
import { normalizeHex } from '../shared/icao-hex.js';
import type { MatchedBy } from '../shared/matched-by.js';

/** Request-size limits of a provider (see feed-provider.ts for the per-provider values). */
export interface QueryPlanLimits {
  /** Hexes per `/hex/a,b,c` request (adsb.lol documents 1000). */
  maxHexesPerRequest: number;
  /** Characters of the route path, e.g. `/hex/1533ad,152c07` (airplanes.live: about 1000). */
  maxPathLength: number;
}

export const DEFAULT_QUERY_PLAN_LIMITS: QueryPlanLimits = { maxHexesPerRequest: 1000, maxPathLength: 1000 };
export const DEFAULT_WATCHED_TYPES: readonly string[] = ['IL76'];
/** The APIs cap /point radii at 250 nm. */
export const MAX_POINT_RADIUS_NM = 250;

export type WatchedPoint = Pick<Airport, 'ident' | 'lat' | 'lon'>;

export interface QueryPlanInput {
  /** Active watchlist hexes (any order, any case; normalised, deduped and sorted here). */
  hexes: readonly string[];
  /** ICAO type designators to watch worldwide. Default ['IL76']; [] for none. */
  types?: readonly string[];
  /** Airports to watch with a /point request each. */
  airports?: readonly WatchedPoint[];
  /** Radius of /point requests; default and cap 250 nm. */
  radiusNm?: number;
  limits?: Partial<QueryPlanLimits>;
}

export interface PlannedRequest {
  /** Route path relative to the provider's base URL, e.g. `/hex/1533ad,152c07`. */
  path: string;
  purpose: MatchedBy;
  /** The hexes asked for (watchlist requests only). */
  hexes?: readonly string[];
  /** The type asked for (type requests only). */
  typeCode?: string;
  /** The airport the point is centred on (area requests only). */
  airportIdent?: string;
  /** A coverage probe around the expected position of this silent aircraft (see coverage-probe-plan.ts). */
  probeFor?: string;
}

const HEX_ROUTE = '/hex/';
const HEX_WITH_COMMA = 7;
const TYPE_PATTERN = /^[A-Z0-9]{2,4}$/;

/** Hexes per request under both limits. Every hex is 6 characters plus a comma, so batches are equal. */
export function hexBatchSize(limits: QueryPlanLimits): number {
  const byLength = Math.floor((limits.maxPathLength - HEX_ROUTE.length + 1) / HEX_WITH_COMMA);
  const size = Math.min(Math.floor(limits.maxHexesPerRequest), byLength);
  if (!(size >= 1)) {
    throw new TailwatchError(
      'CONFIG_INVALID',
      `Feed request limits (maxHexesPerRequest ${limits.maxHexesPerRequest}, ` +
        `maxPathLength ${limits.maxPathLength}) leave no room ` +
        `for a single hex: raise them (a hex request needs at least ${HEX_ROUTE.length + 6} characters).`,
      { limits },
    );
  }
  return size;
}

/** A coordinate with at most 4 decimals (about 11 m), without trailing zeros or "-0". */
function formatCoordinate(value: number): string {
  const rounded = Number(value.toFixed(4));
  return String(rounded === 0 ? 0 : rounded);
}

function radiusOf(radiusNm: number | undefined): number {
  const radius = radiusNm ?? MAX_POINT_RADIUS_NM;
  if (!Number.isFinite(radius) || radius <= 0) {
    throw new TailwatchError(
      'CONFIG_INVALID',
      `The point radius must be a positive number of nm (at most 250), not ${radius}.`,
      { radiusNm },
    );
  }
  return Math.min(Number(radius.toFixed(1)), MAX_POINT_RADIUS_NM);
}

/**
 * Plans the requests of one poll: the watchlist in `/hex/` batches (cost ceil(n / batch), never one
 * request per airframe), one `/type/T` per watched type, one `/point/lat/lon/nm` per watched airport.
 * Deterministic order: watchlist, type, area. Pure.
 */
export function planFeedQueries(input: QueryPlanInput): PlannedRequest[] {
  const limits: QueryPlanLimits = { ...DEFAULT_QUERY_PLAN_LIMITS, ...input.limits };
  const plan: PlannedRequest[] = [];

  const hexes = [...new Set(input.hexes.map((hex) => normalizeHex(hex)))].sort();
  const batch = hexBatchSize(limits);
  for (let start = 0; start < hexes.length; start += batch) {
    const chunk = hexes.slice(start, start + batch);
    plan.push({ path: `${HEX_ROUTE}${chunk.join(',')}`, purpose: 'watchlist', hexes: chunk });
  }

  const types = [...new Set((input.types ?? DEFAULT_WATCHED_TYPES).map((type) => type.trim().toUpperCase()))];
  for (const typeCode of types) {
    if (!TYPE_PATTERN.test(typeCode)) {
      throw new TailwatchError(
        'CONFIG_INVALID',
        `"${typeCode}" is not an ICAO type designator: use 2 to 4 letters or digits such as IL76.`,
        {
          typeCode,
        },
      );
    }
    plan.push({ path: `/type/${typeCode}`, purpose: 'type', typeCode });
  }

  if (input.airports !== undefined && input.airports.length > 0) {
    const radius = radiusOf(input.radiusNm);
    const seen = new Set<string>();
    for (const airport of input.airports) {
      if (!(Math.abs(airport.lat) <= 90 && Math.abs(airport.lon) <= 180)) {
        throw new TailwatchError(
          'CONFIG_INVALID',
          `Airport ${airport.ident} has coordinates out of range (${airport.lat}, ${airport.lon}): ` +
            `fix the airports table.`,
          {
            airport,
          },
        );
      }
      const path = `/point/${formatCoordinate(airport.lat)}/${formatCoordinate(airport.lon)}/${radius}`;
      if (seen.has(path)) continue;
      seen.add(path);
      plan.push({ path, purpose: 'area', airportIdent: airport.ident });
    }
  }
  return plan;
}
