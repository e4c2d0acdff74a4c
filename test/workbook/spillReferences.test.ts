/**
 * Spill references in a frozen copy (issue 11 §6): once B5's spilling formula is replaced by its
 * values, Excel shows #REF! for `B5#`, so other formulas must name the range the spill covered.
 */
import { cellAddress, columnLetters } from '../../src/workbook/a1Address';
import { fixSpillReferences, type SpillArea } from '../../src/workbook/spillReferences';

// B5 spilled over B5:D40 (rows 4–39, columns 1–3, 0-based).
const spills = new Map<string, SpillArea>([['B5', { rowIndex: 4, columnIndex: 1, rowCount: 36, columnCount: 3 }]]);

describe('fixSpillReferences', () => {
  it.each([
    ['=SUM(B5#)', '=SUM(B5:D40)'],
    ['=SUM($B$5#)', '=SUM($B$5:$D$40)'],
    ['=SUM(B$5#)*2', '=SUM(B$5:D$40)*2'],
    ['=ROWS(b5#)', '=ROWS(b5:D40)'],
    ['=SORT(Sheet1!B5#)', '=SORT(Sheet1!B5:D40)'],
    ["=SORT('sheet1'!B5#)", "=SORT('sheet1'!B5:D40)"],
  ])('%s → %s', (formula, fixed) => {
    expect(fixSpillReferences(formula, spills, 'Sheet1')).toBe(fixed);
  });

  it.each([
    ['a spill on another sheet', '=SUM(Other!B5#)'],
    ['a cell that did not spill', '=SUM(C7#)'],
    ['text that looks like one', '=CONCAT("B5#", A1)'],
    ['no spill reference at all', '=SUM(B5:B9)'],
    ['a constant', 'B5#'],
  ])('leaves %s alone', (_what, formula) => {
    expect(fixSpillReferences(formula, spills, 'Sheet1')).toBe(formula);
  });

  it('rewrites outside a string and keeps the string', () => {
    expect(fixSpillReferences('=IF(SUM(B5#)>0,"B5# up","down")', spills, 'Sheet1')).toBe('=IF(SUM(B5:D40)>0,"B5# up","down")');
  });
});

describe('A1 addresses', () => {
  it.each([
    [0, 'A'],
    [25, 'Z'],
    [26, 'AA'],
    [701, 'ZZ'],
    [702, 'AAA'],
    [16383, 'XFD'], // Excel's last column
  ])('column %i is %s', (column, letters) => {
    expect(columnLetters(column)).toBe(letters);
  });

  it('names a cell by 0-based row and column', () => {
    expect(cellAddress(4, 1)).toBe('B5');
  });
});
