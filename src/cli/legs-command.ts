import { Command } from 'commander';
import { TailwatchError } from '../errors/tailwatch-error.js';
import { listLegSummaries } from '../store/legs-and-gaps-repository.js';
import { normalizeHex } from '../shared/icao-hex.js';
import { createCliContext, type GlobalOptions, withDatabase } from './cli-context.js';
import { parseLimit } from './limit-option.js';
import { renderRows } from './output-format.js';

/** `--since`: an ISO date/time, or a span back from the newest leg's data such as 30d or 12h. */
export function parseSince(value: string): { at: Date } | { spanMs: number } {
  const span = /^(\d+)\s*([dhm])$/i.exec(value.trim());
  if (span)
    return {
      spanMs: Number(span[1]) * { d: 86_400_000, h: 3_600_000, m: 60_000 }[span[2]!.toLowerCase() as 'd' | 'h' | 'm'],
    };
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) {
    throw new TailwatchError(
      'USAGE',
      `--since "${value}" is not a date: ` +
        `use an ISO date such as 2025-10-01 or 2025-10-29T14:00Z, or a span such as 30d, 12h.`,
    );
  }
  return { at };
}

const iso = (d: Date | null) => (d ? d.toISOString().replace(':00.000Z', 'Z').replace('.000Z', 'Z') : null);

export function legsCommand(globals: () => GlobalOptions, out: (text: string) => void): Command {
  return new Command('legs')
    .description('quick look at reconstructed legs (newest first); * marks an inferred end')
    .option('--hex <hex>', 'only this airframe')
    .option('--airport <ident>', 'only legs departing from or arriving at this airport (e.g. MUHA)')
    .option(
      '--since <time>',
      'only legs seen since an ISO date/time, or within a span back from the newest data (30d, 12h)',
    )
    .option('--limit <n>', 'at most this many legs', '50')
    .option('--json', 'print JSON')
    .action(async (options: { hex?: string; airport?: string; since?: string; limit: string; json?: boolean }) => {
      const hex = options.hex ? normalizeHex(options.hex) : undefined;
      const since = options.since ? parseSince(options.since) : undefined;
      const limit = parseLimit(options.limit);
      const context = createCliContext(globals(), 'command');
      await withDatabase(context, async ({ db }) => {
        const legs = await listLegSummaries(db, { hex, airport: options.airport?.toUpperCase(), since, limit });
        if (options.json) {
          out(renderRows(legs.map((l) => ({ ...l, duration: undefined })) as never, [], 'json'));
          return;
        }
        const rows = legs.map((l) => ({
          id: l.id,
          airframe: l.registration ?? l.hex,
          type: l.type_code,
          from: endText(l.departure_airport, l.departure_runway, l.departure_inferred),
          departed: iso(l.departed_at) ?? `(first seen ${iso(l.first_seen_at)})`,
          to: endText(l.arrival_airport, l.arrival_runway, l.arrival_inferred),
          arrived: iso(l.arrived_at) ?? `(last seen ${iso(l.last_seen_at)})`,
          status: l.status,
          gaps: l.gap_count,
          min_dark: l.minutes_dark,
        }));
        out(
          renderRows(
            rows,
            ['id', 'airframe', 'type', 'from', 'departed', 'to', 'arrived', 'status', 'gaps', 'min_dark'],
            'table',
          ),
        );
      });
    });
}

/** An end in the table: `LIRF/25`, `*` when inferred, `?` when unknown. */
function endText(airport: string | null, runway: string | null, inferred: boolean): string {
  if (airport === null) return '?';
  return `${airport}${runway === null ? '' : `/${runway}`}${inferred ? '*' : ''}`;
}
