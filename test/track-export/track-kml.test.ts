import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { renderTrackKml } from '../../src/track-export/track-kml.js';
import { sampleTrackExport } from '../support/track-export-sample.js';

interface Placemark {
  name: string;
  description: string;
  styleUrl: string;
  'gx:Track'?: { altitudeMode: string; when: string[] | string; 'gx:coord': string[] | string };
  LineString?: { coordinates: string };
  Point?: { coordinates: string };
  TimeSpan?: { begin: string; end?: string };
}

function parseKml(kml: string) {
  expect(XMLValidator.validate(kml)).toBe(true);
  const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'Placemark' });
  const doc = parser.parse(kml) as {
    kml: { '@_xmlns': string; '@_xmlns:gx': string; Document: { name: string; Placemark: Placemark[] } };
  };
  return doc.kml;
}

const list = (x: string[] | string | undefined): string[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

describe('renderTrackKml', () => {
  const input = sampleTrackExport();
  const kml = parseKml(renderTrackKml(input));
  const placemarks = kml.Document.Placemark;
  const tracks = placemarks.filter((p) => p['gx:Track']);

  it('is KML 2.2 with the Google extension namespace', () => {
    expect(kml['@_xmlns']).toBe('http://www.opengis.net/kml/2.2');
    expect(kml['@_xmlns:gx']).toBe('http://www.google.com/kml/ext/2.2');
    expect(kml.Document.name).toBe('tailwatch: RA-78765 (1533ad)');
  });

  it('holds each leg as a gx:Track with a <when> per position, in order, and as many coordinates', () => {
    const legPositions = [
      input.positions.filter((p) => p.t <= input.legs[0]!.lastSeenAt),
      input.positions.filter((p) => p.t >= input.legs[1]!.firstSeenAt && p.t <= input.legs[1]!.lastSeenAt),
      input.positions.filter((p) => p.t > input.legs[1]!.lastSeenAt),
    ];
    expect(tracks.map((t) => list(t['gx:Track']!.when).length)).toEqual(legPositions.map((p) => p.length));
    tracks.forEach((track, i) => {
      const whens = list(track['gx:Track']!.when).map((w) => Date.parse(w));
      expect(whens).toEqual(legPositions[i]!.map((p) => p.t));
      expect(list(track['gx:Track']!['gx:coord'])).toHaveLength(whens.length);
      expect(track['gx:Track']!.altitudeMode).toBe('absolute');
    });
    expect(tracks[2]!.name).toBe('positions outside any leg');
  });

  it('gives altitudes in metres, and puts ground positions at their field elevation', () => {
    const coords = list(tracks[0]!['gx:Track']!['gx:coord']).map((c) => c.split(' ').map(Number));
    const airborne = input.positions[10]!;
    expect(coords[10]).toEqual([airborne.lon, airborne.lat, Number((airborne.altFt! * 0.3048).toFixed(1))]);
    expect(coords[0]![2]).toBeCloseTo(210 * 0.3048, 1); // on the ground at MUHA
    expect(coords[coords.length - 1]![2]).toBeCloseTo(1000 * 0.3048, 1); // on the ground at the arrival field
  });

  it('draws the silence as its own styled placemark, from where it fell silent to where it was heard again', () => {
    const dark = placemarks.filter((p) => p.styleUrl === '#dark');
    expect(dark).toHaveLength(1);
    expect(dark[0]!.name).toBe('silent 15 min');
    expect(dark[0]!.description).toContain('dark');
    const ends = dark[0]!.LineString!.coordinates.split(' ').map((c) => c.split(',').map(Number));
    expect(ends.map(([lon, lat]) => [lon, lat])).toEqual([
      [-81.4, 25],
      [-80.65, 26.5],
    ]);
    expect(Date.parse(dark[0]!.TimeSpan!.begin)).toBe(input.gaps[0]!.startedAt);
  });

  it('escapes feed text, so a hostile callsign or airport name stays text', () => {
    expect(tracks[0]!.name).toContain('AZS<8765>&"');
    const field = placemarks.find((p) => p.name === 'XTST');
    expect(field?.description).toBe('arrival: Test & <Field>');
  });

  it('drops characters XML cannot hold instead of breaking the document', () => {
    const hostile = sampleTrackExport();
    hostile.legs[0]!.callsign = 'AZS\u0000\u0007\uFFFE\uD800X';
    const doc = parseKml(renderTrackKml(hostile));
    expect(doc.Document.Placemark[0]!.name).toMatch(/^AZSX /);
  });

  it('an open silence is a point where it began', () => {
    const open = sampleTrackExport();
    open.gaps[0] = { ...open.gaps[0]!, endedAt: null, endLat: null, endLon: null, endAltFt: null };
    const doc = parseKml(renderTrackKml(open));
    const dark = doc.Document.Placemark.filter((p) => p.styleUrl === '#dark');
    expect(dark[0]!.name).toBe('silent since 2025-10-29T14:20:00Z');
    expect(dark[0]!.Point!.coordinates.split(',').slice(0, 2).map(Number)).toEqual([-81.4, 25]);
  });
});
