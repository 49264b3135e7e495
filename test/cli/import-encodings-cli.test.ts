import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, writeTestConfig } from '../support/run-cli.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

let database: TestDatabase;
let configFile: string;
const dir = mkdtempSync(join(tmpdir(), 'tailwatch-encodings-'));
const write = (name: string, bytes: Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};
const operatorOf = async (hex: string) =>
  (await database.db.selectFrom('airframes').select('operator').where('hex', '=', hex).executeTakeFirst())?.operator;

beforeAll(async () => {
  database = await createTestDatabase();
  configFile = writeTestConfig(database.url);
});
afterAll(async () => {
  await database.drop();
});

describe('airframes import: encodings and hostile text', () => {
  it('imports a UTF-16 file as its text (it was reported as a NUL character)', async () => {
    const csv = 'hex,registration,type,operator,reason\r\n0d0f1e,YV-1234,IL76,Línea Aérea Martí,test\r\n';
    const path = write('unicode.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv, 'utf16le')]));
    const result = await runCli(['airframes', 'import', path, '--format', 'csv'], { configFile });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(await operatorOf('0d0f1e')).toBe('Línea Aérea Martí');
  });

  it('refuses a Latin-1 file with the line and what to do, and imports it with --encoding latin1', async () => {
    const csv =
      'hex,registration,type,operator,reason\n0d0f1f,YV-1235,IL76,Conviasa Cargo,ok\n0d0f20,YV-1236,IL76,Aérea,ok\n';
    const path = write('latin1.csv', Buffer.from(csv, 'latin1'));
    const refused = await runCli(['airframes', 'import', path, '--format', 'csv'], { configFile });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('latin1.csv:3: not UTF-8');
    expect(refused.stderr).toContain('--encoding latin1');
    expect(await operatorOf('0d0f1f')).toBeUndefined(); // nothing stored as mojibake

    const imported = await runCli(['airframes', 'import', path, '--format', 'csv', '--encoding', 'latin1'], {
      configFile,
    });
    expect(imported.code).toBe(0);
    expect(await operatorOf('0d0f20')).toBe('Aérea');
  });

  it('never prints a terminal escape sequence from the file', async () => {
    const evil = '\u001b]0;pwned\u0007\u001b[2J\u001b[31mzz';
    const csv = `hex,registration,type,operator,reason\n${evil},YV-9,IL76,x,y\n0d0f21,YV-1,IL76,ok,ok\n`;
    const path = write('escapes.csv', Buffer.from(csv, 'utf8'));
    const result = await runCli(['airframes', 'import', path, '--format', 'csv'], { configFile });
    expect(result.code).toBe(1); // one bad row, the good one imported
    expect(result.stderr).toMatch(/escapes\.csv:2: rejected: /);
    expect(result.stderr).not.toMatch(/[\u001b\u0007]/);
    expect(await operatorOf('0d0f21')).toBe('ok');
  });
});
