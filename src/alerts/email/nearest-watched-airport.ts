import type { AlertAirport } from '../alert-email-input.js';
import { haversineKm } from '../../shared/geo.js';

/** The watched airport nearest a position, with its great-circle distance in km (null for none). Pure. */
export function nearestWatchedAirport(
  lat: number,
  lon: number,
  watched: readonly AlertAirport[],
): { airport: AlertAirport; km: number } | null {
  let best: { airport: AlertAirport; km: number } | null = null;
  for (const airport of watched) {
    const km = haversineKm(lat, lon, airport.lat, airport.lon);
    if (Number.isFinite(km) && (best === null || km < best.km)) best = { airport, km };
  }
  return best;
}
