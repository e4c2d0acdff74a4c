/** Formulas: one description renders both the cell's formula and the literal one evaluated. */
import type { CellValue } from '../../src/functions/callingConvention';

export type Scalar = number | string | boolean;

/** A range of input cells on the sheet: Excel reads the cells, the evaluator their values. */
export interface RangeArg {
  readonly range: string;
  readonly values: readonly (readonly Scalar[])[];
}

export type FormulaArg = Scalar | null | RangeArg;

function isRangeArg(arg: FormulaArg): arg is RangeArg {
  return typeof arg === 'object' && arg !== null;
}

function literal(value: Scalar): string {
  if (typeof value === 'string') return `"${value.replace(/"/g, '""')}"`;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (!Number.isFinite(value)) throw new RangeError(`cannot write ${value} in a formula`);
  return String(value);
}

function call(fn: string, args: readonly FormulaArg[], render: (arg: RangeArg) => string): string {
  return `${fn}(${args.map((arg) => (arg === null ? '' : isRangeArg(arg) ? render(arg) : literal(arg))).join(',')})`;
}

/** The formula as users type it (no leading "="; ranges as references). */
export function cellFormula(fn: string, args: readonly FormulaArg[]): string {
  return call(fn, args, (arg) => arg.range);
}

/** The same call with every range replaced by an array constant of its values, for the evaluator. */
export function literalFormula(fn: string, args: readonly FormulaArg[]): string {
  return call(fn, args, (arg) => `{${arg.values.map((row) => row.map(literal).join(',')).join(';')}}`);
}

/** An Excel error code as ExcelJS writes it. */
export type ErrorCode = '#N/A' | '#VALUE!' | '#NUM!' | '#NAME?' | '#DIV/0!' | '#REF!' | '#NULL!';

export function isErrorCode(value: CellValue): value is ErrorCode {
  return typeof value === 'string' && /^#(N\/A|VALUE!|NUM!|NAME\?|DIV\/0!|REF!|NULL!)$/.test(value);
}

/** A formula placed on a sheet, with what the evaluator returned for it. */
export interface PlacedFormula {
  readonly sheet: string;
  /** Top-left cell, e.g. "B7". */
  readonly address: string;
  /** The formula as typed (no leading "="), e.g. `LIQ.INDEX()`. */
  readonly formula: string;
  /** The formula as the file stores it, e.g. `_xldudf_LIQ_INDEX()`. */
  readonly stored: string;
  /** The literal formula that was evaluated (ranges replaced by their values). */
  readonly evaluated: string;
  /** Upper-case function name. */
  readonly fn: string;
  /** The result grid: 1×1 for a scalar; error cells hold their code (e.g. "#N/A"). */
  readonly rows: readonly (readonly CellValue[])[];
  /** The first error's code and message when the whole result is an Excel error. */
  readonly error?: { code: string; message: string };
  /** The range the result occupies, e.g. "B40:F145". */
  readonly range: string;
}
