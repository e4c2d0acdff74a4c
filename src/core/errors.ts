/**
 * Errors are values: core functions return a `CalcError` instead of throwing, and the Excel edge
 * translates it exactly once. Only programmer misuse (wrong units handed to a model) throws.
 */
export type ErrorCode = 'VALUE' | 'NA' | 'NUM' | 'DIV0';

export class CalcError {
  readonly code: ErrorCode;
  readonly message: string;
  constructor(code: ErrorCode, message: string) {
    this.code = code;
    this.message = message;
  }
}

export function isCalcError(value: unknown): value is CalcError {
  return value instanceof CalcError;
}

/** Text where a number or date belongs, an unparseable date, an unknown option. */
export const invalidValue = (message: string): CalcError => new CalcError('VALUE', message);
/** Unknown ticker or series, no data at the requested date. */
export const notAvailable = (message: string): CalcError => new CalcError('NA', message);
/** A number outside its allowed range. */
export const invalidNumber = (message: string): CalcError => new CalcError('NUM', message);
/** A ratio whose denominator is zero. */
export const divisionByZero = (message: string): CalcError => new CalcError('DIV0', message);
