import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAnalystLogin } from '../../src/db/analyst-login.js';
import { createTestDatabase, serverUrl, type TestDatabase } from '../support/test-database.js';

let database: TestDatabase;
const login = `tw_test_reader_${process.pid}`;
const password = 'readonlyTestPassword1';

beforeAll(async () => {
  database = await createTestDatabase();
  await database.db
    .insertInto('airframes')
    .values({
      hex: '1533ad',
      registration: 'RA-78765',
      type_code: 'IL76',
      operator: null,
      reason: null,
      source: 'test',
    })
    .execute();
  expect(await ensureAnalystLogin(database.db, login, password)).toBe(true);
});
afterAll(async () => {
  await database.drop();
  // The login role belongs to the whole server: drop it too.
  const admin = new pg.Client({ connectionString: serverUrl() });
  await admin.connect();
  await admin.query(`DROP ROLE IF EXISTS ${login}`);
  await admin.end();
});

async function asAnalyst<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const url = new URL(database.url);
  url.username = login;
  url.password = password;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

describe("the analysts' read-only role (tailwatch_analyst)", () => {
  it('can SELECT every table', async () => {
    const rows = await asAnalyst((client) => client.query('SELECT hex FROM airframes'));
    expect(rows.rows).toEqual([{ hex: '1533ad' }]);
    const airports = await asAnalyst((client) =>
      client.query<{ n: number }>('SELECT count(*)::int AS n FROM airports'),
    );
    expect(airports.rows[0]?.n).toBeGreaterThan(5000);
    await asAnalyst((client) => client.query('SELECT * FROM airframe_changes'));
  });

  it.each([
    ['INSERT', "INSERT INTO airframes (hex) VALUES ('abcdef')"],
    ['UPDATE', "UPDATE airframes SET reason = 'x'"],
    ['DELETE', 'DELETE FROM airframes'],
    ['TRUNCATE', 'TRUNCATE airports'],
    ['CREATE TABLE', 'CREATE TABLE analyst_scratch (x int)'],
  ])('is denied %s', async (_name, statement) => {
    await expect(asAnalyst((client) => client.query(statement))).rejects.toMatchObject({ code: '42501' });
    const rows = await database.db.selectFrom('airframes').select(['hex', 'reason']).execute();
    expect(rows).toEqual([{ hex: '1533ad', reason: null }]);
  });
});
