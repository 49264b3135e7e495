/**
 * Text made safe to print on a terminal: what the CLI writes may hold text from feeds and files (a rejected
 * CSV row, an operator's name), and a terminal obeys escape sequences in it (it can move the cursor, rewrite
 * earlier lines, set the window title, or hide text). ANSI escape sequences (CSI, OSC and two-byte ESC
 * forms) are removed; any other C0 control but tab, newline and carriage return, DEL, a C1 control, or a
 * bidi override becomes U+FFFD, so that something visibly stood there. Pure.
 */

const ESCAPE_SEQUENCES = new RegExp(
  [
    '\\u001b\\[[0-?]*[ -/]*[@-~]', // CSI: ESC [ parameters intermediates final
    '\\u009b[0-?]*[ -/]*[@-~]', // CSI, 8-bit
    '\\u001b\\][^\\u0007\\u001b]*(?:\\u0007|\\u001b\\\\)?', // OSC ... BEL or ST
    '\\u001b[@-_]', // two-byte ESC sequences
  ].join('|'),
  'g',
);

const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function printable(text: string): string {
  return text.replace(ESCAPE_SEQUENCES, '').replace(CONTROLS, '\uFFFD');
}
