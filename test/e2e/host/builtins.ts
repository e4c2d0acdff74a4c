/**
 * The few Excel built-ins the host evaluates, so that tests can check what a workbook's own
 * formulas see of ours: SUM and ROWS over literals, ranges and spill references (`B5#`).
 * Excel's rules as documented for each: SUM skips text and booleans inside a range, but an error in
 * it is the result; ROWS counts the rows of its reference. Anything else stays
 * #UNSUPPORTED! (calc.ts): the host does not pretend to be a spreadsheet engine.
 */
import type { CellValue } from './protocol';

export interface CellRead {
  readonly value: CellValue;
  readonly errorCode?: string;
}

export type BuiltInArgument = { readonly kind: 'value'; readonly value: unknown } | { readonly kind: 'range'; readonly cells: readonly (readonly CellRead[])[] };

export type BuiltInResult = { readonly value: CellValue } | { readonly error: string; readonly message?: string };

type BuiltIn = (args: readonly BuiltInArgument[]) => BuiltInResult;

/** The numbers SUM takes from its arguments, or the first error among them. */
function numbers(args: readonly BuiltInArgument[]): number[] | { error: string } {
  const out: number[] = [];
  for (const arg of args) {
    if (arg.kind === 'value') {
      if (arg.value === null) continue;
      if (typeof arg.value === 'number') out.push(arg.value);
      else if (typeof arg.value === 'boolean') out.push(arg.value ? 1 : 0);
      else if (typeof arg.value === 'string' && arg.value.trim() !== '' && Number.isFinite(Number(arg.value))) out.push(Number(arg.value));
      else return { error: '#VALUE!' };
      continue;
    }
    for (const row of arg.cells) {
      for (const cell of row) {
        if (cell.errorCode) return { error: cell.errorCode };
        if (typeof cell.value === 'number') out.push(cell.value);
      }
    }
  }
  return out;
}

export const BUILT_INS: ReadonlyMap<string, BuiltIn> = new Map<string, BuiltIn>([
  [
    'SUM',
    (args) => {
      const found = numbers(args);
      return Array.isArray(found) ? { value: found.reduce((sum, n) => sum + n, 0) } : found;
    },
  ],
  [
    'ROWS',
    (args) => {
      const [only] = args;
      if (args.length !== 1 || only?.kind !== 'range') return { error: '#VALUE!', message: 'ROWS takes one reference' };
      return { value: only.cells.length };
    },
  ],
]);
