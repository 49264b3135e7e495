import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/database-schema.js';
import type { TrackEvent } from '../tracking/track-event.js';
import { type ColumnValues, recordsetColumns } from './table-columns.js';

/** The columns an event is written with, and their types in the JSON record set. */
const EVENT_COLUMNS = {
  event_key: 'text',
  hex: 'text',
  kind: 'text',
  at: 'timestamptz',
  leg_id: 'bigint',
  gap_id: 'bigint',
  airport: 'text',
  inferred: 'bool',
  lat: 'float8',
  lon: 'float8',
  details: 'jsonb',
  cycle_id: 'bigint',
} as const;
const EVENT = recordsetColumns(EVENT_COLUMNS);

/** A key that is the same whenever the same event is derived again (replays insert nothing). */
export function eventKey(event: TrackEvent): string {
  const ref = 'gapKey' in event ? event.gapKey : event.legKey;
  return `${event.kind}:${event.hex}:${event.at}:${ref}`;
}

function eventRow(
  key: string,
  e: TrackEvent,
  legIds: Map<string, string>,
  gapIds: Map<string, string>,
  cycleId: string | null,
): ColumnValues<typeof EVENT_COLUMNS> {
  return {
    event_key: key,
    hex: e.hex,
    kind: e.kind,
    at: new Date(e.at).toISOString(),
    leg_id: e.legKey ? (legIds.get(e.legKey) ?? null) : null,
    gap_id: 'gapKey' in e ? (gapIds.get(e.gapKey) ?? null) : null,
    airport: 'airport' in e ? e.airport : null,
    inferred: 'inferred' in e ? e.inferred : null,
    lat: 'lat' in e ? e.lat : null,
    lon: 'lon' in e ? e.lon : null,
    details: e,
    cycle_id: cycleId,
  };
}

/** Inserts events; returns the ones that were new (not seen before), with their ids. */
export async function insertEvents(
  trx: Transaction<Database>,
  events: readonly TrackEvent[],
  legIds: Map<string, string>,
  gapIds: Map<string, string>,
  cycleId: string | null,
): Promise<Array<{ id: string; event: TrackEvent }>> {
  if (!events.length) return [];
  const byKey = new Map(events.map((event) => [eventKey(event), event]));
  const rows = [...byKey].map(([key, e]) => eventRow(key, e, legIds, gapIds, cycleId));
  const result = await sql<{ id: string; event_key: string }>`
    INSERT INTO track_events (${EVENT.names})
    SELECT ${EVENT.names}
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS v(${EVENT.definition})
    ON CONFLICT (event_key) DO NOTHING
    RETURNING id, event_key`.execute(trx);
  return result.rows.map((row) => ({ id: String(row.id), event: byKey.get(row.event_key)! }));
}
