import { createRequire } from 'node:module';
import { registerFont } from 'pureimage';
import { TailwatchError } from '../../errors/tailwatch-error.js';

/**
 * The labels' font: DejaVu Sans from the `dejavu-fonts-ttf` npm package (Bitstream Vera licence, free to
 * embed and redistribute), never a system path, so the map looks the same on every machine. It covers
 * Latin, Greek and Cyrillic, so "José Martí" and a Cyrillic operator name render. Loaded once (~30 ms).
 */
export const MAP_FONT_FAMILY = 'DejaVu Sans';
export const MAP_FONT_BOLD_FAMILY = 'DejaVu Sans Bold';

const require = createRequire(import.meta.url);
let loaded = false;

export function ensureMapFonts(): void {
  if (loaded) return;
  for (const [file, family] of [
    ['dejavu-fonts-ttf/ttf/DejaVuSans.ttf', MAP_FONT_FAMILY],
    ['dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf', MAP_FONT_BOLD_FAMILY],
  ] as const) {
    try {
      registerFont(require.resolve(file), family).loadSync();
    } catch (error) {
      throw new TailwatchError(
        'MAP_DATA_UNAVAILABLE',
        `Cannot load the map font ${file}: ${(error as Error).message}. ` +
          `Run \`npm ci\` to install the dejavu-fonts-ttf package.`,
        { file },
        { cause: error },
      );
    }
  }
  loaded = true;
}
