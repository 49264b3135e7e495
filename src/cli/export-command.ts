import { Command } from 'commander';
import { TailwatchError } from '../errors/tailwatch-error.js';
import { normalizeHex } from '../shared/icao-hex.js';
import { loadTrackExport, newestPositionTime } from '../store/track-export-repository.js';
import { renderTrackCsv } from '../track-export/track-csv.js';
import { renderTrackGeoJson } from '../track-export/track-geojson.js';
import { renderTrackKml } from '../track-export/track-kml.js';
import { createCliContext, type GlobalOptions, withDatabase } from './cli-context.js';
import { parseSince } from './legs-command.js';

const FORMATS = ['kml', 'geojson', 'csv'] as const;
type TrackFormat = (typeof FORMATS)[number];
const DEFAULT_SPAN_MS = 7 * 86_400_000;

function parseUntil(value: string): Date {
  const at = new Date(value);
  if (Number.isNaN(at.getTime()))
    throw new TailwatchError('USAGE', `--until "${value}" is not a date: use an ISO date such as 2025-10-31T23:59Z.`);
  return at;
}

/** `tailwatch export track`: one airframe's positions, legs and gaps to stdout, as KML, GeoJSON or CSV. */
export function exportCommand(globals: () => GlobalOptions, out: (text: string) => void): Command {
  const track = new Command('track')
    .description("one airframe's positions, legs and gaps to stdout (default: the 7 days up to its newest position)")
    .requiredOption('--hex <hex>', 'the airframe (ICAO 24-bit hex)')
    .option('--since <time>', 'from an ISO date/time, or a span back from its newest position (30d, 12h)')
    .option('--until <time>', 'up to an ISO date/time (default: its newest position)')
    .option('--format <format>', `${FORMATS.join(', ')}`, 'kml')
    .action(async (options: { hex: string; since?: string; until?: string; format: string }) => {
      const hex = normalizeHex(options.hex);
      const format = options.format.toLowerCase() as TrackFormat;
      if (!FORMATS.includes(format))
        throw new TailwatchError('USAGE', `--format "${options.format}" is not one of ${FORMATS.join(', ')}.`);
      const since = options.since ? parseSince(options.since) : undefined;
      const until = options.until ? parseUntil(options.until) : undefined;
      const context = createCliContext(globals(), 'command');
      await withDatabase(context, async ({ db }) => {
        const newest = await newestPositionTime(db, hex);
        if (newest === null)
          throw new TailwatchError(
            'USAGE',
            `No positions are stored for ${hex}: check the hex (tailwatch airframes list) and that it has been seen.`,
          );
        const to = until ?? new Date(newest);
        const from =
          since && 'at' in since
            ? since.at
            : new Date((until ? to.getTime() : newest) - (since?.spanMs ?? DEFAULT_SPAN_MS));
        const data = await loadTrackExport(db, hex, from, to);
        if (format === 'kml') out(renderTrackKml(data));
        else if (format === 'geojson') out(`${JSON.stringify(renderTrackGeoJson(data))}\n`);
        else out(renderTrackCsv(data));
      });
    });
  return new Command('export').description('write stored data for other tools').addCommand(track);
}
