import { readFile } from 'node:fs/promises';
import { TailwatchError } from '../errors/tailwatch-error.js';

/**
 * Reads a text file for an import; a missing or unreadable file is a clear error, not a stack trace.
 *
 * Encodings: UTF-8 (with or without a BOM) is read as it is; UTF-16 with a BOM (what Excel's "Unicode
 * text" and PowerShell write) is decoded. Anything else is refused with a message that says what was
 * found and how to convert it, rather than stored as mojibake (Latin-1 read as UTF-8) or reported as a
 * "NUL character" (UTF-16 without a BOM).
 */
export async function readInputFile(path: string): Promise<string> {
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
  return decodeInputText(bytes, path);
}

const CONVERT = (from: string, path: string) =>
  `Save it as UTF-8 (e.g. \`iconv -f ${from} -t UTF-8 ${path} > converted.csv\`) and import that.`;

/** The text of an input file's bytes (see readInputFile); throws INPUT_FILE_UNREADABLE for an unknown encoding. */
export function decodeInputText(bytes: Buffer, path: string): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const head = bytes.subarray(0, 4096);
  const nuls = head.reduce((count, byte) => count + (byte === 0 ? 1 : 0), 0);
  if (head.length >= 4 && nuls >= head.length / 4) {
    throw new TailwatchError(
      'INPUT_FILE_UNREADABLE',
      `${path} looks like UTF-16 without a byte-order mark (every other byte is 0), which cannot be read ` +
        `reliably. ${CONVERT('UTF-16LE', path)}`,
      { path, encoding: 'utf-16?' },
    );
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    const line = bytes.subarray(0, at).reduce((count, byte) => count + (byte === 10 ? 1 : 0), 1);
    throw new TailwatchError(
      'INPUT_FILE_UNREADABLE',
      `${path} is not UTF-8: byte 0x${(bytes[at] ?? 0).toString(16).padStart(2, '0')} on line ${line} ` +
        `is not valid there (Latin-1 / Windows-1252 files write é, ü and the like so). ` +
        `Nothing was imported. ${CONVERT('WINDOWS-1252', path)}`,
      { path, line, offset: at },
    );
  }
}

/** The offset of the first byte that breaks UTF-8 (the decoder that threw said there is one). */
function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const byte = bytes[i]!;
    const length =
      byte < 0x80
        ? 1
        : byte >= 0xc2 && byte < 0xe0
          ? 2
          : byte >= 0xe0 && byte < 0xf0
            ? 3
            : byte >= 0xf0 && byte < 0xf5
              ? 4
              : 0;
    if (length === 0 || i + length > bytes.length) return i;
    for (let k = 1; k < length; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    i += length;
  }
  return bytes.length;
}
