import { PNG } from 'pngjs';
import * as PImage from 'pureimage';
import type { DigestContent } from '../../store/digest-content.js';
import { MAP_COLOURS } from '../map/map-colours.js';
import { ensureMapFonts } from '../map/map-font.js';
import { buildGraticule } from '../map/map-graticule.js';
import { type Box, drawScaleBar, drawTitle, placeLabel } from '../map/map-labels.js';
import { fitMapView, type GeoPoint } from '../map/map-view.js';
import { projectPaths, strokePaths, thin, tracePath } from '../map/pixel-path.js';
import { drawLand } from '../map/render-leg-map.js';

export const DIGEST_MAP_WIDTH = 640;
export const DIGEST_MAP_HEIGHT = 400;

/**
 * The digest's small map: every leg of the day as a line (one colour per airframe, so two airframes on one
 * route stay apart), the watched airports as orange squares with their idents, land, a graticule and a
 * scale. The same drawing stack as the leg map (d3-geo onto pureimage, encoded with pngjs). Pure apart from
 * reading the coastline and the font once.
 */
export async function renderDigestMap(content: DigestContent): Promise<Buffer> {
  const width = DIGEST_MAP_WIDTH;
  const height = DIGEST_MAP_HEIGHT;
  ensureMapFonts();
  const points: GeoPoint[] = [...content.legs.flatMap((l) => l.track), ...content.watchedAirports];
  const view = fitMapView(points, { width, height, paddingPx: 40, minSpanKm: 500 });
  const bitmap = PImage.make(width, height);
  const ctx = bitmap.getContext('2d');
  ctx.imageSmoothingEnabled = true;
  ctx.fillStyle = MAP_COLOURS.water;
  ctx.fillRect(0, 0, width, height);

  drawLand(ctx, view);
  ctx.strokeStyle = MAP_COLOURS.graticule;
  const graticule = buildGraticule(view);
  for (const line of [...graticule.meridians, ...graticule.parallels])
    strokePaths(ctx, projectPaths(view.projection, line.line));

  const hexes = [...new Set(content.legs.map((l) => l.hex))];
  ctx.lineWidth = 2.5;
  for (const leg of content.legs) {
    ctx.strokeStyle = TRACK_COLOURS[hexes.indexOf(leg.hex) % TRACK_COLOURS.length]!;
    const pixels = thin(leg.track.map((p) => view.project(p.lat, p.lon)));
    if (pixels.length < 2) continue;
    ctx.beginPath();
    tracePath(ctx, pixels, false);
    ctx.stroke();
  }

  const placed: Box[] = [drawTitle(ctx, `tailwatch ${content.day}: ${content.legs.length} legs`)];
  placed.push(drawScaleBar(ctx, view, height));
  for (const airport of content.watchedAirports) {
    const p = view.project(airport.lat, airport.lon);
    if (p.x < 0 || p.x > width || p.y < 0 || p.y > height) continue;
    ctx.fillStyle = MAP_COLOURS.text;
    ctx.fillRect(p.x - 6, p.y - 6, 12, 12);
    ctx.fillStyle = MAP_COLOURS.watchedAirport;
    ctx.fillRect(p.x - 4, p.y - 4, 8, 8);
    placed.push({ x: p.x - 6, y: p.y - 6, w: 12, h: 12 });
  }
  for (const airport of content.watchedAirports) {
    const p = view.project(airport.lat, airport.lon);
    placeLabel(ctx, airport.ident, p, 10, true, placed, view);
  }
  const png = new PNG({ width, height });
  png.data = Buffer.from(bitmap.data.buffer, bitmap.data.byteOffset, bitmap.data.byteLength);
  return PNG.sync.write(png);
}

/** Distinct, colour-blind-friendly line colours (Okabe-Ito), one per airframe. */
const TRACK_COLOURS = ['#d55e00', '#0072b2', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#000000'];
