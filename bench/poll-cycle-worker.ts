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
 * track); then `polls` polls run back to back, then `pacedPolls` more with `pauseMs` of idle time before
 * each, as the schedule spaces a worker's polls (V8 collects and shrinks its heap in such pauses).
 * Arguments: database URL, snapshot folder, polls, paced polls, pause in ms.
 */
async function main(): Promise<void> {
  const [url, dir, pollsText, pacedText, pauseText] = process.argv.slice(2);
  if (!url || !dir || !pollsText || !pacedText || !pauseText)
    throw new Error('usage: poll-cycle-worker.js URL DIR POLLS PACED_POLLS PAUSE_MS');
  const config = validateConfig({ database: { url }, log: { level: 'silent', format: 'json' } }, 'bench config');
  const db = createKysely({ url, poolSize: 2 });
  const processor = new SnapshotProcessor(db, config, silentLogger);
  const report: PollCycleReport = {
    cycleMs: [],
    pacedCycleMs: [],
    stored: [],
    rssAfterWarmUpMb: 0,
    rssBackToBackMb: 0,
    rssPacedMb: 0,
  };
  const polls = Number(pollsText);
  const paced = Number(pacedText);
  const rssMb = () => process.memoryUsage().rss / 1_048_576;
  for (let n = 0; n <= polls + paced; n++) {
    const isPaced = n > polls;
    if (isPaced) await new Promise((resolve) => setTimeout(resolve, Number(pauseText)));
    const text = readFileSync(snapshotFile(dir, n), 'utf8');
    // A whole-sky snapshot, as a global feed gives it: no request purpose, so what is neither listed,
    // of a watched type, nor near a watched airport is left out (see sightingsFromResponses).
    const run = await timed(() =>
      processor.process({
        mode: 'poll',
        responses: [{ provider: 'api.adsb.lol', path: null, purpose: null, body: JSON.parse(text) as unknown }],
        requests: 1,
        errors: [],
        startedAtMs: Date.now(),
        fetchMs: null,
      }),
    );
    if (run.value.status !== 'ok') throw new Error(`bench poll cycle ended ${run.value.status}`);
    if (n === 0) report.rssAfterWarmUpMb = rssMb();
    else if (isPaced) {
      report.pacedCycleMs.push(run.ms);
      report.rssPacedMb = Math.max(report.rssPacedMb, rssMb());
    } else {
      report.cycleMs.push(run.ms);
      report.rssBackToBackMb = Math.max(report.rssBackToBackMb, rssMb());
    }
    if (n > 0) report.stored.push(run.value.positionsStored);
  }
  await db.destroy();
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `poll-cycle worker failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
