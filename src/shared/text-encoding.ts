import { TextDecoder } from 'node:util';
import { TailwatchError } from '../errors/tailwatch-error.js';

/**
 * The text of an imported file, in whatever encoding it came in, as a string. Pure.
 *
 * - A byte-order mark decides: UTF-8, UTF-16 LE or UTF-16 BE (spreadsheets save "Unicode text" as UTF-16).
 * - Without one, UTF-16 is recognised by its NUL bytes (ASCII text in UTF-16 has one in every pair).
 * - Otherwise the file must be valid UTF-8. If it is not (a Latin-1 or Windows-1251 export), it is refused
 *   with the line of the first bad byte and what to do, rather than stored as mojibake: the bytes alone
 *   cannot tell Latin-1 from Cyrillic Windows-1251, and names of Russian operators are exactly that.
 * - `encoding` (any WHATWG label: latin1, windows-1251, koi8-r, utf-16le, ...) reads the file as that.
 */
export function decodeText(bytes: Uint8Array, path: string, encoding?: string): string {
  if (encoding !== undefined) return decodeAs(bytes, path, encoding);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return decodeAs(bytes.subarray(3), path, 'utf-8');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeAs(bytes.subarray(2), path, 'utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeAs(bytes.subarray(2), path, 'utf-16be');
  const utf16 = utf16WithoutMark(bytes);
  if (utf16) return decodeAs(bytes, path, utf16);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    const line = lineOf(bytes, at);
    throw new TailwatchError(
      'INPUT_FILE_ENCODING',
      `${path}:${line}: not UTF-8 (byte 0x${bytes[at]?.toString(16).padStart(2, '0')} at offset ${at}). ` +
        'Save the file as UTF-8, or name its encoding with --encoding (e.g. --encoding latin1, ' +
        '--encoding windows-1251).',
      { path, line, offset: at },
    );
  }
}

function decodeAs(bytes: Uint8Array, path: string, encoding: string): string {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding, { fatal: true });
  } catch {
    throw new TailwatchError(
      'USAGE',
      `--encoding "${encoding}" is not an encoding this Node.js knows: use e.g. utf-8, latin1, windows-1251, ` +
        'koi8-r or utf-16le.',
      { encoding },
    );
  }
  try {
    return decoder.decode(bytes);
  } catch {
    throw new TailwatchError(
      'INPUT_FILE_ENCODING',
      `${path}: not valid ${decoder.encoding}. Check the file's encoding and give it with --encoding.`,
      { path, encoding: decoder.encoding },
    );
  }
}

/** UTF-16 without a byte-order mark: NULs in most even (BE) or odd (LE) bytes of the first 4 KB. */
function utf16WithoutMark(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return null;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const pairs = n / 2;
  if (odd > pairs * 0.4 && even < pairs * 0.05) return 'utf-16le';
  if (even > pairs * 0.4 && odd < pairs * 0.05) return 'utf-16be';
  return null;
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  let lo = 0;
  let hi = bytes.length;
  const valid = (end: number) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  // The longest valid prefix (in streaming mode a cut multi-byte character is not an error).
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (valid(mid)) lo = mid;
    else hi = mid - 1;
  }
  // A multi-byte sequence cut short at lo is the culprit: its lead byte is the first bad one.
  for (let k = lo - 1; k >= Math.max(0, lo - 3); k--) {
    const b = bytes[k]!;
    if (b >= 0xc0) return k;
    if (b < 0x80) break;
  }
  return lo;
}

function lineOf(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}
