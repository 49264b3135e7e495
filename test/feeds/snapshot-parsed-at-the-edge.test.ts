import { afterEach, describe, expect, it } from 'vitest';
import { planFeedQueries } from '../../src/feeds/feed-query-plan.js';
import { parseFeedResponse } from '../../src/feeds/feed-response-parser.js';
import { fetchSnapshot } from '../../src/feeds/feed-snapshot.js';
import { readRecordedResponse } from '../../src/feeds/recorded-line.js';
import { startFeedServer, type FeedServer } from '../support/feed-server.js';
import { feedClientFor } from '../support/feed-test-client.js';
import { FeedWorld, type WorldAircraft } from '../support/feed-world.js';

const NOW = Date.UTC(2025, 9, 30, 11, 0, 0);
const AIRCRAFT: WorldAircraft[] = [
  {
    hex: '1533ad',
    lat: 12.25,
    lon: -86.05,
    alt: 3200,
    gs: 180,
    flight: 'AZS765',
    r: 'RA-78765',
    t: 'IL76',
    seenPos: 1,
  },
  { hex: '152c07', lat: 10.6, lon: -66.99, alt: 'ground', gs: 0, r: 'RA-76807', t: 'IL76', seenPos: 40 },
  { hex: '~2d1b3c', lat: 12.2, lon: -86.1, alt: 1500 },
];

const servers: FeedServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('fetchSnapshot hands over sightings, parsed once from the envelope the client checked', () => {
  it('each response carries the sightings, drop counts and now of its body, under the given staleness', async () => {
    const feed = await startFeedServer({ world: new FeedWorld(NOW, AIRCRAFT) });
    servers.push(feed);
    const { client } = feedClientFor([feed]);
    const lines: string[] = [];
    const plan = planFeedQueries({ hexes: ['1533ad', '152c07'], types: ['IL76'] });
    const snapshot = await fetchSnapshot(plan, client, {
      maxPositionAgeS: 30,
      onRawResponse: (line) => void lines.push(line),
    });
    expect(snapshot.responses).toHaveLength(2);
    for (const [index, response] of snapshot.responses.entries()) {
      const body = (JSON.parse(lines[index]!) as { response: unknown }).response;
      const fromBody = parseFeedResponse(body, response.provider, { maxPositionAgeS: 30 });
      expect(response).toMatchObject(fromBody);
      expect(response.now).toBe(NOW);
      expect(response.sightings.map((s) => s.hex)).toEqual(['1533ad']); // 152c07's position is 40 s old
      expect(response.dropped.stale_position).toBe(1);
    }

    // Replaying the recording reads the very same responses (the same check and parse).
    const replayed = lines.map((line, i) => readRecordedResponse(line, i + 1, { maxPositionAgeS: 30 }));
    expect(replayed).toEqual(
      snapshot.responses.map(({ provider, path, purpose, now, sightings, dropped, nulledFields }) => ({
        provider,
        path,
        purpose,
        now,
        sightings,
        dropped,
        nulledFields,
      })),
    );
  });
});
