import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The layers of src/ (docs/architecture.md): each folder may import only the folders listed beside it. The table is
 * the contract; the tests hold every relative import in src/ to it, and check that the table itself has no loop.
 */
const allowedImports: Record<string, readonly string[]> = {
  errors: [],
  shared: ['errors'],
  log: ['errors', 'shared'],
  config: ['errors', 'log', 'shared'],
  airports: ['errors', 'shared'],
  tracking: ['airports', 'errors', 'shared'],
  watchlist: ['errors', 'shared'],
  'track-export': ['errors', 'shared'],
  feeds: ['airports', 'tracking', 'config', 'errors', 'log', 'shared'],
  db: ['config', 'errors', 'log', 'shared'],
  store: ['db', 'airports', 'tracking', 'watchlist', 'feeds', 'track-export', 'config', 'errors', 'log', 'shared'],
  imports: ['store', 'db', 'airports', 'watchlist', 'config', 'errors', 'log', 'shared'],
  pipeline: ['feeds', 'tracking', 'store', 'db', 'airports', 'watchlist', 'config', 'errors', 'log', 'shared'],
  alerts: [
    'pipeline',
    'track-export',
    'store',
    'db',
    'feeds',
    'tracking',
    'airports',
    'watchlist',
    'config',
    'errors',
    'log',
    'shared',
  ],
  health: ['store', 'db', 'config', 'errors', 'log', 'shared'],
  worker: [
    'pipeline',
    'alerts',
    'imports',
    'health',
    'store',
    'db',
    'feeds',
    'tracking',
    'airports',
    'watchlist',
  ].concat(['config', 'errors', 'log', 'shared']),
  cli: [
    'worker',
    'track-export',
    'pipeline',
    'alerts',
    'imports',
    'health',
    'store',
    'db',
    'feeds',
    'tracking',
    'airports',
  ].concat(['watchlist', 'config', 'errors', 'log', 'shared']),
};

const srcDir = resolve(import.meta.dirname, '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The top folder under src/ that a path lies in, or null for a path outside src/ (package.json, say). */
function folderOf(path: string): string | null {
  const rel = relative(srcDir, path);
  if (rel.startsWith('..')) return null;
  const [first, second] = rel.split(/[\\/]/);
  return second === undefined ? null : (first ?? null);
}

interface FolderImport {
  file: string;
  from: string;
  to: string;
}

function folderImports(): FolderImport[] {
  return sourceFiles(srcDir).flatMap((file) => {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const from = folderOf(file);
    return info.importedFiles
      .filter((imported) => imported.fileName.startsWith('.'))
      .map((imported) => ({
        file: relative(srcDir, file),
        from,
        to: folderOf(resolve(dirname(file), imported.fileName)),
      }))
      .filter((edge): edge is FolderImport => edge.from !== null && edge.to !== null && edge.from !== edge.to);
  });
}

/** A loop in the allowed-imports graph, as a list of folders, or null when there is none. */
function findLoop(graph: Record<string, readonly string[]>): string[] | null {
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] | null => {
    if (state.get(node) === 'done') return null;
    if (state.get(node) === 'visiting') return [...path.slice(path.indexOf(node)), node];
    state.set(node, 'visiting');
    path.push(node);
    for (const next of graph[node] ?? []) {
      const loop = visit(next);
      if (loop) return loop;
    }
    path.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of Object.keys(graph)) {
    const loop = visit(node);
    if (loop) return loop;
  }
  return null;
}

describe('folder layers of src/', () => {
  it('lists every folder of src/ in the table', () => {
    const folders = readdirSync(srcDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    expect(folders).toEqual(Object.keys(allowedImports).sort());
  });

  it('has no loop in the table: no folder imports another that imports it back, directly or around a loop', () => {
    expect(findLoop(allowedImports)).toBeNull();
  });

  it('finds a loop when there is one (the check itself works)', () => {
    expect(findLoop({ a: ['b'], b: ['c'], c: ['a'] })).toEqual(['a', 'b', 'c', 'a']);
  });

  it('every import in src/ goes to a folder its own folder may import', () => {
    const edges = folderImports();
    expect(edges.length).toBeGreaterThan(100);
    const forbidden = edges
      .filter((edge) => !(allowedImports[edge.from] ?? []).includes(edge.to))
      .map((edge) => `${edge.file} imports ${edge.to}/`);
    expect(forbidden).toEqual([]);
  });
});
