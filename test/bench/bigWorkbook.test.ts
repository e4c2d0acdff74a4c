/**
 * The harness pieces of `npm run bench` figures 8–10 (scripts/bench/bigWorkbook.ts, workbookPage.ts):
 * the 10,000-formula workbook has the mix issue 17 names, laid out so no spill runs into another
 * cell, and the floor bundle associates a do-nothing streaming function under every id.
 */
import vm from 'node:vm';
import { epochDayFromExcelSerial } from '../../src/core/dates/excelSerial';
import { parseIsoDate } from '../../src/core/dates/isoDate';
import { FUNCTIONS } from '../../src/functions/functionTable';
import { bigWorkbook, DEFAULT_FORMULAS, EXTRA_FORMULAS } from '../../scripts/bench/bigWorkbook';
import { floorBundle } from '../../scripts/bench/workbookPage';
import { parseAddress } from '../../harness/host/workbook';

const workbook = bigWorkbook();
const cells = workbook.snapshot.sheets[0]!.cells;

describe('the big workbook', () => {
  it('holds 10,000 of our formulas: RATIO.GOLD down a column of dates, LIQ.INDEX beside it, spills, CREDIT.LOSS over ranges', () => {
    expect(workbook.formulas).toHaveLength(DEFAULT_FORMULAS);
    expect(workbook.byFunction).toEqual({ 'RATIO.GOLD': 4991, 'LIQ.INDEX': 4991, 'CREDIT.LOSS': 10, 'LIQ.SERIES': 4, 'RATIO.GOLD.SERIES': 4 });
    expect(workbook.rows).toBe((DEFAULT_FORMULAS - EXTRA_FORMULAS) / 2);
    const formulaCells = Object.values(cells).filter((cell) => cell.f !== undefined);
    expect(formulaCells).toHaveLength(DEFAULT_FORMULAS);
    for (const row of [2, 1000, workbook.rows + 1]) {
      expect(workbook.formulas.find((f) => f.address === `B${row}`)?.text).toBe(`=RATIO.GOLD("SPX",A${row})`);
      expect(workbook.formulas.find((f) => f.address === `C${row}`)?.text).toBe(`=LIQ.INDEX(A${row})`);
    }
    expect(workbook.formulas.filter((f) => f.fn === 'CREDIT.LOSS').map((f) => f.text)).toContain('=CREDIT.LOSS(G2:G4)');
    expect(workbook.formulas.filter((f) => f.spills)).toHaveLength(18);
  });

  it('saves formulas as Excel saves add-in functions, with their cached values', () => {
    expect(cells.B2).toEqual({ f: '=_xldudf_RATIO_GOLD("SPX",A2)', v: 0 });
    expect(cells.C2).toEqual({ f: '=_xldudf_LIQ_INDEX(A2)', v: 0 });
    expect(cells.I2!.f).toBe('=_xldudf_CREDIT_LOSS(G2:G4)');
    expect(Object.values(cells).every((cell) => cell.f === undefined || !/(RATIO|LIQ|CREDIT)\./.test(cell.f))).toBe(true);
  });

  it('dates the rows one calendar day apart, ending on the last day every LIQ.INDEX has data for', () => {
    const days = Array.from({ length: workbook.rows }, (_, i) => epochDayFromExcelSerial(cells[`A${i + 2}`]!.v as number));
    expect(days[days.length - 1]).toBe(parseIsoDate('2026-07-22'));
    expect(days.every((day, i) => i === 0 || day === days[i - 1]! + 1)).toBe(true);
    expect(cells.A2!.nf).toBe('yyyy-mm-dd');
  });

  it('marks exactly the formulas that read SPX (what a refresh of SPX recomputes)', () => {
    const readers = workbook.formulas.filter((f) => f.readsSpx);
    expect(readers).toHaveLength(4991 + 4);
    expect(new Set(readers.map((f) => f.fn))).toEqual(new Set(['RATIO.GOLD', 'RATIO.GOLD.SERIES']));
    expect(workbook.formulas.filter((f) => f.fn === 'LIQ.INDEX').every((f) => !f.readsSpx)).toBe(true);
  });

  it('gives every spill a block of its own: no other cell and no other spill in it', () => {
    const rects = workbook.spillBlocks.map((block) => parseAddress(block)!.rect);
    expect(rects).toHaveLength(workbook.formulas.filter((f) => f.spills).length);
    for (const [i, a] of rects.entries()) {
      for (const b of rects.slice(i + 1)) expect(a.r1 < b.r0 || b.r1 < a.r0 || a.c1 < b.c0 || b.c1 < a.c0).toBe(true);
      for (const address of Object.keys(cells)) {
        const { r0, c0 } = parseAddress(address)!.rect;
        const inside = r0 >= a.r0 && r0 <= a.r1 && c0 >= a.c0 && c0 <= a.c1;
        if (inside) expect(address).toBe(workbook.spillBlocks[i]!.split('!')[1]!.split(':')[0]);
      }
    }
  });

  it('scales down for tests and refuses a count it cannot lay out', () => {
    const small = bigWorkbook({ formulas: 102 });
    expect(small.formulas).toHaveLength(102);
    expect(small.byFunction['RATIO.GOLD']).toBe(42);
    expect(() => bigWorkbook({ formulas: 101 })).toThrow(/cannot be laid out/);
  });
});

describe('the floor bundle', () => {
  it('associates a do-nothing streaming function under every id of functions.json, answering at once', () => {
    const functionsJson = JSON.stringify({ functions: FUNCTIONS.map((d) => ({ id: d.name, result: { dimensionality: d.name === 'LIQ.SERIES' ? 'matrix' : undefined } })) });
    const associated = new Map<string, (...args: unknown[]) => void>();
    vm.runInNewContext(floorBundle(functionsJson), { CustomFunctions: { associate: (id: string, fn: (...args: unknown[]) => void) => associated.set(id, fn) } });
    expect([...associated.keys()].sort()).toEqual(FUNCTIONS.map((d) => d.name).sort());
    const results: unknown[] = [];
    associated.get('RATIO.GOLD')!('SPX', 46000, { setResult: (value: unknown) => results.push(value) });
    associated.get('LIQ.SERIES')!(null, null, null, null, { setResult: (value: unknown) => results.push(value) });
    expect(results).toEqual([0, [[0]]]);
  });
});
