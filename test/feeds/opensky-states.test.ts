import { describe, expect, it } from 'vitest';
import { accessDeniedError } from '../../src/feeds/access-denied.js';
import { AIRPLANES_LIVE_URL, buildFeedProviders } from '../../src/feeds/feed-provider.js';
import { parseFeedResponse } from '../../src/feeds/feed-response-parser.js';
import { openSkyQuery, openSkyStatesToV2 } from '../../src/feeds/opensky-states.js';

// The shape of OpenSky's own sample answer (an A320 over Switzerland), made here: tests never read /work/shared.
const TIME = 1748457533;
const SAMPLE = {
  time: TIME,
  states: [
    [
      '4400ec',
      'EJU12AL ',
      'Austria',
      TIME - 1,
      TIME - 1,
      6.6009,
      47.3525,
      6644.64,
      false,
      198.28,
      224.05,
      6.83,
      null,
      6896.1,
      '6740',
      false,
      0,
    ],
    // No position: a Mode S-only state vector.
    ['4400ed', null, 'Austria', null, TIME - 2, null, null, null, false, null, null, null, null, null, null, false, 0],
    // On the ground, by MLAT.
    [
      '4400ee',
      'EJU1    ',
      'Austria',
      TIME - 3,
      TIME - 3,
      8.56,
      47.45,
      null,
      true,
      5.1,
      90,
      null,
      null,
      null,
      null,
      false,
      2,
    ],
    'not a state',
  ],
};

describe('openSkyQuery', () => {
  it('sends /hex/ as icao24 filters and /point/ as a bounding box, and has no /type/', () => {
    expect(openSkyQuery('/hex/1533AD,152c07')).toEqual({
      path: '/states/all?icao24=1533ad&icao24=152c07',
      circle: null,
    });
    expect(openSkyQuery('/point/10.6012/-66.9912/60')).toEqual({
      path: '/states/all?lamin=9.6012&lomin=-68.0086&lamax=11.6012&lomax=-65.9738',
      circle: { lat: 10.6012, lon: -66.9912, radiusNm: 60 },
    });
    expect(openSkyQuery('/type/IL76')).toBeNull();
  });
});

describe('openSkyStatesToV2', () => {
  it('turns state vectors into v2 rows: feet, knots, ft/min, seen_pos from time_position', () => {
    const body = openSkyStatesToV2(SAMPLE, 'opensky-network.org', null);
    expect(body).toMatchObject({ now: TIME * 1000, total: 4 });
    expect((body.ac as unknown[])[0]).toEqual({
      hex: '4400ec',
      type: 'adsb_icao',
      flight: 'EJU12AL ',
      alt_baro: 21800,
      alt_geom: 22625,
      gs: 385.4,
      track: 224.05,
      baro_rate: 1344,
      squawk: '6740',
      lat: 47.3525,
      lon: 6.6009,
      seen_pos: 1,
      seen: 1,
      mlat: [],
      tisb: [],
    });
    const parsed = parseFeedResponse(body, 'opensky-network.org');
    expect(parsed.sightings.map((s) => [s.hex, s.observedAt, s.onGround, s.altBaroFt, s.source])).toEqual([
      ['4400ec', (TIME - 1) * 1000, false, 21800, 'opensky-network.org'],
      ['4400ee', (TIME - 3) * 1000, true, null, 'opensky-network.org'],
    ]);
    // The Mode S-only state has no position; the non-array one no hex: counted, like any v2 row.
    expect(parsed.dropped).toEqual({ no_position: 1, bad_hex: 1 });
  });

  it('an empty answer ("states": null) is an empty envelope; anything else is FEED_BAD_RESPONSE', () => {
    expect(openSkyStatesToV2({ time: TIME, states: null }, 'sky', null)).toMatchObject({ ac: [], now: TIME * 1000 });
    expect(() => openSkyStatesToV2({ ac: [] }, 'sky', null)).toThrow(
      expect.objectContaining({ code: 'FEED_BAD_RESPONSE', message: expect.stringContaining('OPENSKY_API_URL') }),
    );
    expect(() => openSkyStatesToV2({ time: TIME, states: {} }, 'sky', null)).toThrow(/OpenSky states answer/);
  });
});

describe('accessDeniedError', () => {
  it('tells the user of airplanes.live to ask for access or remove it from FEED_URLS', () => {
    const [live] = buildFeedProviders({ urls: [AIRPLANES_LIVE_URL] });
    const error = accessDeniedError(live!, 403, 'airplanes.live /hex/1533ad', { provider: 'airplanes.live' });
    expect(error.code).toBe('FEED_ACCESS_DENIED');
    expect(error.message).toMatch(/HTTP 403, access refused: since August 2026 airplanes\.live serves its API only/);
    expect(error.message).toContain('remove https://api.airplanes.live/v2 from FEED_URLS (feeds.urls)');
    expect(error.message).toMatch(/other feed providers are still asked/);
    expect(error.details).toMatchObject({ provider: 'airplanes.live', status: 403 });
  });

  it('names ADSBX_RAPIDAPI_KEY for ADS-B Exchange', () => {
    const [adsbx] = buildFeedProviders({ urls: [], rapidApiKey: 'k' });
    expect(accessDeniedError(adsbx!, 401, 'adsbexchange.com /hex/1533ad', {}).message).toContain('ADSBX_RAPIDAPI_KEY');
  });
});
