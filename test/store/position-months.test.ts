import { describe, expect, it } from 'vitest';
import {
  boundLiteral,
  monthsNeeded,
  partitionsBeyondRetention,
  positionMonthNamed,
  positionMonthOf,
} from '../../src/store/position-months.js';

const at = (iso: string) => Date.parse(iso);

describe('positionMonthOf', () => {
  it.each([
    ['2025-10-28T14:03:00Z', 'positions_y2025m10', '2025-10-01T00:00:00Z', '2025-11-01T00:00:00Z'],
    ['2025-10-31T23:59:59.999Z', 'positions_y2025m10', '2025-10-01T00:00:00Z', '2025-11-01T00:00:00Z'],
    ['2025-11-01T00:00:00Z', 'positions_y2025m11', '2025-11-01T00:00:00Z', '2025-12-01T00:00:00Z'],
    ['2025-12-31T23:00:00Z', 'positions_y2025m12', '2025-12-01T00:00:00Z', '2026-01-01T00:00:00Z'],
    ['2024-02-29T12:00:00Z', 'positions_y2024m02', '2024-02-01T00:00:00Z', '2024-03-01T00:00:00Z'],
  ])('%s falls in %s', (time, name, from, to) => {
    expect(positionMonthOf(at(time))).toEqual({ name, fromMs: at(from), toMs: at(to) });
  });

  it('uses UTC months whatever the time zone offset of the input', () => {
    // 23:30 on 31 Oct in New York is already November in UTC.
    expect(positionMonthOf(at('2025-10-31T23:30:00-04:00')).name).toBe('positions_y2025m11');
  });
});

describe('positionMonthNamed', () => {
  it('reads back every month it names', () => {
    for (let m = 0; m < 24; m++) {
      const month = positionMonthOf(Date.UTC(2025, m, 10));
      expect(positionMonthNamed(month.name)).toEqual(month);
    }
  });

  it.each([
    'positions_default',
    'positions_y2025m13',
    'positions_y2025m00',
    'positions_2025_10',
    'legs_y2025m10',
    'positions_y2025m10_old',
  ])('is null for %s, which is no monthly partition', (name) => {
    expect(positionMonthNamed(name)).toBeNull();
  });
});

describe('monthsNeeded', () => {
  const names = (asOf: string, times: string[]) => monthsNeeded(times.map(at), at(asOf)).map((m) => m.name);

  it.each([
    [
      'the data month and the next one, ahead of its first row',
      '2025-10-28T14:00:00Z',
      ['2025-10-28T13:59:40Z'],
      ['positions_y2025m10', 'positions_y2025m11'],
    ],
    [
      'no rows still prepares the data month and the next',
      '2025-10-28T14:00:00Z',
      [],
      ['positions_y2025m10', 'positions_y2025m11'],
    ],
    [
      'a late row from the month before',
      '2025-11-01T00:00:20Z',
      ['2025-10-31T23:59:50Z', '2025-11-01T00:00:10Z'],
      ['positions_y2025m10', 'positions_y2025m11', 'positions_y2025m12'],
    ],
    [
      'a replay of old data prepares its own months',
      '2024-03-15T08:00:00Z',
      ['2024-03-15T07:59:59Z'],
      ['positions_y2024m03', 'positions_y2024m04'],
    ],
    [
      'December rolls over into the next year',
      '2025-12-31T23:59:30Z',
      ['2025-12-31T23:59:29Z'],
      ['positions_y2025m12', 'positions_y2026m01'],
    ],
    [
      'a broken clock years away gets no month (default partition)',
      '2025-10-28T14:00:00Z',
      ['1970-01-01T00:00:01Z', '2031-06-01T00:00:00Z'],
      ['positions_y2025m10', 'positions_y2025m11'],
    ],
  ])('%s', (_label, asOf, times, expected) => {
    expect(names(asOf, times)).toEqual(expected);
  });
});

describe('partitionsBeyondRetention', () => {
  const partitions = [
    'positions_default',
    'positions_y2024m01',
    'positions_y2024m12',
    'positions_y2024m11',
    'positions_y2025m10',
  ];

  it.each([
    [
      'a cutoff mid-December keeps December (not over yet)',
      '2024-12-15T00:00:00Z',
      ['positions_y2024m01', 'positions_y2024m11'],
    ],
    [
      'a cutoff exactly at a month end drops that month',
      '2025-01-01T00:00:00Z',
      ['positions_y2024m01', 'positions_y2024m11', 'positions_y2024m12'],
    ],
    ['a cutoff before everything drops nothing', '2023-06-01T00:00:00Z', []],
  ])('%s', (_label, cutoff, expected) => {
    expect(partitionsBeyondRetention(partitions, at(cutoff)).map((m) => m.name)).toEqual(expected);
  });

  it('never offers the default partition, whatever the cutoff', () => {
    expect(partitionsBeyondRetention(['positions_default'], at('2100-01-01T00:00:00Z'))).toEqual([]);
  });
});

describe('boundLiteral', () => {
  it('writes an explicit UTC offset', () => {
    expect(boundLiteral(Date.UTC(2025, 9, 1))).toBe('2025-10-01T00:00:00+00:00');
  });
});
