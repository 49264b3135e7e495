import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/shared/text-encoding.js';

const TEXT = 'hex,operator\n1533ad,Aviacon Zitotrans\n0d0f1e,Línea Aérea Martí\n';

function utf16be(text: string): Buffer {
  const le = Buffer.from(text, 'utf16le');
  for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return le;
}

describe('decodeText', () => {
  it('reads UTF-8, with or without a byte-order mark', () => {
    expect(decodeText(Buffer.from(TEXT, 'utf8'), 'f.csv')).toBe(TEXT);
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)]), 'f.csv')).toBe(TEXT);
  });

  it('reads UTF-16 (what spreadsheets save as "Unicode text"), by its mark or by its NUL bytes', () => {
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')]), 'f.csv')).toBe(TEXT);
    expect(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(TEXT)]), 'f.csv')).toBe(TEXT);
    expect(decodeText(Buffer.from(TEXT, 'utf16le'), 'f.csv')).toBe(TEXT);
    expect(decodeText(utf16be(TEXT), 'f.csv')).toBe(TEXT);
  });

  it('refuses a file that is not UTF-8, naming the line of the first bad byte and what to do', () => {
    const latin1 = Buffer.from(TEXT, 'latin1');
    expect(() => decodeText(latin1, 'list.csv')).toThrow(
      expect.objectContaining({
        code: 'INPUT_FILE_ENCODING',
        message: expect.stringMatching(/^list\.csv:3: not UTF-8 \(byte 0xed .*--encoding latin1/),
      }),
    );
  });

  it('reads the encoding it is told, and says so when it does not know it', () => {
    expect(decodeText(Buffer.from(TEXT, 'latin1'), 'f.csv', 'latin1')).toBe(TEXT);
    const cyrillic = Buffer.from([0xc0, 0xe2, 0xe8, 0xe0, 0xea, 0xee, 0xed]); // "Авиакон" in Windows-1251
    expect(decodeText(cyrillic, 'f.csv', 'windows-1251')).toBe('Авиакон');
    expect(() => decodeText(Buffer.from(TEXT), 'f.csv', 'klingon')).toThrow(
      expect.objectContaining({ code: 'USAGE', message: expect.stringContaining('--encoding "klingon"') }),
    );
  });
});
