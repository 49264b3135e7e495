import { readFile } from 'node:fs/promises';
import { TailwatchError } from '../errors/tailwatch-error.js';
import { decodeText } from './text-encoding.js';

/**
 * Reads a text file for an import; a missing or unreadable file is a clear error, not a stack trace. The
 * encoding is detected (UTF-8, UTF-16) or given (`encoding`); a file that is not UTF-8 and says nothing else
 * is refused with the line of its first bad byte (text-encoding.ts).
 */
export async function readInputFile(path: string, encoding?: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new TailwatchError(
      'INPUT_FILE_UNREADABLE',
      `Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}. ` +
        `Check the path and the file's permissions.`,
      { path },
    );
  }
  return decodeText(bytes, path, encoding);
}
