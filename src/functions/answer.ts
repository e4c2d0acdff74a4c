import { excelSerialFromEpochDay } from '../core/dates/excelSerial';
import { formatIsoDate } from '../core/dates/isoDate';
import { invalidNumber, type CalcError } from '../core/errors';
import { coerceInteger, type Coerced } from './args';

/** One cell of a result: a value, or an error that stays in its cell of a spill. */
export type Cell = number | string | boolean | CalcError;
/** What an engine function returns: one cell or a spill (rows of cells). */
export type Answer = Cell | Cell[][];
export type MaybePromise<T> = T | Promise<T>;

/** The default and largest spill a series function builds. */
export const DEFAULT_MAX_ROWS = 5000;
export const LARGEST_MAX_ROWS = 100000;

/**
 * A date for a spill: the Excel serial (format the column as a date), or ISO text for dates before
 * 1900, which Excel cannot hold as serials (the gold and S&P histories start in 1833 and 1871).
 */
export function dateCell(epochDay: number): number | string {
  const serial = excelSerialFromEpochDay(epochDay);
  return Number.isNaN(serial) ? formatIsoDate(epochDay) : serial;
}

/** A number cell; NaN (no observation) becomes an empty cell rather than a #NUM!. */
export function numberCell(value: number): number | string {
  return Number.isNaN(value) ? '' : value;
}

/** The `max_rows` argument of a series function. */
export function coerceMaxRows(value: unknown): Coerced<number> {
  return coerceInteger(value, 'max_rows', { min: 1, max: LARGEST_MAX_ROWS, fallback: DEFAULT_MAX_ROWS });
}

/** Spills know their size before they are built: refuse one larger than the cap. */
export function checkSpillRows(rows: number, maxRows: number): CalcError | undefined {
  if (rows <= maxRows) return undefined;
  return invalidNumber(`the result has ${rows} rows, more than max_rows ${maxRows}: narrow start/end, use a lower frequency, or raise max_rows (up to ${LARGEST_MAX_ROWS})`);
}
