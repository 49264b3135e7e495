import type { AlertAirport, AlertEmailInput, AlertTrackPoint } from './alert-email-input.js';

const MUHA: AlertAirport = { ident: 'MUHA', name: 'José Martí International Airport', lat: 22.9892, lon: -82.4091 };
const SVMI: AlertAirport = {
  ident: 'SVMI',
  name: 'Simón Bolívar International Airport',
  lat: 10.601194,
  lon: -66.991222,
};
const MNMG: AlertAirport = {
  ident: 'MNMG',
  name: 'Augusto C. Sandino International Airport',
  lat: 12.1415,
  lon: -86.1682,
};

/**
 * A sample alert for `tailwatch alerts test` (pure): RA-78765 departing Havana and going dark 20 minutes
 * later on its way to Caracas, at `departedAt` (epoch ms). It is marked as a test in the reason.
 */
export function sampleAlertEmailInput(departedAt: number): AlertEmailInput {
  const minute = 60_000;
  const track: AlertTrackPoint[] = [];
  for (let i = 0; i <= 20; i += 1) {
    const f = i / 20;
    // The first 20 minutes of MUHA -> SVMI, climbing out to the south-east.
    track.push({
      t: departedAt + i * minute,
      lat: MUHA.lat - f * 1.9,
      lon: MUHA.lon + f * 2.3,
      altFt: Math.round(Math.min(33_000, 500 + i * 1_800)),
      onGround: false,
    });
  }
  const last = track[track.length - 1]!;
  return {
    airframe: {
      hex: '1533ad',
      registration: 'RA-78765',
      typeCode: 'IL76',
      operator: 'Aviacon Zitotrans',
      reason: 'TEST EMAIL (tailwatch alerts test): OFAC SDN, program RUSSIA-EO14024',
      source: 'ofac-sdn',
      listed: true,
    },
    items: [
      { alertId: '0', rule: 'departure', at: departedAt, airport: MUHA, inferred: false, lat: MUHA.lat, lon: MUHA.lon },
      {
        alertId: '0',
        rule: 'went_dark',
        at: last.t,
        airport: MUHA,
        inferred: false,
        distanceKm: 300,
        lat: last.lat,
        lon: last.lon,
      },
    ],
    leg: {
      departureAirport: MUHA,
      arrivalAirport: null,
      departureLat: MUHA.lat,
      departureLon: MUHA.lon,
      arrivalLat: null,
      arrivalLon: null,
      departedAt,
      arrivedAt: null,
      departureInferred: false,
      arrivalInferred: false,
      firstSeenAt: departedAt,
      lastSeenAt: last.t,
      status: 'airborne',
      callsign: 'AZS8765',
    },
    gaps: [
      {
        startedAt: last.t,
        endedAt: null,
        startLat: last.lat,
        startLon: last.lon,
        startAltFt: last.altFt,
        endLat: null,
        endLon: null,
        endAltFt: null,
        endOnGround: null,
        distanceKm: null,
      },
    ],
    track,
    watchedAirports: [SVMI, MUHA, MNMG],
  };
}
