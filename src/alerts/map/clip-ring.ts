import type { PixelPoint } from './map-view.js';

export interface PixelRect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * Clips a closed ring to a rectangle (Sutherland-Hodgman). A continent seen from a 200 km view spans
 * hundreds of thousands of pixels, and the scanline filler walks every one of them; clipped, it walks
 * only the canvas. The result may be empty. Pure.
 */
export function clipRing(ring: readonly PixelPoint[], rect: PixelRect): PixelPoint[] {
  type Edge = { inside: (p: PixelPoint) => boolean; cross: (a: PixelPoint, b: PixelPoint) => PixelPoint };
  const atX = (a: PixelPoint, b: PixelPoint, x: number): PixelPoint => ({
    x,
    y: a.y + ((b.y - a.y) * (x - a.x)) / (b.x - a.x),
  });
  const atY = (a: PixelPoint, b: PixelPoint, y: number): PixelPoint => ({
    x: a.x + ((b.x - a.x) * (y - a.y)) / (b.y - a.y),
    y,
  });
  const edges: Edge[] = [
    { inside: (p) => p.x >= rect.left, cross: (a, b) => atX(a, b, rect.left) },
    { inside: (p) => p.x <= rect.right, cross: (a, b) => atX(a, b, rect.right) },
    { inside: (p) => p.y >= rect.top, cross: (a, b) => atY(a, b, rect.top) },
    { inside: (p) => p.y <= rect.bottom, cross: (a, b) => atY(a, b, rect.bottom) },
  ];
  let output: PixelPoint[] = [...ring];
  for (const edge of edges) {
    const input = output;
    output = [];
    if (input.length === 0) break;
    let previous = input[input.length - 1]!;
    for (const current of input) {
      const currentIn = edge.inside(current);
      const previousIn = edge.inside(previous);
      if (currentIn) {
        if (!previousIn) output.push(edge.cross(previous, current));
        output.push(current);
      } else if (previousIn) {
        output.push(edge.cross(previous, current));
      }
      previous = current;
    }
  }
  return output;
}
