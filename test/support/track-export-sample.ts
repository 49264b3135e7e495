import type { ExportPosition, TrackExport } from '../../src/track-export/track-export-input.js';

/**
 * A made-up airframe's track for the export writers: two legs (the first with a silence in the middle),
 * positions climbing and descending, ground positions at both ends, and a hostile callsign.
 */
export function sampleTrackExport(): TrackExport {
  const t0 = Date.UTC(2025, 9, 29, 14, 0);
  const minute = 60_000;
  const leg1: ExportPosition[] = [];
  for (let i = 0; i <= 60; i++) {
    if (i > 20 && i < 35) continue; // silent from minute 21 to 34
    const onGround = i === 0 || i === 60;
    leg1.push({
      t: t0 + i * minute,
      lat: 23 + i * 0.1,
      lon: -82.4 + i * 0.05,
      altFt: onGround ? null : Math.min(i, 60 - i) * 1000,
      onGround,
    });
  }
  const t1 = t0 + 5 * 3_600_000;
  const leg2: ExportPosition[] = Array.from({ length: 10 }, (_, i) => ({
    t: t1 + i * minute,
    lat: 29 - i * 0.1,
    lon: -79.4,
    altFt: 3000 + i * 100,
    onGround: false,
  }));
  const stray: ExportPosition = { t: t1 + 3_600_000, lat: 28, lon: -79, altFt: 500, onGround: false };
  return {
    hex: '1533ad',
    registration: 'RA-78765',
    typeCode: 'IL76',
    operator: 'Aviacon Zitotrans',
    positions: [...leg1, ...leg2, stray],
    legs: [
      {
        id: '41',
        callsign: 'AZS<8765>&"',
        departureAirport: { ident: 'MUHA', name: 'José Martí', lat: 22.99, lon: -82.41, elevationFt: 210 },
        arrivalAirport: { ident: 'XTST', name: 'Test & <Field>', lat: 29, lon: -79.4, elevationFt: 1000 },
        departedAt: t0,
        arrivedAt: t0 + 60 * minute,
        firstSeenAt: t0,
        lastSeenAt: t0 + 60 * minute,
        status: 'landed',
      },
      {
        id: '42',
        callsign: null,
        departureAirport: null,
        arrivalAirport: null,
        departedAt: null,
        arrivedAt: null,
        firstSeenAt: t1,
        lastSeenAt: t1 + 9 * minute,
        status: 'lost',
      },
    ],
    gaps: [
      {
        startedAt: t0 + 20 * minute,
        endedAt: t0 + 35 * minute,
        startLat: 25,
        startLon: -81.4,
        startAltFt: 20000,
        endLat: 26.5,
        endLon: -80.65,
        endAltFt: 25000,
        endOnGround: false,
        distanceKm: 180,
        verdict: 'dark',
      },
    ],
  };
}
