/**
 * Argument coercion for the Excel edge, declared once per kind of argument. Excel passes omitted
 * optional arguments as null, dates as serial numbers (or ISO text typed by the user), and ranges
 * as 2-D arrays. Every coercer returns the value or a CalcError naming the argument.
 */
import { EXCEL_MAX_SERIAL, EXCEL_PHANTOM_LEAP_DAY, epochDayFromExcelSerial } from '../core/dates/excelSerial';
import { parseIsoDate } from '../core/dates/isoDate';
import { invalidNumber, invalidValue, isCalcError, type CalcError } from '../core/errors';

export type Coerced<T> = T | CalcError;

/** Excel's null; also an empty cell, which arrives as "" from a range. */
export function isOmitted(value: unknown): value is null | undefined | '' {
  return value === null || value === undefined || value === '';
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `text "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (Array.isArray(value)) return `a range of ${value.length} row(s)`;
  return String(value);
}

/**
 * A date argument as an epoch day: an Excel serial (1900 system) or ISO text "YYYY-MM-DD".
 * Omitted → undefined (the caller's "latest").
 */
export function coerceDate(value: unknown, name: string): Coerced<number | undefined> {
  if (isOmitted(value)) return undefined;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return invalidNumber(`${name} must be a finite date serial`);
    if (Math.floor(value) === EXCEL_PHANTOM_LEAP_DAY) return invalidValue(`${name}: serial 60 is 1900-02-29, a day that never existed (Excel's 1900 leap-year bug)`);
    const day = epochDayFromExcelSerial(value);
    if (Number.isNaN(day)) return invalidNumber(`${name} ${value} is not a date serial: use 1 (1900-01-01) to ${EXCEL_MAX_SERIAL} (9999-12-31)`);
    return day;
  }
  if (typeof value === 'string') {
    const day = parseIsoDate(value);
    if (Number.isNaN(day)) return invalidValue(`${name}: cannot read ${describe(value)} as a date; use ISO text "2025-12-31" or a date serial`);
    return day;
  }
  return invalidValue(`${name} must be a date (serial number or ISO text "2025-12-31"), got ${describe(value)}`);
}

/** A finite number; text, booleans and ranges are #VALUE!. */
export function coerceNumber(value: unknown, name: string): Coerced<number> {
  if (typeof value !== 'number') {
    return invalidValue(`${name} must be a number, got ${isOmitted(value) ? 'nothing' : describe(value)}`);
  }
  if (!Number.isFinite(value)) return invalidNumber(`${name} must be a finite number`);
  return value;
}

export interface IntegerRange {
  readonly min: number;
  readonly max: number;
  readonly fallback: number;
}

/** A whole number within [min, max]; omitted → fallback. */
export function coerceInteger(value: unknown, name: string, range: IntegerRange): Coerced<number> {
  if (isOmitted(value)) return range.fallback;
  const number = coerceNumber(value, name);
  if (isCalcError(number)) return number;
  if (!Number.isInteger(number) || number < range.min || number > range.max) {
    return invalidNumber(`${name} must be a whole number from ${range.min} to ${range.max}, got ${number}`);
  }
  return number;
}

/** Required text (a ticker, a series id). */
export function coerceText(value: unknown, name: string): Coerced<string> {
  if (typeof value !== 'string' || value.trim() === '') {
    return invalidValue(`${name} must be text, got ${isOmitted(value) ? 'nothing' : describe(value)}`);
  }
  return value.trim();
}

/** One of a fixed set of options, case-insensitive; omitted → fallback. */
export function coerceOption<T extends string>(value: unknown, name: string, options: readonly T[], fallback: T): Coerced<T> {
  if (isOmitted(value)) return fallback;
  const wanted = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
  const match = options.find((option) => option.toLowerCase() === wanted);
  if (match === undefined) return invalidValue(`${name} must be one of ${options.map((o) => `"${o}"`).join(', ')}, got ${describe(value)}`);
  return match;
}

/** A range argument as rows; a single value (Excel passes [[x]] anyway) becomes a 1×1 range. */
export function coerceMatrix(value: unknown): unknown[][] {
  if (Array.isArray(value)) return value.map((row) => (Array.isArray(row) ? row : [row]));
  return [[value]];
}

export interface DateRange {
  /** Epoch days; undefined = open (from the start / to the end of the data). */
  readonly from: number | undefined;
  readonly to: number | undefined;
}

/** The `start`/`end` pair of a series function: each a date or omitted, and start ≤ end. */
export function coerceDateRange(start: unknown, end: unknown): Coerced<DateRange> {
  const from = coerceDate(start, 'start');
  if (isCalcError(from)) return from;
  const to = coerceDate(end, 'end');
  if (isCalcError(to)) return to;
  if (from !== undefined && to !== undefined && from > to) return invalidNumber('start is after end');
  return { from, to };
}
