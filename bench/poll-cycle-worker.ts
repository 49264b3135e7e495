import { readFileSync } from 'node:fs';
import { validateConfig } from '../src/config/load-config.js';
import { createKysely } from '../src/db/create-kysely.js';
import { SnapshotProcessor } from '../src/pipeline/snapshot-processor.js';
import { silentLogger } from './bench-database.js';
import { timed } from './bench-stats.js';
import { type PollCycleReport, snapshotFile } from './poll-cycle-report.js';

/**
 * The poll-cycle benchmark's own process, so that its resident memory is that of a worker doing poll
 * cycles, not of the bench (which also generates the traffic and holds a year of history): it loads
 * what `tailwatch run` loads for a cycle (config, pg, kysely, the pipeline, the airport index). Each
 * poll's response text is read from a file, as a feed response arrives as text; the timed part is
 * JSON.parse, then the pipeline through the committed transaction. Poll 0 warms up (it creates every
 * track). Arguments: database URL, snapshot folder, number of timed polls.
 */
async function main(): Promise<void> {
  const [url, dir, pollsText] = process.argv.slice(2);
  if (!url || !dir || !pollsText) throw new Error('usage: poll-cycle-worker.js URL DIR POLLS');
  const config = validateConfig({ database: { url }, log: { level: 'silent', format: 'json' } }, 'bench config');
  const db = createKysely({ url, poolSize: 2 });
  const processor = new SnapshotProcessor(db, config, silentLogger);
  const report: PollCycleReport = { cycleMs: [], stored: [], rssBeforeMb: 0, rssMaxMb: 0 };
  const polls = Number(pollsText);
  for (let n = 0; n <= polls; n++) {
    if (n === 1) report.rssBeforeMb = process.memoryUsage().rss / 1_048_576;
    const text = readFileSync(snapshotFile(dir, n), 'utf8');
    // A whole-sky snapshot, as a global feed gives it: no request purpose, so what is neither listed,
    // of a watched type, nor near a watched airport is left out (see sightingsFromResponses).
    const run = await timed(() =>
      processor.process({ mode: 'poll', responses: [{ provider: 'api.adsb.lol', path: null, purpose: null, body: JSON.parse(text) as unknown }], requests: 1, errors: [], startedAtMs: Date.now(), fetchMs: null }),
    );
    if (run.value.status !== 'ok') throw new Error(`bench poll cycle ended ${run.value.status}`);
    if (n > 0) {
      report.cycleMs.push(run.ms);
      report.stored.push(run.value.positionsStored);
    }
    report.rssMaxMb = Math.max(report.rssMaxMb, process.memoryUsage().rss / 1_048_576);
  }
  await db.destroy();
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`poll-cycle worker failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
