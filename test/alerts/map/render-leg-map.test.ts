import { describe, it, expect, vi } from 'vitest';
import { PNG } from 'pngjs';
import { LEG_MAP_HEIGHT, LEG_MAP_WIDTH, MAP_COLOURS, renderLegMap } from '../../../src/alerts/map/render-leg-map.js';
import { buildLegMapScene } from '../../../src/alerts/map/leg-map-scene.js';
import { alertItem, buildAlertEmailInput, seedLegAlertInput } from '../../support/alert-email-fixtures.js';

function rgb(hex: string): [number, number, number] {
  return [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)];
}

/** Pixels within a small distance of a colour (anti-aliasing blends edges, interiors keep the exact colour). */
function countColour(png: PNG, hex: string, tolerance = 6): number {
  const [r, g, b] = rgb(hex);
  let n = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    if (
      Math.abs(png.data[i]! - r) <= tolerance &&
      Math.abs(png.data[i + 1]! - g) <= tolerance &&
      Math.abs(png.data[i + 2]! - b) <= tolerance
    )
      n++;
  }
  return n;
}

describe('renderLegMap', () => {
  it(
    'the seed SVMI -> MNMG leg: a valid 800x500 PNG with water, ' +
      'land, the track, the dark stretch and watched airports',
    async () => {
      const warn = vi.spyOn(console, 'warn');
      const log = vi.spyOn(console, 'log');
      const png = PNG.sync.read(await renderLegMap(seedLegAlertInput()));
      expect([png.width, png.height]).toEqual([LEG_MAP_WIDTH, LEG_MAP_HEIGHT]);
      const total = png.width * png.height;
      expect(countColour(png, MAP_COLOURS.water)).toBeGreaterThan(total * 0.2); // the Caribbean
      expect(countColour(png, MAP_COLOURS.land)).toBeGreaterThan(total * 0.1); // Central and South America
      expect(countColour(png, MAP_COLOURS.track)).toBeGreaterThan(500); // ~2,000 km of track, 3 px wide
      expect(countColour(png, MAP_COLOURS.watchedAirport)).toBeGreaterThan(40); // SVMI and MNMG triangles (+ legend)
      expect(countColour(png, MAP_COLOURS.dark, 10)).toBeGreaterThan(60); // the dashes, gap markers, text
      // The drawing library must stay silent (its stroker warns about degenerate paths).
      expect(warn).not.toHaveBeenCalled();
      expect(log).not.toHaveBeenCalled();
      warn.mockRestore();
      log.mockRestore();
    },
  );

  it('draws the graticule: full-height meridians and full-width parallels', async () => {
    const png = PNG.sync.read(await renderLegMap(seedLegAlertInput()));
    // A 1 px line on a fractional pixel position is blended over two columns (or rows): count pixels that are
    // neither plain water nor plain land.
    const plain = [rgb(MAP_COLOURS.water), rgb(MAP_COLOURS.land)];
    const marked = (x: number, y: number): boolean => {
      const i = (y * png.width + x) * 4;
      return !plain.some(([r, g, b]) => png.data[i] === r && png.data[i + 1] === g && png.data[i + 2] === b);
    };
    const lineColumns: number[] = [];
    for (let x = 0; x < png.width; x++) {
      let n = 0;
      for (let y = 0; y < png.height; y++) if (marked(x, y)) n++;
      if (n > png.height * 0.6) lineColumns.push(x);
    }
    let lineRows = 0;
    for (let y = 0; y < png.height; y++) {
      let n = 0;
      for (let x = 0; x < png.width; x++) if (marked(x, y)) n++;
      if (n > png.width * 0.6) lineRows++;
    }
    // 85°W to 65°W every 5°, evenly spaced (Mercator); 10°N and 15°N.
    const meridians = lineColumns.filter((x, i) => i === 0 || x - lineColumns[i - 1]! > 1);
    expect(meridians).toHaveLength(5);
    const spacing = meridians.slice(1).map((x, i) => x - meridians[i]!);
    expect(Math.max(...spacing) - Math.min(...spacing)).toBeLessThanOrEqual(1);
    expect(lineRows).toBeGreaterThanOrEqual(2);
  });

  it('a lake that is a hole in the land polygon (the Caspian Sea) is water', async () => {
    const input = buildAlertEmailInput({
      leg: null,
      gaps: [],
      track: [],
      items: [alertItem({ rule: 'emergency_squawk', squawk: '7700', lat: 42, lon: 51 })],
    });
    const png = PNG.sync.read(await renderLegMap(input));
    const [r, g, b] = rgb(MAP_COLOURS.water);
    const i = (100 * png.width + 100) * 4; // 42.3°N 50.2°E, open water (the event sits in the middle)
    expect([png.data[i], png.data[i + 1], png.data[i + 2]]).toEqual([r, g, b]);
    expect(countColour(png, MAP_COLOURS.water)).toBeGreaterThan(png.width * png.height * 0.8);
  });

  it('honours a custom size', async () => {
    const png = PNG.sync.read(await renderLegMap(buildAlertEmailInput(), { width: 400, height: 300 }));
    expect([png.width, png.height]).toEqual([400, 300]);
  });

  it('a single position (no track): still a map, with the event marked', async () => {
    const input = buildAlertEmailInput({
      leg: null,
      gaps: [],
      track: [],
      items: [alertItem({ rule: 'emergency_squawk', squawk: '7700', lat: 12, lon: -85 })],
    });
    const png = PNG.sync.read(await renderLegMap(input));
    expect(countColour(png, MAP_COLOURS.track)).toBeGreaterThan(20); // the red event disc
  });

  it('a track across the antimeridian is drawn in one piece, not across the world', async () => {
    const track = Array.from({ length: 40 }, (_, i) => {
      const lon = 178 + i * 0.2;
      return { t: i * 60_000, lat: 65 + i * 0.02, lon: lon > 180 ? lon - 360 : lon, altFt: 30_000, onGround: false };
    });
    const input = buildAlertEmailInput({
      leg: null,
      gaps: [],
      track,
      items: [alertItem({ rule: 'emergency_squawk', squawk: '7700', at: 0 })],
    });
    const png = PNG.sync.read(await renderLegMap(input));
    // Track pixels all lie in a band in the middle of the map, not spread over its whole width.
    const [r, g, b] = rgb(MAP_COLOURS.track);
    const xs: number[] = [];
    for (let y = 0; y < png.height; y++)
      for (let x = 0; x < png.width; x++) {
        const i = (y * png.width + x) * 4;
        if (png.data[i] === r && png.data[i + 1] === g && png.data[i + 2] === b) xs.push(x);
      }
    expect(xs.length).toBeGreaterThan(100);
    expect(Math.min(...xs)).toBeGreaterThan(40);
    expect(Math.max(...xs)).toBeLessThan(760);
  });
});

describe('buildLegMapScene', () => {
  it('splits the track at the gap and labels the airports with their times', () => {
    const scene = buildLegMapScene(seedLegAlertInput());
    expect(scene.dark).toHaveLength(1);
    expect(scene.dark[0]!.to).not.toBeNull();
    expect(scene.seen.length).toBeGreaterThanOrEqual(1);
    const labels = scene.airports.filter((a) => a.onLeg).map((a) => a.label);
    expect(labels.some((l) => l.startsWith('SVMI Caracas  dep '))).toBe(true);
    expect(labels.some((l) => /^MNMG Managua {2}arr \d\d:\d\dZ \(inferred\)$/.test(l))).toBe(true);
    expect(scene.markers.map((m) => m.kind)).toEqual(expect.arrayContaining(['start', 'gap_start', 'gap_end']));
    expect(
      scene.airports
        .filter((a) => a.watched)
        .map((a) => a.ident)
        .sort(),
    ).toEqual(['MNMG', 'MUHA', 'SVMI']);
  });

  it('a hostile registration in the title is one line', () => {
    const scene = buildLegMapScene(buildAlertEmailInput({ airframe: { registration: 'RA-1\r\nBcc: x@y' } }));
    expect(scene.title).not.toMatch(/[\r\n]/);
  });
});

describe('the map tells dark gaps from the others', () => {
  /** The sample leg out of Havana, with one long closed gap (about 1,500 km) judged `verdict`. */
  function withVerdict(verdict: string) {
    const input = buildAlertEmailInput();
    const open = input.gaps[0]!;
    const gap = { ...open, endedAt: open.startedAt + 3 * 3_600_000, endLat: 11.5, endLon: -68, verdict };
    return { ...input, gaps: [gap] };
  }

  it('marks only a dark gap as heard around', () => {
    expect(buildLegMapScene(withVerdict('dark')).dark.map((d) => d.heardAround)).toEqual([true]);
    expect(buildLegMapScene(withVerdict('coverage')).dark.map((d) => d.heardAround)).toEqual([false]);
  });

  it('draws a coverage gap in grey dots and a dark gap in dark dashes; the legend shows both', async () => {
    const dark = PNG.sync.read(await renderLegMap(withVerdict('dark')));
    const coverage = PNG.sync.read(await renderLegMap(withVerdict('coverage')));
    const grey = (png: PNG) => countColour(png, MAP_COLOURS.unheard, 12);
    const black = (png: PNG) => countColour(png, MAP_COLOURS.dark, 12);
    expect(grey(dark)).toBeGreaterThan(10); // the legend's sample
    expect(grey(coverage)).toBeGreaterThan(grey(dark) + 100);
    expect(black(dark)).toBeGreaterThan(black(coverage) + 100);
  });
});
