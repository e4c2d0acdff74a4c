import { isCalcError, type CalcError, type ErrorCode } from '../core/errors';
import type { Answer, Cell, MaybePromise } from './answer';

/** The one table from core error codes to Excel's. */
export const EXCEL_ERROR_CODES: Record<ErrorCode, string> = {
  VALUE: '#VALUE!',
  NA: '#N/A',
  NUM: '#NUM!',
  DIV0: '#DIV/0!',
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

function settle(answer: Answer): ExcelAnswer {
  if (isCalcError(answer)) throw toExcelError(answer);
  if (!Array.isArray(answer)) return answer;
  return answer.map((row) => row.map((cell: Cell) => (isCalcError(cell) ? toExcelError(cell) : cell)));
}

/**
 * The engine's answer as Excel wants it: a value, a 2-D array whose error cells are Excel errors,
 * or a thrown Excel error for the whole call. Any unexpected exception becomes a #VALUE! that says
 * so, never an unexplained one.
 */
export function toExcel<A>(run: (argument: A) => MaybePromise<Answer>, argument: A): ExcelAnswer | Promise<ExcelAnswer> {
  let answer: MaybePromise<Answer>;
  try {
    answer = run(argument);
  } catch (error) {
    throw internalError(error);
  }
  if (answer instanceof Promise) {
    return answer.then(settle, (error: unknown) => {
      throw internalError(error);
    });
  }
  return settle(answer);
}

function internalError(error: unknown): ExcelErrorValue {
  const ExcelError = excelErrorConstructor();
  return new ExcelError(EXCEL_ERROR_CODES.VALUE, `internal error in Liquidity Lens: ${error instanceof Error ? error.message : String(error)}`);
}
