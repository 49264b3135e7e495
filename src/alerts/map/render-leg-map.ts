import { PNG } from 'pngjs';
import * as PImage from 'pureimage';
import type { AlertEmailInput } from '../alert-email-input.js';
import { intermediatePoint, haversineKm } from '../../shared/geo.js';
import { dashPolyline } from './dashed-polyline.js';
import { landPolygons, type LandResolution } from './land-outline.js';
import { buildLegMapScene, type LegMapScene, type MapMarker } from './leg-map-scene.js';
import { ensureMapFonts, MAP_FONT_FAMILY } from './map-font.js';
import { buildGraticule } from './map-graticule.js';
import { fitMapView, type GeoPoint, type MapView, type PixelPoint } from './map-view.js';
import { MAP_COLOURS } from './map-colours.js';
import { fillPaths, projectPaths, strokePaths, thin, tracePath } from './pixel-path.js';
import { type Box, drawScaleBar, drawTitle, type MapContext as Context, placeLabel } from './map-labels.js';

export { MAP_COLOURS } from './map-colours.js';

/**
 * Draws the leg map as a PNG: Natural Earth land on water, a lat/lon graticule, the seen track solid,
 * the dark stretches dashed between the gap ends, airports (watched ones marked), start/end and gap
 * markers with UTC labels, a title, a legend and a scale bar.
 *
 * Drawing is pure JS (pureimage onto an RGBA buffer, encoded with pngjs): it installs anywhere with no
 * native build or download. Measured on this 2-core machine for the seed scenario's Caracas-Managua
 * leg at 800x500: ~0.5 s cold (parsing the 1:50m coastline and the font once) and ~0.3 s warm, most
 * of it the anti-aliased scanline fill of the land. @napi-rs/canvas would be ~10x faster but ships a
 * native binary per platform; for a handful of alert emails a minute, pure JS is fast enough.
 */

export interface LegMapOptions {
  width?: number;
  height?: number;
}

export const LEG_MAP_WIDTH = 800;
export const LEG_MAP_HEIGHT = 500;

const PADDING_PX = 72;
const MIN_SPAN_KM = 150;

export async function renderLegMap(input: AlertEmailInput, options: LegMapOptions = {}): Promise<Buffer> {
  const width = options.width ?? LEG_MAP_WIDTH;
  const height = options.height ?? LEG_MAP_HEIGHT;
  ensureMapFonts();
  const scene = buildLegMapScene(input);
  const view = fitMapView(scene.focus, { width, height, paddingPx: PADDING_PX, minSpanKm: MIN_SPAN_KM });
  const bitmap = PImage.make(width, height);
  const ctx = bitmap.getContext('2d');
  ctx.imageSmoothingEnabled = true;

  ctx.fillStyle = MAP_COLOURS.water;
  ctx.fillRect(0, 0, width, height);
  drawLand(ctx, view);
  drawGraticule(ctx, view);
  drawTrack(ctx, view, scene);
  const placed: Box[] = [];
  const title = drawTitle(ctx, scene.title);
  placed.push(title);
  const legend = drawLegend(ctx, width, height);
  placed.push(legend);
  placed.push(drawScaleBar(ctx, view, height));
  drawAirportsAndMarkers(ctx, view, scene, placed);

  const png = new PNG({ width, height });
  png.data = Buffer.from(bitmap.data.buffer, bitmap.data.byteOffset, bitmap.data.byteLength);
  return PNG.sync.write(png);
}

function resolutionFor(view: MapView): LandResolution {
  return view.east - view.west > 60 ? '110m' : '50m';
}

/** Land polygons, each filled then its coast stroked; d3 clips them to the canvas and at the view's seam. */
export function drawLand(ctx: Context, view: MapView): void {
  ctx.fillStyle = MAP_COLOURS.land;
  ctx.strokeStyle = MAP_COLOURS.coast;
  ctx.lineWidth = 1;
  for (const land of landPolygons(resolutionFor(view))) {
    if (!view.overlaps(land.bounds)) continue;
    fillPaths(ctx, projectPaths(view.projection, land.polygon));
    strokePaths(ctx, projectPaths(view.projection, land.coast));
  }
}

/** A filled disc (pureimage's arc() repeats its last point, which its stroker warns about on the console). */
function fillCircle(ctx: Context, at: PixelPoint, radius: number, colour: string): void {
  ctx.fillStyle = colour;
  ctx.beginPath();
  const steps = 24;
  for (let i = 0; i < steps; i++) {
    const a = (i / steps) * Math.PI * 2;
    const x = at.x + Math.cos(a) * radius;
    const y = at.y + Math.sin(a) * radius;
    if (i === 0) ctx.moveTo(x, y);
    else ctx.lineTo(x, y);
  }
  ctx.closePath();
  ctx.fill();
}

function drawGraticule(ctx: Context, view: MapView): void {
  const grid = buildGraticule(view);
  ctx.strokeStyle = MAP_COLOURS.graticule;
  ctx.lineWidth = 1;
  ctx.fillStyle = MAP_COLOURS.graticuleLabel;
  ctx.font = `10px ${MAP_FONT_FAMILY}`;
  for (const m of grid.meridians) {
    strokePaths(ctx, projectPaths(view.projection, m.line));
    ctx.fillText(m.label, m.px + 3, view.height - 36);
  }
  for (const p of grid.parallels) {
    strokePaths(ctx, projectPaths(view.projection, p.line));
    ctx.fillText(p.label, view.width - ctx.measureText(p.label).width - 4, p.px - 3);
  }
}

/** Samples the great circle between two points so a long dark stretch curves as flown. */
function greatCircle(view: MapView, from: GeoPoint, to: GeoPoint): PixelPoint[] {
  const km = haversineKm(from.lat, from.lon, to.lat, to.lon);
  const steps = Math.max(1, Math.min(64, Math.ceil(km / 50)));
  const out: PixelPoint[] = [];
  for (let i = 0; i <= steps; i++) {
    const p = i === 0 ? from : i === steps ? to : intermediatePoint(from.lat, from.lon, to.lat, to.lon, i / steps);
    out.push(view.project(p.lat, p.lon));
  }
  return out;
}

function drawTrack(ctx: Context, view: MapView, scene: LegMapScene): void {
  ctx.lineWidth = 3;
  ctx.strokeStyle = MAP_COLOURS.track;
  ctx.fillStyle = MAP_COLOURS.track;
  for (const run of scene.seen) {
    const pixels = thin(run.map((p) => view.project(p.lat, p.lon)));
    if (pixels.length === 1) {
      fillCircle(ctx, pixels[0]!, 2.5, MAP_COLOURS.track);
      continue;
    }
    ctx.beginPath();
    tracePath(ctx, pixels, false);
    ctx.stroke();
  }
  // A dark gap (transponder off among heard traffic): dark dashes. Any other (reception hole, outage, no
  // evidence): grey dots, so the eye goes to the gaps that are evidence.
  for (const d of scene.dark) {
    if (!d.to) continue;
    drawGapLine(ctx, greatCircle(view, d.from, d.to), d.heardAround);
  }
}

function drawGapLine(ctx: Context, points: readonly PixelPoint[], heardAround: boolean): void {
  ctx.lineWidth = heardAround ? 2.5 : 2;
  ctx.strokeStyle = heardAround ? MAP_COLOURS.dark : MAP_COLOURS.unheard;
  for (const dash of dashPolyline(points, heardAround ? 9 : 2.5, heardAround ? 6 : 4)) {
    ctx.beginPath();
    tracePath(ctx, dash, false);
    ctx.stroke();
  }
}

function drawAirportsAndMarkers(ctx: Context, view: MapView, scene: LegMapScene, placed: Box[]): void {
  const inView = (p: PixelPoint): boolean => p.x >= 0 && p.x <= view.width && p.y >= 0 && p.y <= view.height;
  const labels: Array<{ at: PixelPoint; text: string; bold: boolean; radius: number }> = [];
  for (const m of scene.markers) {
    const p = view.project(m.point.lat, m.point.lon);
    if (!inView(p)) continue;
    drawMarker(ctx, m, p);
    if (m.label !== '') labels.push({ at: p, text: m.label, bold: false, radius: 9 });
  }
  // Airports on top of the markers (a departure dot sits on its runway): watched ones as orange
  // triangles, others as dark dots. Their labels go first: the place names matter most.
  const airportLabels: typeof labels = [];
  for (const a of scene.airports) {
    const p = view.project(a.point.lat, a.point.lon);
    if (!inView(p)) continue;
    if (a.watched) {
      drawWatchedAirport(ctx, p);
    } else {
      fillCircle(ctx, p, 4, MAP_COLOURS.airport);
    }
    airportLabels.push({ at: p, text: a.label, bold: a.watched || a.onLeg, radius: 10 });
  }
  const all = [...airportLabels, ...labels];
  // Reserve every symbol's footprint and the drawn lines before placing any label, so no label hides them.
  for (const l of all) placed.push({ x: l.at.x - 6, y: l.at.y - 6, w: 12, h: 12 });
  placed.push(...lineFootprint(view, scene));
  for (const l of all) placeLabel(ctx, l.text, l.at, l.radius, l.bold, placed, view);
}

/** An orange triangle with a dark rim (two fills: pureimage strokes closed paths poorly). */
function drawWatchedAirport(ctx: Context, p: PixelPoint): void {
  const triangle = (size: number, colour: string): void => {
    ctx.fillStyle = colour;
    ctx.beginPath();
    ctx.moveTo(p.x, p.y - size);
    ctx.lineTo(p.x + size * 0.9, p.y + size * 0.65);
    ctx.lineTo(p.x - size * 0.9, p.y + size * 0.65);
    ctx.closePath();
    ctx.fill();
  };
  triangle(9.5, MAP_COLOURS.text);
  triangle(6.5, MAP_COLOURS.watchedAirport);
}

/** Small boxes every ~8 px along the seen and dark stretches. */
function lineFootprint(view: MapView, scene: LegMapScene): Box[] {
  const boxes: Box[] = [];
  const lines = [
    ...scene.seen.map((run) => thin(run.map((p) => view.project(p.lat, p.lon)))),
    ...scene.dark.flatMap((d) => (d.to ? [greatCircle(view, d.from, d.to)] : [])),
  ];
  for (const line of lines) {
    let last: PixelPoint | null = null;
    for (const p of line) {
      if (last !== null) {
        const steps = Math.ceil(Math.hypot(p.x - last.x, p.y - last.y) / 8);
        for (let i = 1; i <= steps; i++) {
          const x = last.x + ((p.x - last.x) * i) / steps;
          const y = last.y + ((p.y - last.y) * i) / steps;
          boxes.push({ x: x - 2, y: y - 2, w: 4, h: 4 });
        }
      } else {
        boxes.push({ x: p.x - 2, y: p.y - 2, w: 4, h: 4 });
      }
      last = p;
    }
  }
  return boxes;
}

function drawMarker(ctx: Context, m: MapMarker, p: PixelPoint): void {
  if (m.kind === 'start' || m.kind === 'end' || m.kind === 'event') {
    fillCircle(ctx, p, 7, '#ffffff');
    fillCircle(
      ctx,
      p,
      5,
      m.kind === 'start' ? MAP_COLOURS.start : m.kind === 'end' ? MAP_COLOURS.end : MAP_COLOURS.track,
    );
    return;
  }
  // Gap ends: a dark disc with a white rim (went dark), a white disc with a dark rim (seen again).
  fillCircle(ctx, p, 6.5, m.kind === 'gap_start' ? '#ffffff' : MAP_COLOURS.dark);
  fillCircle(ctx, p, 4.5, m.kind === 'gap_start' ? MAP_COLOURS.dark : '#ffffff');
}

function drawLegend(ctx: Context, width: number, height: number): Box {
  const box = { x: width - 206, y: height - 104, w: 198, h: 96 };
  ctx.globalAlpha = 0.9;
  ctx.fillStyle = MAP_COLOURS.labelBox;
  ctx.fillRect(box.x, box.y, box.w, box.h);
  ctx.globalAlpha = 1;
  ctx.font = `11px ${MAP_FONT_FAMILY}`;
  const row = (i: number): number => box.y + 15 + i * 18;
  ctx.strokeStyle = MAP_COLOURS.track;
  ctx.lineWidth = 3;
  ctx.beginPath();
  ctx.moveTo(box.x + 8, row(0));
  ctx.lineTo(box.x + 36, row(0));
  ctx.stroke();
  const sample = (i: number): PixelPoint[] => [
    { x: box.x + 8, y: row(i) },
    { x: box.x + 36, y: row(i) },
  ];
  drawGapLine(ctx, sample(1), true);
  drawGapLine(ctx, sample(2), false);
  drawWatchedAirport(ctx, { x: box.x + 22, y: row(3) });
  drawMarker(ctx, { kind: 'gap_start', point: { lat: 0, lon: 0 }, label: '' }, { x: box.x + 15, y: row(4) });
  drawMarker(ctx, { kind: 'gap_end', point: { lat: 0, lon: 0 }, label: '' }, { x: box.x + 30, y: row(4) });
  ctx.fillStyle = MAP_COLOURS.text;
  ctx.fillText('seen on ADS-B', box.x + 44, row(0) + 4);
  ctx.fillText('dark: off among heard traffic', box.x + 44, row(1) + 4);
  ctx.fillText('not heard: hole, outage, unknown', box.x + 44, row(2) + 4);
  ctx.fillText('watched airport', box.x + 44, row(3) + 4);
  ctx.fillText('went dark / seen again', box.x + 40, row(4) + 4);
  return box;
}
