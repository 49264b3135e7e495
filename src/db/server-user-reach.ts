import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * As root, the embedded PostgreSQL runs as the user `postgres`, which must be able to enter every folder above its
 * data directory and above its binaries. In a folder made by `mktemp -d` (mode 700) it cannot, and the spawn of
 * initdb then fails with EACCES as an unhandled event that ends the process. This finds the first such folder, so
 * that start-up can say which one instead. It checks the "others" execute bit, the one that lets `postgres` in.
 */
export function folderClosedToOthers(paths: readonly string[]): string | null {
  for (const path of paths) {
    let dir = resolve(path);
    const chain: string[] = [];
    for (;;) {
      chain.unshift(dir);
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    for (const folder of chain) {
      let mode: number;
      try {
        mode = statSync(folder).mode;
      } catch {
        break; // not made yet: the folders above it were checked, the rest will be made by this process
      }
      if ((mode & 0o001) === 0) return folder;
    }
  }
  return null;
}
