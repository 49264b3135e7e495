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
  const decoder = new StreamingTextDecoder(path, encoding);
  return decoder.write(bytes) + decoder.end();
}

/** How many leading bytes decide the encoding (UTF-16 without a mark is recognised in the first 4 KB). */
const SNIFF_BYTES = 4096;

/**
 * decodeText for a file read in chunks: the same detection and the same errors, without the whole file in
 * memory. The encoding is decided on the first 4 KB (or the whole file if shorter); each write returns the
 * text decoded so far, end() the rest. An invalid UTF-8 byte is reported with its line and offset in the file.
 */
export class StreamingTextDecoder {
  private head: Uint8Array[] = [];
  private headBytes = 0;
  private decode: ((bytes: Uint8Array, last: boolean) => string) | null = null;
  /** Strict UTF-8 only: bytes of a character cut by the chunk boundary, their file offset, the lines before. */
  private carry: Uint8Array = new Uint8Array(0);
  private offset = 0;
  private lines = 1;

  constructor(
    private readonly path: string,
    private readonly encoding?: string,
  ) {
    // An unknown --encoding is refused before any byte is read.
    if (encoding !== undefined) this.decode = this.decoderAs(encoding);
  }

  write(bytes: Uint8Array): string {
    if (this.decode !== null) return this.decode(bytes, false);
    this.head.push(bytes);
    this.headBytes += bytes.length;
    return this.headBytes >= SNIFF_BYTES ? this.start(false) : '';
  }

  end(): string {
    if (this.decode === null) return this.start(true);
    return this.decode(new Uint8Array(0), true);
  }

  private start(last: boolean): string {
    const bytes = this.head.length === 1 ? this.head[0]! : Buffer.concat(this.head);
    this.head = [];
    let skip = 0;
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
      skip = 3;
      this.decode = this.decoderAs('utf-8');
    } else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
      skip = 2;
      this.decode = this.decoderAs('utf-16le');
    } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
      skip = 2;
      this.decode = this.decoderAs('utf-16be');
    } else {
      const utf16 = utf16WithoutMark(bytes);
      this.decode = utf16 ? this.decoderAs(utf16) : (chunk, end) => this.decodeStrictUtf8(chunk, end);
    }
    return this.decode(bytes.subarray(skip), last);
  }

  /** A WHATWG decoder for a named encoding; its errors name the encoding, not a line. */
  private decoderAs(encoding: string): (bytes: Uint8Array, last: boolean) => string {
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
    return (bytes, last) => {
      try {
        return decoder.decode(bytes, { stream: !last });
      } catch {
        throw new TailwatchError(
          'INPUT_FILE_ENCODING',
          `${this.path}: not valid ${decoder.encoding}. Check the file's encoding and give it with --encoding.`,
          { path: this.path, encoding: decoder.encoding },
        );
      }
    };
  }

  /**
   * UTF-8 without a mark: each chunk is decoded up to its last whole character (the rest waits for the next
   * chunk), so that a bad byte is found in a known stretch of the file and reported with its line and offset.
   */
  private decodeStrictUtf8(chunk: Uint8Array, last: boolean): string {
    const bytes = this.carry.length === 0 ? chunk : Buffer.concat([this.carry, chunk]);
    const whole = last ? bytes.length : wholeCharacters(bytes);
    const piece = bytes.subarray(0, whole);
    this.carry = Uint8Array.from(bytes.subarray(whole));
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(piece);
    } catch {
      const at = firstInvalidUtf8(piece);
      const line = this.lines + newlinesIn(piece, at);
      const offset = this.offset + at;
      throw new TailwatchError(
        'INPUT_FILE_ENCODING',
        `${this.path}:${line}: not UTF-8 (byte 0x${piece[at]?.toString(16).padStart(2, '0')} at offset ${offset}). ` +
          'Save the file as UTF-8, or name its encoding with --encoding (e.g. --encoding latin1, ' +
          '--encoding windows-1251).',
        { path: this.path, line, offset },
      );
    }
    this.offset += whole;
    this.lines += newlinesIn(piece, whole);
    return text;
  }
}

/** The length of the longest prefix that does not end inside a multi-byte UTF-8 character. */
function wholeCharacters(bytes: Uint8Array): number {
  for (let k = bytes.length - 1; k >= Math.max(0, bytes.length - 4); k--) {
    const b = bytes[k]!;
    if (b < 0x80) return bytes.length;
    if (b >= 0xc0) {
      const needed = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return bytes.length - k < needed ? k : bytes.length;
    }
  }
  return bytes.length;
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

function newlinesIn(bytes: Uint8Array, end: number): number {
  let count = 0;
  for (let i = 0; i < end && i < bytes.length; i++) if (bytes[i] === 0x0a) count++;
  return count;
}
