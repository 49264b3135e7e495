import { TailwatchError } from '../errors/tailwatch-error.js';
import { haversineKm, KM_PER_NM } from '../shared/geo.js';

/*
 * OpenSky's REST API (`GET /states/all`, see ../shared/docs/feeds.md §3) spoken in tailwatch's routes:
 * a planned `/hex/a,b` becomes `?icao24=a&icao24=b`, a `/point/lat/lon/nm` a bounding box whose answer is
 * cut to the circle. The answer becomes an ADSBx-v2 envelope where it enters, so that the one envelope check,
 * the one row parser, recordings and replay all work on it unchanged. Pure.
 */

const FEET_PER_METRE = 3.28084;
const KNOTS_PER_MS = 1.943844;
const FPM_PER_MS = 196.8504;
/** position_source: 0 ADS-B, 1 ASTERIX, 2 MLAT, 3 FLARM, as readsb's source types. */
const SOURCE_TYPES = ['adsb_icao', 'other', 'mlat', 'other'] as const;

/** The circle a `/point/` request asks for: the bounding box's answer is cut to it. */
export interface OpenSkyCircle {
  lat: number;
  lon: number;
  radiusNm: number;
}

export interface OpenSkyQuery {
  /** Path and query under the API root, e.g. `/states/all?icao24=1533ad`. */
  path: string;
  circle: OpenSkyCircle | null;
}

function round(value: number, decimals: number): number {
  return Number(value.toFixed(decimals));
}

/** The OpenSky request for a planned route, or null for a route OpenSky cannot answer (`/type/`). */
export function openSkyQuery(route: string): OpenSkyQuery | null {
  const hex = /^\/hex\/([0-9a-f,]+)$/i.exec(route);
  if (hex) {
    const hexes = hex[1]!.split(',').filter((h) => h !== '');
    return { path: `/states/all?${hexes.map((h) => `icao24=${h.toLowerCase()}`).join('&')}`, circle: null };
  }
  const point = /^\/point\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(route);
  if (point) {
    const [lat, lon, radiusNm] = [Number(point[1]), Number(point[2]), Number(point[3])];
    if (![lat, lon, radiusNm].every(Number.isFinite)) return null;
    const dLat = radiusNm / 60;
    const dLon = radiusNm / (60 * Math.max(Math.cos((lat * Math.PI) / 180), 0.01));
    const box = {
      lamin: round(Math.max(-90, lat - dLat), 4),
      lomin: round(Math.max(-180, lon - dLon), 4),
      lamax: round(Math.min(90, lat + dLat), 4),
      lomax: round(Math.min(180, lon + dLon), 4),
    };
    const query = Object.entries(box)
      .map(([key, value]) => `${key}=${value}`)
      .join('&');
    return { path: `/states/all?${query}`, circle: { lat, lon, radiusNm } };
  }
  return null;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** One state vector as an ADSBx-v2 row (keys without data omitted, as readsb does). */
function stateToRow(state: unknown, timeS: number): Record<string, unknown> {
  if (!Array.isArray(state)) return { bad_state: true }; // no hex: counted as bad_hex by the row parser
  const s = state as unknown[];
  const timePosition = num(s[3]);
  const lastContact = num(s[4]);
  const lon = num(s[5]);
  const lat = num(s[6]);
  const baroM = num(s[7]);
  const velocity = num(s[9]);
  const verticalRate = num(s[11]);
  const geoM = num(s[13]);
  const positionSource = num(s[16]);
  const hasPosition = lat !== undefined && lon !== undefined && timePosition !== undefined;
  const row: Record<string, unknown> = {
    hex: typeof s[0] === 'string' ? s[0].trim().toLowerCase() : s[0],
    type: hasPosition ? (SOURCE_TYPES[positionSource ?? 0] ?? 'other') : 'mode_s',
    flight: typeof s[1] === 'string' ? s[1] : undefined,
    alt_baro: s[8] === true ? 'ground' : baroM === undefined ? undefined : Math.round(baroM * FEET_PER_METRE),
    alt_geom: geoM === undefined ? undefined : Math.round(geoM * FEET_PER_METRE),
    gs: velocity === undefined ? undefined : round(velocity * KNOTS_PER_MS, 1),
    track: num(s[10]),
    baro_rate: verticalRate === undefined ? undefined : Math.round(verticalRate * FPM_PER_MS),
    squawk: typeof s[14] === 'string' ? s[14] : undefined,
    lat: hasPosition ? lat : undefined,
    lon: hasPosition ? lon : undefined,
    seen_pos: hasPosition ? round(Math.max(0, timeS - timePosition), 1) : undefined,
    seen: lastContact === undefined ? undefined : round(Math.max(0, timeS - lastContact), 1),
    mlat: [],
    tisb: [],
  };
  for (const key of Object.keys(row)) if (row[key] === undefined) delete row[key];
  return row;
}

/**
 * An OpenSky `/states/all` answer `{"time": s, "states": [[...]] | null}` as an ADSBx-v2 body
 * (`now` = time × 1000), cut to `circle` when the request was a `/point/`. Strict on the envelope
 * (FEED_BAD_RESPONSE), lenient per state (a bad one becomes a row the row parser drops and counts).
 */
export function openSkyStatesToV2(
  body: unknown,
  source: string,
  circle: OpenSkyCircle | null,
): Record<string, unknown> {
  const record =
    body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
  const time = num(record?.time);
  const states = record?.states;
  if (record === null || time === undefined || !(states === null || Array.isArray(states))) {
    throw new TailwatchError(
      'FEED_BAD_RESPONSE',
      `The feed ${source} sent something that is not an OpenSky states answer ` +
        `{"time": <epoch s>, "states": [...] | null}; check OPENSKY_API_URL (feeds.opensky.apiUrl).`,
      { source },
    );
  }
  let rows = (states ?? []).map((state) => stateToRow(state, time));
  if (circle !== null) {
    const radiusKm = circle.radiusNm * KM_PER_NM;
    rows = rows.filter((row) => {
      if (typeof row.lat !== 'number' || typeof row.lon !== 'number') return false;
      return haversineKm(circle.lat, circle.lon, row.lat, row.lon) <= radiusKm;
    });
  }
  const nowMs = Math.round(time * 1000);
  return { ac: rows, msg: 'No error', now: nowMs, total: rows.length, ctime: nowMs, ptime: 0 };
}
