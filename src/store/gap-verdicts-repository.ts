import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/database-schema.js';
import type { GapEvidence, GapVerdict } from '../tracking/gap-verdict.js';

export interface JudgedGap {
  gapKey: string;
  verdict: GapVerdict;
  evidence: GapEvidence;
}

/** A gap's row after its verdict was written: what the alert rules need. */
export interface GapVerdictRow {
  id: string;
  gapKey: string;
  hex: string;
  legId: string | null;
  startedAt: number;
  endedAt: number | null;
  startLat: number;
  startLon: number;
  verdict: GapVerdict;
  evidence: GapEvidence;
}

/**
 * Writes the verdicts and evidence of these gaps (those whose rows exist: a silence shorter than a gap
 * has none) and returns their rows. Rows whose verdict and evidence did not change are not rewritten.
 */
export async function writeGapVerdicts(
  trx: Transaction<Database>,
  judged: readonly JudgedGap[],
): Promise<GapVerdictRow[]> {
  if (!judged.length) return [];
  const rows = judged.map((j) => ({
    gap_key: j.gapKey,
    verdict: j.verdict,
    evidence_cycles: j.evidence.cycles,
    covered_cycles: j.evidence.coveredCycles,
    outage_cycles: j.evidence.outageCycles,
    others_heard: j.evidence.othersHeard,
    nearest_other_km: j.evidence.nearestOtherKm,
    providers_checked: j.evidence.providersChecked,
    heard_without_position: j.evidence.heardWithoutPositionCycles,
  }));
  await sql`
    UPDATE transponder_gaps g SET
      verdict = v.verdict, evidence_cycles = v.evidence_cycles, covered_cycles = v.covered_cycles,
      outage_cycles = v.outage_cycles, others_heard = v.others_heard, nearest_other_km = v.nearest_other_km,
      providers_checked = ARRAY(SELECT jsonb_array_elements_text(v.providers_checked)),
      heard_without_position = v.heard_without_position, updated_at = now()
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS v(gap_key text, verdict text, evidence_cycles int,
      covered_cycles int, outage_cycles int, others_heard int, nearest_other_km float8, providers_checked jsonb,
      heard_without_position int)
    WHERE g.gap_key = v.gap_key
      AND (g.verdict, g.evidence_cycles, g.covered_cycles, g.outage_cycles, g.others_heard, g.nearest_other_km,
           g.heard_without_position, g.providers_checked)
        IS DISTINCT FROM (v.verdict, v.evidence_cycles, v.covered_cycles, v.outage_cycles, v.others_heard,
           v.nearest_other_km, v.heard_without_position, ARRAY(SELECT jsonb_array_elements_text(v.providers_checked)))
  `.execute(trx);
  const stored = await trx
    .selectFrom('transponder_gaps')
    .select(['id', 'gap_key', 'hex', 'leg_id', 'started_at', 'ended_at', 'start_lat', 'start_lon'])
    .where(
      'gap_key',
      'in',
      judged.map((j) => j.gapKey),
    )
    .execute();
  const byKey = new Map(judged.map((j) => [j.gapKey, j]));
  return stored.map((r) => {
    const j = byKey.get(r.gap_key)!;
    return {
      id: String(r.id),
      gapKey: r.gap_key,
      hex: r.hex,
      legId: r.leg_id === null ? null : String(r.leg_id),
      startedAt: r.started_at.getTime(),
      endedAt: r.ended_at === null ? null : r.ended_at.getTime(),
      startLat: r.start_lat,
      startLon: r.start_lon,
      verdict: j.verdict,
      evidence: j.evidence,
    };
  });
}
