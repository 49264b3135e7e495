import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeFormula, unescapeFormula } from '../../src/shared/spreadsheet-formula.js';

describe('escapeFormula / unescapeFormula', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+HYPERLINK("x")', '\'+HYPERLINK("x")'],
    ['-2+3', "'-2+3"],
    ['-82.409', '-82.409'], // a longitude stays a number
    ["'-2", "''-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ["'=1", "''=1"],
    ['RA-78765', 'RA-78765'],
    ["O'Brien", "O'Brien"],
    ['', ''],
  ])('%j is written as %j', (value, cell) => {
    expect(escapeFormula(value)).toBe(cell);
    expect(unescapeFormula(cell)).toBe(value);
  });

  it('round trips any text, and never writes a cell a spreadsheet would run', () => {
    const text = fc.string({ unit: fc.constantFrom("'", '=', '+', '-', '@', '\t', '\r', 'a', ' ', '1', '.') });
    fc.assert(
      fc.property(text, (value) => {
        const cell = escapeFormula(value);
        expect(unescapeFormula(cell)).toBe(value);
        expect(/^[=+\-@\t\r]/.test(cell) && !/^-\d+(\.\d+)?$/.test(cell)).toBe(false);
      }),
    );
  });
});
