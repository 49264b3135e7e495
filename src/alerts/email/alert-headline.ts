import type { AlertEmailInput, AlertItem } from '../alert-email-input.js';
import { airportLabel } from './airport-short-name.js';
import { oneLine } from './safe-text.js';

/**
 * What one alert item says happened, as a verb phrase: "departed Havana (MUHA)", "arrived (inferred) at
 * Managua (MNMG)", "went dark near Managua (MNMG)", "squawked 7700", "landed at Havana (MUHA)" (unlisted).
 * Single-line and sanitised (airport names come from a file). Pure.
 */

/**
 * The contract's `unlisted` item does not say whether the aircraft departed or arrived: it is taken from
 * the leg (the item's airport is the leg's arrival airport and its time is nearer the arrival than the
 * departure => landed), and from the inferred flag when there is no leg.
 */
export function unlistedMovement(item: AlertItem, input: Pick<AlertEmailInput, 'leg'>): 'departed' | 'landed' | 'seen' {
  const leg = input.leg;
  const ident = item.airport?.ident.toUpperCase();
  if (leg && ident) {
    const isDeparture = leg.departureAirport?.ident.toUpperCase() === ident;
    const isArrival = leg.arrivalAirport?.ident.toUpperCase() === ident;
    if (isDeparture && isArrival) {
      const dDep = Math.abs(item.at - (leg.departedAt ?? leg.firstSeenAt));
      const dArr = Math.abs(item.at - (leg.arrivedAt ?? leg.lastSeenAt));
      return dArr < dDep ? 'landed' : 'departed';
    }
    if (isArrival) return 'landed';
    if (isDeparture) return 'departed';
  }
  return 'seen';
}

export function itemHeadline(item: AlertItem, input: Pick<AlertEmailInput, 'leg'>): string {
  const place = item.airport ? airportLabel(item.airport) : null;
  const inferred = item.inferred ? ' (inferred)' : '';
  switch (item.rule) {
    case 'departure':
      return place ? `departed${inferred} ${place}` : `departed${inferred}`;
    case 'arrival':
      return place ? `arrived${inferred} at ${place}` : `arrived${inferred}`;
    case 'went_dark':
      return place ? `went dark near ${place}` : 'went dark';
    case 'emergency_squawk': {
      const code = oneLine(item.squawk, 4) || 'emergency';
      return place ? `squawked ${code} near ${place}` : `squawked ${code}`;
    }
    case 'unlisted': {
      const movement = unlistedMovement(item, input);
      if (movement === 'departed') return place ? `departed${inferred} ${place}` : `departed${inferred}`;
      if (movement === 'landed') return place ? `landed${inferred} at ${place}` : `landed${inferred}`;
      return place ? `seen at ${place}` : 'seen';
    }
  }
}
