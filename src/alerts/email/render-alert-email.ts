import type { AlertEmailInput, RenderedAttachment, RenderedEmail } from '../alert-email-input.js';
import { isTailwatchError } from '../../errors/tailwatch-error.js';
import { LEG_MAP_HEIGHT, LEG_MAP_WIDTH, renderLegMap } from '../map/render-leg-map.js';
import { buildAlertEmailContent } from './alert-email-content.js';
import { renderAlertEmailHtml } from './alert-email-html.js';
import { renderAlertEmailText } from './alert-email-text.js';
import { buildAlertSubject } from './alert-subject.js';
import { legTrackGeoJson } from './leg-track-geojson.js';
import { legTrackKml } from './leg-track-kml.js';
import { safeHex } from './safe-text.js';
import { formatUtcDate } from './utc-time-format.js';

/** RenderedEmail plus what the renderer could not do (e.g. the map), for the caller to log. */
export interface RenderedAlertEmail extends RenderedEmail {
  warnings: string[];
}

/**
 * Renders one alert email: subject, text and HTML parts, the leg map as an inline PNG (`cid:`) and the
 * track as GeoJSON and KML (Google Earth) attachments. Pure apart from drawing and encoding the PNG (it
 * reads the coastline and font files of installed packages once); it never reads the clock: every time
 * comes from the input.
 * When the map cannot be drawn (MAP_DATA_UNAVAILABLE), the email still goes out, without it, and says so
 * in `warnings` and in the body: an alert without a map beats no alert.
 */
export async function renderAlertEmail(input: AlertEmailInput): Promise<RenderedAlertEmail> {
  const subject = buildAlertSubject(input);
  const content = buildAlertEmailContent(input);
  const hex = safeHex(input.airframe.hex);
  const day = formatUtcDate(input.items[0]?.at ?? input.leg?.firstSeenAt ?? 0);
  const mapName = `tailwatch-${hex}-${day}-map.png`;
  const trackName = `tailwatch-${hex}-${day}-track.geojson`;
  const kmlName = `tailwatch-${hex}-${day}-track.kml`;
  const cid = `leg-map-${hex}@tailwatch`;
  const warnings: string[] = [];
  const attachments: RenderedAttachment[] = [];
  let map: Buffer | null = null;
  try {
    map = await renderLegMap(input);
  } catch (error) {
    if (!isTailwatchError(error, 'MAP_DATA_UNAVAILABLE')) throw error;
    warnings.push(`The map could not be drawn: ${error.message}`);
  }
  if (map) attachments.push({ filename: mapName, content: map, contentType: 'image/png', cid });
  attachments.push({
    filename: trackName,
    content: Buffer.from(`${JSON.stringify(legTrackGeoJson(input), null, 1)}\n`, 'utf8'),
    contentType: 'application/geo+json',
  });
  attachments.push({
    filename: kmlName,
    content: Buffer.from(legTrackKml(input), 'utf8'),
    contentType: 'application/vnd.google-earth.kml+xml',
  });
  const text = renderAlertEmailText(content, { map: map ? mapName : null, track: trackName, kml: kmlName }, warnings);
  const html = renderAlertEmailHtml(
    content,
    map ? { cid, width: LEG_MAP_WIDTH, height: LEG_MAP_HEIGHT } : null,
    warnings,
  );
  return { subject, text, html, attachments, warnings };
}
