import type { MapView } from './map-view.js';

/**
 * Where the lat/lon grid lines and the scale bar go, for a fitted view. Pure.
 */

export interface GraticuleLine {
  /** Degrees (longitudes unwrapped like the view's). */
  value: number;
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

export function buildGraticule(view: MapView): Graticule {
  const stepDeg = graticuleStep(Math.max(view.east - view.west, view.north - view.south));
  const meridians: GraticuleLine[] = [];
  for (let lon = Math.ceil(view.west / stepDeg) * stepDeg; lon <= view.east; lon += stepDeg) {
    meridians.push({ value: lon, px: view.projectFramed(0, lon).x, label: formatDegrees(lon, 'lon') });
  }
  const parallels: GraticuleLine[] = [];
  for (let lat = Math.ceil(view.south / stepDeg) * stepDeg; lat <= view.north; lat += stepDeg) {
    parallels.push({ value: lat, px: view.project(lat, view.centerLon).y, label: formatDegrees(lat, 'lat') });
  }
  return { stepDeg, meridians, parallels };
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
