import { safeHex } from './safe-text.js';
import { formatUtcDate } from './utc-time-format.js';

/** Where analysts open the track: ADS-B Exchange with the day's trace, adsb.lol and airplanes.live. Pure. */
export interface TrackLink {
  label: string;
  url: string;
}

export function trackLinks(hex: string, day: number): TrackLink[] {
  const h = encodeURIComponent(safeHex(hex));
  return [
    {
      label: 'ADS-B Exchange (trace of the day)',
      url: `https://globe.adsbexchange.com/?icao=${h}&showTrace=${formatUtcDate(day)}`,
    },
    { label: 'adsb.lol', url: `https://adsb.lol/?icao=${h}` },
    { label: 'airplanes.live', url: `https://globe.airplanes.live/?icao=${h}` },
  ];
}
