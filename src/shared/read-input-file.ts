import { readFile } from 'node:fs/promises';
import { TailwatchError } from '../errors/tailwatch-error.js';

/** Reads a text file for an import; a missing or unreadable file is a clear error, not a stack trace. */
export async function readInputFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new TailwatchError(
      'INPUT_FILE_UNREADABLE',
      `Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}. ` +
        `Check the path and the file's permissions.`,
      { path },
    );
  }
}
