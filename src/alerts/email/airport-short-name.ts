import type { AlertAirport } from '../alert-email-input.js';
import { oneLine } from './safe-text.js';

/**
 * A short place name for subjects and map labels. OurAirports names ("José Martí International Airport")
 * don't say the city and the table has no municipality, so the watched defaults have a small table of
 * the cities analysts say; any other airport keeps its stored name, shortened.
 */
const SHORT_NAMES: Readonly<Record<string, string>> = {
  SVMI: 'Caracas',
  MUHA: 'Havana',
  MNMG: 'Managua',
};

export function airportShortName(airport: Pick<AlertAirport, 'ident' | 'name'>, maxLength = 40): string {
  const known = SHORT_NAMES[airport.ident.toUpperCase()];
  if (known) return known;
  const name = oneLine(airport.name, maxLength);
  return name === '' ? oneLine(airport.ident, 8) : name;
}

/** "Havana (MUHA)" */
export function airportLabel(airport: Pick<AlertAirport, 'ident' | 'name'>): string {
  const ident = oneLine(airport.ident, 8);
  const name = airportShortName(airport);
  return name === ident ? ident : `${name} (${ident})`;
}
