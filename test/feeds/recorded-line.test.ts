import { describe, expect, it } from 'vitest';
import { formatRecordedLine, parseRecordedLine } from '../../src/feeds/recorded-line.js';

const NOW = Date.UTC(2025, 9, 28, 14, 0, 0);
const RESPONSE = {
  ac: [{ hex: '1533ad', lat: 10.6, lon: -66.99, seen_pos: 1, seen: 0.5 }],
  msg: 'No error',
  now: NOW,
  total: 1,
  ctime: NOW,
  ptime: 0,
};

describe('recorded lines', () => {
  it('reads back what it writes, on one line', () => {
    const line = formatRecordedLine({
      provider: 'adsb.lol',
      path: '/hex/1533ad',
      purpose: 'watchlist',
      fetchedAtMs: NOW + 250,
      response: RESPONSE,
    });
    expect(line).not.toContain('\n');
    expect(parseRecordedLine(line, 1)).toEqual({
      provider: 'adsb.lol',
      path: '/hex/1533ad',
      purpose: 'watchlist',
      fetchedAtMs: NOW + 250,
      probe: false,
      response: RESPONSE,
    });
  });

  it('accepts a bare ADSBx-v2 response, leaving provider, path and purpose to be inferred', () => {
    expect(parseRecordedLine(JSON.stringify(RESPONSE), 7)).toEqual({
      provider: null,
      path: null,
      purpose: null,
      fetchedAtMs: null,
      probe: false,
      response: RESPONSE,
    });
  });

  it('accepts a recorded line without path and purpose', () => {
    expect(parseRecordedLine(JSON.stringify({ provider: 'adsb.fi', response: RESPONSE }), 2)).toMatchObject({
      provider: 'adsb.fi',
      path: null,
      purpose: null,
    });
  });

  it.each(['', '   ', '\r'])('skips a blank line %j', (text) => {
    expect(parseRecordedLine(text, 3)).toBeNull();
  });

  it.each([
    { name: 'not JSON', text: '{"ac":[', expected: /Line 12: not JSON/ },
    { name: 'an array', text: '[1,2]', expected: /Line 12: a JSON array/ },
    { name: 'a number', text: '42', expected: /Line 12: a JSON number/ },
    {
      name: 'an unknown purpose',
      text: JSON.stringify({ provider: 'adsb.lol', purpose: 'spy', response: RESPONSE }),
      expected: /Line 12: .*"purpose"/,
    },
    {
      name: 'a provider that is not a string',
      text: JSON.stringify({ provider: 3, response: RESPONSE }),
      expected: /Line 12: .*"provider"/,
    },
    {
      name: 'a bad wrapped response',
      text: JSON.stringify({ provider: 'adsb.lol', response: { ac: 'x', now: NOW } }),
      expected: /Line 12: .*adsb\.lol/,
    },
    {
      name: 'an object that is no response',
      text: JSON.stringify({ hello: 'world' }),
      expected: /Line 12: .*ADSBx-v2/,
    },
  ])('refuses $name with REPLAY_BAD_LINE naming the line', ({ text, expected }) => {
    expect(() => parseRecordedLine(text, 12)).toThrow(
      expect.objectContaining({ code: 'REPLAY_BAD_LINE', message: expect.stringMatching(expected) }),
    );
  });
});
