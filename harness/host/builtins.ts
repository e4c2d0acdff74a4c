/**
 * The few Excel built-ins the host evaluates, so that tests can check what a workbook's own
 * formulas see of ours: SUM, ROWS and SORT over literals, ranges and spill references (`B5#`).
 * Excel's rules as documented for each: SUM skips text and booleans inside a range, but an error in
 * it is the result; ROWS counts the rows of its reference; SORT is a dynamic array (it spills) of
 * the rows ordered by one column, numbers before text before booleans before errors, blanks last. Anything else stays
 * #UNSUPPORTED! (calc.ts): the host does not pretend to be a spreadsheet engine.
 */
import type { CellValue } from './protocol';

export interface CellRead {
  readonly value: CellValue;
  readonly errorCode?: string;
}

export type BuiltInArgument = { readonly kind: 'value'; readonly value: unknown } | { readonly kind: 'range'; readonly cells: readonly (readonly CellRead[])[] };

/** One value, an error, or a dynamic array (it spills from the formula's cell). */
export type BuiltInResult = { readonly value: CellValue } | { readonly error: string; readonly message?: string } | { readonly rows: readonly (readonly CellRead[])[] };

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

/** Excel's sort order across types. */
function sortRank(cell: CellRead): number {
  if (cell.errorCode) return 3;
  if (cell.value === '' || cell.value === null) return 4;
  return typeof cell.value === 'number' ? 0 : typeof cell.value === 'string' ? 1 : 2;
}

function compareCells(a: CellRead, b: CellRead): number {
  const byRank = sortRank(a) - sortRank(b);
  if (byRank !== 0) return byRank;
  if (typeof a.value === 'number' && typeof b.value === 'number') return a.value - b.value;
  if (typeof a.value === 'string' && typeof b.value === 'string') return a.value.localeCompare(b.value, 'en', { sensitivity: 'base' });
  return Number(a.value) - Number(b.value);
}

/** SORT(array, [sort_index], [sort_order]): rows of `array` ordered by column sort_index (1-based), 1 ascending, -1 descending. */
const sort: BuiltIn = (args) => {
  const [array, index = { kind: 'value', value: 1 }, order = { kind: 'value', value: 1 }] = args;
  if (array?.kind !== 'range') return { error: '#VALUE!', message: 'SORT sorts a range or a spill' };
  const column = index.kind === 'value' ? (index.value ?? 1) : NaN;
  const direction = order.kind === 'value' ? (order.value ?? 1) : NaN;
  const width = array.cells[0]?.length ?? 0;
  if (typeof column !== 'number' || !Number.isInteger(column) || column < 1 || column > width)
    return { error: '#VALUE!', message: `sort_index must be a column from 1 to ${width}` };
  if (direction !== 1 && direction !== -1) return { error: '#VALUE!', message: 'sort_order must be 1 or -1' };
  const rows = [...array.cells].sort((a, b) => direction * compareCells(a[column - 1]!, b[column - 1]!));
  return { rows };
};

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
  ['SORT', sort],
]);
