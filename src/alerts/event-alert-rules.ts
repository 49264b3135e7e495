import type { MatchedBy } from '../db/database-schema.js';
import { haversineKm } from '../shared/geo.js';
import type { TrackEvent } from '../tracking/track-event.js';
import type { AlertAirport, AlertRule } from './alert-email-input.js';
import type { AlertCandidate } from './alert-candidate.js';
import type { AlertRuleSettings } from './alert-settings.js';

/** What the feed said about an aircraft in the cycle (registration and type come from the provider's database). */
export interface AircraftLabel {
  registration: string | null;
  typeCode: string | null;
  callsign: string | null;
}

export interface EventRuleContext {
  /** Watched airports by ident (config watch.airports found in the airports table). */
  watched: ReadonlyMap<string, AlertAirport>;
  purposeOf: (hex: string) => MatchedBy;
  settings: AlertRuleSettings;
  labelOf?: (hex: string) => AircraftLabel | undefined;
}

/** The key of an event as a rule sees it: rule, the leg or gap it belongs to, and the event itself. */
function dedupeKey(rule: AlertRule, event: TrackEvent): string {
  const ref = 'gapKey' in event ? `gap:${event.gapKey}` : `leg:${event.legKey}`;
  return `${rule}:${ref}:${event.kind}:${event.hex}:${event.at}`;
}

/** The nearest watched airport within maxKm of a point, or null. */
export function nearestWatched(
  watched: ReadonlyMap<string, AlertAirport>,
  lat: number,
  lon: number,
  maxKm: number,
): { airport: AlertAirport; km: number } | null {
  let best: { airport: AlertAirport; km: number } | null = null;
  for (const airport of watched.values()) {
    const km = haversineKm(lat, lon, airport.lat, airport.lon);
    if (km <= maxKm && (best === null || km < best.km)) best = { airport, km };
  }
  return best;
}

/**
 * The rules that fire on the cycle's new track events (pure):
 * - departure / arrival: a listed airframe takes off from / lands at (observed or inferred) a watched airport;
 * - unlisted: the same for an aircraft of a watched type that is not on the list;
 * went_dark is not raised by an event but by a gap's verdict (went-dark-rule.ts).
 * Area traffic never raises an alert.
 */
export function alertsForEvents(
  events: ReadonlyArray<{ id: string; event: TrackEvent }>,
  ctx: EventRuleContext,
): AlertCandidate[] {
  const out: AlertCandidate[] = [];
  const { rules } = ctx.settings;
  for (const { id, event } of events) {
    const purpose = ctx.purposeOf(event.hex);
    if (purpose === 'area') continue;
    const label = ctx.labelOf?.(event.hex);
    const feedText = {
      registration: label?.registration ?? null,
      typeCode: label?.typeCode ?? null,
      callsign: label?.callsign ?? null,
    };
    const raise = (rule: AlertRule, airport: string | null, extra: Partial<AlertCandidate['details']> = {}) => {
      if (!rules[rule].enabled) return;
      out.push({
        rule,
        hex: event.hex,
        legKey: event.legKey,
        gapKey: 'gapKey' in event ? event.gapKey : null,
        eventId: id,
        airport,
        at: event.at,
        dedupeKey: dedupeKey(rule, event),
        recipients: rules[rule].recipients,
        details: {
          cause: event.kind,
          inferred: 'inferred' in event ? event.inferred : false,
          lat: 'lat' in event ? event.lat : null,
          lon: 'lon' in event ? event.lon : null,
          ...feedText,
          ...extra,
        },
      });
    };
    if (event.kind === 'takeoff' || event.kind === 'landing') {
      if (event.airport === null || !ctx.watched.has(event.airport)) continue;
      if (purpose === 'type') raise('unlisted', event.airport);
      else raise(event.kind === 'takeoff' ? 'departure' : 'arrival', event.airport);
    }
  }
  return out;
}
