import type { JudgedGap } from '../store/gap-verdicts-repository.js';
import type { CoverageObservation } from '../tracking/coverage-observation.js';
import { judgeGap, summarizeEvidence } from '../tracking/gap-verdict.js';
import type { VerdictConfig } from '../tracking/verdict-config.js';

/** The verdict of each of these silences from all their observations (stored and new). Pure. */
export function judgeSilences(
  gapKeys: Iterable<string>,
  observations: readonly CoverageObservation[],
  config: VerdictConfig,
): JudgedGap[] {
  const byKey = new Map<string, CoverageObservation[]>();
  for (const key of gapKeys) byKey.set(key, []);
  for (const o of observations) byKey.get(o.gapKey)?.push(o);
  return [...byKey].map(([gapKey, list]) => {
    const evidence = summarizeEvidence(list, config);
    return { gapKey, verdict: judgeGap(evidence, config), evidence };
  });
}
