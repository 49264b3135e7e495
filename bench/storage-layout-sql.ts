/**
 * The storage layouts issue 13 asks to measure (item 3), as SQL: each a scratch table in the bench
 * database filled from one month of positions, and a view that gives back the documented columns and
 * units (docs/schema.md) so that the analysts' SQL runs unchanged against it. Measurement only: the
 * real schema is not touched.
 *
 * Narrow encodings (lossless for what the feeds send, see docs/performance.md for the bounds):
 * - lat/lon: int4 in 1e-7 degrees (1.1 cm; a feed's 6-decimal value comes back as the same float8);
 * - ground_speed_kt: int2 in tenths minus 20,000 (0..4,000 kt, the validation's range);
 * - track_deg: int2 in hundredths minus 18,000 (0..360);
 * - vertical_rate_fpm: int2 (ADS-B encodes at most ±32,608 fpm; the validation allows ±50,000 and would
 *   have to clamp at ±32,767);
 * - squawk: int2 of its four octal digits read as decimal (0..7777), given back zero-padded;
 * - source: a "char" code of a small name table; matched_by: a "char" (w, t, a);
 * - hex: text, or int4 (24-bit ICAO address; a non-ICAO '~' address, which tailwatch drops today,
 *   would keep bit 24 set);
 * - columns ordered 8, 4, 2, 1-byte, then the texts, so that no alignment padding falls between them.
 */

export interface StorageLayout {
  /** Short name (table bench_layout_<key>, view bench_layout_<key>_v). */
  key: string;
  label: string;
  /** Statements that create the table (with its indexes, before the rows, as a live table has them). */
  create: string[];
  /** The INSERT … SELECT from the month partition `$month`. */
  fill: string;
  /** SELECT list of the view over the table `t` giving the documented columns. */
  view: string;
  /** Rows of the table per position (segments hold many). */
  segments?: boolean;
}

const HEX_INT = `(('x' || lpad(hex, 8, '0'))::bit(32)::int4)`;
const HEX_TEXT_OF_INT = `lpad(to_hex(t.hex), 6, '0')`;

/** The narrow columns computed from a positions row (aliases as in the narrow tables). */
function narrowSelect(hex: 'text' | 'int'): string {
  return [
    'observed_at',
    'round(lat * 1e7)::int4 AS lat_e7',
    'round(lon * 1e7)::int4 AS lon_e7',
    'alt_baro_ft',
    ...(hex === 'int' ? [`${HEX_INT} AS hex`] : []),
    '(round(ground_speed_kt * 10) - 20000)::int2 AS gs_dkt',
    '(round(track_deg * 100) - 18000)::int2 AS track_cdeg',
    'vertical_rate_fpm::int2 AS vr_fpm',
    'squawk::int2 AS squawk_n',
    'heard_by',
    'on_ground',
    '(SELECT c.code FROM bench_layout_sources c WHERE c.name = p.source) AS source_c',
    'left(matched_by, 1)::"char" AS matched_c',
    ...(hex === 'text' ? ['hex'] : []),
    'callsign',
  ].join(', ');
}

function narrowColumns(hex: 'text' | 'int'): string {
  return [
    'observed_at timestamptz NOT NULL',
    'lat_e7 int4 NOT NULL',
    'lon_e7 int4 NOT NULL',
    'alt_baro_ft int4',
    ...(hex === 'int' ? ['hex int4 NOT NULL'] : []),
    'gs_dkt int2',
    'track_cdeg int2',
    'vr_fpm int2',
    'squawk_n int2',
    'heard_by int2',
    'on_ground boolean NOT NULL',
    'source_c "char" NOT NULL',
    'matched_c "char" NOT NULL',
    ...(hex === 'text' ? ['hex text NOT NULL'] : []),
    'callsign text',
  ].join(', ');
}

const MATCHED_BY_OF = (c: string) => `CASE ${c} WHEN 'w' THEN 'watchlist' WHEN 't' THEN 'type' ELSE 'area' END`;

/** The documented columns from a narrow row `t` (source through the code table `s`). */
function narrowView(hex: 'text' | 'int'): string {
  return [
    `${hex === 'int' ? HEX_TEXT_OF_INT : 't.hex'} AS hex`,
    't.observed_at',
    't.lat_e7::float8 / 1e7 AS lat',
    't.lon_e7::float8 / 1e7 AS lon',
    't.alt_baro_ft',
    't.on_ground',
    '(t.gs_dkt + 20000)::real / 10 AS ground_speed_kt',
    '(t.track_cdeg + 18000)::real / 100 AS track_deg',
    't.vr_fpm::int4 AS vertical_rate_fpm',
    "lpad(t.squawk_n::text, 4, '0') AS squawk",
    't.callsign',
    '(SELECT s.name FROM bench_layout_sources s WHERE s.code = t.source_c) AS source',
    `${MATCHED_BY_OF('t.matched_c')} AS matched_by`,
    't.heard_by',
  ].join(', ');
}

function narrow(key: string, label: string, hex: 'text' | 'int', indexes: (table: string) => string[]): StorageLayout {
  const table = `bench_layout_${key}`;
  return {
    key,
    label,
    create: [`CREATE TABLE ${table} (${narrowColumns(hex)})`, ...indexes(table)],
    fill: `INSERT INTO ${table} SELECT ${narrowSelect(hex)} FROM $month p ORDER BY observed_at, hex`,
    view: narrowView(hex),
  };
}

const SEGMENT_ARRAYS = [
  't_ms',
  'lat_e7',
  'lon_e7',
  'alt_baro_ft',
  'gs_dkt',
  'track_cdeg',
  'vr_fpm',
  'squawk_n',
  'heard_by',
  'on_ground',
  'source_c',
  'matched_c',
  'callsign',
];

/** Positions of one aircraft in one UTC day (or month) as one row of arrays, in time order. */
function segments(key: string, label: string, per: 'day' | 'month', compress = true): StorageLayout {
  const table = `bench_layout_${key}`;
  // Milliseconds from the segment's start: a day fits an int4; a month (up to 2.7e9 ms) is shifted by -2^31.
  const shift = per === 'day' ? 0 : 2147483648;
  const start = `date_trunc('${per}', p.observed_at AT TIME ZONE 'UTC')`;
  const offset = `(round(extract(epoch FROM p.observed_at - (${start} AT TIME ZONE 'UTC')) * 1000) - ${shift})::int4`;
  const agg = (expr: string) => `array_agg(${expr} ORDER BY p.observed_at)`;
  return {
    key,
    label,
    segments: true,
    create: [
      `CREATE TABLE ${table} (seg_start timestamptz NOT NULL, hex text NOT NULL, t_ms int4[] NOT NULL,
        lat_e7 int4[] NOT NULL, lon_e7 int4[] NOT NULL, alt_baro_ft int4[] NOT NULL, gs_dkt int2[] NOT NULL,
        track_cdeg int2[] NOT NULL, vr_fpm int2[] NOT NULL, squawk_n int2[] NOT NULL, heard_by int2[] NOT NULL,
        on_ground boolean[] NOT NULL, source_c "char"[] NOT NULL, matched_c "char"[] NOT NULL,
        callsign text[] NOT NULL, PRIMARY KEY (hex, seg_start))`,
      // EXTERNAL: out of line in TOAST when the row is large, but never compressed (the default, EXTENDED, uses pglz).
      ...(compress ? [] : SEGMENT_ARRAYS.map((c) => `ALTER TABLE ${table} ALTER COLUMN ${c} SET STORAGE EXTERNAL`)),
    ],
    fill: `INSERT INTO ${table}
      SELECT ${start} AT TIME ZONE 'UTC', p.hex, ${agg(offset)},
        ${agg('round(p.lat * 1e7)::int4')}, ${agg('round(p.lon * 1e7)::int4')}, ${agg('p.alt_baro_ft')},
        ${agg('(round(p.ground_speed_kt * 10) - 20000)::int2')}, ${agg('(round(p.track_deg * 100) - 18000)::int2')},
        ${agg('p.vertical_rate_fpm::int2')}, ${agg('p.squawk::int2')}, ${agg('p.heard_by')}, ${agg('p.on_ground')},
        ${agg('(SELECT c.code FROM bench_layout_sources c WHERE c.name = p.source)')},
        ${agg('left(p.matched_by, 1)::"char"')}, ${agg('p.callsign')}
      FROM $month p GROUP BY p.hex, ${start} ORDER BY 1, 2`,
    view: '',
  };
}

/** The view over a segment table: one row per position, the documented columns. */
export function segmentView(table: string, per: 'day' | 'month'): string {
  const shift = per === 'day' ? '' : ' + 2147483648';
  return `SELECT t.hex, t.seg_start + (u.t_ms::int8${shift}) * interval '1 millisecond' AS observed_at,
      u.lat_e7::float8 / 1e7 AS lat, u.lon_e7::float8 / 1e7 AS lon, u.alt_baro_ft, u.on_ground,
      (u.gs_dkt + 20000)::real / 10 AS ground_speed_kt, (u.track_cdeg + 18000)::real / 100 AS track_deg,
      u.vr_fpm::int4 AS vertical_rate_fpm, lpad(u.squawk_n::text, 4, '0') AS squawk, u.callsign,
      (SELECT s.name FROM bench_layout_sources s WHERE s.code = u.source_c) AS source,
      ${MATCHED_BY_OF('u.matched_c')} AS matched_by, u.heard_by
    FROM ${table} t CROSS JOIN LATERAL unnest(t.t_ms, t.lat_e7, t.lon_e7, t.alt_baro_ft, t.gs_dkt, t.track_cdeg,
      t.vr_fpm, t.squawk_n, t.heard_by, t.on_ground, t.source_c, t.matched_c, t.callsign)
      AS u(t_ms, lat_e7, lon_e7, alt_baro_ft, gs_dkt, track_cdeg, vr_fpm, squawk_n, heard_by, on_ground, source_c,
           matched_c, callsign)`;
}

/** The layouts, each step keeping the ones before it (cumulative), as issue 13 lists them. */
export const STORAGE_LAYOUTS: readonly StorageLayout[] = [
  narrow('narrow_text_hex', '(a) narrow types, hex text; primary key + BRIN as today', 'text', (t) => [
    `ALTER TABLE ${t} ADD PRIMARY KEY (hex, observed_at)`,
    `CREATE INDEX ON ${t} USING brin (observed_at)`,
  ]),
  narrow('narrow_int_hex', '(a) + hex as int4', 'int', (t) => [
    `ALTER TABLE ${t} ADD PRIMARY KEY (hex, observed_at)`,
    `CREATE INDEX ON ${t} USING brin (observed_at)`,
  ]),
  // hex as int4 saves no index space ((hex, observed_at) pads a 4-byte or a 7-byte hex to 8 either way) and its
  // view cannot use an index for the analysts' `hex = '…'`: the steps below keep hex as text.
  narrow(
    'no_unique_key',
    '(a, hex text) + (b) no unique key: non-unique (hex, observed_at) B-tree + BRIN',
    'text',
    (t) => [`CREATE INDEX ON ${t} (hex, observed_at)`, `CREATE INDEX ON ${t} USING brin (observed_at)`],
  ),
  narrow('hex_btree', '(a, hex text) + (b) B-tree on hex alone (deduplicated) + BRIN', 'text', (t) => [
    `CREATE INDEX ON ${t} (hex)`,
    `CREATE INDEX ON ${t} USING brin (observed_at)`,
  ]),
  narrow('brin_only', '(a, hex text) + (b) BRIN on observed_at only', 'text', (t) => [
    `CREATE INDEX ON ${t} USING brin (observed_at)`,
  ]),
  segments('segments_day', '(a, hex text) + (c) one row per aircraft per UTC day, arrays, behind a view', 'day'),
  segments(
    'segments_month_raw',
    '(a, hex text) + (c) one row per aircraft per UTC month, arrays not compressed (STORAGE EXTERNAL)',
    'month',
    false,
  ),
  segments('segments_month', '(a, hex text) + (c) one row per aircraft per UTC month, arrays, behind a view', 'month'),
];

/** The SELECT list for a narrow layout's view, or the whole view for a segment layout. */
export function layoutView(layout: StorageLayout): string {
  const table = `bench_layout_${layout.key}`;
  if (layout.segments) return segmentView(table, layout.key.includes('_day') ? 'day' : 'month');
  return `SELECT ${layout.view} FROM ${table} t`;
}
