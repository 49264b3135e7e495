import fc from 'fast-check';
import { MAX_ROWS_PER_RESPONSE } from '../../src/feeds/adsbx-v2-envelope.js';
import { cleanText } from '../../src/shared/clean-text.js';
import { HEX_PATH, WATCHED_HEXES } from './feed-path-scenario.js';
import { MNMG, MUHA, SVMI } from './test-airports.js';

/**
 * Hostile feed responses for property tests of the whole feed path, as fast-check arbitraries: what a
 * broken or malicious provider (or a doctored recording) could send beside the true answers. Each is a
 * spec with times relative to the true poll it is sent with (`at`), so the same spec can be replayed
 * or fed to a live cycle.
 *
 * What they never do, so that the true legs must survive them: report a listed aircraft at a usable
 * position (a provider is trusted for the positions it reports), request an unlisted hex, or carry a
 * watched type for an aircraft that is not listed (that is watched-type traffic, tracked by design).
 */

const MIN = 60_000;
const WATCHED_TYPES = new Set(['IL76']);
/** The watched airports of the default config (the `/point` circles a poll asks for). */
const AREAS = [SVMI, MUHA, MNMG];

/** When a response says it was made, relative to the true poll it comes with. */
export type HostileTime =
  /** Within the same poll: up to 10 s before it (never after: the true poll's time stays the cycle's). */
  | { kind: 'same-poll'; backMs: number }
  /** Off by up to 5 minutes either way: the bounded step a replay lets one line take. */
  | { kind: 'step'; offsetMs: number }
  /** Far off: hours, days or years away (2099, 2001, a day ahead, an hour behind). */
  | { kind: 'far'; offsetMs: number }
  | { kind: 'absolute'; ms: number }
  /** Not a usable `now` at all: missing, a string, null, a float in seconds, out of range. */
  | { kind: 'invalid'; value: unknown };

export type RequestKind = 'hex' | 'point' | 'type' | 'probe' | 'other';

export interface HostileResponseSpec {
  kind: 'response';
  wrapper: 'recorded' | 'bare' | 'readsb';
  provider: string;
  request: RequestKind;
  /** The circle of a `/point` or probe request: around a watched airport, or anywhere. */
  circle: { lat: number; lon: number; radiusNm: number };
  otherPath: string;
  time: HostileTime;
  rows: unknown[];
  /** A response at the cap on rows plus one: refused whole, unread. */
  overCap: boolean;
  extra: Record<string, unknown>;
}

/** A line that is not a usable recorded response at all. */
export interface HostileTextSpec {
  kind: 'text';
  text: string;
}

export type HostileSpec = HostileResponseSpec | HostileTextSpec;

const watched = new Set<string>(WATCHED_HEXES);
const notWatchedType = (t: unknown) => typeof t !== 'string' || !WATCHED_TYPES.has(cleanText(t)?.toUpperCase() ?? '');

/** Any text, control characters, NUL, escape sequences, bidi overrides and astral planes included. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc.constantFrom('\u0000', '\u001b[2J\u001b]0;owned\u0007', 'AZ\r\nBcc: x@y', '\u202eLIVE', '=cmd|x', '  '),
);
const messy = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.double(),
  fc.constantFrom(-1e308, 1e308, -0, 'NaN', 'Infinity', '', true, [], {}),
);
/** Never a usable coordinate: out of range, not a number, or not a finite number. */
const outside = (limit: number) => (v: unknown) => !(typeof v === 'number' && v >= -limit && v <= limit);
const badLat = fc
  .oneof(messy, fc.double({ min: 90.000001, max: 1e9 }), fc.double({ min: -1e9, max: -90.000001 }))
  .filter(outside(90));
const badLon = fc
  .oneof(messy, fc.double({ min: 180.000001, max: 1e9 }), fc.double({ min: -1e9, max: -180.000001 }))
  .filter(outside(180));
const lat = fc.double({ min: -90, max: 90, noNaN: true });
const lon = fc.double({ min: -180, max: 180, noNaN: true });
const seenPos = fc.oneof(
  fc.double({ min: -1, max: 60, noNaN: true }),
  fc.double({ min: -1e9, max: 1e9 }),
  fc.constantFrom(-30, 61, 3_600, 14 * 86_400 + 1, 1e12),
  messy,
);
const descriptive = {
  alt_baro: fc.oneof(fc.integer({ min: -1e6, max: 1e7 }), fc.constant('ground'), messy),
  gs: fc.oneof(fc.double({ min: -1e6, max: 1e6 }), messy),
  track: fc.oneof(fc.double({ min: -720, max: 720 }), messy),
  baro_rate: fc.oneof(fc.integer({ min: -1e6, max: 1e6 }), messy),
  squawk: fc.oneof(fc.constantFrom('7700', '7600', '7500', '0000', '77000', '9999'), messy),
  flight: fc.oneof(anyText, messy),
  r: fc.oneof(anyText, messy),
  seen: fc.oneof(fc.double({ min: -5, max: 100 }), messy),
  type: fc.oneof(fc.constantFrom('adsb_icao', 'mlat', 'tisb_other', 'mode_s'), anyText),
};

/** A listed aircraft whose row cannot be placed: a position, or its time, that no parser may accept. */
const listedButBroken = fc
  .record(
    {
      hex: fc.constantFrom(...WATCHED_HEXES.flatMap((hex) => [hex, hex.toUpperCase(), ` ${hex} `])),
      ...descriptive,
      t: fc.oneof(anyText, fc.constant('IL76')),
      broken: fc.oneof(
        fc.record({ lat: badLat, lon: fc.oneof(lon, badLon) }),
        fc.record({ lat, lon: badLon }),
        fc.record({ lat, lon: fc.constant(null) }),
        fc.record({ rr_lat: lat, rr_lon: lon, lastPosition: fc.record({ lat, lon, seen_pos: seenPos }) }),
        fc.record({ lat, lon, seen_pos: fc.oneof(fc.double({ min: 60.5, max: 1e9 }), fc.double({ max: -1.5 })) }),
        fc.record({ lat, lon, seen_pos: fc.constantFrom('1', null, [], {}), seen: fc.constantFrom('0.5', -30, 1e9) }),
      ),
    },
    { requiredKeys: ['hex', 'broken'] },
  )
  .map(({ broken, ...row }) => ({ ...row, ...broken }));

/** An unlisted, unrequested aircraft: anywhere, any values, squawking an emergency as often as not. */
const nearAnArea = fc.constantFrom(...AREAS).chain((area) =>
  fc.record({
    lat: fc.double({ min: area.lat - 1, max: area.lat + 1, noNaN: true }),
    lon: fc.double({ min: area.lon - 1, max: area.lon + 1, noNaN: true }),
  }),
);
const strangerPosition = fc.oneof(
  { weight: 3, arbitrary: nearAnArea },
  { weight: 2, arbitrary: fc.record({ lat, lon }) },
  { weight: 2, arbitrary: fc.record({ lat: badLat, lon: fc.oneof(lon, badLon) }) },
);
const stranger = fc
  .tuple(
    strangerPosition,
    fc.record(
      {
        hex: fc.stringMatching(/^[0-9a-f]{6}$/).filter((hex) => !watched.has(hex)),
        seen_pos: fc.oneof({ weight: 3, arbitrary: fc.double({ min: -1, max: 60, noNaN: true }) }, seenPos),
        ...descriptive,
        t: fc.oneof(anyText, messy, fc.constantFrom('B738', 'A320', 'C172')).filter(notWatchedType),
        dst: messy,
      },
      { requiredKeys: ['hex'] },
    ),
  )
  .map(([position, fields]) => ({ ...position, ...fields }));

/** A row that is not an aircraft: a bad hex, a non-ICAO address, any JSON. */
const junkRow = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.record({
    hex: fc.oneof(fc.constantFrom('~15f0a1', '15f0a', '15f0a1z', 'zzzzzz', '', '\u000015f0a1'), anyText, messy),
    lat,
    lon,
    seen_pos: fc.constant(0.5),
  }),
);

const row = fc.oneof(
  { weight: 2, arbitrary: listedButBroken },
  { weight: 4, arbitrary: stranger },
  { weight: 1, arbitrary: junkRow },
);

const time: fc.Arbitrary<HostileTime> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({ kind: fc.constant('same-poll' as const), backMs: fc.integer({ min: 0, max: 10_000 }) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('step' as const), offsetMs: fc.integer({ min: -5 * MIN, max: 5 * MIN }) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('far' as const),
      offsetMs: fc.oneof(
        fc.integer({ min: 6 * MIN, max: 400 * 86_400_000 }),
        fc.integer({ min: -400 * 86_400_000, max: -6 * MIN }),
      ),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('absolute' as const),
      ms: fc.constantFrom(
        Date.UTC(2099, 0, 1),
        Date.UTC(2099, 11, 31, 23, 59),
        Date.UTC(2001, 0, 1),
        Date.UTC(2000, 0, 1),
      ),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('invalid' as const),
      value: fc.oneof(
        fc.constantFrom(undefined, null, 0, -1, 1e20, -1e20, Date.UTC(2100, 0, 1), Date.UTC(1999, 11, 31), 1.76e9),
        fc.constantFrom('2025-10-30T06:00:00Z', '1761804000000', true, [], {}),
        fc.double({ min: -1e15, max: 9.4e11 }),
      ),
    }),
  },
);

const circle = fc.oneof(
  fc.record({
    lat: fc.constantFrom(...AREAS.map((a) => a.lat)),
    lon: fc.constantFrom(...AREAS.map((a) => a.lon)),
    radiusNm: fc.constantFrom(250, 25, 1),
  }),
  fc.record({ lat, lon, radiusNm: fc.double({ min: 0.1, max: 250, noNaN: true }) }),
);

const response: fc.Arbitrary<HostileResponseSpec> = fc.record({
  kind: fc.constant('response' as const),
  wrapper: fc.constantFrom('recorded', 'recorded', 'recorded', 'bare', 'readsb'),
  provider: fc.oneof(
    fc.constantFrom('adsb.lol', 'adsb.fi', 'evil.example'),
    anyText.filter((p) => p.length > 0),
  ),
  request: fc.constantFrom<RequestKind>('hex', 'hex', 'point', 'point', 'type', 'probe', 'other'),
  circle,
  otherPath: fc.oneof(
    fc.constantFrom('/mil', '/callsign/AZS8801', '/point/x/y/z', '/hex/'),
    anyText.map((t) => `/${t}`),
  ),
  time,
  rows: fc.array(row, { maxLength: 30 }),
  overCap: fc.constant(false),
  extra: fc.dictionary(
    fc.constantFrom('msg', 'total', 'ctime', 'ptime', 'extra', '__proto__', 'aircraft', 'now2'),
    messy,
    { maxKeys: 3 },
  ),
});

/** One hostile response or line; rarely, one with more rows than the cap allows. */
export const hostileSpec: fc.Arbitrary<HostileSpec> = fc.oneof(
  { weight: 12, arbitrary: response },
  {
    weight: 1,
    arbitrary: response.map((spec) => ({ ...spec, overCap: true, time: { kind: 'same-poll', backMs: 0 } as const })),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('text' as const),
      text: fc.oneof(
        fc.constantFrom(
          'not json',
          '{"ac":[{"hex":"15f0a1","lat":NaN,"lon":Infinity,"seen_pos":0}],"now":NaN}',
          '[1,2,3]',
          'null',
          '"just a string"',
          '{"provider":"adsb.lol","path":"hex","purpose":"evil","response":{"ac":[],"now":1}}',
          '{"provider":"","response":{}}',
          '{"provider":5,"path":null,"response":{"ac":[]}}',
          '{"ac":"everything","now":1761804000000}',
          '\u0000\u0001\u0002',
        ),
        fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value) ?? 'undefined'),
        fc.string({ unit: 'binary', maxLength: 200 }).map((text) => text.replace(/[\r\n]/g, ' ')),
      ),
    }),
  },
);

/** The `now` a hostile response carries, sent with the true poll of time `at` (undefined: no `now`). */
export function hostileNow(time: HostileTime, at: number): unknown {
  switch (time.kind) {
    case 'same-poll':
      return at - time.backMs;
    case 'step':
    case 'far':
      return at + time.offsetMs;
    case 'absolute':
      return time.ms;
    case 'invalid':
      return time.value;
  }
}

/** What a hostile response says it asked: its path and purpose. */
export function hostileRequest(spec: HostileResponseSpec): {
  path: string;
  purpose: 'watchlist' | 'type' | 'area' | null;
} {
  const { lat, lon, radiusNm } = spec.circle;
  switch (spec.request) {
    case 'hex':
      return { path: HEX_PATH, purpose: 'watchlist' };
    case 'type':
      return { path: '/type/IL76', purpose: 'type' };
    case 'point':
    case 'probe':
      return { path: `/point/${lat.toFixed(4)}/${lon.toFixed(4)}/${radiusNm.toFixed(1)}`, purpose: 'area' };
    case 'other':
      return { path: spec.otherPath, purpose: null };
  }
}

/** The decoded body of a hostile response sent with the true poll of time `at`. */
export function hostileBody(spec: HostileResponseSpec, at: number): Record<string, unknown> {
  const now = hostileNow(spec.time, at);
  const rows = spec.overCap ? Array.from({ length: MAX_ROWS_PER_RESPONSE + 1 }, () => ({})) : spec.rows;
  const body: Record<string, unknown> =
    spec.wrapper === 'readsb'
      ? { ...spec.extra, aircraft: rows, messages: 1 }
      : { ...spec.extra, ac: rows, msg: 'No error', total: rows.length };
  // A readsb aircraft.json counts in seconds: the same instant, in its unit (a non-number stays as it is).
  if (now !== undefined) body.now = spec.wrapper === 'readsb' && typeof now === 'number' ? now / 1000 : now;
  else delete body.now;
  return body;
}

/** A hostile spec as one line of a recording, sent with the true poll of time `at`. */
export function hostileLine(spec: HostileSpec, at: number): string {
  if (spec.kind === 'text') return spec.text;
  const body = hostileBody(spec, at);
  if (spec.wrapper !== 'recorded') return JSON.stringify(body);
  const { path, purpose } = hostileRequest(spec);
  return JSON.stringify({
    provider: spec.provider,
    path,
    purpose,
    fetchedAtMs: at,
    ...(spec.request === 'probe' ? { probe: true } : {}),
    response: body,
  });
}

/** Whether a hostile spec claims a usable time other than its poll's (one the replay's clock must judge). */
export function movesTheClock(spec: HostileSpec): boolean {
  return spec.kind === 'response' && !spec.overCap && spec.time.kind !== 'same-poll' && spec.time.kind !== 'invalid';
}
