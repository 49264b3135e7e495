import type { AlertGap, AlertTrackPoint } from '../alert-email-input.js';
import type { GeoPoint } from './map-view.js';

/**
 * The leg's track cut at its transponder gaps: the stretches where the aircraft was seen (drawn solid)
 * and the dark stretches between the last position before each gap and the first one after it (drawn
 * dashed; an open gap has no end yet). Used by the map and by the GeoJSON attachment. Pure.
 */

export interface DarkStretch {
  gap: AlertGap;
  from: GeoPoint;
  /** Null while the gap is open (the aircraft has not been seen again). */
  to: GeoPoint | null;
}

export interface LegTrackSegments {
  /** Each a run of time-ordered positions with no gap inside; may hold a single point. */
  seen: AlertTrackPoint[][];
  dark: DarkStretch[];
}

function isValidPoint(p: AlertTrackPoint): boolean {
  return (
    Number.isFinite(p.lat) &&
    Number.isFinite(p.lon) &&
    Number.isFinite(p.t) &&
    Math.abs(p.lat) <= 90 &&
    Math.abs(p.lon) <= 180
  );
}

export function splitTrackAtGaps(track: readonly AlertTrackPoint[], gaps: readonly AlertGap[]): LegTrackSegments {
  const points = track.filter(isValidPoint).sort((a, b) => a.t - b.t);
  const seen: AlertTrackPoint[][] = [];
  let current: AlertTrackPoint[] = [];
  for (const p of points) {
    const previous = current[current.length - 1];
    // A gap that starts at or after the previous point and before this one separates them.
    if (previous !== undefined && gaps.some((g) => g.startedAt >= previous.t && g.startedAt < p.t)) {
      seen.push(current);
      current = [];
    }
    current.push(p);
  }
  if (current.length > 0) seen.push(current);
  const dark: DarkStretch[] = gaps.map((gap) => ({
    gap,
    from: { lat: gap.startLat, lon: gap.startLon },
    to: gap.endLat !== null && gap.endLon !== null ? { lat: gap.endLat, lon: gap.endLon } : null,
  }));
  return { seen, dark };
}
