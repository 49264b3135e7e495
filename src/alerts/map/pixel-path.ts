import { geoPath, type GeoContext, type GeoPermissibleObjects, type GeoProjection } from 'd3-geo';
import type { PixelPoint } from './map-view.js';
import type { MapContext } from './map-labels.js';

/**
 * d3's geoPath draws onto any canvas-like context, but pureimage's needs adjusting, so what geoPath draws
 * is recorded as pixel paths and replayed:
 * - its closePath closes only the first sub-path of a path (later rings would lose their closing edge);
 * - its stroker warns on the console about repeated points (1:50m coasts have many within a pixel): points
 *   closer than half a pixel to the previous one are dropped, which also keeps the scanline fill fast;
 * - it strokes all sub-paths of a path as one even-odd shape, so crossing lines would cancel: each line
 *   is stroked on its own;
 * - it joins collinear segments unreliably (which side is "outside" hangs on the sign of a zero), so a
 *   straight run of points is one segment.
 */

export interface PixelPath {
  points: PixelPoint[];
  /** A ring (a polygon's), as opposed to a line. */
  closed: boolean;
}

/** Drops points closer than half a pixel to the previous one kept. */
export function thin(points: readonly PixelPoint[]): PixelPoint[] {
  const out: PixelPoint[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (last === undefined || Math.abs(p.x - last.x) + Math.abs(p.y - last.y) >= 0.5) out.push(p);
  }
  return out;
}

class PixelPathRecorder implements GeoContext {
  readonly paths: PixelPath[] = [];
  private points: PixelPoint[] = [];

  beginPath(): void {}

  moveTo(x: number, y: number): void {
    this.points = [{ x, y }];
    this.paths.push({ points: this.points, closed: false });
  }

  lineTo(x: number, y: number): void {
    const points = this.points;
    const last = points[points.length - 1]!;
    if (Math.abs(x - last.x) + Math.abs(y - last.y) < 0.5) return;
    const before = points[points.length - 2];
    // A straight run (a graticule line: d3 samples parallels every 2.5°) becomes one segment.
    if (before !== undefined) {
      const [ax, ay, bx, by] = [last.x - before.x, last.y - before.y, x - last.x, y - last.y];
      if (Math.abs(ax * by - ay * bx) < 1e-9 * (ax * ax + ay * ay + bx * bx + by * by) && ax * bx + ay * by > 0) {
        points[points.length - 1] = { x, y };
        return;
      }
    }
    points.push({ x, y });
  }

  closePath(): void {
    this.paths[this.paths.length - 1]!.closed = true;
    // The closing edge is drawn back to the first point: a last point on top of it would repeat it.
    const [first, last] = [this.points[0]!, this.points[this.points.length - 1]!];
    if (this.points.length > 1 && Math.abs(first.x - last.x) + Math.abs(first.y - last.y) < 0.5) this.points.pop();
  }

  arc(): void {
    throw new Error('geoPath draws no points here: markers are drawn by the map itself');
  }
}

/** What geoPath draws of `object` through `projection`, as pixel paths (degenerate ones left out). */
export function projectPaths(projection: GeoProjection, object: GeoPermissibleObjects): PixelPath[] {
  const recorder = new PixelPathRecorder();
  geoPath(projection, recorder)(object);
  return recorder.paths.filter((p) => p.points.length >= (p.closed ? 3 : 2));
}

export function tracePath(ctx: MapContext, points: readonly PixelPoint[], close: boolean): void {
  points.forEach((p, i) => (i === 0 ? ctx.moveTo(p.x, p.y) : ctx.lineTo(p.x, p.y)));
  if (close) ctx.lineTo(points[0]!.x, points[0]!.y);
}

/** Fills the rings as one shape (even-odd: holes stay open); nothing if there are none. */
export function fillPaths(ctx: MapContext, paths: readonly PixelPath[]): void {
  if (paths.length === 0) return;
  ctx.beginPath();
  for (const p of paths) tracePath(ctx, p.points, true);
  ctx.fill();
}

/** Strokes each path on its own. */
export function strokePaths(ctx: MapContext, paths: readonly PixelPath[]): void {
  for (const p of paths) {
    ctx.beginPath();
    tracePath(ctx, p.points, p.closed);
    ctx.stroke();
  }
}
