import { stringify } from 'csv-stringify/sync';
import { positionsByLeg, type TrackExport } from './track-export-input.js';

/** The CSV columns, one row per stored position. */
export const TRACK_CSV_COLUMNS = ['hex', 'observed_at', 'lat', 'lon', 'alt_baro_ft', 'on_ground', 'leg_id'] as const;

/**
 * One airframe's positions as CSV (RFC 4180, a header row), oldest first, each with the leg it belongs to
 * (empty outside legs). Only numbers, times and ids: no feed text reaches a spreadsheet cell. Pure.
 */
export function renderTrackCsv(input: TrackExport): string {
  const rows = positionsByLeg(input)
    .flatMap(({ leg, positions }) => positions.map((p) => ({ p, legId: leg?.id ?? '' })))
    .sort((a, b) => a.p.t - b.p.t)
    .map(({ p, legId }) => [
      input.hex,
      new Date(p.t).toISOString(),
      p.lat,
      p.lon,
      p.altFt ?? '',
      p.onGround ? 'true' : 'false',
      legId,
    ]);
  return stringify([[...TRACK_CSV_COLUMNS], ...rows]);
}
