import { geoGraticule } from 'd3-geo';
import type { LineString } from 'geojson';
import type { MapView } from './map-view.js';

/**
 * Where the lat/lon grid lines and the scale bar go, for a fitted view. Pure.
 */

export interface GraticuleLine {
  /** Degrees (longitudes unwrapped like the view's). */
  value: number;
  /** d3's line for it, to draw through the view's projection. */
  line: LineString;
  /** Pixel coordinate: x for a meridian, y for a parallel. */
  px: number;
  label: string;
}

export interface Graticule {
  stepDeg: number;
  meridians: GraticuleLine[];
  parallels: GraticuleLine[];
}

const STEPS = [0.25, 0.5, 1, 2, 5, 10, 15, 20, 30, 45, 60, 90];

/** The smallest "round" step that draws at most `maxLines` lines across `spanDeg`. */
export function graticuleStep(spanDeg: number, maxLines = 7): number {
  for (const step of STEPS) if (spanDeg / step <= maxLines) return step;
  return 90;
}

/** "85°W", "12.5°N", "0°", "180°". */
export function formatDegrees(value: number, axis: 'lat' | 'lon'): string {
  let v = value;
  if (axis === 'lon') v = ((((v + 180) % 360) + 360) % 360) - 180;
  const abs = Math.round(Math.abs(v) * 100) / 100;
  if (abs === 0) return '0°';
  if (axis === 'lon' && abs === 180) return '180°';
  const hemisphere = axis === 'lat' ? (v > 0 ? 'N' : 'S') : v > 0 ? 'E' : 'W';
  return `${abs}°${hemisphere}`;
}

/** The meridians and parallels (d3's geoGraticule, one step over the view's edges) that cross the view. */
export function buildGraticule(view: MapView): Graticule {
  const stepDeg = graticuleStep(Math.max(view.east - view.west, view.north - view.south));
  const lines = geoGraticule()
    .step([stepDeg, stepDeg])
    .extent([
      [view.west - stepDeg, Math.max(-89, view.south - stepDeg)],
      [view.east + stepDeg, Math.min(89, view.north + stepDeg)],
    ])
    .lines();
  const meridians: GraticuleLine[] = [];
  const parallels: GraticuleLine[] = [];
  for (const line of lines) {
    const [[lon, lat], [nextLon]] = line.coordinates as [[number, number], [number, number]];
    if (lon === nextLon) {
      const px = view.project(0, lon).x;
      if (px >= 0 && px <= view.width) meridians.push({ value: lon, line, px, label: formatDegrees(lon, 'lon') });
    } else {
      const px = view.project(lat, view.centerLon).y;
      if (px >= 0 && px <= view.height) parallels.push({ value: lat, line, px, label: formatDegrees(lat, 'lat') });
    }
  }
  const byValue = (a: GraticuleLine, b: GraticuleLine): number => a.value - b.value;
  return { stepDeg, meridians: meridians.sort(byValue), parallels: parallels.sort(byValue) };
}

export interface ScaleBar {
  km: number;
  px: number;
  label: string;
}

const SCALE_KM = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000];

/** The longest round distance whose bar fits in `maxPx` at the view's centre latitude. */
export function scaleBar(view: MapView, maxPx = 160): ScaleBar {
  let chosen = SCALE_KM[0]!;
  for (const km of SCALE_KM) if (km / view.kmPerPixel <= maxPx) chosen = km;
  return { km: chosen, px: chosen / view.kmPerPixel, label: `${chosen.toLocaleString('en-US')} km` };
}
