import type { AddressInfo } from 'node:net';
import { type Kysely, sql } from 'kysely';
import { SMTPServer } from 'smtp-server';
import { createAlertHooks } from '../src/alerts/alert-cycle-hooks.js';
import { createAlertDelivery } from '../src/alerts/create-alert-delivery.js';
import { validateConfig } from '../src/config/load-config.js';
import type { Database } from '../src/db/database-schema.js';
import { SnapshotProcessor } from '../src/pipeline/snapshot-processor.js';
import { aircraftRow, envelope } from '../test/support/feed-world.js';
import { MUHA, SVMI } from '../test/support/test-airports.js';
import { generateFlight } from '../test/support/trajectory-generator.js';
import type { BenchRow } from './bench-row.js';
import { silentLogger } from './bench-database.js';
import { fmt, median } from './bench-stats.js';

/** A local SMTP server that notes when it accepted each message (after DATA, before the 250 reply). */
async function startSmtp(): Promise<{ port: number; accepted: number[]; close(): Promise<void> }> {
  const accepted: number[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, done) {
      stream.on('data', () => {});
      stream.on('end', () => {
        accepted.push(performance.now());
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, accepted, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/**
 * Alert latency: a watched airframe flies SVMI → MUHA (a watched airport) and the poll responses are fed,
 * one per 30 s of data time, through the pipeline with the alert hooks and the real delivery (email
 * rendering with its map, SMTP to a local server). Timed from the moment the response that shows the
 * aircraft on the ground at MUHA is handed to the pipeline (JSON text, before JSON.parse) to the moment
 * the SMTP server has accepted the arrival email. `runs` flights, a different airframe each.
 */
export async function alertLatencyBench(
  db: Kysely<Database>,
  url: string,
  options: { runs: number },
): Promise<BenchRow> {
  const smtp = await startSmtp();
  const latencies: number[] = [];
  try {
    const config = validateConfig(
      {
        database: { url },
        log: { level: 'silent', format: 'json' },
        watch: { airports: ['MUHA', 'SVMI'] },
        alerts: { smtpUrl: `smtp://127.0.0.1:${smtp.port}`, to: ['osint@example.org'] },
      },
      'bench config',
    );
    for (let run = 0; run < options.runs; run++) {
      const hex = (0x1533a0 + run).toString(16);
      await sql`INSERT INTO airframes (hex, registration, type_code, operator, reason, source)
        VALUES (${hex}, ${`RA-7876${run}`}, 'IL76', 'Aviacon Zitotrans', 'benchmark', 'csv')
        ON CONFLICT (hex) DO NOTHING`.execute(db);
      const delivery = createAlertDelivery(db, config, silentLogger);
      const processor = new SnapshotProcessor(
        db,
        config,
        silentLogger,
        createAlertHooks({ config, logger: silentLogger, delivery }),
      );
      const flight = generateFlight({
        hex,
        callsign: 'AZS1234',
        registration: `RA-7876${run}`,
        typeCode: 'IL76',
        from: SVMI,
        to: MUHA,
        departAt: Date.UTC(2025, 9, 28 + run, 12),
        startAt: { kmBeforeArrival: 40 },
        seed: 100 + run,
        source: 'api.adsb.lol',
      });
      const touchdown = flight.timeOf({ at: 'touchdown' });
      let landingCycleStart: number | null = null;
      for (const s of flight.sightings) {
        if (s.observedAt > touchdown + 10 * 60_000) break;
        const now = s.observedAt + 800;
        const row = aircraftRow({
          hex,
          lat: s.lat,
          lon: s.lon,
          alt: s.onGround ? 'ground' : s.altBaroFt,
          gs: s.groundSpeedKt ?? undefined,
          track: s.trackDeg ?? undefined,
          baroRate: s.verticalRateFpm ?? undefined,
          flight: 'AZS1234',
          r: `RA-7876${run}`,
          t: 'IL76',
          squawk: '2000',
          seenPos: 0.8,
        });
        const text = JSON.stringify(envelope(now, [row]));
        const before = smtp.accepted.length;
        const start = performance.now();
        const outcome = await processor.process({
          mode: 'poll',
          responses: [
            { provider: 'api.adsb.lol', path: `/hex/${hex}`, purpose: 'watchlist', body: JSON.parse(text) as unknown },
          ],
          requests: 1,
          errors: [],
          startedAtMs: Date.now(),
          fetchMs: null,
        });
        if (landingCycleStart === null && outcome.newEvents.some((e) => e.event.kind === 'landing'))
          landingCycleStart = start;
        if (landingCycleStart !== null && smtp.accepted.length > before) {
          latencies.push(smtp.accepted[smtp.accepted.length - 1]! - landingCycleStart);
          break;
        }
      }
    }
  } finally {
    await smtp.close();
  }
  const value = median(latencies);
  return {
    figure:
      'alert latency: the feed response that shows the landing → local SMTP server accepts the mail ' +
      `(${latencies.length} of ${options.runs} flights mailed)`,
    median: latencies.length ? `${fmt(value)} ms` : 'no email',
    baseline: '–',
    ratio: '–',
    target: '≤ 1 s',
    met: latencies.length === options.runs && value <= 1000,
  };
}
