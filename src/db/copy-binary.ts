/**
 * PostgreSQL's binary COPY format (`COPY t (cols) FROM STDIN (FORMAT binary)`), written into Buffers
 * one chunk of whole rows at a time. Each value goes as its type's binary send form, so nothing is
 * formatted as decimal text on our side nor parsed back on the server's: for a poll's 10,000 positions
 * that was about 10 ms of number formatting a cycle, and the text it made (docs/performance.md).
 *
 * The caller must write each column with the writer of its exact type (a float8 column with `float8`,
 * an integer one with `int4`, ...): binary COPY does not convert, and a wrong width is rejected by the
 * server as "incorrect binary data format". Text must hold no NUL (PostgreSQL text cannot).
 *
 * Layout: an 11-byte signature, flags and header-extension length (both 0), then per row the number of
 * fields (int16) and per field its length in bytes (int32; -1 for null) and the bytes; last, -1 (int16).
 */

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
/** 2000-01-01T00:00:00Z, PostgreSQL's epoch, in Unix milliseconds. */
const PG_EPOCH_MS = 946_684_800_000;
const TWO_TO_32 = 4_294_967_296;
const CHUNK_BYTES = 256 * 1024;

/** The header that starts a binary COPY stream. */
export function copyBinaryHeader(): Buffer {
  const header = Buffer.alloc(SIGNATURE.length + 8);
  SIGNATURE.copy(header, 0);
  return header; // flags = 0, header extension length = 0
}

/** The trailer that ends a binary COPY stream. */
export function copyBinaryTrailer(): Buffer {
  const trailer = Buffer.alloc(2);
  trailer.writeInt16BE(-1, 0);
  return trailer;
}

/**
 * Writes rows into a Buffer and hands out whole-row chunks. Start each row with `row(fields, maxText)`,
 * where maxText is the total length (UTF-16 units) of its text values, so that room is made first.
 */
export class CopyBinaryWriter {
  private buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private offset = 0;

  /** Starts a row of `fields` values whose text values total at most `textLength` UTF-16 units. */
  row(fields: number, textLength: number): void {
    // At most 3 bytes of UTF-8 per UTF-16 unit, 8 bytes per fixed-width value, 4 bytes of length each.
    const room = 2 + fields * 12 + textLength * 3;
    if (this.offset + room > this.buffer.length) this.grow(room);
    this.buffer.writeInt16BE(fields, this.offset);
    this.offset += 2;
  }

  null(): void {
    this.buffer.writeInt32BE(-1, this.offset);
    this.offset += 4;
  }

  text(value: string | null): void {
    if (value === null) return this.null();
    // Short ASCII text (hexes, callsigns, squawks, provider names: almost every value) byte by byte:
    // cheaper than a call into Buffer.write's UTF-8 encoder for a few characters.
    if (value.length <= 32) {
      const buffer = this.buffer;
      const start = this.offset + 4;
      let i = 0;
      for (; i < value.length; i++) {
        const code = value.charCodeAt(i);
        if (code >= 0x80) break;
        buffer[start + i] = code;
      }
      if (i === value.length) {
        buffer.writeInt32BE(i, this.offset);
        this.offset = start + i;
        return;
      }
    }
    const written = this.buffer.write(value, this.offset + 4, 'utf8');
    this.buffer.writeInt32BE(written, this.offset);
    this.offset += 4 + written;
  }

  float8(value: number | null): void {
    if (value === null) return this.null();
    this.buffer.writeInt32BE(8, this.offset);
    this.buffer.writeDoubleBE(value, this.offset + 4);
    this.offset += 12;
  }

  /** A real column: the value rounded to float32 as PostgreSQL's float4in would. */
  float4(value: number | null): void {
    if (value === null) return this.null();
    this.buffer.writeInt32BE(4, this.offset);
    this.buffer.writeFloatBE(value, this.offset + 4);
    this.offset += 8;
  }

  /** An integer column: rounded to the nearest whole number. */
  int4(value: number | null): void {
    if (value === null) return this.null();
    this.buffer.writeInt32BE(4, this.offset);
    this.buffer.writeInt32BE(Math.round(value), this.offset + 4);
    this.offset += 8;
  }

  /** A smallint column (e.g. a bitmask): rounded to the nearest whole number. */
  int2(value: number | null): void {
    if (value === null) return this.null();
    this.buffer.writeInt32BE(2, this.offset);
    this.buffer.writeInt16BE(Math.round(value), this.offset + 4);
    this.offset += 6;
  }

  bool(value: boolean | null): void {
    if (value === null) return this.null();
    this.buffer.writeInt32BE(1, this.offset);
    this.buffer[this.offset + 4] = value ? 1 : 0;
    this.offset += 5;
  }

  /** A timestamptz from Unix epoch milliseconds: microseconds since 2000-01-01 as an int64. */
  timestamp(ms: number | null): void {
    if (ms === null) return this.null();
    const micros = (ms - PG_EPOCH_MS) * 1000; // exact in a double for any real date
    const high = Math.floor(micros / TWO_TO_32);
    this.buffer.writeInt32BE(8, this.offset);
    this.buffer.writeInt32BE(high, this.offset + 4);
    this.buffer.writeUInt32BE(micros - high * TWO_TO_32, this.offset + 8);
    this.offset += 12;
  }

  /** The rows written since the last take, as their own Buffer (empty when there are none). */
  take(): Buffer {
    const chunk = Buffer.from(this.buffer.subarray(0, this.offset));
    this.offset = 0;
    return chunk;
  }

  private grow(room: number): void {
    const bigger = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.offset + room));
    this.buffer.copy(bigger, 0, 0, this.offset);
    this.buffer = bigger;
  }
}
