import { describe, expect, it } from 'vitest';
import { printable } from '../../src/shared/printable-text.js';

describe('printable', () => {
  it('removes terminal escape sequences: colours, cursor moves, screen clears, window titles', () => {
    expect(printable('a\u001b[31mred\u001b[0m b')).toBe('ared b');
    expect(printable('x\u001b[2J\u001b[1;1Hy')).toBe('xy');
    expect(printable('\u001b]0;pwned\u0007title')).toBe('title');
    expect(printable('\u001b]8;;https://evil.example\u001b\\link\u001b]8;;\u001b\\')).toBe('link');
    expect(printable('8-bit \u009b31mCSI')).toBe('8-bit CSI');
  });

  it('marks any other control character, and bidi overrides, with U+FFFD; keeps tabs and line ends', () => {
    expect(printable('bell\u0007 nul\u0000 del\u007f c1\u0085 rlo\u202e')).toBe(
      'bell\uFFFD nul\uFFFD del\uFFFD c1\uFFFD rlo\uFFFD',
    );
    expect(printable('a\tb\r\nc\n')).toBe('a\tb\r\nc\n');
    expect(printable('José Martí, Авиакон')).toBe('José Martí, Авиакон');
  });
});
