import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SnapshotProcessor } from '../../src/pipeline/snapshot-processor.js';
import { aircraftRow, envelope } from '../support/feed-world.js';
import { pollSteps } from '../support/poll-world.js';
import { silentLogger } from '../support/silent-logger.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { testConfig } from '../support/test-config.js';
import { buildSeedScenario } from '../support/trajectory-seed-scenario.js';
import { addSeedAirframe } from '../support/seed-airframe.js';

/** The `-- name: X` queries of docs/queries.md. */
function documentedQueries(): Map<string, string> {
  const text = readFileSync(new URL('../../docs/queries.md', import.meta.url), 'utf8');
  const queries = new Map<string, string>();
  for (const block of text.matchAll(/```sql\n([\s\S]*?)```/g)) {
    const body = block[1] ?? '';
    const name = /-- name: (\S+)/.exec(body)?.[1];
    if (name) queries.set(name, body);
  }
  return queries;
}

let database: TestDatabase;
const queries = documentedQueries();

async function run(name: string): Promise<Array<Record<string, unknown>>> {
  const query = queries.get(name);
  if (!query) throw new Error(`docs/queries.md has no query named ${name}`);
  return (await sql.raw<Record<string, unknown>>(query).execute(database.db)).rows;
}

beforeAll(async () => {
  database = await createTestDatabase();
  await addSeedAirframe(database.db);
  const processor = new SnapshotProcessor(database.db, testConfig(database.url), silentLogger);
  // The seed scenario as bare responses (one per poll), through the same pipeline as a live poll.
  for (const step of pollSteps(buildSeedScenario().sightings, 60_000)) {
    const body = envelope(step.nowMs, step.aircraft.map(aircraftRow));
    await processor.process({
      mode: 'replay',
      responses: [{ provider: null, body }],
      requests: 0,
      errors: [],
      startedAtMs: Date.now(),
      fetchMs: null,
    });
  }
}, 120_000);
afterAll(async () => {
  await database.drop();
});

describe('docs/queries.md, run against the seed scenario', () => {
  it('documents the three queries the analysts asked for', () => {
    expect([...queries.keys()]).toEqual(
      expect.arrayContaining([
        'legs-touching-muha-2025',
        'route-history-ra78765',
        'long-gaps-near-caracas',
        'dark-gaps-near-caracas',
      ]),
    );
  });

  it('legs touching MUHA in 2025: the two Havana legs, the return one dark', async () => {
    const rows = await run('legs-touching-muha-2025');
    expect(rows.map((r) => [r.departure_airport, r.arrival_airport])).toEqual([
      ['SVMI', 'MUHA'],
      ['MUHA', 'SVMI'],
    ]);
    expect(rows[1]).toMatchObject({ gap_count: 1 });
    expect(rows[1]?.minutes_dark as number).toBeGreaterThan(60);
  });

  it('route history of RA-78765: four legs, only the Managua arrival inferred', async () => {
    const rows = await run('route-history-ra78765');
    expect(rows.map((r) => [r.from, r.to, r.arrival_inferred])).toEqual([
      ['GQNO', 'SVMI', false],
      ['SVMI', 'MUHA', false],
      ['MUHA', 'SVMI', false],
      ['SVMI', 'MNMG', true],
    ]);
  });

  it('long gaps within 300 km of Caracas: only the MUHA->SVMI one', async () => {
    const rows = await run('long-gaps-near-caracas');
    expect(rows).toHaveLength(1);
    expect(Number(rows[0]?.minutes)).toBeGreaterThan(20);
    expect(Number(rows[0]?.back_km_from_svmi)).toBeLessThanOrEqual(300);
    expect(rows[0]?.registration).toBe('RA-78765');
  });

  it('dark gaps within 300 km of Caracas: none in the seed world, where the Il-76 flies alone', async () => {
    expect(await run('dark-gaps-near-caracas')).toEqual([]);
    const verdicts = await run('gap-verdicts');
    expect(verdicts.map((r) => [r.verdict, Number(r.gaps)])).toEqual([['outage', 2]]);
  });

  it('last seen: RA-78765 on the ground at Managua', async () => {
    const rows = await run('last-seen');
    expect(rows).toEqual([
      expect.objectContaining({ registration: 'RA-78765', on_ground: true, nearest_airport: 'MNMG' }),
    ]);
  });

  it('unlisted watched-type legs: none for a listed airframe', async () => {
    expect(await run('unlisted-watched-type-legs')).toEqual([]);
  });

  it('poll health runs', async () => {
    const rows = await run('poll-health');
    expect(rows.length).toBeGreaterThan(0);
    expect(Number(rows[0]?.cycles)).toBeGreaterThan(0);
  });

  it('who heard RA-78765: each replayed position heard by `replay`, named through feed_providers', async () => {
    const rows = await run('who-heard-ra78765');
    expect(rows).toHaveLength(100);
    expect(rows.every((r) => JSON.stringify(r.heard_by) === '["replay"]' && r.source === 'replay')).toBe(true);
  });

  it('providers that did not answer: none in a replay (no provider statuses)', async () => {
    expect(await run('provider-trouble')).toEqual([]);
  });
});
