import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { Airport } from '../airports/airport.js';
import { decodeCompactAirports } from '../airports/compact-airports-file.js';
import type { Runway } from '../airports/runway.js';
import { TailwatchError } from '../errors/tailwatch-error.js';

/** Where the shipped file sits: config/airports/ at the package root (from src/ in development, dist/src/ built). */
const CANDIDATES = [
  new URL('../../config/airports/default-airports.json.gz', import.meta.url),
  new URL('../../../config/airports/default-airports.json.gz', import.meta.url),
].map((url) => fileURLToPath(url));

export function defaultAirportsPath(): string {
  const found = CANDIDATES.find((path) => existsSync(path));
  if (found === undefined) {
    throw new TailwatchError(
      'DEFAULT_AIRPORTS_INVALID',
      `The default airports file is missing (looked at ${CANDIDATES.join(' and ')}): ` +
        'reinstall tailwatch, or regenerate it with `npm run airports:derive` (docs/operations.md).',
    );
  }
  return found;
}

/** Reads the shipped default airports and runways (about 28,600 airports, 26,400 runways; ~0.3 s). */
export function readDefaultAirports(path = defaultAirportsPath()): { airports: Airport[]; runways: Runway[] } {
  let json: unknown;
  try {
    json = JSON.parse(gunzipSync(readFileSync(path)).toString('utf8'));
  } catch (error) {
    throw new TailwatchError(
      'DEFAULT_AIRPORTS_INVALID',
      `Cannot read the default airports file ${path} (${(error as Error).message}): ` +
        'reinstall tailwatch, or regenerate it with `npm run airports:derive` (docs/operations.md).',
    );
  }
  return decodeCompactAirports(json);
}
