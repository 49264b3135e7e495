import { parse } from 'csv-parse/sync';
import type { LineString } from 'geojson';
import { describe, expect, it } from 'vitest';
import { renderTrackCsv, TRACK_CSV_COLUMNS } from '../../src/track-export/track-csv.js';
import { renderTrackGeoJson } from '../../src/track-export/track-geojson.js';
import { sampleTrackExport } from '../support/track-export-sample.js';

describe('renderTrackGeoJson', () => {
  const input = sampleTrackExport();
  const collection = renderTrackGeoJson(input);
  const legs = collection.features.filter((f) => f.properties?.kind === 'leg');
  const gaps = collection.features.filter((f) => f.properties?.kind === 'gap');

  it('has a line per leg with its times, and one for positions outside legs', () => {
    expect(legs.map((f) => f.properties?.legId)).toEqual(['41', '42', null]);
    const first = legs[0]!;
    const positions = input.positions.filter((p) => p.t <= input.legs[0]!.lastSeenAt);
    expect((first.geometry as LineString).coordinates).toHaveLength(positions.length);
    expect(first.properties?.times).toEqual(positions.map((p) => new Date(p.t).toISOString()));
    expect(first.properties?.departureAirport).toBe('MUHA');
    expect(legs[2]!.geometry.type).toBe('Point'); // a single stray position
  });

  it('has the silence with its verdict and length', () => {
    expect(gaps).toHaveLength(1);
    expect(gaps[0]!.properties).toMatchObject({ verdict: 'dark', durationMin: 15, distanceKm: 180 });
    expect((gaps[0]!.geometry as LineString).coordinates).toEqual([
      [-81.4, 25],
      [-80.65, 26.5],
    ]);
  });
});

describe('renderTrackCsv', () => {
  const input = sampleTrackExport();
  const rows = parse(renderTrackCsv(input), { columns: true }) as Record<string, string>[];

  it('has a row per position, oldest first, with the documented columns and its leg', () => {
    expect(Object.keys(rows[0]!)).toEqual([...TRACK_CSV_COLUMNS]);
    expect(rows).toHaveLength(input.positions.length);
    expect(rows.map((r) => Date.parse(r.observed_at!))).toEqual(input.positions.map((p) => p.t));
    expect(rows[0]).toMatchObject({ hex: '1533ad', leg_id: '41', on_ground: 'true', alt_baro_ft: '' });
    expect(rows[rows.length - 1]).toMatchObject({ leg_id: '', alt_baro_ft: '500' });
    expect(new Set(rows.map((r) => r.leg_id))).toEqual(new Set(['41', '42', '']));
  });
});
