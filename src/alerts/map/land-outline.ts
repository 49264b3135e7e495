import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { MultiPolygon, Polygon } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { TailwatchError } from '../../errors/tailwatch-error.js';

/**
 * Land polygons from Natural Earth (the `world-atlas` package: public domain data, TopoJSON). Two
 * resolutions: 1:50m (~10k points for the Caribbean) for regional maps and 1:110m for views wider than
 * about 60° of longitude, where 1:50m would cost seconds of pure-JS filling for no visible gain.
 * Each is parsed once per process (~60 ms for 50m) and shared, read-only.
 */

export type LandResolution = '50m' | '110m';

/**
 * Makes a ring's longitudes continuous (each within 180° of the previous). Natural Earth cuts land at
 * the antimeridian, but the merged land polygon of Eurasia still runs on to Chukotka's eastern tip at
 * -169°: stored as is, that ring jumps 360° and its fill smears across the map.
 */
function unwrapRing(ring: ReadonlyArray<[number, number]>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let previous: number | null = null;
  for (const [lon, lat] of ring) {
    let x = lon;
    if (previous !== null) x = previous + ((((lon - previous + 180) % 360) + 360) % 360) - 180;
    out.push([x, lat]);
    previous = x;
  }
  return out;
}

/** One polygon: the outer ring first, then holes; positions are [lon, lat] with continuous longitudes. */
export interface LandPolygon {
  rings: ReadonlyArray<ReadonlyArray<readonly [number, number]>>;
  /** Bounding box of the outer ring, degrees (west may be below -180 or east above 180 after unwrapping). */
  west: number;
  east: number;
  south: number;
  north: number;
}

const cache = new Map<LandResolution, readonly LandPolygon[]>();
const require = createRequire(import.meta.url);

/** Loads (once) and returns the land polygons at the given resolution. */
export function landPolygons(resolution: LandResolution): readonly LandPolygon[] {
  const cached = cache.get(resolution);
  if (cached) return cached;
  const file = `world-atlas/land-${resolution}.json`;
  let topology: Topology<{ land: GeometryCollection }>;
  try {
    topology = JSON.parse(readFileSync(require.resolve(file), 'utf8')) as Topology<{ land: GeometryCollection }>;
  } catch (error) {
    throw new TailwatchError(
      'MAP_DATA_UNAVAILABLE',
      `Cannot read the coastline data ${file}: ${(error as Error).message}. Run \`npm ci\` to install the world-atlas package.`,
      { file },
      { cause: error },
    );
  }
  const collection = feature(topology, topology.objects.land);
  const polygons: LandPolygon[] = [];
  for (const f of collection.features) {
    const geometry = f.geometry as Polygon | MultiPolygon | null;
    if (!geometry) continue;
    const list = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
    for (const raw of list) {
      const rings = (raw as Array<Array<[number, number]>>).map(unwrapRing);
      const outer = rings[0];
      if (!outer || outer.length < 3) continue;
      let west = Infinity;
      let east = -Infinity;
      let south = Infinity;
      let north = -Infinity;
      for (const [lon, lat] of outer as Array<[number, number]>) {
        west = Math.min(west, lon);
        east = Math.max(east, lon);
        south = Math.min(south, lat);
        north = Math.max(north, lat);
      }
      polygons.push({ rings, west, east, south, north });
    }
  }
  cache.set(resolution, polygons);
  return polygons;
}
