import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readInputFile } from '../../src/shared/read-input-file.js';

const dir = mkdtempSync(join(tmpdir(), 'tailwatch-encodings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TEXT = 'hex,registration,type,operator\n1533ad,RA-78765,IL76,Société Aérienne\n';

function file(name: string, bytes: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

describe('readInputFile: encodings are detected or refused with a clear message', () => {
  it('reads UTF-8, with or without a BOM', async () => {
    expect(await readInputFile(file('utf8.csv', Buffer.from(TEXT, 'utf8')))).toBe(TEXT);
    const withBom = await readInputFile(file('bom.csv', Buffer.from(`\uFEFF${TEXT}`, 'utf8')));
    expect(withBom.replace(/^\uFEFF/, '')).toBe(TEXT);
  });

  it('decodes UTF-16 with a byte-order mark, little- or big-endian', async () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')]);
    expect(await readInputFile(file('utf16le.csv', le))).toBe(TEXT);
    const be = Buffer.from(TEXT, 'utf16le').swap16();
    expect(await readInputFile(file('utf16be.csv', Buffer.concat([Buffer.from([0xfe, 0xff]), be])))).toBe(TEXT);
  });

  it('refuses Latin-1, naming the line and how to convert it, instead of storing mojibake', async () => {
    const path = file('latin1.csv', Buffer.from(TEXT, 'latin1'));
    await expect(readInputFile(path)).rejects.toMatchObject({
      code: 'INPUT_FILE_UNREADABLE',
      message: expect.stringMatching(/is not UTF-8: byte 0xe9 on line 2.*iconv -f WINDOWS-1252/),
    });
  });

  it('refuses UTF-16 without a byte-order mark, saying so rather than "NUL character"', async () => {
    const path = file('utf16-nobom.csv', Buffer.from(TEXT, 'utf16le'));
    await expect(readInputFile(path)).rejects.toMatchObject({
      code: 'INPUT_FILE_UNREADABLE',
      message: expect.stringContaining('looks like UTF-16 without a byte-order mark'),
    });
  });
});
