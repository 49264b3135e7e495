import type { MatchedBy } from '../db/database-schema.js';
import type { GapVerdictRow } from '../store/gap-verdicts-repository.js';
import { type GapVerdict, verdictReason } from '../tracking/gap-verdict.js';
import type { AlertAirport } from './alert-email-input.js';
import type { AlertCandidate } from './alert-candidate.js';
import type { AlertRuleSettings } from './alert-settings.js';
import { type AircraftLabel, nearestWatched } from './event-alert-rules.js';

export interface WentDarkContext {
  watched: ReadonlyMap<string, AlertAirport>;
  purposeOf: (hex: string) => MatchedBy;
  settings: AlertRuleSettings;
  /** The gap_opened track_events id of a gap, when the cycle knows it. */
  eventIdOf?: (gapKey: string) => string | null;
  labelOf?: (hex: string) => AircraftLabel | undefined;
}

/**
 * The dedupe key of a gap's "went dark": the key the rule used when it fired on gap_opened, so an alert
 * queued before verdicts existed, or by an earlier run of the same cycle, is never sent again.
 */
export function wentDarkDedupeKey(gap: Pick<GapVerdictRow, 'gapKey' | 'hex' | 'startedAt'>): string {
  return `went_dark:gap:${gap.gapKey}:gap_opened:${gap.hex}:${gap.startedAt}`;
}

/**
 * went_dark (pure): a listed airframe's gap, started within wentDarkMaxKm of a watched airport, whose
 * verdict is one the rule mails (dark; unknown too when configured). Judged on every poll of the gap, so
 * it fires on the poll its verdict first becomes one of those; the dedupe key makes it once per gap.
 * The alert says why, e.g. "7 other aircraft heard within 100 km of its expected position while it was
 * silent".
 */
export function wentDarkAlerts(gaps: readonly GapVerdictRow[], ctx: WentDarkContext): AlertCandidate[] {
  const rule = ctx.settings.rules.went_dark;
  if (!rule.enabled) return [];
  const mailed: ReadonlySet<GapVerdict> = new Set(ctx.settings.wentDarkVerdicts);
  const out: AlertCandidate[] = [];
  for (const gap of gaps) {
    if (!mailed.has(gap.verdict) || ctx.purposeOf(gap.hex) !== 'watchlist') continue;
    const near = nearestWatched(ctx.watched, gap.startLat, gap.startLon, ctx.settings.wentDarkMaxKm);
    if (near === null) continue;
    const label = ctx.labelOf?.(gap.hex);
    out.push({
      rule: 'went_dark',
      hex: gap.hex,
      legKey: null,
      gapKey: gap.gapKey,
      legId: gap.legId,
      gapId: gap.id,
      eventId: ctx.eventIdOf?.(gap.gapKey) ?? null,
      airport: near.airport.ident,
      at: gap.startedAt,
      dedupeKey: wentDarkDedupeKey(gap),
      recipients: rule.recipients,
      details: {
        cause: 'gap_verdict',
        inferred: false,
        lat: gap.startLat,
        lon: gap.startLon,
        distanceKm: Math.round(near.km * 10) / 10,
        verdict: gap.verdict,
        reason: verdictReason(gap.verdict, gap.evidence, ctx.settings.probeRadiusKm),
        othersHeard: gap.evidence.othersHeard,
        registration: label?.registration ?? null,
        typeCode: label?.typeCode ?? null,
        callsign: label?.callsign ?? null,
      },
    });
  }
  return out;
}
