import { createHash, createHmac } from 'node:crypto';
import type { AlertEmailInput } from './alert-email-input.js';
import { buildAlertSubject } from './email/alert-subject.js';
import { trackLinks } from './email/track-links.js';

/**
 * The JSON a webhook receives for one alert, and its headers. `text` is a one-line summary, so that Slack- and
 * Mattermost-style incoming webhooks show it as it is; the other fields are for scripts. Pure.
 */

export const WEBHOOK_PAYLOAD_VERSION = 1;

/**
 * The id a receiver deduplicates on: derived from the alert's dedupe key (one alert per rule, leg or gap, and
 * event), so it is the same on every retry, after a restart, and after a replay into a fresh database.
 */
export function webhookAlertId(dedupeKey: string): string {
  return `tw-${createHash('sha256').update(dedupeKey).digest('hex').slice(0, 32)}`;
}

/** `sha256=<hex HMAC-SHA256 of the raw body>`, the X-Tailwatch-Signature header. */
export function webhookSignature(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());

/** Slack and Mattermost read <…> as links and & as an entity: escaped, text from a file stays text. */
function chatText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export interface WebhookMessage {
  body: string;
  headers: Record<string, string>;
}

/** One alert (the input's first item) as a webhook POST: the JSON body and its headers. */
export function webhookMessage(input: AlertEmailInput, dedupeKey: string, secret: string | null): WebhookMessage {
  const item = input.items[0];
  if (!item) throw new Error('webhookMessage needs an alert item');
  const id = webhookAlertId(dedupeKey);
  const { airframe, leg } = input;
  const summary = buildAlertSubject({ ...input, items: [item] }).replace(/^\[tailwatch\] /, '');
  const links = trackLinks(airframe.hex, item.at);
  const payload = {
    version: WEBHOOK_PAYLOAD_VERSION,
    id,
    rule: item.rule,
    at: iso(item.at),
    hex: airframe.hex,
    registration: airframe.registration,
    type: airframe.typeCode,
    operator: airframe.operator,
    listed: airframe.listed,
    reason: airframe.reason,
    airport: item.airport && { ident: item.airport.ident, name: item.airport.name },
    inferred: item.inferred,
    squawk: item.squawk ?? null,
    distanceKm: item.distanceKm ?? null,
    position: item.lat !== null && item.lon !== null ? { lat: item.lat, lon: item.lon } : null,
    leg: leg && {
      callsign: leg.callsign,
      departure: leg.departureAirport?.ident ?? null,
      arrival: leg.arrivalAirport?.ident ?? null,
      departedAt: iso(leg.departedAt),
      arrivedAt: iso(leg.arrivedAt),
      departureInferred: leg.departureInferred,
      arrivalInferred: leg.arrivalInferred,
      firstSeenAt: iso(leg.firstSeenAt),
      lastSeenAt: iso(leg.lastSeenAt),
      status: leg.status,
    },
    gaps: input.gaps.map((g) => ({
      startedAt: iso(g.startedAt),
      endedAt: iso(g.endedAt),
      durationMin: g.endedAt === null ? null : Math.round((g.endedAt - g.startedAt) / 60_000),
      start: { lat: g.startLat, lon: g.startLon, altFt: g.startAltFt },
      end: g.endLat === null || g.endLon === null ? null : { lat: g.endLat, lon: g.endLon, altFt: g.endAltFt },
      distanceKm: g.distanceKm,
      verdict: g.verdict ?? 'unknown',
    })),
    links: { adsbexchange: links[0]!.url, adsblol: links[1]!.url, airplaneslive: links[2]!.url },
    text: chatText(summary),
  };
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'user-agent': 'tailwatch-webhook/1',
    'x-tailwatch-alert-id': id,
  };
  if (secret) headers['x-tailwatch-signature'] = webhookSignature(body, secret);
  return { body, headers };
}
