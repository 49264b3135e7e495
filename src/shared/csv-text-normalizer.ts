/**
 * prepareCsvText (csv-records-parser.ts) for text that arrives in chunks: strips a leading BOM, turns CRLF
 * and a lone CR into LF, and drops the DOS end-of-file character (0x1A) that OFAC appends to sdn.csv, with
 * any blank text after it. What it holds back between chunks is a CR (is an LF next?) and a 0x1A followed
 * only by blanks (is it the end?); the concatenation of its output is prepareCsvText of the whole text.
 */

const BOM = '\uFEFF';
const DOS_EOF = '\u001A';
/** Blanks after a 0x1A held back beyond this are passed on as text: the 0x1A was not the end after all. */
const MAX_HELD_BACK = 1 << 20;

export class CsvTextNormalizer {
  private started = false;
  private pendingCr = false;
  private heldBack = '';

  /** The normalised text of the next chunk (possibly '' while it waits to see what follows). */
  write(chunk: string): string {
    let text = chunk;
    if (!this.started && text !== '') {
      this.started = true;
      if (text.startsWith(BOM)) text = text.slice(BOM.length);
    }
    if (this.pendingCr) text = `\r${text}`;
    this.pendingCr = text.endsWith('\r');
    if (this.pendingCr) text = text.slice(0, -1);
    return this.holdBackEof(this.heldBack + text.replace(/\r\n?/g, '\n'));
  }

  /** The rest of the text, once the last chunk was written. */
  end(): string {
    const tail = this.pendingCr ? '\n' : '';
    this.pendingCr = false;
    const text = this.heldBack + tail;
    this.heldBack = '';
    const trimmed = text.trimEnd();
    return trimmed.endsWith(DOS_EOF) ? trimmed.slice(0, -DOS_EOF.length) : text;
  }

  private holdBackEof(text: string): string {
    const at = text.lastIndexOf(DOS_EOF);
    if (at === -1 || text.length - at > MAX_HELD_BACK || text.slice(at + 1).trim() !== '') {
      this.heldBack = '';
      return text;
    }
    this.heldBack = text.slice(at);
    return text.slice(0, at);
  }
}
