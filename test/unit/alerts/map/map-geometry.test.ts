import { describe, it, expect } from 'vitest';
import { centralLongitude, fitMapView } from '../../../../src/alerts/map/map-view.js';
import { dashPolyline } from '../../../../src/alerts/map/dashed-polyline.js';
import { clipRing } from '../../../../src/alerts/map/clip-ring.js';
import { formatDegrees, graticuleStep } from '../../../../src/alerts/map/map-graticule.js';
import { splitTrackAtGaps } from '../../../../src/alerts/map/leg-track-segments.js';

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

describe('clipRing', () => {
  it('clips a large square to the rectangle', () => {
    const out = clipRing(
      [
        { x: -100, y: -100 },
        { x: 100, y: -100 },
        { x: 100, y: 100 },
        { x: -100, y: 100 },
      ],
      { left: 0, top: 0, right: 10, bottom: 10 },
    );
    const xs = out.map((p) => p.x);
    const ys = out.map((p) => p.y);
    expect([Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)]).toEqual([0, 10, 0, 10]);
  });

  it('a ring entirely outside gives nothing', () => {
    expect(
      clipRing(
        [
          { x: 20, y: 20 },
          { x: 30, y: 20 },
          { x: 30, y: 30 },
        ],
        { left: 0, top: 0, right: 10, bottom: 10 },
      ),
    ).toEqual([]);
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
