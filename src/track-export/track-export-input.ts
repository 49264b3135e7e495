/**
 * One airframe's stored track over a time window, as the exports (KML, GeoJSON, CSV) and the alert email's
 * `track.kml` take it. Times are epoch milliseconds (data time); altitudes are barometric feet as the feeds
 * give them. Text fields (registration, callsign, airport names) come from feeds or files: every writer
 * escapes them for its format.
 */

export interface ExportPosition {
  t: number;
  lat: number;
  lon: number;
  /** Null on the ground, or when the feed had no reliable altitude. */
  altFt: number | null;
  onGround: boolean;
}

export interface ExportAirport {
  ident: string;
  name: string;
  lat: number;
  lon: number;
  /** The field's elevation; places on-ground positions in the KML. Null where unknown. */
  elevationFt: number | null;
}

export interface ExportLeg {
  /** The `legs.id`; null where the caller has none (the alert email). */
  id: string | null;
  callsign: string | null;
  departureAirport: ExportAirport | null;
  arrivalAirport: ExportAirport | null;
  departedAt: number | null;
  arrivedAt: number | null;
  firstSeenAt: number;
  lastSeenAt: number;
  status: string;
}

export interface ExportGap {
  startedAt: number;
  endedAt: number | null;
  startLat: number;
  startLon: number;
  startAltFt: number | null;
  endLat: number | null;
  endLon: number | null;
  endAltFt: number | null;
  /** Heard again on the ground (null while the gap is open). */
  endOnGround: boolean | null;
  distanceKm: number | null;
  /** dark | coverage | outage | unknown (docs/tracking.md#gap-verdicts); absent: unknown. */
  verdict?: string;
}

export interface TrackExport {
  hex: string;
  registration: string | null;
  typeCode: string | null;
  operator: string | null;
  /** Time-ordered. */
  positions: ExportPosition[];
  /** Time-ordered by first sighting. */
  legs: ExportLeg[];
  /** Time-ordered by start. */
  gaps: ExportGap[];
}

/**
 * The positions of each leg (between its first and last sighting), then those outside every leg. Both lists
 * are time-ordered, so one pass serves; legs do not overlap (an aircraft flies one at a time).
 */
export function positionsByLeg(input: TrackExport): { leg: ExportLeg | null; positions: ExportPosition[] }[] {
  const groups = input.legs.map((leg) => ({ leg: leg as ExportLeg | null, positions: [] as ExportPosition[] }));
  const outside: ExportPosition[] = [];
  let i = 0;
  for (const p of input.positions) {
    while (i < input.legs.length && input.legs[i]!.lastSeenAt < p.t) i++;
    const leg = input.legs[i];
    if (leg && p.t >= leg.firstSeenAt) groups[i]!.positions.push(p);
    else outside.push(p);
  }
  if (outside.length > 0) groups.push({ leg: null, positions: outside });
  return groups.filter((g) => g.positions.length > 0);
}
