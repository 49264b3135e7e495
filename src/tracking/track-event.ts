import type { LegStatus } from './leg-record.js';

/**
 * What happened, in data-time order, with enough in each event to build an alert without a lookup:
 * hex, times, airport ident and coordinates.
 */
export type TrackEvent =
  | {
      kind: 'leg_opened';
      hex: string;
      legKey: string;
      /** The leg's departedAt when known, else its first sighting. */
      at: number;
      lat: number;
      lon: number;
      altFt: number | null;
      callsign: string | null;
    }
  | {
      kind: 'takeoff';
      hex: string;
      legKey: string;
      at: number;
      airport: string | null;
      inferred: boolean;
      lat: number;
      lon: number;
    }
  | {
      kind: 'landing';
      hex: string;
      legKey: string;
      at: number;
      airport: string | null;
      inferred: boolean;
      lat: number;
      lon: number;
    }
  | {
      kind: 'gap_opened';
      hex: string;
      legKey: string | null;
      gapKey: string;
      /** The time of the last sighting before the silence. */
      at: number;
      lat: number;
      lon: number;
      altFt: number | null;
    }
  | {
      kind: 'gap_closed';
      hex: string;
      legKey: string | null;
      gapKey: string;
      /** The time of the first sighting after the silence. */
      at: number;
      startedAt: number;
      durationMs: number;
      lat: number;
      lon: number;
      altFt: number | null;
      onGround: boolean;
      distanceKm: number;
      impliedSpeedKt: number | null;
    }
  | {
      kind: 'leg_closed';
      hex: string;
      legKey: string;
      at: number;
      status: LegStatus;
      departureAirport: string | null;
      arrivalAirport: string | null;
    };
