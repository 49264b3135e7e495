import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, writeTestConfig } from '../support/run-cli.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import {
  planeAlertDbFile,
  SDN_MSN_ONLY,
  SDN_RA78765,
  SDN_RF82041,
  sdnFile,
  ZITOTRANS_RA78765,
} from '../support/watchlist-files.js';

let database: TestDatabase;
let configFile: string;
const dir = mkdtempSync(join(tmpdir(), 'tailwatch-formats-'));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

beforeAll(async () => {
  database = await createTestDatabase();
  configFile = writeTestConfig(database.url);
});
afterAll(async () => {
  await database.drop();
});

describe('import --format plane-alert-db', () => {
  it('imports its real header with $/# prefixes, BOM and CRLF; a bad hex is reported with its line', async () => {
    const path = write(
      'plane-alert-db.csv',
      planeAlertDbFile(
        [
          ZITOTRANS_RA78765,
          {
            icao: '152C2A',
            registration: 'RA-76842',
            operator: 'Aviacon Zitotrans',
            type: 'Ilyushin IL-76TD',
            icaoType: 'IL76',
            category: 'Da Comrade',
          },
          { icao: 'XYZ123', registration: 'N1', operator: 'Nobody', icaoType: 'C172' },
        ],
        { bom: true, crlf: true },
      ),
    );
    const result = await runCli(['airframes', 'import', path, '--format', 'plane-alert-db', '--by', 'erin'], {
      configFile,
    });
    expect(result.stdout).toContain(
      'added 2, updated 0, unchanged 0, reactivated 0, kept removed 0, rejected 1, unresolved 0',
    );
    expect(result.stderr).toMatch(/plane-alert-db\.csv:4: rejected: .*XYZ123/);
    const row = await database.db
      .selectFrom('airframes')
      .selectAll()
      .where('hex', '=', '1533ad')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      registration: 'RA-78765',
      type_code: 'IL76',
      operator: 'Aviacon Zitotrans',
      source: 'plane-alert-db',
    });
    const again = await runCli(['airframes', 'import', path, '--format', 'plane-alert-db'], { configFile });
    expect(again.stdout).toContain('added 0, updated 0, unchanged 2');
  });
});

describe('import --format ofac-sdn', () => {
  const sdn = () =>
    write(
      'sdn.csv',
      sdnFile([
        { entNum: 1, name: 'ACME LTD', type: '-0- ', program: 'SDGT', remarks: null }, // not an aircraft: ignored
        SDN_RA78765, // resolved through the known airframes (imported above)
        SDN_RF82041, // carries its Mode S code
        SDN_MSN_ONLY, // no tail number, no hex: unresolved
        { raw: '999,"BROKEN ROW","aircraft"' }, // wrong column count
      ]),
    );

  it(
    'dry run: resolves through the known airframes and the Mode S code, ' +
      'lists what stayed unresolved, writes nothing',
    async () => {
      const result = await runCli(['airframes', 'import', sdn(), '--format', 'ofac-sdn', '--dry-run'], { configFile });
      expect(result.stdout).toContain('dry run (nothing written): added 1, updated 1, unchanged 0');
      expect(result.stdout).toContain('rejected 1, unresolved 1');
      expect(result.stderr).toMatch(/sdn\.csv:4: unresolved: /);
      expect(result.stderr).toMatch(/sdn\.csv:5: rejected: /);
      expect(
        await database.db.selectFrom('airframes').select('hex').where('hex', '=', '154079').executeTakeFirst(),
      ).toBeUndefined();
    },
  );

  it('imports, keeps the OFAC reason, and a re-import changes nothing', async () => {
    const first = await runCli(['airframes', 'import', sdn(), '--format', 'ofac-sdn', '--by', 'frank'], { configFile });
    expect(first.stdout).toContain('added 1, updated 1, unchanged 0');
    const rf = await database.db
      .selectFrom('airframes')
      .selectAll()
      .where('hex', '=', '154079')
      .executeTakeFirstOrThrow();
    expect(rf).toMatchObject({ registration: 'RF-82041', source: 'ofac-sdn' });
    expect(rf.reason).toContain('RUSSIA-EO14024');
    const ra = await database.db
      .selectFrom('airframes')
      .selectAll()
      .where('hex', '=', '1533ad')
      .executeTakeFirstOrThrow();
    expect(ra.reason).toContain('AVIACON ZITOTRANS');
    expect(ra.type_code).toBe('IL76'); // kept from plane-alert-db: OFAC gives no ICAO type
    const second = await runCli(['airframes', 'import', sdn(), '--format', 'ofac-sdn'], { configFile });
    expect(second.stdout).toContain('added 0, updated 0, unchanged 2');
  });

  it('--resolve FILE resolves tail numbers through a plane-alert-db file', async () => {
    const conviasa = write(
      'sdn-conviasa.csv',
      sdnFile([
        {
          entNum: 50001,
          name: 'YV3016',
          program: 'VENEZUELA-EO13884',
          remarks:
            'Aircraft Model A340; Aircraft Tail Number YV3016; Linked To: ' +
            'CONSORCIO VENEZOLANO DE INDUSTRIAS AERONAUTICAS Y SERVICIOS AEREOS, S.A..',
        },
      ]),
    );
    const without = await runCli(['airframes', 'import', conviasa, '--format', 'ofac-sdn', '--dry-run'], {
      configFile,
    });
    expect(without.stdout).toContain('unresolved 1');
    const resolver = write(
      'pad.csv',
      planeAlertDbFile([{ icao: '0D0F2E', registration: 'YV3016', operator: 'Conviasa', icaoType: 'A343' }]),
    );
    const withResolve = await runCli(['airframes', 'import', conviasa, '--format', 'ofac-sdn', '--resolve', resolver], {
      configFile,
    });
    expect(withResolve.stdout).toContain('added 1');
    expect(withResolve.stdout).toContain('unresolved 0');
    const row = await database.db
      .selectFrom('airframes')
      .selectAll()
      .where('hex', '=', '0d0f2e')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ registration: 'YV3016', type_code: 'A343' });
  });
});

describe('airports import', () => {
  it(
    'imports OurAirports airports.csv by header name, ' + 'with small fields and military strips, reporting bad rows',
    async () => {
      const csv = [
        'id,ident,type,name,latitude_deg,longitude_deg,elevation_ft,continent,iso_country,iso_region,' +
          'municipality,scheduled_service,icao_code,iata_code,gps_code,local_code,home_link,wikipedia_link,keywords',
        '1,KIWS,small_airport,West Houston Airport,29.818199,-95.672600,' +
          '111,NA,US,US-TX,Houston,no,KIWS,IWS,KIWS,IWS,,,',
        '2,SVLO,small_airport,La Orchila Airport,11.80,-66.18,5,SA,VE,VE-W,La Orchila,no,SVLO,,SVLO,,,,military',
        '3,BAD1,small_airport,Nowhere,95.0,10.0,,EU,XX,XX-1,,no,,,,,,,',
      ].join('\n');
      const path = write('airports.csv', csv);
      const result = await runCli(['airports', 'import', path], { configFile });
      // The default table (airportsdata) already holds both small fields: the import updates them to
      // OurAirports' values (its coordinates have more decimals) and marks them as imported.
      expect(result.stdout).toContain('added 0, updated 2, unchanged 0, rejected 1');
      expect(result.stderr).toMatch(/airports\.csv:4: rejected: /);
      const kiws = await database.db
        .selectFrom('airports')
        .selectAll()
        .where('ident', '=', 'KIWS')
        .executeTakeFirstOrThrow();
      expect(kiws).toMatchObject({ type: 'small_airport', iata: 'IWS', elevation_ft: 111, source: 'ourairports' });
      expect((await runCli(['airports', 'import', path], { configFile })).stdout).toContain(
        'added 0, updated 0, unchanged 2',
      );
    },
  );
});
