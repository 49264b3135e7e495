import type { CoverageObservation } from './coverage-observation.js';
import type { VerdictConfig } from './verdict-config.js';

/**
 * What a transponder gap's silence most likely was (docs/tracking.md#gap-verdicts):
 * - dark: others were heard around where it should have been, at comparable altitudes, by providers
 *   that were also asked for it, while it was heard by none;
 * - coverage: nobody, or too few, were heard there (a reception hole), or it was heard without a
 *   position (its transponder was on);
 * - outage: the providers failed, or listed (almost) nothing anywhere, or many tracked aircraft vanished
 *   at once, for a large share of the silence;
 * - unknown: no evidence either way.
 */
export type GapVerdict = 'dark' | 'coverage' | 'outage' | 'unknown';

export const GAP_VERDICTS: readonly GapVerdict[] = ['dark', 'coverage', 'outage', 'unknown'];

/** The evidence of one silence, summed over its cycles: what transponder_gaps stores beside the verdict. */
export interface GapEvidence {
  /** Cycles with any observation. */
  cycles: number;
  /** Cycles that looked like feed outages (almost nothing listed anywhere, or many tracked aircraft vanished). */
  outageCycles: number;
  /** Cycles in which a provider asked for the aircraft heard at least darkMinOthers others at comparable altitudes. */
  coveredCycles: number;
  /** Cycles in which it was listed without a position. */
  heardWithoutPositionCycles: number;
  /** Most others heard at comparable altitudes in one cycle by one source asked for the aircraft. */
  othersHeard: number;
  /** Nearest other aircraft heard during the silence, km. */
  nearestOtherKm: number | null;
  /** Providers whose probes or area requests answered (sorted; "replay" for bare recorded responses). */
  providersChecked: string[];
}

/** Sums observations (any order, any number of cycles) into the evidence of one silence. Pure. */
export function summarizeEvidence(observations: readonly CoverageObservation[], config: VerdictConfig): GapEvidence {
  const byCycle = new Map<number, CoverageObservation[]>();
  for (const o of observations) {
    const list = byCycle.get(o.at);
    if (list) list.push(o);
    else byCycle.set(o.at, [o]);
  }
  const providers = new Set<string>();
  const evidence: GapEvidence = {
    cycles: byCycle.size,
    outageCycles: 0,
    coveredCycles: 0,
    heardWithoutPositionCycles: 0,
    othersHeard: 0,
    nearestOtherKm: null,
    providersChecked: [],
  };
  for (const list of byCycle.values()) {
    const answered = list.filter((o) => o.source !== 'heard');
    if (list.some((o) => o.outage)) evidence.outageCycles += 1;
    if (list.some((o) => o.heardWithoutPosition)) evidence.heardWithoutPositionCycles += 1;
    let covered = false;
    for (const o of answered) {
      providers.add(o.provider ?? 'replay');
      if (o.nearestOtherKm !== null && (evidence.nearestOtherKm === null || o.nearestOtherKm < evidence.nearestOtherKm))
        evidence.nearestOtherKm = o.nearestOtherKm;
      if (!o.askedForHex) continue;
      evidence.othersHeard = Math.max(evidence.othersHeard, o.othersComparable);
      if (o.othersComparable >= config.darkMinOthers) covered = true;
    }
    if (covered) evidence.coveredCycles += 1;
  }
  evidence.providersChecked = [...providers].sort();
  return evidence;
}

/** The verdict on a silence from its evidence (see GapVerdict). Pure. */
export function judgeGap(evidence: GapEvidence, config: VerdictConfig): GapVerdict {
  if (evidence.cycles === 0) return 'unknown';
  if (evidence.heardWithoutPositionCycles > 0) return 'coverage';
  if (evidence.outageCycles > 0 && evidence.outageCycles >= evidence.cycles * config.outageMinShare) return 'outage';
  const judged = evidence.cycles - evidence.outageCycles;
  if (judged <= 0) return 'unknown';
  const covered = evidence.coveredCycles;
  if (covered >= config.darkMinCoveredCycles && covered >= judged * config.darkMinCoveredShare) return 'dark';
  return 'coverage';
}

/** Why a verdict was given, in one sentence for a mail or a log (e.g. "7 other aircraft heard within 100 km ..."). */
export function verdictReason(verdict: GapVerdict, evidence: GapEvidence, radiusKm: number): string {
  const km = Math.round(radiusKm);
  switch (verdict) {
    case 'dark':
      return (
        `${evidence.othersHeard} other aircraft heard within ${km} km of its expected position while it was silent` +
        ` (${evidence.coveredCycles} of ${evidence.cycles} polls, by ${evidence.providersChecked.join(', ')})`
      );
    case 'coverage':
      return evidence.heardWithoutPositionCycles > 0
        ? `it was heard without a position during the silence: its transponder was on`
        : `only ${evidence.othersHeard} other aircraft heard within ${km} km of its expected position: ` +
            'a reception hole';
    case 'outage':
      return `the feeds failed or listed almost nothing in ${evidence.outageCycles} of ${evidence.cycles} polls`;
    case 'unknown':
      return 'no evidence about reception where it should have been';
  }
}
