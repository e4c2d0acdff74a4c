/**
 * Freeze to values: for recipients without the add-in, a copy of each sheet that uses our
 * functions, with every Liquidity Lens formula (and its spill) replaced by its current value and a
 * stamp saying when and as of which data. The original sheets are left as they are.
 */
import { callsOurFunction } from './storedFormula';

const MAX_SHEET_NAME = 31;

/**
 * Whether a cell's formula text calls one of our functions, as typed (`=LIQ.INDEX()`) or as Excel
 * shows a saved formula while the add-in is not loaded (`=_xldudf_LIQ_INDEX()`).
 */
export function usesOurFunctions(formula: unknown): boolean {
  return callsOurFunction(formula);
}

/**
 * What the frozen copy holds in each cell: other formulas are kept (they now read the frozen
 * values beside them), everything else — our formulas, their spills, constants — is the value.
 */
export function frozenGrid(formulas: readonly (readonly unknown[])[], values: readonly (readonly unknown[])[]): unknown[][] {
  return formulas.map((row, r) => row.map((formula, c) => (typeof formula === 'string' && formula.startsWith('=') && !usesOurFunctions(formula) ? formula : values[r][c])));
}

export function frozenSheetName(name: string): string {
  const suffix = ' (values)';
  return name.slice(0, MAX_SHEET_NAME - suffix.length) + suffix;
}

export interface FrozenSheet {
  readonly source: string;
  readonly copy: string;
  readonly cells: number;
}

/** Writes the frozen copies; `stamp` says when and as of which data (e.g. "data as of 2026-08-19"). */
export async function freezeToValues(stamp: string): Promise<FrozenSheet[]> {
  return Excel.run(async (context) => {
    const sheets = context.workbook.worksheets;
    sheets.load('items/name');
    await context.sync();
    const candidates = sheets.items.filter((sheet) => !sheet.name.endsWith(' (values)'));
    const used = candidates.map((sheet) => {
      const range = sheet.getUsedRangeOrNullObject();
      range.load(['formulas', 'values', 'numberFormat', 'rowIndex', 'columnIndex', 'rowCount', 'columnCount']);
      return { sheet, range };
    });
    await context.sync();
    const frozen: FrozenSheet[] = [];
    for (const { sheet, range } of used) {
      if (range.isNullObject || !range.formulas.some((row) => row.some(usesOurFunctions))) continue;
      const name = frozenSheetName(sheet.name);
      const existing = sheets.getItemOrNullObject(name);
      await context.sync();
      if (!existing.isNullObject) existing.delete();
      const copy = sheets.add(name);
      const target = copy.getRangeByIndexes(range.rowIndex, range.columnIndex, range.rowCount, range.columnCount);
      target.numberFormat = range.numberFormat;
      target.formulas = frozenGrid(range.formulas, range.values) as string[][];
      copy.getRangeByIndexes(0, range.columnIndex + range.columnCount + 1, 1, 1).values = [[`Values of Liquidity Lens formulas from "${sheet.name}", ${stamp}`]];
      frozen.push({ source: sheet.name, copy: name, cells: range.rowCount * range.columnCount });
    }
    await context.sync();
    return frozen;
  });
}
