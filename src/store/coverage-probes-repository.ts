import { sql, type Transaction } from 'kysely';
import type { Database, Db } from '../db/database-schema.js';
import type { CoverageObservation } from '../tracking/coverage-observation.js';
import { type ColumnValues, recordsetColumns } from './table-columns.js';

/** The columns an observation is written with, and their types in the JSON record set. */
const PROBE_COLUMNS = {
  gap_key: 'text',
  hex: 'text',
  observed_at: 'timestamptz',
  cycle_id: 'bigint',
  provider: 'text',
  source: 'text',
  path: 'text',
  expected_lat: 'float8',
  expected_lon: 'float8',
  alt_ft: 'int',
  radius_km: 'float8',
  others_heard: 'int',
  others_comparable: 'int',
  nearest_other_km: 'float8',
  nearest_other_hex: 'text',
  others_min_alt_ft: 'int',
  others_max_alt_ft: 'int',
  asked_for_hex: 'bool',
  heard_without_position: 'bool',
  outage: 'bool',
} as const;
const PROBE = recordsetColumns(PROBE_COLUMNS);

const roundFt = (ft: number | null): number | null => (ft === null ? null : Math.round(ft));

function probeRow(o: CoverageObservation, cycleId: string | null): ColumnValues<typeof PROBE_COLUMNS> {
  return {
    gap_key: o.gapKey,
    hex: o.hex,
    observed_at: new Date(o.at).toISOString(),
    cycle_id: cycleId,
    provider: o.provider,
    source: o.source,
    path: o.path,
    expected_lat: o.expectedLat,
    expected_lon: o.expectedLon,
    alt_ft: roundFt(o.altFt),
    radius_km: o.radiusKm,
    others_heard: o.othersHeard,
    others_comparable: o.othersComparable,
    nearest_other_km: o.nearestOtherKm,
    nearest_other_hex: o.nearestOtherHex,
    others_min_alt_ft: roundFt(o.othersMinAltFt),
    others_max_alt_ft: roundFt(o.othersMaxAltFt),
    asked_for_hex: o.askedForHex,
    heard_without_position: o.heardWithoutPosition,
    outage: o.outage,
  };
}

/** Writes a cycle's observations; one already stored (the same recording replayed again) is skipped. */
export async function insertCoverageObservations(
  trx: Transaction<Database>,
  observations: readonly CoverageObservation[],
  cycleId: string | null,
): Promise<number> {
  if (!observations.length) return 0;
  const rows = observations.map((o) => probeRow(o, cycleId));
  const result = await sql`
    INSERT INTO coverage_probes (${PROBE.names})
    SELECT ${PROBE.names}
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS v(${PROBE.definition})
    ON CONFLICT DO NOTHING`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

/** Every stored observation of these silences, as the verdict rules read them. */
export async function coverageObservationsOf(db: Db, gapKeys: readonly string[]): Promise<CoverageObservation[]> {
  if (!gapKeys.length) return [];
  const rows = await db
    .selectFrom('coverage_probes')
    .selectAll()
    .where('gap_key', 'in', [...gapKeys])
    .orderBy('observed_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    gapKey: r.gap_key,
    hex: r.hex,
    at: r.observed_at.getTime(),
    provider: r.provider,
    source: r.source as CoverageObservation['source'],
    path: r.path,
    expectedLat: r.expected_lat,
    expectedLon: r.expected_lon,
    altFt: r.alt_ft,
    radiusKm: r.radius_km,
    othersHeard: r.others_heard,
    othersComparable: r.others_comparable,
    nearestOtherKm: r.nearest_other_km,
    nearestOtherHex: r.nearest_other_hex,
    othersMinAltFt: r.others_min_alt_ft,
    othersMaxAltFt: r.others_max_alt_ft,
    askedForHex: r.asked_for_hex,
    heardWithoutPosition: r.heard_without_position,
    outage: r.outage,
  }));
}
