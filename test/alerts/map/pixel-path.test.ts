import { describe, it, expect } from 'vitest';
import type { Polygon } from 'geojson';
import { fitMapView } from '../../../src/alerts/map/map-view.js';
import { fillPaths, projectPaths, thin } from '../../../src/alerts/map/pixel-path.js';
import { landPolygons } from '../../../src/alerts/map/land-outline.js';
import type { MapContext } from '../../../src/alerts/map/map-labels.js';

const SIZE = { width: 800, height: 500, paddingPx: 72, minSpanKm: 150 };

/** A lon/lat box as a d3 polygon (clockwise seen from above: d3's exterior). */
function box(west: number, south: number, east: number, north: number): Polygon {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [west, south],
        [west, north],
        [east, north],
        [east, south],
        [west, south],
      ],
    ],
  };
}

const caribbean = fitMapView(
  [
    { lat: 10.6, lon: -67 },
    { lat: 12.14, lon: -86.17 },
  ],
  SIZE,
);

describe('projectPaths (d3 geoPath through the view)', () => {
  it('clips a polygon larger than the canvas to the canvas plus 2 px', () => {
    const [ring, ...rest] = projectPaths(caribbean.projection, box(-120, -20, -30, 40));
    expect(rest).toEqual([]);
    expect(ring!.closed).toBe(true);
    const xs = ring!.points.map((p) => p.x);
    const ys = ring!.points.map((p) => p.y);
    expect([Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)]).toEqual([-2, 802, -2, 502]);
  });

  it('a polygon entirely outside the view gives nothing', () => {
    expect(projectPaths(caribbean.projection, box(0, 40, 10, 50))).toEqual([]);
  });

  it('a polygon across the antimeridian, in a view centred on it, stays one piece', () => {
    const view = fitMapView(
      [
        { lat: 64.7, lon: 177.7 },
        { lat: 61.2, lon: -150 },
      ],
      SIZE,
    );
    const paths = projectPaths(view.projection, box(178, 62, -178, 64));
    expect(paths).toHaveLength(1);
    const xs = paths[0]!.points.map((p) => p.x);
    const width = view.project(63, -178).x - view.project(63, 178).x;
    expect(width).toBeGreaterThan(0);
    expect(Math.max(...xs) - Math.min(...xs)).toBeCloseTo(width, 4);
  });

  it('a parallel sampled every degree is one straight segment; points within half a pixel are dropped', () => {
    const lons = Array.from({ length: 11 }, (_, i) => -80 + i);
    const [parallel] = projectPaths(caribbean.projection, {
      type: 'LineString',
      coordinates: lons.map((lon) => [lon, 10]),
    });
    expect(parallel!.closed).toBe(false);
    expect(parallel!.points).toHaveLength(2);
    expect(parallel!.points[1]!.x).toBeCloseTo(caribbean.project(10, -70).x, 4);
    const [dense] = projectPaths(caribbean.projection, {
      type: 'LineString',
      coordinates: [
        [-80, 10],
        [-80.0001, 10.0001],
        [-79, 11],
        [-79, 12],
      ],
    });
    expect(dense!.points).toHaveLength(3);
    expect(
      thin([
        { x: 0, y: 0 },
        { x: 0.2, y: 0.2 },
        { x: 1, y: 0 },
      ]),
    ).toEqual([
      { x: 0, y: 0 },
      { x: 1, y: 0 },
    ]);
  });

  it('points are markers, never drawn through geoPath', () => {
    expect(() => projectPaths(caribbean.projection, { type: 'Point', coordinates: [-75, 12] })).toThrow();
  });
});

describe('fillPaths', () => {
  it('closes every ring itself (pureimage closes only the first sub-path of a path)', () => {
    const calls: string[] = [];
    const ctx = {
      beginPath: () => calls.push('begin'),
      moveTo: (x: number, y: number) => calls.push(`M${x},${y}`),
      lineTo: (x: number, y: number) => calls.push(`L${x},${y}`),
      fill: () => calls.push('fill'),
    } as unknown as MapContext;
    const ring = (x: number) => ({
      closed: true,
      points: [
        { x, y: 0 },
        { x: x + 5, y: 0 },
        { x, y: 5 },
      ],
    });
    fillPaths(ctx, [ring(0), ring(10)]);
    expect(calls).toEqual(['begin', 'M0,0', 'L5,0', 'L0,5', 'L0,0', 'M10,0', 'L15,0', 'L10,5', 'L10,0', 'fill']);
    calls.length = 0;
    fillPaths(ctx, []);
    expect(calls).toEqual([]); // pureimage's fill() of an empty path warns and throws
  });
});

describe('landPolygons', () => {
  it('strokes no coast along the cuts Natural Earth makes at ±180°', () => {
    const on180 = (lon: number): boolean => Math.abs(Math.abs(lon) - 180) < 1e-4;
    const cutEdges = (line: number[][]): number =>
      line.slice(1).filter((p, i) => on180(p[0]!) && on180(line[i]![0]!)).length;
    const polygons = landPolygons('50m');
    const cutsInRings = polygons.reduce((n, p) => n + p.polygon.coordinates.reduce((m, r) => m + cutEdges(r), 0), 0);
    const cutsInCoast = polygons.reduce((n, p) => n + p.coast.coordinates.reduce((m, l) => m + cutEdges(l), 0), 0);
    expect(cutsInRings).toBeGreaterThan(0); // the data has them (Chukotka, Antarctica, ...)
    expect(cutsInCoast).toBe(0);
  });
});
