import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { FeatureCollection } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordedFlightLines } from '../support/recorded-flight.js';
import { runCli, writeTestConfig } from '../support/run-cli.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

let database: TestDatabase;
let configFile: string;
const HEX = '1533ad';
let stored: Date[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  configFile = writeTestConfig(database.url);
  await runCli(['airframes', 'add', HEX, '--reg', 'RA-78765', '--type', 'IL76'], { configFile });
  const file = join(mkdtempSync(join(tmpdir(), 'tailwatch-export-')), 'flight.jsonl');
  writeFileSync(file, recordedFlightLines(HEX).join('\n'));
  const replay = await runCli(['replay', file], { configFile });
  expect(replay.code).toBe(0);
  const rows = await database.db
    .selectFrom('positions')
    .select('observed_at')
    .where('hex', '=', HEX)
    .orderBy('observed_at')
    .execute();
  stored = rows.map((r) => new Date(r.observed_at));
});
afterAll(async () => {
  await database.drop();
});

describe('tailwatch export track', () => {
  it('writes KML whose gx:Tracks hold every stored position, with its time, the leg apart', async () => {
    const result = await runCli(['export', 'track', '--hex', HEX, '--format', 'kml'], { configFile });
    expect(result.code).toBe(0);
    expect(XMLValidator.validate(result.stdout)).toBe(true);
    const doc = new XMLParser({ isArray: (name) => name === 'Placemark' || name === 'when' }).parse(result.stdout) as {
      kml: { Document: { Placemark: { name: string; 'gx:Track'?: { when: string[] } }[] } };
    };
    const tracks = doc.kml.Document.Placemark.filter((p) => p['gx:Track']);
    expect(tracks.map((t) => t.name)).toEqual([
      expect.stringMatching(/^AZS8846 SVMI → MUHA, /),
      'positions outside any leg',
    ]);
    const leg = await database.db.selectFrom('legs').selectAll().where('hex', '=', HEX).executeTakeFirstOrThrow();
    const inLeg = stored.filter((d) => d >= new Date(leg.first_seen_at) && d <= new Date(leg.last_seen_at));
    expect(tracks[0]!['gx:Track']!.when.map((w) => Date.parse(w))).toEqual(inLeg.map((d) => d.getTime()));
    const all = tracks.flatMap((t) => t['gx:Track']!.when.map((w) => Date.parse(w))).sort((a, b) => a - b);
    expect(all).toEqual(stored.map((d) => d.getTime()));
  });

  it('writes GeoJSON and CSV of the same positions', async () => {
    const geojson = await runCli(['export', 'track', '--hex', HEX, '--format', 'geojson'], { configFile });
    expect(geojson.code).toBe(0);
    const collection = JSON.parse(geojson.stdout) as FeatureCollection;
    const times = collection.features
      .filter((f) => f.properties?.kind === 'leg')
      .flatMap((f) => (f.properties?.times as string[]).map((t) => Date.parse(t)));
    expect(times.sort((a, b) => a - b)).toEqual(stored.map((d) => d.getTime()));
    const csv = await runCli(['export', 'track', '--hex', HEX, '--format', 'csv'], { configFile });
    expect(csv.code).toBe(0);
    const rows = parse(csv.stdout, { columns: true }) as { observed_at: string }[];
    expect(rows.map((r) => Date.parse(r.observed_at))).toEqual(stored.map((d) => d.getTime()));
  });

  it('keeps to --since and --until', async () => {
    const from = stored[10]!;
    const until = stored[20]!;
    const result = await runCli(
      [
        'export',
        'track',
        '--hex',
        HEX,
        '--format',
        'csv',
        '--since',
        from.toISOString(),
        '--until',
        until.toISOString(),
      ],
      { configFile },
    );
    expect(result.code).toBe(0);
    expect(parse(result.stdout, { columns: true })).toHaveLength(11);
  });

  it('says what is wrong with an unknown airframe or format', async () => {
    const unknown = await runCli(['export', 'track', '--hex', 'abcdef'], { configFile });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('No positions are stored for abcdef');
    const format = await runCli(['export', 'track', '--hex', HEX, '--format', 'kmz'], { configFile });
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('--format "kmz" is not one of kml, geojson, csv');
  });
});
