import type * as PImage from 'pureimage';
import { MAP_COLOURS } from './map-colours.js';
import { MAP_FONT_BOLD_FAMILY, MAP_FONT_FAMILY } from './map-font.js';
import { scaleBar } from './map-graticule.js';
import type { MapView, PixelPoint } from './map-view.js';

/** Text on the leg map: labels placed where they collide with nothing, the title and the scale bar. */

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export type MapContext = ReturnType<PImage.Bitmap['getContext']>;

export function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** Tries right, left, above, below and the diagonals, near then further out; skips the label if all collide. */
export function placeLabel(
  ctx: MapContext,
  text: string,
  at: PixelPoint,
  radius: number,
  bold: boolean,
  placed: Box[],
  view: MapView,
): void {
  ctx.font = `11px ${bold ? MAP_FONT_BOLD_FAMILY : MAP_FONT_FAMILY}`;
  const w = ctx.measureText(text).width + 8;
  const h = 16;
  const candidates: Box[] = [];
  for (const r of [radius, radius * 2.2, radius * 3.5]) {
    candidates.push(
      { x: at.x + r, y: at.y - h / 2, w, h },
      { x: at.x - r - w, y: at.y - h / 2, w, h },
      { x: at.x - w / 2, y: at.y - r - h, w, h },
      { x: at.x - w / 2, y: at.y + r, w, h },
      { x: at.x + r * 0.7, y: at.y - r * 0.7 - h, w, h },
      { x: at.x + r * 0.7, y: at.y + r * 0.7, w, h },
      { x: at.x - r * 0.7 - w, y: at.y - r * 0.7 - h, w, h },
      { x: at.x - r * 0.7 - w, y: at.y + r * 0.7, w, h },
    );
  }
  const fits = (b: Box): boolean => b.x >= 2 && b.y >= 2 && b.x + b.w <= view.width - 2 && b.y + b.h <= view.height - 2;
  const box = candidates.find((b) => fits(b) && !placed.some((p) => overlaps(b, p)));
  if (!box) return;
  placed.push(box);
  ctx.globalAlpha = 0.85;
  ctx.fillStyle = MAP_COLOURS.labelBox;
  ctx.fillRect(box.x, box.y, box.w, box.h);
  ctx.globalAlpha = 1;
  ctx.fillStyle = MAP_COLOURS.text;
  ctx.fillText(text, box.x + 4, box.y + 12);
}

export function drawTitle(ctx: MapContext, title: string): Box {
  ctx.font = `13px ${MAP_FONT_BOLD_FAMILY}`;
  const box = { x: 8, y: 8, w: ctx.measureText(title).width + 16, h: 24 };
  ctx.globalAlpha = 0.9;
  ctx.fillStyle = MAP_COLOURS.labelBox;
  ctx.fillRect(box.x, box.y, box.w, box.h);
  ctx.globalAlpha = 1;
  ctx.fillStyle = MAP_COLOURS.text;
  ctx.fillText(title, box.x + 8, box.y + 17);
  return box;
}

export function drawScaleBar(ctx: MapContext, view: MapView, height: number): Box {
  const bar = scaleBar(view);
  const x = 14;
  const y = height - 18;
  const box = { x: x - 6, y: y - 20, w: bar.px + 12 + 60, h: 30 };
  ctx.globalAlpha = 0.85;
  ctx.fillStyle = MAP_COLOURS.labelBox;
  ctx.fillRect(box.x, box.y, box.w, box.h);
  ctx.globalAlpha = 1;
  ctx.fillStyle = MAP_COLOURS.text;
  ctx.fillRect(x, y - 2, bar.px, 4);
  ctx.fillRect(x, y - 7, 1.5, 10);
  ctx.fillRect(x + bar.px - 1.5, y - 7, 1.5, 10);
  ctx.font = `11px ${MAP_FONT_FAMILY}`;
  ctx.fillText(bar.label, x + bar.px + 8, y + 4);
  ctx.font = `9px ${MAP_FONT_FAMILY}`;
  ctx.fillStyle = MAP_COLOURS.graticuleLabel;
  ctx.fillText('Coastlines: Natural Earth', x, y - 8);
  return box;
}
