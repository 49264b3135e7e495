import type { PixelPoint } from './map-view.js';

/**
 * Cuts a pixel polyline into dashes of `dashPx` separated by `gapPx` (pureimage has no setLineDash).
 * The pattern runs on across vertices, so a bent dark stretch keeps an even rhythm. Pure.
 */
export function dashPolyline(points: readonly PixelPoint[], dashPx: number, gapPx: number): PixelPoint[][] {
  if (dashPx <= 0 || gapPx < 0) throw new RangeError('dashPx must be > 0 and gapPx >= 0');
  const dashes: PixelPoint[][] = [];
  let drawing = true;
  let left = dashPx; // length left in the current dash or gap
  let current: PixelPoint[] = [];
  const first = points[0];
  if (first === undefined) return dashes;
  current.push(first);
  for (let i = 1; i < points.length; i++) {
    let from = points[i - 1]!;
    const to = points[i]!;
    let remaining = Math.hypot(to.x - from.x, to.y - from.y);
    while (remaining > 0) {
      const step = Math.min(left, remaining);
      const f = step / remaining;
      const at = { x: from.x + (to.x - from.x) * f, y: from.y + (to.y - from.y) * f };
      if (drawing) current.push(at);
      left -= step;
      remaining -= step;
      from = at;
      if (left <= 1e-9) {
        if (drawing && current.length >= 2) dashes.push(current);
        drawing = !drawing;
        left = drawing ? dashPx : gapPx;
        current = drawing ? [at] : [];
        if (drawing && gapPx === 0) continue;
      }
    }
  }
  if (drawing && current.length >= 2) dashes.push(current);
  return dashes;
}
