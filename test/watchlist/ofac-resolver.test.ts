import { describe, it, expect } from 'vitest';
import { parseOfacSdn } from '../../src/watchlist/ofac-sdn-parser.js';
import { resolveOfacAircraft } from '../../src/watchlist/ofac-resolver.js';
import type { KnownRegistration } from '../../src/watchlist/import-result.js';
import { SDN_MSN_ONLY, SDN_RA78765, SDN_RF82041, SDN_YV1004, sdnFile } from '../support/watchlist-files.js';

const known = new Map<string, KnownRegistration>([
  ['RA78765', { hex: '1533ad', typeCode: 'IL76', operator: 'Aviacon Zitotrans' }],
  ['RF82041', { hex: '154079', typeCode: 'A124', operator: 'Russian Air Force' }],
]);

function aircraftOf(...entries: Parameters<typeof sdnFile>[0]) {
  return parseOfacSdn(sdnFile(entries)).aircraft;
}

describe('resolveOfacAircraft', () => {
  it('resolves a tail number through the registration index', () => {
    const { rows, rejected, unresolved } = resolveOfacAircraft(aircraftOf(SDN_RA78765), known);
    expect(rejected).toEqual([]);
    expect(unresolved).toEqual([]);
    expect(rows).toEqual([
      {
        line: 1,
        airframe: {
          hex: '1533ad',
          registration: 'RA-78765',
          typeCode: 'IL76',
          operator: 'Aviacon Zitotrans',
          reason: 'OFAC SDN: program RUSSIA-EO14024; linked to JSC AVIACON ZITOTRANS; ent_num 40185',
          source: 'ofac-sdn',
        },
      },
    ]);
  });

  it('takes the hex from the Mode S code without needing the index', () => {
    const { rows } = resolveOfacAircraft(aircraftOf(SDN_RF82041), new Map());
    expect(rows[0]?.airframe).toMatchObject({ hex: '154079', registration: 'RF-82041', typeCode: null });
  });

  it('prefers the Mode S code over a disagreeing index entry, and ignores that entry', () => {
    const wrong = new Map<string, KnownRegistration>([
      ['RF82041', { hex: 'abcdef', typeCode: 'B738', operator: 'Someone' }],
    ]);
    const { rows } = resolveOfacAircraft(aircraftOf(SDN_RF82041), wrong);
    expect(rows[0]?.airframe).toMatchObject({ hex: '154079', typeCode: null, operator: null });
  });

  it('lists entries without a Mode S code or a known tail number as unresolved, saying what is missing', () => {
    const { rows, unresolved } = resolveOfacAircraft(aircraftOf(SDN_RA78765, SDN_YV1004, SDN_MSN_ONLY), known);
    expect(rows.map((r) => r.airframe.hex)).toEqual(['1533ad']);
    expect(unresolved.map((u) => [u.line, u.registration, u.name])).toEqual([
      [2, 'YV1004', 'YV1004'],
      [3, '', 'MSN 449'],
    ]);
    expect(unresolved[0]?.detail).toMatch(/YV1004 is not in the registration index/);
    expect(unresolved[1]?.detail).toMatch(/previous YI-NAE/);
  });

  it('lists several programs in the reason', () => {
    const entry = { ...SDN_RF82041, program: 'SDGT] [NPWMD] [IFSR' };
    expect(resolveOfacAircraft(aircraftOf(entry), new Map()).rows[0]?.airframe.reason).toBe(
      'OFAC SDN: programs SDGT, NPWMD, IFSR; linked to COMMAND OF THE MILITARY TRANSPORT AVIATION; ent_num 43162',
    );
  });

  it('keeps the last of two entries that resolve to the same hex and rejects the earlier one', () => {
    const renamed = { ...SDN_RA78765, entNum: 99999 };
    const { rows, rejected } = resolveOfacAircraft(aircraftOf(SDN_RA78765, renamed), known);
    expect(rows.map((r) => r.line)).toEqual([2]);
    expect(rejected.map((r) => r.line)).toEqual([1]);
    expect(rejected[0]?.reason).toMatch(/line 2/);
  });
});
