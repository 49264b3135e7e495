import { describe, expect, it } from 'vitest';
import { parseFeedResponse } from '../../src/feeds/feed-response-parser.js';
import { formatRecordedLine, readRecordedResponse } from '../../src/feeds/recorded-line.js';
import { sightingsFromResponses } from '../../src/feeds/snapshot-sightings.js';

const NOW = Date.UTC(2025, 9, 30, 9, 0, 0);

function acRow(hex: string, overrides: Record<string, unknown> = {}) {
  return { hex, type: 'adsb_icao', lat: 12.2, lon: -86.2, seen_pos: 2, seen: 0.1, t: 'B738', ...overrides };
}

const BODY = {
  ac: [
    acRow('1533ad', { t: 'IL76', gs: 'fast' }),
    acRow('0d0abc'),
    acRow('152c07', { seen_pos: 45 }),
    acRow('~123456'),
    acRow('4ca123', { lat: undefined, lon: undefined }),
  ],
  msg: 'No error',
  now: NOW,
  total: 5,
};

describe('a recorded line read into sightings (readRecordedResponse)', () => {
  it('gives what parsing its body gives, tagged with the recorded provider, path and purpose', () => {
    const line = formatRecordedLine({
      provider: 'adsb.lol',
      path: '/hex/1533ad',
      purpose: 'watchlist',
      response: BODY,
    });
    expect(readRecordedResponse(line, 1)).toEqual({
      ...parseFeedResponse(BODY, 'adsb.lol'),
      provider: 'adsb.lol',
      path: '/hex/1533ad',
      purpose: 'watchlist',
    });
  });

  it('stamps a bare response with source replay, and applies the staleness rule it is given', () => {
    const parsed = readRecordedResponse(JSON.stringify(BODY), 4, { maxPositionAgeS: 30 });
    expect(parsed).toMatchObject({ provider: null, path: null, purpose: null, now: NOW });
    expect(parsed?.sightings.map((s) => [s.hex, s.source])).toEqual([
      ['1533ad', 'replay'],
      ['0d0abc', 'replay'],
    ]);
    expect(parsed?.dropped).toEqual({ stale_position: 1, non_icao_address: 1, no_position: 1 });
    expect(parsed?.nulledFields).toEqual({ gs: 1 });
  });

  it("reads a readsb aircraft.json line's now (seconds) as epoch ms, as a live fetch does", () => {
    const line = JSON.stringify({ now: NOW / 1000 + 0.5, messages: 9, aircraft: [acRow('1533ad', { seen_pos: 0.5 })] });
    const parsed = readRecordedResponse(line, 2);
    expect(parsed?.now).toBe(NOW + 500);
    expect(parsed?.sightings[0]?.observedAt).toBe(NOW);
  });

  it('returns null for a blank line and refuses a bad envelope with REPLAY_BAD_LINE', () => {
    expect(readRecordedResponse('  ', 3)).toBeNull();
    expect(() => readRecordedResponse(JSON.stringify({ ac: [], now: NOW / 1000 }), 5)).toThrow(
      expect.objectContaining({ code: 'REPLAY_BAD_LINE', message: expect.stringMatching(/^Line 5: .*"now"/) }),
    );
  });
});

describe('sightingsFromResponses on responses parsed where they entered', () => {
  it('gives the same snapshot as from their bodies', () => {
    const areas = [{ lat: 12.1415, lon: -86.1682, radiusNm: 250 }];
    const context = { watchlistHexes: ['0d0abc'], areas };
    const lines = [
      formatRecordedLine({ provider: 'adsb.lol', path: '/type/IL76', purpose: 'type', response: BODY }),
      JSON.stringify({ ...BODY, now: NOW + 5000, ac: [acRow('0d0abc', { seen_pos: 1 }), acRow('aaaaaa')] }),
      JSON.stringify({ ...BODY, now: NOW + 6000, ac: [acRow('bbbbbb', { lat: 50, lon: 10 })] }),
    ];
    const parsed = lines.map((line, i) => readRecordedResponse(line, i + 1)!);
    const bodies = lines.map((line) => {
      const value = JSON.parse(line) as Record<string, unknown>;
      return 'response' in value
        ? { provider: 'adsb.lol', path: '/type/IL76', purpose: 'type' as const, body: value.response }
        : { provider: null, body: value };
    });
    const fromParsed = sightingsFromResponses(parsed, context);
    expect(fromParsed).toEqual(sightingsFromResponses(bodies, context));
    expect(fromParsed.asOf).toBe(NOW + 6000);
    expect(fromParsed.ignored).toBe(1); // bbbbbb, far from the watched area
    expect(Object.fromEntries(fromParsed.purposeByHex)).toEqual({
      '0d0abc': 'watchlist',
      '152c07': 'area', // a B738 in the /type/IL76 answer: not 'type' (the type does not match)
      '1533ad': 'type',
      aaaaaa: 'area',
    });
  });
});
