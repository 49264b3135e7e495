import { describe, it, expect } from 'vitest';
import { centralLongitude, fitMapView } from '../../../src/alerts/map/map-view.js';
import { dashPolyline } from '../../../src/alerts/map/dashed-polyline.js';
import { buildGraticule, formatDegrees, graticuleStep, scaleBar } from '../../../src/alerts/map/map-graticule.js';
import { splitTrackAtGaps } from '../../../src/alerts/map/leg-track-segments.js';

const SIZE = { width: 800, height: 500, paddingPx: 50, minSpanKm: 150 };

describe('fitMapView', () => {
  it.each([
    { name: 'Caribbean', lons: [-67, -86], center: -76.5 },
    { name: 'across the antimeridian', lons: [170, -170], center: 180 },
    { name: 'single point', lons: [-82.4], center: -82.4 },
  ])('centralLongitude: $name', ({ lons, center }) => {
    const c = centralLongitude(lons);
    expect(Math.abs(((c - center + 540) % 360) - 180)).toBeLessThan(1e-9);
  });

  it('keeps every fitted point inside the padding', () => {
    const points = [
      { lat: 10.6, lon: -67 },
      { lat: 12.14, lon: -86.17 },
      { lat: 22.99, lon: -82.41 },
    ];
    const view = fitMapView(points, SIZE);
    for (const p of points) {
      const px = view.project(p.lat, p.lon);
      expect(px.x).toBeGreaterThanOrEqual(SIZE.paddingPx - 1e-6);
      expect(px.x).toBeLessThanOrEqual(SIZE.width - SIZE.paddingPx + 1e-6);
      expect(px.y).toBeGreaterThanOrEqual(SIZE.paddingPx - 1e-6);
      expect(px.y).toBeLessThanOrEqual(SIZE.height - SIZE.paddingPx + 1e-6);
    }
  });

  it('a single point gets a view of at least the minimum span, centred on it', () => {
    const view = fitMapView([{ lat: 23, lon: -82.4 }], SIZE);
    const px = view.project(23, -82.4);
    expect(px.x).toBeCloseTo(400, 6);
    expect(px.y).toBeCloseTo(250, 6);
    expect(view.kmPerPixel * (SIZE.height - 2 * SIZE.paddingPx)).toBeGreaterThanOrEqual(149);
  });

  it('points on both sides of the antimeridian are neighbours on the map', () => {
    const view = fitMapView(
      [
        { lat: 65, lon: 179 },
        { lat: 65, lon: -179 },
      ],
      SIZE,
    );
    const a = view.project(65, 179);
    const b = view.project(65, -179);
    expect(b.x).toBeGreaterThan(a.x);
    expect(b.x - a.x).toBeLessThan(SIZE.width);
  });

  it('frames the points like a Mercator map: same scale both ways, the fitted box centred', () => {
    // Caracas and Managua: the longitudes fill the padded width; Mercator y of 10.6° and 12.14° decides the height.
    const view = fitMapView(
      [
        { lat: 10.6, lon: -67 },
        { lat: 12.14, lon: -86.17 },
      ],
      SIZE,
    );
    const west = view.project(12.14, -86.17);
    const east = view.project(10.6, -67);
    // (pixel positions are rounded to 1/65536 px)
    expect(west.x).toBeCloseTo(SIZE.paddingPx, 4);
    expect(east.x).toBeCloseTo(SIZE.width - SIZE.paddingPx, 4);
    const scale = (SIZE.width - 2 * SIZE.paddingPx) / ((19.17 * Math.PI) / 180); // px per radian of longitude
    const mercatorY = (lat: number): number => Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360));
    expect(east.y - west.y).toBeCloseTo((mercatorY(12.14) - mercatorY(10.6)) * scale, 4);
    expect((west.y + east.y) / 2).toBeCloseTo(SIZE.height / 2, 4);
    expect(view.west).toBeCloseTo(-76.585 - (400 / scale) * (180 / Math.PI), 6);
    const centreLat = 2 * Math.atan(Math.exp((mercatorY(12.14) + mercatorY(10.6)) / 2)) - Math.PI / 2;
    expect(view.kmPerPixel).toBeCloseTo((6371.0088 * Math.cos(centreLat)) / scale, 9);
  });

  it('keeps the frame within 85° of latitude and never shows more than the world across', () => {
    const north = fitMapView(
      [
        { lat: 84.9, lon: 10 },
        { lat: 84, lon: 40 },
      ],
      SIZE,
    );
    expect(north.north).toBeCloseTo(85, 9);
    expect(north.project(85, 20).y).toBeCloseTo(0, 4);
    expect(north.project(84.9, 10).y).toBeGreaterThan(0);
    const world = fitMapView(
      [
        { lat: 70, lon: 0 },
        { lat: -50, lon: 120 },
        { lat: 10, lon: -120 },
      ],
      SIZE,
    );
    expect(world.east - world.west).toBeLessThanOrEqual(360 + 1e-9);
  });

  it('overlaps: a box of geoBounds against the view, across the antimeridian too', () => {
    const view = fitMapView(
      [
        { lat: 64.7, lon: 177.7 },
        { lat: 61.2, lon: -150 },
      ],
      SIZE,
    );
    expect(
      view.overlaps([
        [-170, 60],
        [-160, 66],
      ]),
    ).toBe(true); // Alaska's west coast
    expect(
      view.overlaps([
        [170, 62],
        [-175, 70],
      ]),
    ).toBe(true); // a box across ±180° (west > east)
    expect(
      view.overlaps([
        [-10, 40],
        [10, 50],
      ]),
    ).toBe(false); // Europe, on the other side of the world
    expect(
      view.overlaps([
        [-170, 10],
        [-160, 20],
      ]),
    ).toBe(false); // Hawaii: right longitudes, too far south
  });
});

describe('dashPolyline', () => {
  it('cuts a 100 px line into 10 px dashes with 5 px gaps, the rhythm running across vertices', () => {
    const dashes = dashPolyline(
      [
        { x: 0, y: 0 },
        { x: 50, y: 0 },
        { x: 100, y: 0 },
      ],
      10,
      5,
    );
    expect(dashes).toHaveLength(7);
    for (const d of dashes.slice(0, 6)) {
      const length = d.slice(1).reduce((sum, p, i) => sum + Math.hypot(p.x - d[i]!.x, p.y - d[i]!.y), 0);
      expect(length).toBeCloseTo(10, 6);
    }
    expect(dashes[1]![0]!.x).toBeCloseTo(15, 6);
  });
});

describe('graticule', () => {
  it.each([
    [3, 0.5],
    [20, 5],
    [100, 15],
  ])('a span of %d° gets a step of %d°', (span, step) => {
    expect(graticuleStep(span)).toBe(step);
  });

  it.each([
    [-85, 'lon', '85°W'],
    [190, 'lon', '170°W'],
    [180, 'lon', '180°'],
    [12.5, 'lat', '12.5°N'],
    [0, 'lat', '0°'],
  ] as const)('formatDegrees(%d, %s) = %s', (v, axis, want) => {
    expect(formatDegrees(v, axis)).toBe(want);
  });

  it('buildGraticule: the meridians and parallels crossing the view, labelled, where the projection puts them', () => {
    const view = fitMapView(
      [
        { lat: 10.6, lon: -67 },
        { lat: 12.14, lon: -86.17 },
      ],
      SIZE,
    );
    const grid = buildGraticule(view);
    expect(grid.stepDeg).toBe(5);
    expect(grid.meridians.map((m) => m.label)).toEqual(['85°W', '80°W', '75°W', '70°W']);
    expect(grid.parallels.map((p) => p.label)).toEqual(['5°N', '10°N', '15°N']);
    for (const m of grid.meridians) {
      expect(m.px).toBeCloseTo(view.project(0, m.value).x, 4);
      // d3's line for it runs straight down the map at that x
      for (const [lon] of m.line.coordinates) expect(lon).toBe(m.value);
    }
    for (const p of grid.parallels) expect(p.px).toBeCloseTo(view.project(p.value, -70).y, 4);
  });

  it('buildGraticule across the antimeridian: 180° and the western longitudes, in order', () => {
    const view = fitMapView(
      [
        { lat: 64.7, lon: 177.7 },
        { lat: 61.2, lon: -150 },
      ],
      SIZE,
    );
    expect(buildGraticule(view).meridians.map((m) => m.label)).toEqual(['180°', '170°W', '160°W', '150°W']);
    const xs = buildGraticule(view).meridians.map((m) => m.px);
    expect(xs).toEqual([...xs].sort((a, b) => a - b)); // west to east, no jump at the seam
  });

  it('scaleBar: the longest round distance that fits', () => {
    const view = fitMapView([{ lat: 0, lon: 0 }], SIZE);
    const bar = scaleBar(view);
    expect(bar.px).toBeLessThanOrEqual(160);
    expect(bar.px * view.kmPerPixel).toBeCloseTo(bar.km, 6);
    expect(bar.label).toBe(`${bar.km.toLocaleString('en-US')} km`);
  });
});

describe('splitTrackAtGaps', () => {
  it('cuts the track where a gap starts, and keeps open gaps without an end', () => {
    const track = [0, 1, 2, 10, 11].map((m) => ({ t: m * 60_000, lat: m, lon: m, altFt: 1000, onGround: false }));
    const closed = {
      startedAt: 2 * 60_000,
      endedAt: 10 * 60_000,
      startLat: 2,
      startLon: 2,
      startAltFt: 1000,
      endLat: 10,
      endLon: 10,
      endAltFt: 1000,
      endOnGround: false,
      distanceKm: 1,
    };
    const open = {
      ...closed,
      startedAt: 11 * 60_000,
      endedAt: null,
      startLat: 11,
      startLon: 11,
      endLat: null,
      endLon: null,
      endOnGround: null,
    };
    const { seen, dark } = splitTrackAtGaps(track, [closed, open]);
    expect(seen.map((run) => run.map((p) => p.t / 60_000))).toEqual([
      [0, 1, 2],
      [10, 11],
    ]);
    expect(dark.map((d) => d.to)).toEqual([{ lat: 10, lon: 10 }, null]);
  });
});
