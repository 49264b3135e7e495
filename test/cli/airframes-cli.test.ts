import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, writeTestConfig } from '../support/run-cli.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

let database: TestDatabase;
let configFile: string;
const dir = mkdtempSync(join(tmpdir(), 'tailwatch-import-'));

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function auditRows(hex: string) {
  return database.db.selectFrom('airframe_changes').selectAll().where('hex', '=', hex).orderBy('id').execute();
}

beforeAll(async () => {
  database = await createTestDatabase();
  configFile = writeTestConfig(database.url);
});
afterAll(async () => {
  await database.drop();
});

describe('tailwatch airframes add / list / remove', () => {
  it('adds an airframe, audits it, and lists it as JSON and CSV', async () => {
    const added = await runCli(
      [
        'airframes',
        'add',
        '1533AD',
        '--reg',
        'RA-78765',
        '--type',
        'il76',
        '--operator',
        'Aviacon Zitotrans',
        '--reason',
        'OFAC SDN',
        '--by',
        'alice',
      ],
      { configFile },
    );
    expect(added).toMatchObject({ code: 0, stdout: '1533ad: added\n' });

    const json = await runCli(['airframes', 'list', '--json'], { configFile });
    expect(json.code).toBe(0);
    const rows = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
    expect(rows).toEqual([
      expect.objectContaining({
        hex: '1533ad',
        registration: 'RA-78765',
        type_code: 'IL76',
        operator: 'Aviacon Zitotrans',
        active: true,
      }),
    ]);

    const csv = await runCli(['airframes', 'list', '--csv'], { configFile });
    expect(csv.stdout.split('\n')[0]).toBe('hex,registration,type_code,operator,active,source,reason,updated_at');
    expect(csv.stdout).toContain('1533ad,RA-78765,IL76,Aviacon Zitotrans,true,cli,OFAC SDN,');

    const audit = await auditRows('1533ad');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'add', changed_by: 'alice', via: 'cli add', old_values: null });
    expect(audit[0]?.new_values).toMatchObject({ registration: 'RA-78765', type_code: 'IL76' });
  });

  it('is idempotent: the same add changes nothing and writes no audit row', async () => {
    const again = await runCli(
      [
        'airframes',
        'add',
        '1533ad',
        '--reg',
        'RA-78765',
        '--type',
        'IL76',
        '--operator',
        'Aviacon Zitotrans',
        '--reason',
        'OFAC SDN',
        '--by',
        'alice',
      ],
      { configFile },
    );
    expect(again.stdout).toBe('1533ad: unchanged\n');
    expect(await auditRows('1533ad')).toHaveLength(1);
  });

  it('updates only the fields given, recording old and new values', async () => {
    const changed = await runCli(
      ['airframes', 'add', '1533ad', '--reason', 'OFAC SDN; Caracas-Havana Oct 2025', '--by', 'bob'],
      { configFile },
    );
    expect(changed.stdout).toBe('1533ad: updated\n');
    const row = await database.db
      .selectFrom('airframes')
      .selectAll()
      .where('hex', '=', '1533ad')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ registration: 'RA-78765', reason: 'OFAC SDN; Caracas-Havana Oct 2025' });
    const audit = await auditRows('1533ad');
    expect(audit.at(-1)).toMatchObject({ action: 'change', changed_by: 'bob' });
    expect(audit.at(-1)?.old_values).toMatchObject({ reason: 'OFAC SDN' });
    expect(audit.at(-1)?.new_values).toMatchObject({ reason: 'OFAC SDN; Caracas-Havana Oct 2025' });
  });

  it.each([['12345'], ['1533ag'], ['~1533ad'], ['1533ad0']])(
    'rejects the bad hex %s with exit code 2 and writes nothing',
    async (hex) => {
      const before = await database.db
        .selectFrom('airframes')
        .select(sql<number>`count(*)::int`.as('n'))
        .executeTakeFirstOrThrow();
      const result = await runCli(['airframes', 'add', hex], { configFile });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('expected 6 hex digits');
      expect(result.stderr).toContain('[INVALID_HEX]');
      const after = await database.db
        .selectFrom('airframes')
        .select(sql<number>`count(*)::int`.as('n'))
        .executeTakeFirstOrThrow();
      expect(after.n).toBe(before.n);
    },
  );

  it('removes by deactivating: the row and its history stay, list --all shows it', async () => {
    await runCli(['airframes', 'add', '152c07', '--reg', 'RA-76807'], { configFile });
    const removed = await runCli(['airframes', 'remove', '152c07', '--reason', 'sold', '--by', 'carol'], {
      configFile,
    });
    expect(removed).toMatchObject({ code: 0, stdout: '152c07: removed\n' });
    const active = JSON.parse((await runCli(['airframes', 'list', '--json'], { configFile })).stdout) as Array<{
      hex: string;
    }>;
    expect(active.map((a) => a.hex)).not.toContain('152c07');
    const all = JSON.parse((await runCli(['airframes', 'list', '--all', '--json'], { configFile })).stdout) as Array<{
      hex: string;
      active: boolean;
    }>;
    expect(all.find((a) => a.hex === '152c07')).toMatchObject({ active: false });
    expect((await auditRows('152c07')).map((r) => [r.action, r.changed_by, r.note])).toEqual([
      ['add', expect.any(String), null],
      ['remove', 'carol', 'sold'],
    ]);
    expect((await runCli(['airframes', 'remove', '152c07'], { configFile })).stdout).toBe('152c07: already removed\n');
    const missing = await runCli(['airframes', 'remove', 'abcdef'], { configFile });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('not on the list');
  });

  it('add reactivates a removed airframe and audits it as reactivate', async () => {
    await runCli(['airframes', 'add', '152c07'], { configFile });
    expect((await auditRows('152c07')).at(-1)).toMatchObject({ action: 'reactivate' });
  });
});

describe('tailwatch airframes import (plain CSV)', () => {
  const csv = [
    'hex,registration,type,operator,reason',
    '152c2a,RA-76842,IL76,Aviacon Zitotrans,OFAC SDN',
    'zzzzzz,RA-00000,IL76,Nobody,bad hex',
    '152c2e,RA-76846,IL76,Aviacon Zitotrans,OFAC SDN',
    '',
  ].join('\n');

  it('dry run reports counts and writes nothing', async () => {
    const path = file('list.csv', csv);
    const result = await runCli(['airframes', 'import', path, '--format', 'csv', '--dry-run'], { configFile });
    expect(result.stdout).toContain('dry run (nothing written): added 2, updated 0, unchanged 0');
    expect(result.stdout).toContain('rejected 1');
    const rows = await database.db
      .selectFrom('airframes')
      .select('hex')
      .where('hex', 'in', ['152c2a', '152c2e'])
      .execute();
    expect(rows).toEqual([]);
  });

  it('imports the good rows, reports the bad one with its line number, and a re-import changes nothing', async () => {
    const path = file('list.csv', csv);
    const first = await runCli(['airframes', 'import', path, '--format', 'csv', '--by', 'dave'], { configFile });
    expect(first.code).toBe(1); // partial: one row rejected
    expect(first.stdout).toContain('added 2, updated 0, unchanged 0');
    expect(first.stderr).toMatch(new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3: rejected: .*zzzzzz`));
    const audit = await auditRows('152c2a');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'add', changed_by: 'dave', via: 'import csv list.csv' });

    const second = await runCli(['airframes', 'import', path, '--format', 'csv'], { configFile });
    expect(second.stdout).toContain('added 0, updated 0, unchanged 2');
    expect(await auditRows('152c2a')).toHaveLength(1);
  });

  it('a missing file is a clear error', async () => {
    const result = await runCli(['airframes', 'import', join(dir, 'nope.csv'), '--format', 'csv'], { configFile });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Cannot read');
  });

  it('an unknown format is a usage error', async () => {
    const result = await runCli(['airframes', 'import', 'x.csv', '--format', 'xml'], { configFile });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Allowed choices are plane-alert-db, ofac-sdn, csv');
  });
});

describe('tailwatch airframes export', () => {
  it('exports CSV in the import format, which imports back unchanged', async () => {
    const exported = await runCli(['airframes', 'export', '--csv'], { configFile });
    expect(exported.stdout.split('\n')[0]).toBe('hex,registration,type,operator,reason,source');
    const path = file('export.csv', exported.stdout);
    const reimport = await runCli(['airframes', 'import', path, '--format', 'csv'], { configFile });
    expect(reimport.code).toBe(0);
    expect(reimport.stdout).toMatch(/added 0, updated 0, unchanged [1-9]/);
  });

  it('escapes what a spreadsheet would run as a formula, and the export imports back unchanged', async () => {
    const hostile = [
      ['15f001', 'RA-1', 'IL76', "=cmd|' /C calc'!A0", '@SUM(1+1)', 'csv'],
      ['15f002', '', '', '+HYPERLINK("http://x.example/?q=1","click")', '-2+3', "'=already quoted"],
      ['15f003', '', '', '\tTAB', "'plain quote", 'csv'],
    ];
    const lines = hostile.map((row) =>
      row.map((cell) => `"${cell.replace(/\\t/g, '\t').replace(/"/g, '""')}"`).join(','),
    );
    const path = file('hostile.csv', `${lines.join('\n')}\n`);
    expect((await runCli(['airframes', 'import', path, '--format', 'csv'], { configFile })).code).toBe(0);
    const stored = async () =>
      database.db
        .selectFrom('airframes')
        .select(['hex', 'registration', 'type_code', 'operator', 'reason', 'source'])
        .where('hex', 'in', ['15f001', '15f002', '15f003'])
        .orderBy('hex')
        .execute();
    const before = await stored();
    expect(before.map((row) => row.operator)).toEqual([
      "=cmd|' /C calc'!A0",
      '+HYPERLINK("http://x.example/?q=1","click")',
      'TAB', // cleanText trims a leading tab at import
    ]);

    const exported = await runCli(['airframes', 'export', '--csv'], { configFile });
    const cells = exported.stdout
      .split('\n')
      .filter((line) => line.startsWith('15f00'))
      .flatMap((line) => line.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/))
      .map((cell) => cell.replace(/^"/, ''));
    expect(cells.filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
    expect(exported.stdout).toContain(`,'=cmd|' /C calc'!A0,'@SUM(1+1),`);
    expect(exported.stdout).toContain(`,'-2+3,`);
    // A file's own leading quote before a formula was read as an escape: stored without it, escaped again.
    expect(before[1]?.source).toBe('=already quoted');
    expect(before[2]?.reason).toBe("'plain quote");

    await database.db.deleteFrom('airframes').where('hex', 'in', ['15f001', '15f002', '15f003']).execute();
    const again = await runCli(['airframes', 'import', file('round-trip.csv', exported.stdout), '--format', 'csv'], {
      configFile,
    });
    expect(again.code).toBe(0);
    expect(await stored()).toEqual(before);
  });
});

describe('what tailwatch prints to stderr', () => {
  it('never passes on a terminal escape sequence from a CSV', async () => {
    const path = file('escapes.csv', '\u001b[2J\u001b[31mbad\u0007,RA-1\n1533ad,RA-78765\n');
    const result = await runCli(['airframes', 'import', path, '--format', 'csv', '--dry-run'], { configFile });
    expect(result.stderr).toContain('escapes.csv:1: rejected');
    expect(result.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });
});
