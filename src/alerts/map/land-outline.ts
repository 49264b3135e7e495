import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { MultiLineString, MultiPolygon, Polygon, Position } from 'geojson';
import { geoBounds } from 'd3-geo';
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

/** One land polygon and its coastline. */
export interface LandPolygon {
  /** As Natural Earth has it: d3 handles the antimeridian (a ring may run on across it, e.g. Chukotka). */
  polygon: Polygon;
  /**
   * Its rings as lines, cut where Natural Earth cuts land at the antimeridian (edges with both ends at
   * ±180°): those edges are not coast and are not stroked.
   */
  coast: MultiLineString;
  /** d3's geoBounds: [[west, south], [east, north]], degrees; west > east when it crosses the antimeridian. */
  bounds: [[number, number], [number, number]];
}

function onAntimeridian(lon: number): boolean {
  return Math.abs(Math.abs(lon) - 180) < 1e-4;
}

function coastOf(ring: ReadonlyArray<Position>): Position[][] {
  const lines: Position[][] = [];
  let current: Position[] = [];
  ring.forEach((position, i) => {
    const previous = ring[i - 1];
    if (previous && onAntimeridian(previous[0]!) && onAntimeridian(position[0]!)) {
      if (current.length >= 2) lines.push(current);
      current = [];
    }
    current.push(position);
  });
  if (current.length >= 2) lines.push(current);
  return lines;
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
      `Cannot read the coastline data ${file}: ${(error as Error).message}. ` +
        `Run \`npm ci\` to install the world-atlas package.`,
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
    for (const rings of list) {
      if ((rings[0]?.length ?? 0) < 4) continue;
      const polygon: Polygon = { type: 'Polygon', coordinates: rings };
      polygons.push({
        polygon,
        bounds: geoBounds(polygon),
        coast: { type: 'MultiLineString', coordinates: rings.flatMap(coastOf) },
      });
    }
  }
  cache.set(resolution, polygons);
  return polygons;
}
