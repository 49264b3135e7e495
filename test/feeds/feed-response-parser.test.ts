import { describe, expect, it } from 'vitest';
import { isTailwatchError } from '../../src/errors/tailwatch-error.js';
import { parseFeedResponse } from '../../src/feeds/feed-response-parser.js';

const NOW = Date.UTC(2025, 9, 28, 14, 0, 0); // 28 Oct 2025, RA-78765 Caracas -> Havana

/** A complete row as adsb.lol lists RA-78765 cruising; cases override or delete keys. */
function row(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const base: Record<string, unknown> = {
    hex: '1533ad',
    type: 'adsb_icao',
    flight: 'RA78765 ',
    r: 'RA-78765',
    t: 'IL76',
    alt_baro: 33000,
    gs: 430.2,
    track: 301.5,
    baro_rate: -64,
    squawk: '2000',
    lat: 15.5,
    lon: -72.25,
    seen_pos: 1.3,
    messages: 100,
    seen: 0.4,
    rssi: -20,
    mlat: [],
    tisb: [],
  };
  const result = { ...base, ...overrides };
  for (const key of Object.keys(result)) if (result[key] === undefined) delete result[key];
  return result;
}

function parseOne(rowValue: unknown, options = {}) {
  return parseFeedResponse(
    { ac: [rowValue], msg: 'No error', now: NOW, total: 1, ctime: NOW, ptime: 0 },
    'adsb.lol',
    options,
  );
}

describe('parseFeedResponse: one row', () => {
  it('turns a complete row into a sighting stamped with the position time', () => {
    const { sightings, dropped, now } = parseOne(row());
    expect(now).toBe(NOW);
    expect(dropped).toEqual({});
    expect(sightings).toEqual([
      {
        hex: '1533ad',
        observedAt: NOW - 1300,
        lat: 15.5,
        lon: -72.25,
        altBaroFt: 33000,
        onGround: false,
        // At the precision positions keep it (float4), so that the log rebuilds what the engine saw.
        groundSpeedKt: Math.fround(430.2),
        trackDeg: 301.5,
        verticalRateFpm: -64,
        squawk: '2000',
        callsign: 'RA78765',
        registration: 'RA-78765',
        typeCode: 'IL76',
        source: 'adsb.lol',
      },
    ]);
  });

  it('rounds the numbers to the precision positions keep: float4 speed and track, integer altitude and rate', () => {
    const { sightings } = parseOne(row({ gs: 431.17, track: 12.345, alt_baro: 33012.6, baro_rate: -64.4 }));
    expect(sightings[0]).toMatchObject({
      groundSpeedKt: Math.fround(431.17),
      trackDeg: Math.fround(12.345),
      altBaroFt: 33013,
      verticalRateFpm: -64,
    });
    expect(sightings[0]!.groundSpeedKt).not.toBe(431.17);
  });

  it.each([
    { name: 'hex not a string', overrides: { hex: 1533 }, reason: 'bad_hex' },
    { name: 'hex missing', overrides: { hex: undefined }, reason: 'bad_hex' },
    { name: 'hex too short', overrides: { hex: '1533a' }, reason: 'bad_hex' },
    { name: 'hex not hex digits', overrides: { hex: 'zz33ad' }, reason: 'bad_hex' },
    { name: 'non-ICAO ~ address', overrides: { hex: '~2d1b3c' }, reason: 'non_icao_address' },
    {
      name: 'no lat/lon (mode_s only)',
      overrides: { lat: undefined, lon: undefined, seen_pos: undefined, type: 'mode_s' },
      reason: 'no_position',
    },
    {
      name: 'only rr_lat/rr_lon (receiver estimate)',
      overrides: { lat: undefined, lon: undefined, seen_pos: undefined, rr_lat: 40.7, rr_lon: 39.3 },
      reason: 'no_position',
    },
    {
      name: 'only lastPosition (over 60 s old)',
      overrides: {
        lat: undefined,
        lon: undefined,
        seen_pos: undefined,
        lastPosition: { lat: 43.26, lon: 29.63, nic: 8, rc: 185, seen_pos: 3061.4 },
      },
      reason: 'stale_position',
    },
    { name: 'lat out of range', overrides: { lat: 91 }, reason: 'bad_coordinates' },
    { name: 'lon out of range', overrides: { lon: -180.5 }, reason: 'bad_coordinates' },
    { name: 'lat NaN', overrides: { lat: Number.NaN }, reason: 'bad_coordinates' },
    { name: 'lon Infinity', overrides: { lon: Number.POSITIVE_INFINITY }, reason: 'bad_coordinates' },
    { name: 'lat as a string', overrides: { lat: '15.5' }, reason: 'bad_coordinates' },
    { name: 'lat without lon', overrides: { lon: undefined }, reason: 'bad_coordinates' },
    { name: 'seen_pos over 60 s', overrides: { seen_pos: 60.5 }, reason: 'stale_position' },
    { name: 'seen_pos as a string', overrides: { seen_pos: '1.3' }, reason: 'bad_field' },
    { name: 'seen_pos negative', overrides: { seen_pos: -30 }, reason: 'bad_field' },
    {
      name: 'neither seen_pos nor seen',
      overrides: { seen_pos: undefined, seen: undefined },
      reason: 'no_position_time',
    },
  ])('drops a row with $name as $reason', ({ overrides, reason }) => {
    const result = parseOne(row(overrides));
    expect(result.sightings).toEqual([]);
    expect(result.dropped).toEqual({ [reason]: 1 });
  });

  it.each([null, 'hex', 42, [1, 2]])('drops a row that is not an object (%j) as bad_row', (value) => {
    expect(parseOne(value).dropped).toEqual({ bad_row: 1 });
  });

  it.each([
    { name: 'alt_baro "ground"', overrides: { alt_baro: 'ground' }, expected: { altBaroFt: null, onGround: true } },
    { name: 'numeric alt_baro', overrides: { alt_baro: 2600 }, expected: { altBaroFt: 2600, onGround: false } },
    { name: 'alt_baro missing', overrides: { alt_baro: undefined }, expected: { altBaroFt: null, onGround: false } },
    { name: 'uppercase hex', overrides: { hex: '1533AD' }, expected: { hex: '1533ad' } },
    { name: 'space-padded callsign', overrides: { flight: '  AZS765  ' }, expected: { callsign: 'AZS765' } },
    { name: 'blank callsign', overrides: { flight: '        ' }, expected: { callsign: null } },
    { name: 'octal squawk', overrides: { squawk: '7500' }, expected: { squawk: '7500' } },
    { name: 'squawk with an 8', overrides: { squawk: '7800' }, expected: { squawk: null } },
    { name: 'squawk of 3 digits', overrides: { squawk: '750' }, expected: { squawk: null } },
    { name: 'lowercase type code', overrides: { t: 'il76' }, expected: { typeCode: 'IL76' } },
    {
      name: 'geom_rate when baro_rate is missing',
      overrides: { baro_rate: undefined, geom_rate: 512 },
      expected: { verticalRateFpm: 512 },
    },
    {
      name: 'seen instead of a missing seen_pos',
      overrides: { seen_pos: undefined, seen: 2 },
      expected: { observedAt: NOW - 2000 },
    },
    { name: 'seen_pos a hair below zero', overrides: { seen_pos: -0.1 }, expected: { observedAt: NOW } },
  ])('reads $name', ({ overrides, expected }) => {
    const { sightings, dropped } = parseOne(row(overrides));
    expect(dropped).toEqual({});
    expect(sightings).toHaveLength(1);
    expect(sightings[0]).toMatchObject(expected);
  });

  it.each([
    { field: 'alt_baro', value: 'high', key: 'altBaroFt' },
    { field: 'gs', value: '450', key: 'groundSpeedKt' },
    { field: 'track', value: 'north', key: 'trackDeg' },
    { field: 'track', value: 400, key: 'trackDeg' },
    { field: 'baro_rate', value: '-500', key: 'verticalRateFpm' },
    { field: 'squawk', value: 7500, key: 'squawk' },
    { field: 'flight', value: 42, key: 'callsign' },
    { field: 'r', value: { x: 1 }, key: 'registration' },
  ])('keeps the row but nulls and counts $field = $value', ({ field, value, key }) => {
    const { sightings, dropped, nulledFields } = parseOne(row({ [field]: value }));
    expect(dropped).toEqual({});
    expect(sightings[0]?.[key as 'trackDeg']).toBeNull();
    expect(nulledFields).toEqual({ [field]: 1 });
  });

  it('rounds the position time to integer milliseconds', () => {
    const [sighting] = parseOne(row({ seen_pos: 1.2345 })).sightings;
    expect(Number.isInteger(sighting?.observedAt)).toBe(true);
    expect(Math.abs((sighting?.observedAt ?? 0) - (NOW - 1234.5))).toBeLessThanOrEqual(0.5);
  });

  it('honours a configured maximum position age', () => {
    expect(parseOne(row({ seen_pos: 90 }), { maxPositionAgeS: 120 }).sightings[0]?.observedAt).toBe(NOW - 90_000);
    expect(parseOne(row({ seen_pos: 20 }), { maxPositionAgeS: 10 }).dropped).toEqual({ stale_position: 1 });
  });
});

describe('parseFeedResponse: a whole response', () => {
  it('uses the good rows and counts the bad ones by reason', () => {
    const body = {
      ac: [
        row(),
        row({ hex: '152c07', lat: 10.6, lon: -66.99 }),
        row({ hex: '~000001' }),
        row({ hex: '152c2a', lat: undefined, lon: undefined }),
        row({ hex: '152c2e', lat: undefined, lon: undefined }),
        row({ hex: 'abc', lat: 1 }),
      ],
      now: NOW,
    };
    const result = parseFeedResponse(body, 'airplanes.live');
    expect(result.sightings.map((s) => s.hex)).toEqual(['1533ad', '152c07']);
    expect(result.sightings.every((s) => s.source === 'airplanes.live')).toBe(true);
    expect(result.dropped).toEqual({ non_icao_address: 1, no_position: 2, bad_hex: 1 });
  });

  it('reads a readsb aircraft.json, whose now is in seconds', () => {
    const result = parseFeedResponse(
      { now: NOW / 1000 + 0.25, messages: 5, aircraft: [row({ seen_pos: 0.25 })] },
      'local',
    );
    expect(result.now).toBe(NOW + 250);
    expect(result.sightings[0]?.observedAt).toBe(NOW);
  });

  it('accepts an empty ac list: absence is the signal, not an error', () => {
    expect(parseFeedResponse({ ac: [], msg: 'No error', now: NOW, total: 0 }, 'adsb.lol')).toEqual({
      sightings: [],
      dropped: {},
      nulledFields: {},
      now: NOW,
    });
  });

  it.each([
    { name: 'null', body: null },
    { name: 'an array', body: [row()] },
    { name: 'a string', body: 'No error' },
    { name: 'an object without ac', body: { now: NOW, msg: 'No error' } },
    { name: 'ac that is not an array', body: { ac: 'none', now: NOW } },
    { name: 'ac: null', body: { ac: null, now: NOW } },
    { name: 'now missing', body: { ac: [] } },
    { name: 'now as a string', body: { ac: [], now: String(NOW) } },
    { name: 'now in seconds under ac', body: { ac: [], now: NOW / 1000 } },
    { name: 'now in ms under aircraft', body: { aircraft: [], now: NOW } },
  ])('throws FEED_BAD_RESPONSE for $name', ({ body }) => {
    let caught: unknown;
    try {
      parseFeedResponse(body, 'adsb.fi');
    } catch (error) {
      caught = error;
    }
    expect(isTailwatchError(caught, 'FEED_BAD_RESPONSE')).toBe(true);
    expect((caught as Error).message).toContain('adsb.fi');
  });
});

describe('parseFeedResponse: rows per response are capped', () => {
  it('refuses a response of more than 30,000 aircraft whole, naming the cap, before parsing a row', () => {
    const rows = Array.from({ length: 30_001 }, () => ({ hex: '1533ad' }));
    let caught: unknown;
    try {
      parseFeedResponse({ ac: rows, now: NOW }, 'adsb.lol');
    } catch (error) {
      caught = error;
    }
    expect(isTailwatchError(caught, 'FEED_RESPONSE_TOO_LARGE')).toBe(true);
    expect((caught as Error).message).toMatch(/30001 aircraft.*cap of 30000 rows per response/);
    expect(parseFeedResponse({ ac: rows.slice(1), now: NOW }, 'adsb.lol').sightings).toHaveLength(0);
  });
});
