/**
 * The CLI's table of custom functions over one store, straight from the function table (no
 * TypeScript parsed at run time): each called as Excel calls it, awaited to its final answer.
 */
import type { SeriesStore } from '../data/store';
import { specFor, type FunctionSpec } from '../functions/callingConvention';
import { toExcelAnswer } from '../functions/excelErrors';
import { FUNCTIONS } from '../functions/functionTable';
import { runToAnswer } from '../functions/runFunction';

export function functionTableFor(store: SeriesStore): Map<string, FunctionSpec> {
  const table = new Map<string, FunctionSpec>();
  for (const declaration of FUNCTIONS) {
    const fn = async (...args: unknown[]) => toExcelAnswer(await runToAnswer(declaration, args, store));
    table.set(declaration.name.toUpperCase(), specFor(declaration, fn, false));
  }
  return table;
}
