import { excelSerialFromEpochDay } from '../core/dates/excelSerial';
import { formatIsoDate } from '../core/dates/isoDate';
import type { CalcError } from '../core/errors';
import { definedAt } from '../core/definedAt';
import type { Series } from '../core/series/series';

/** One cell of a result: a value, or an error that stays in its cell of a spill. */
export type Cell = number | string | boolean | CalcError;
/** What a function answers: one cell or a spill (rows of cells). */
export type Answer = Cell | Cell[][];
export type MaybePromise<T> = T | Promise<T>;

/** The held series by catalogue id; absent ids were not held even after a load. */
export interface HeldMap {
  get(id: string): Series | undefined;
}

/**
 * A date for a spill: the Excel serial (format the column as a date), or ISO text for dates before
 * 1900, which Excel cannot hold as serials (the gold and S&P histories start in 1833 and 1871).
 */
export function dateCell(epochDay: number): number | string {
  const serial = excelSerialFromEpochDay(epochDay);
  return Number.isNaN(serial) ? formatIsoDate(epochDay) : serial;
}

/** The one element of a 1×1 range or spill, as `{ value }`; undefined for any other shape. */
export function singleCell<T>(rows: readonly (readonly T[])[]): { value: T } | undefined {
  const [row] = rows;
  return rows.length === 1 && row?.length === 1 ? { value: definedAt(row, 0) } : undefined;
}

/** A number cell; NaN (no observation) becomes an empty cell rather than an error. */
export function numberCell(value: number): number | string {
  return Number.isNaN(value) ? '' : value;
}

/**
 * Spill rows, one per day: its date cell, then each column's value on that day as a number cell.
 * The columns were computed for `days`, so each is as long (a shorter one is a bug, and throws).
 */
export function dayRows(days: ArrayLike<number>, columns: readonly ArrayLike<number>[]): Cell[][] {
  return Array.from(days, (day, i): Cell[] => [dateCell(day), ...columns.map((column) => numberCell(definedAt(column, i, 'a column of the spill')))]);
}
