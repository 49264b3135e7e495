import type { ExportAirport, TrackExport } from '../../track-export/track-export-input.js';
import { renderTrackKml } from '../../track-export/track-kml.js';
import type { AlertAirport, AlertEmailInput } from '../alert-email-input.js';

function exportAirport(airport: AlertAirport | null): ExportAirport | null {
  return airport ? { ...airport, elevationFt: null } : null;
}

/** The alert's leg as the email's `track.kml`: the same writer as `tailwatch export track --format kml`. Pure. */
export function legTrackKml(input: AlertEmailInput): string {
  const leg = input.leg;
  const track: TrackExport = {
    hex: input.airframe.hex,
    registration: input.airframe.registration,
    typeCode: input.airframe.typeCode,
    operator: input.airframe.operator,
    positions: input.track,
    legs: leg
      ? [
          {
            id: null,
            callsign: leg.callsign,
            departureAirport: exportAirport(leg.departureAirport),
            arrivalAirport: exportAirport(leg.arrivalAirport),
            departedAt: leg.departedAt,
            arrivedAt: leg.arrivedAt,
            firstSeenAt: leg.firstSeenAt,
            lastSeenAt: leg.lastSeenAt,
            status: leg.status,
          },
        ]
      : [],
    gaps: input.gaps,
  };
  return renderTrackKml(track);
}
