import { KM_PER_NM } from '../shared/geo.js';
import { MAX_POINT_RADIUS_NM, type PlannedRequest } from './feed-query-plan.js';

/** Where to probe: a silent aircraft's expected position (see tracking/silent-aircraft.ts). */
export interface ProbeTarget {
  hex: string;
  expectedLat: number;
  expectedLon: number;
}

/** A coordinate with at most 4 decimals (about 11 m), without trailing zeros or "-0". */
function coordinate(value: number): string {
  const rounded = Number(value.toFixed(4));
  return String(rounded === 0 ? 0 : rounded);
}

/** The `/point` radius, nm, that covers radiusKm: rounded up to 0.1 nm, at most the APIs' 250 nm. */
export function probeRadiusNm(radiusKm: number): number {
  return Math.min(Math.ceil((radiusKm / KM_PER_NM) * 10) / 10, MAX_POINT_RADIUS_NM);
}

/**
 * The coverage probes of one cycle: one `/point/lat/lon/nm` around each target's expected position
 * (purpose 'area', marked with the hex it is for), in the targets' order. Sent to every provider (the
 * snapshot's fan-out mode), so each provider's view of the sky there is evidence. Pure.
 */
export function planCoverageProbes(targets: readonly ProbeTarget[], radiusKm: number): PlannedRequest[] {
  const radius = probeRadiusNm(radiusKm);
  return targets.map((t) => ({
    path: `/point/${coordinate(t.expectedLat)}/${coordinate(t.expectedLon)}/${radius}`,
    purpose: 'area' as const,
    probeFor: t.hex,
  }));
}
