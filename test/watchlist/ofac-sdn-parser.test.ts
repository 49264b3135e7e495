import { describe, it, expect } from 'vitest';
import { parseOfacSdn, splitOfacPrograms } from '../../src/watchlist/ofac-sdn-parser.js';
import { parseOfacAircraftRemarks } from '../../src/watchlist/ofac-remarks-parser.js';
import {
  SDN_INDIVIDUAL,
  SDN_MSN_ONLY,
  SDN_RA78765,
  SDN_RF82041,
  SDN_YV1004,
  sdnFile,
  sdnRecord,
} from '../support/watchlist-files.js';

describe('parseOfacSdn', () => {
  it('reads an aircraft entry from an sdn.csv with CRLF, "-0- " nulls and a final 0x1A', () => {
    const text = sdnFile([SDN_RA78765]);
    expect(text.endsWith('\r\n\u001A')).toBe(true);
    const { aircraft, rejected } = parseOfacSdn(text);
    expect(rejected).toEqual([]);
    expect(aircraft).toHaveLength(1);
    expect(aircraft[0]).toMatchObject({
      line: 1,
      entNum: '40185',
      name: 'RA-78765',
      programs: ['RUSSIA-EO14024'],
      tailNumber: 'RA-78765',
      remarks: {
        model: 'IL-76TD',
        msn: '83486590',
        manufactureDate: '30 Jun 1988',
        modeSCode: null,
        operators: [],
        linkedTo: ['JSC AVIACON ZITOTRANS'],
        other: [],
      },
    });
  });

  it('keeps only aircraft entries, numbering them by their line', () => {
    const { aircraft, rejected } = parseOfacSdn(sdnFile([SDN_INDIVIDUAL, SDN_RA78765, SDN_INDIVIDUAL, SDN_RF82041]));
    expect(rejected).toEqual([]);
    expect(aircraft.map((a) => [a.line, a.name])).toEqual([
      [2, 'RA-78765'],
      [4, 'RF-82041'],
    ]);
  });

  it('reads the Mode S code when the entry gives one', () => {
    const { aircraft } = parseOfacSdn(sdnFile([SDN_RF82041]));
    expect(aircraft[0]?.remarks.modeSCode).toBe('154079');
  });

  it('keeps a comma inside quoted remarks and the dot of a closing "S.A."', () => {
    const { aircraft } = parseOfacSdn(sdnFile([SDN_YV1004]));
    expect(aircraft[0]?.remarks.linkedTo).toEqual([
      'CONSORCIO VENEZOLANO DE INDUSTRIAS AERONAUTICAS Y SERVICIOS AEREOS, S.A.',
    ]);
  });

  it('does not take an "MSN 449" name or a previous tail number for the current tail number', () => {
    const { aircraft } = parseOfacSdn(sdnFile([SDN_MSN_ONLY]));
    expect(aircraft[0]).toMatchObject({ name: 'MSN 449', tailNumber: null, programs: ['SDGT', 'NPWMD', 'IFSR'] });
    expect(aircraft[0]?.remarks.previousTailNumbers).toEqual(['YI-NAE']);
  });

  it('falls back to SDN_Name when the remarks give no tail number', () => {
    const { aircraft } = parseOfacSdn(
      sdnFile([
        { entNum: 15431, name: 'EP-GOM', program: 'SDGT', remarks: 'Aircraft Model IL76-TD; Linked To: POUYA AIR.' },
      ]),
    );
    expect(aircraft[0]?.tailNumber).toBe('EP-GOM');
  });

  it('takes "Registration Number X (Country)" as the tail number', () => {
    const remarks =
      'Aircraft Model BD700-1A10 Global 6000; Registration Number T7-OKY (San Marino); ' +
      'Linked To: SRL SKYLINE AVIATION.';
    const { aircraft } = parseOfacSdn(
      sdnFile([{ entNum: 36378, name: 'T7-OKY', program: 'UKRAINE-EO13685', remarks }]),
    );
    expect(aircraft[0]?.remarks.tailNumbers).toEqual(['T7-OKY']);
  });

  it('numbers records after a multi-line record by their physical line', () => {
    const multiLine = {
      ...SDN_RA78765,
      entNum: 1,
      remarks: 'Aircraft Model IL-76TD;\r\nAircraft Tail Number RA-76842.',
    };
    const { aircraft, rejected } = parseOfacSdn(sdnFile([multiLine, SDN_RF82041]));
    expect(rejected).toEqual([]);
    expect(aircraft.map((a) => [a.line, a.tailNumber])).toEqual([
      [1, 'RA-76842'],
      [3, 'RF-82041'],
    ]);
  });

  it('rejects a record with the wrong column count, with its line, and reads the rest', () => {
    const short = sdnRecord(SDN_RA78765).split(',').slice(0, 5).join(',');
    const { aircraft, rejected } = parseOfacSdn(sdnFile([SDN_RF82041, { raw: short }, SDN_YV1004]));
    expect(aircraft.map((a) => a.line)).toEqual([1, 3]);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.line).toBe(2);
    expect(rejected[0]?.reason).toMatch(/5 columns; sdn.csv records have 12/);
  });

  it('reads a file without the final 0x1A too', () => {
    expect(parseOfacSdn(sdnFile([SDN_RA78765], { eof: false })).aircraft).toHaveLength(1);
  });
});

describe('splitOfacPrograms', () => {
  it.each([
    ['RUSSIA-EO14024', ['RUSSIA-EO14024']],
    ['SDGT] [NPWMD] [IFSR', ['SDGT', 'NPWMD', 'IFSR']],
    [null, []],
  ])('%s', (input, expected) => {
    expect(splitOfacPrograms(input)).toEqual(expected);
  });
});

describe('parseOfacAircraftRemarks', () => {
  it('tells "Previous Aircraft Tail Number" from "Aircraft Tail Number"', () => {
    const remarks = parseOfacAircraftRemarks('Previous Aircraft Tail Number YI-NAA; Aircraft Tail Number EP-MMH.');
    expect(remarks.tailNumbers).toEqual(['EP-MMH']);
    expect(remarks.previousTailNumbers).toEqual(['YI-NAA']);
  });

  it('lists the main operator first and drops a repeated alt. operator', () => {
    const remarks = parseOfacAircraftRemarks(
      'alt. Aircraft Operator Other Air; ' +
        'Aircraft Operator Ukrainian-Mediterranean Airlines; alt. Aircraft Operator Ukrainian-Mediterranean Airlines.',
    );
    expect(remarks.operators).toEqual(['Ukrainian-Mediterranean Airlines', 'Other Air']);
  });

  it('keeps unknown parts in other', () => {
    const remarks = parseOfacAircraftRemarks(
      'Aircraft Model AN24-RV; Secondary sanctions risk: North Korea Sanctions Regulations, ' +
        'sections 510.201 and 510.210.',
    );
    expect(remarks.model).toBe('AN24-RV');
    expect(remarks.other).toEqual([
      'Secondary sanctions risk: North Korea Sanctions Regulations, sections 510.201 and 510.210',
    ]);
  });

  it('returns empty remarks for null', () => {
    expect(parseOfacAircraftRemarks(null)).toMatchObject({ model: null, tailNumbers: [], linkedTo: [], other: [] });
  });
});
