import { isTailwatchError } from '../errors/tailwatch-error.js';
import { parseFeedResponse, type ParsedResponse } from '../feeds/feed-response-parser.js';
import type { ResponseForSightings } from '../feeds/snapshot-sightings.js';
import { haversineKm, KM_PER_NM } from '../shared/geo.js';
import type { CoverageObservation } from '../tracking/coverage-observation.js';
import { type SilentAircraft, silentAircraft } from '../tracking/silent-aircraft.js';
import type { TrackerState } from '../tracking/tracker-state.js';
import type { VerdictConfig } from '../tracking/verdict-config.js';

/** What a cycle's responses say about the silent aircraft: who they are, and what was heard around them. */
export interface CycleCoverage {
  silent: SilentAircraft[];
  observations: CoverageObservation[];
  /** The cycle as a whole looked like a feed outage (see cycleLooksLikeOutage). */
  outage: boolean;
}

/** The sky a response covers: a `/point` circle, the whole sky (no route: a bare or whole-sky response), or none. */
type Coverage = { kind: 'circle'; lat: number; lon: number; radiusKm: number } | { kind: 'whole_sky' } | null;

function coverageOf(response: ParsedResponse): Coverage {
  const path = response.path;
  if (path === null) return response.purpose === null ? { kind: 'whole_sky' } : null;
  const parts = path.split('/').filter((p) => p !== '');
  const route = parts[0]?.toLowerCase();
  let lat: number;
  let lon: number;
  let nm: number;
  if (route === 'point') [lat, lon, nm] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  else if (route === 'lat') [lat, lon, nm] = [Number(parts[1]), Number(parts[3]), Number(parts[5])];
  else return null;
  if (![lat, lon, nm].every(Number.isFinite)) return null;
  return { kind: 'circle', lat, lon, radiusKm: Math.min(nm, 250) * KM_PER_NM };
}

/**
 * The responses as parsed at the edge; a body handed in unparsed (tests, benches, bare replays driven from
 * code) is parsed here, and one that is not a usable envelope is left out (matching reports it).
 */
function parsedResponses(responses: readonly ResponseForSightings[]): ParsedResponse[] {
  const out: ParsedResponse[] = [];
  for (const r of responses) {
    if ('sightings' in r) {
      out.push(r);
      continue;
    }
    try {
      const parsed = parseFeedResponse(r.body, r.provider ?? 'replay');
      out.push({ ...parsed, provider: r.provider, path: r.path ?? null, purpose: r.purpose ?? null, probe: r.probe });
    } catch (error) {
      if (!isTailwatchError(error, 'FEED_BAD_RESPONSE')) throw error;
    }
  }
  return out;
}

/**
 * A cycle that looks like a feed outage rather than silence: every response together lists at most
 * outageMaxAircraft aircraft, or at least outageVanishedShare (and outageVanishedMin) of the tracked
 * aircraft heard airborne in the last two probeAfterMs are gone at once. Pure.
 */
export function cycleLooksLikeOutage(
  before: TrackerState,
  heard: ReadonlySet<string>,
  responses: readonly ParsedResponse[],
  asOf: number,
  config: VerdictConfig,
): boolean {
  let listed = 0;
  for (const r of responses) listed += r.sightings.length + (r.heardWithoutPosition?.length ?? 0);
  if (listed <= config.outageMaxAircraft) return true;
  let recent = 0;
  let vanished = 0;
  for (const track of before.aircraft) {
    const last = track.last;
    if (last === null || last.onGround || asOf - last.t > 2 * config.probeAfterMs) continue;
    recent += 1;
    if (!heard.has(track.hex)) vanished += 1;
  }
  return vanished >= config.outageVanishedMin && vanished >= recent * config.outageVanishedShare;
}

/**
 * The coverage evidence of one cycle (docs/tracking.md#gap-verdicts). The silent aircraft are taken from
 * the engine state the cycle starts from (`before`) and the hexes it heard; for each, every response
 * whose sky holds its expected position (a probe, an airport's `/point`, a whole-sky response) gives one
 * observation: the others heard within probeRadiusKm, the nearest, their altitude band, whether that
 * provider was also asked for the aircraft (it answered a `/hex` request, or the response is the whole
 * sky). A listing of the aircraft without a position gives a 'heard' observation. Live and replayed
 * cycles with the same responses give the same evidence. Pure.
 */
export function coverageEvidence(
  before: TrackerState,
  heard: ReadonlySet<string>,
  allResponses: readonly ResponseForSightings[],
  asOf: number,
  config: VerdictConfig,
): CycleCoverage {
  const silent = silentAircraft(before, heard, asOf, config);
  if (!silent.length) return { silent, observations: [], outage: false };
  const responses = parsedResponses(allResponses);
  const outage = cycleLooksLikeOutage(before, heard, responses, asOf, config);
  const askedForHex = new Set<string | null>();
  for (const r of responses) {
    const route = r.path
      ?.split('/')
      .filter((p) => p !== '')[0]
      ?.toLowerCase();
    if (r.purpose === 'watchlist' || route === 'hex' || route === 'icao') askedForHex.add(r.provider);
  }
  const observations: CoverageObservation[] = [];
  for (const aircraft of silent) {
    for (const response of responses) {
      if (response.heardWithoutPosition?.includes(aircraft.hex)) {
        observations.push({
          ...base(aircraft, response, asOf, config, outage),
          source: 'heard',
          heardWithoutPosition: true,
        });
      }
      const coverage = coverageOf(response);
      // A response that failed is not in the cycle: a failure is no evidence either way (an outage, when
      // it leaves almost nothing listed, is the cycle's own verdict).
      if (coverage === null) continue;
      if (
        coverage.kind === 'circle' &&
        haversineKm(coverage.lat, coverage.lon, aircraft.expectedLat, aircraft.expectedLon) > coverage.radiusKm
      )
        continue;
      const observation = base(aircraft, response, asOf, config, outage);
      observation.source = coverage.kind === 'whole_sky' ? 'whole_sky' : response.probe ? 'probe' : 'area';
      observation.askedForHex = coverage.kind === 'whole_sky' || askedForHex.has(response.provider);
      countOthers(observation, aircraft, response, config);
      observations.push(observation);
    }
  }
  return { silent, observations, outage };
}

function base(
  aircraft: SilentAircraft,
  response: ParsedResponse,
  asOf: number,
  config: VerdictConfig,
  outage: boolean,
): CoverageObservation {
  return {
    gapKey: aircraft.gapKey,
    hex: aircraft.hex,
    at: asOf,
    provider: response.provider,
    source: 'heard',
    path: response.path,
    expectedLat: aircraft.expectedLat,
    expectedLon: aircraft.expectedLon,
    altFt: aircraft.altFt,
    radiusKm: config.probeRadiusKm,
    othersHeard: 0,
    othersComparable: 0,
    nearestOtherKm: null,
    nearestOtherHex: null,
    othersMinAltFt: null,
    othersMaxAltFt: null,
    askedForHex: false,
    heardWithoutPosition: false,
    outage,
  };
}

/** Fills in the others a response heard within the radius of the expected position (each hex once). */
function countOthers(
  o: CoverageObservation,
  aircraft: SilentAircraft,
  response: ParsedResponse,
  config: VerdictConfig,
): void {
  const ceiling = aircraft.altFt === null ? Number.POSITIVE_INFINITY : aircraft.altFt + config.altitudeBandFt;
  const latSpan = config.probeRadiusKm / 111.19; // an arc is at least its latitude span
  const seen = new Set<string>();
  let nearestKm = Number.POSITIVE_INFINITY;
  for (const s of response.sightings) {
    if (s.hex === aircraft.hex || seen.has(s.hex)) continue;
    if (Math.abs(s.lat - aircraft.expectedLat) > latSpan) continue;
    const km = haversineKm(aircraft.expectedLat, aircraft.expectedLon, s.lat, s.lon);
    if (km > config.probeRadiusKm) continue;
    seen.add(s.hex);
    o.othersHeard += 1;
    const alt = s.onGround ? 0 : s.altBaroFt;
    if (alt === null || alt <= ceiling) o.othersComparable += 1;
    if (km < nearestKm) {
      nearestKm = km;
      o.nearestOtherKm = Math.round(km * 10) / 10;
      o.nearestOtherHex = s.hex;
    }
    if (alt !== null) {
      o.othersMinAltFt = o.othersMinAltFt === null ? alt : Math.min(o.othersMinAltFt, alt);
      o.othersMaxAltFt = o.othersMaxAltFt === null ? alt : Math.max(o.othersMaxAltFt, alt);
    }
  }
}
