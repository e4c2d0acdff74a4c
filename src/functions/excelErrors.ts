import { isCalcError, type CalcError, type ErrorCode } from '../core/errors';
import type { Answer, Cell } from './cells';

/**
 * The one table from core error codes to Excel's. Excel shows a function's message only on
 * #VALUE! and #N/A (learn.microsoft.com, "Handle and return errors from your custom function";
 * the CustomFunctions.ErrorCode reference: no message with #DIV/0! or #NUM!). A message dropped is
 * an error unexplained, so a number out of range (the core's NUM) answers #VALUE!, like any other
 * argument the user must change, and a quantity the data cannot define (DIV0: a flat series has no
 * correlation) answers #N/A. The core keeps its finer codes; only Excel's display forces this.
 */
export const EXCEL_ERROR_CODES: Record<ErrorCode, '#VALUE!' | '#N/A'> = {
  VALUE: '#VALUE!',
  NA: '#N/A',
  NUM: '#VALUE!',
  DIV0: '#N/A',
};

/** Outside Excel (the CLI, tests) errors keep the shape of CustomFunctions.Error. */
export class ExcelFunctionError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ExcelFunctionError';
  }
}

/** The shape of CustomFunctions.Error, which is not an Error subclass. */
export interface ExcelErrorValue {
  readonly code: string;
  readonly message?: string;
}

type ExcelErrorConstructor = new (code: string, message: string) => ExcelErrorValue;

function excelErrorConstructor(): ExcelErrorConstructor {
  const runtime = (globalThis as unknown as { CustomFunctions?: { Error?: ExcelErrorConstructor } }).CustomFunctions;
  return runtime?.Error ?? ExcelFunctionError;
}

/** A CalcError as Excel's error value (CustomFunctions.Error inside Excel). */
export function toExcelError(error: CalcError): ExcelErrorValue {
  const ExcelError = excelErrorConstructor();
  return new ExcelError(EXCEL_ERROR_CODES[error.code], error.message);
}

type ExcelCell = number | string | boolean | ExcelErrorValue;
export type ExcelAnswer = ExcelCell | ExcelCell[][];

/** An answer as Excel wants it: a value, an Excel error, or rows whose error cells are Excel errors. */
export function toExcelAnswer(answer: Answer): ExcelAnswer {
  if (isCalcError(answer)) return toExcelError(answer);
  if (!Array.isArray(answer)) return answer;
  return answer.map((row) => row.map((cell: Cell) => (isCalcError(cell) ? toExcelError(cell) : cell)));
}

/** An exception that escaped a computation: a #VALUE! that says so, never an unexplained one. */
export function internalError(error: unknown): ExcelErrorValue {
  const ExcelError = excelErrorConstructor();
  return new ExcelError(EXCEL_ERROR_CODES.VALUE, `internal error in Liquidity Lens: ${error instanceof Error ? error.message : String(error)}`);
}
