import type { Transaction } from 'kysely';
import type { TailwatchConfig } from '../config/config-schema.js';
import type { Database, MatchedBy } from '../db/database-schema.js';
import type { Logger } from '../log/create-logger.js';
import type { CycleDerived, CycleHooks } from '../pipeline/snapshot-processor.js';
import { insertAlerts } from '../store/alert-outbox-repository.js';
import { activeHexesAmong } from '../store/airframes-repository.js';
import { airportsByIdent } from '../store/airports-repository.js';
import { hexesWithTypeMatchedLegs } from '../store/legs-and-gaps-repository.js';
import { saveSquawkWatchStates, squawkWatchStates } from '../store/squawk-watch-repository.js';
import type { Sighting } from '../tracking/sighting.js';
import type { AlertCandidate } from './alert-candidate.js';
import type { AlertDelivery } from './alert-delivery.js';
import { webhookEndpoints } from './webhook-settings.js';
import { alertRuleSettings, anyRuleEnabled } from './alert-settings.js';
import { advanceSquawkWatch, EMERGENCY_SQUAWKS, type SquawkState } from './emergency-squawk-watch.js';
import { type AircraftLabel, alertsForEvents } from './event-alert-rules.js';
import { wentDarkAlerts } from './went-dark-rule.js';

/** The latest label (registration, type, callsign) the feed gave each aircraft in the cycle. */
function labels(sightings: readonly Sighting[]): Map<string, AircraftLabel> {
  const out = new Map<string, AircraftLabel>();
  for (const s of sightings)
    out.set(s.hex, { registration: s.registration, typeCode: s.typeCode, callsign: s.callsign });
  return out;
}

async function squawkAlerts(
  trx: Transaction<Database>,
  derived: CycleDerived,
  holdMs: number,
  recipients: readonly string[],
): Promise<AlertCandidate[]> {
  const watched = derived.accepted.filter((s) => s.squawk !== null && derived.purposeOf(s.hex) === 'watchlist');
  if (!watched.length) return [];
  const hexes = [...new Set(watched.map((s) => s.hex))];
  const states: Map<string, SquawkState> = await squawkWatchStates(trx, hexes);
  if (!states.size && !watched.some((s) => EMERGENCY_SQUAWKS.has(s.squawk!))) return [];
  const { changed, triggered } = advanceSquawkWatch(states, watched, holdMs);
  await saveSquawkWatchStates(trx, changed);
  const label = labels(derived.accepted);
  return triggered.map((t) => {
    const leg = derived.legs.find((l) => l.hex === t.hex && l.firstSeenAt <= t.at && t.at <= l.lastSeenAt) ?? null;
    const l = label.get(t.hex);
    return {
      rule: 'emergency_squawk' as const,
      hex: t.hex,
      legKey: leg?.key ?? null,
      gapKey: null,
      eventId: null,
      airport: null,
      at: t.at,
      dedupeKey: `emergency_squawk:${t.hex}:${t.squawk}:${t.since}`,
      recipients,
      details: {
        cause: 'squawk',
        inferred: false,
        lat: t.lat,
        lon: t.lon,
        squawk: t.squawk,
        registration: l?.registration ?? null,
        typeCode: l?.typeCode ?? null,
        callsign: l?.callsign ?? null,
      },
    };
  });
}

/**
 * Why each aircraft with a new event is tracked. The cycle knows it only for aircraft it heard: an event
 * raised by silence (a gap opening, an arrival inferred from an approach) belongs to an aircraft the
 * cycle did not hear, so the list and the leg's matched_by decide.
 */
async function eventPurposes(
  trx: Transaction<Database>,
  derived: CycleDerived,
  judged: CycleDerived['gapVerdicts'],
): Promise<(hex: string) => MatchedBy> {
  const hexes = [...derived.newEvents.map((e) => e.event.hex), ...judged.map((g) => g.hex)];
  const unheard = [...new Set(hexes.filter((hex) => derived.purposeOf(hex) === 'area'))];
  if (!unheard.length) return derived.purposeOf;
  const listed = await activeHexesAmong(trx, unheard);
  const byType = await hexesWithTypeMatchedLegs(trx, unheard);
  return (hex) => {
    const heard = derived.purposeOf(hex);
    if (heard !== 'area') return heard;
    return listed.has(hex) ? 'watchlist' : byType.has(hex) ? 'type' : 'area';
  };
}

/**
 * The alert rules as cycle hooks: in the cycle's transaction, the rules run over its new events and
 * sightings and write outbox rows (with the emergency-squawk state); after commit, the delivery sends
 * what is due. Without a delivery (a worker restarting, tests), the rows wait for the next pass.
 */
export function createAlertHooks(deps: {
  config: Readonly<TailwatchConfig>;
  logger: Logger;
  delivery: AlertDelivery | null;
}): CycleHooks {
  const settings = alertRuleSettings(deps.config);
  const webhooks = webhookEndpoints(deps.config).map((w) => ({ name: w.name, rules: w.rules }));
  const log = deps.logger.child({ module: 'alerts' });
  return {
    async inTransaction(trx, derived) {
      if (!anyRuleEnabled(settings)) return;
      const candidates: AlertCandidate[] = [];
      const judged = settings.rules.went_dark.enabled ? derived.gapVerdicts : [];
      if (derived.newEvents.length || judged.length) {
        const watched = await airportsByIdent(trx, deps.config.watch.airports);
        const label = labels(derived.accepted);
        const purposeOf = await eventPurposes(trx, derived, judged);
        candidates.push(
          ...alertsForEvents(derived.newEvents, { watched, purposeOf, settings, labelOf: (hex) => label.get(hex) }),
        );
        const openedBy = new Map(
          derived.newEvents.flatMap(({ id, event }) => (event.kind === 'gap_opened' ? [[event.gapKey, id]] : [])),
        );
        candidates.push(
          ...wentDarkAlerts(judged, {
            watched,
            purposeOf,
            settings,
            eventIdOf: (gapKey) => openedBy.get(gapKey) ?? null,
            labelOf: (hex) => label.get(hex),
          }),
        );
      }
      if (settings.rules.emergency_squawk.enabled) {
        candidates.push(
          ...(await squawkAlerts(trx, derived, settings.squawkHoldMs, settings.rules.emergency_squawk.recipients)),
        );
      }
      const added = await insertAlerts(
        trx,
        candidates,
        { legIds: derived.legIds, gapIds: derived.gapIds, cycleId: derived.cycleId },
        webhooks,
      );
      if (added) log.info({ alerts: added, rules: [...new Set(candidates.map((c) => c.rule))] }, 'alerts queued');
    },
    async afterCommit() {
      if (deps.delivery) await deps.delivery.deliverDue();
    },
  };
}
