import { MIN_INDEXED_LENGTH, indexedAsOf } from './dayIndex';
import type { Series } from './series';

/**
 * Index of the latest observation on or before `day`, or −1 when the series starts after it.
 * O(1) through a day index for long series (dayIndex.ts), a binary search (O(log n)) for short
 * ones. Never returns a later observation.
 * @example
 * asOfIndex(walcl, parseIsoDate('2025-12-26')) // index of 2025-12-24
 */
export function asOfIndex(series: Series, day: number): number {
  const days = series.days;
  let lo = 0;
  let hi = days.length - 1;
  if (hi < 0 || day < days[0]) return -1;
  if (day >= days[hi]) return hi;
  if (days.length >= MIN_INDEXED_LENGTH) return indexedAsOf(days, day);
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (days[mid] <= day) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Value of the latest observation on or before `day`, or NaN when there is none.
 * @example
 * asOf(rrp, parseIsoDate('2025-12-24')) //=> 4.803
 */
export function asOf(series: Series, day: number): number {
  const index = asOfIndex(series, day);
  return index < 0 ? NaN : series.values[index];
}

/**
 * The as-of values of `series` on each of `days` (which need not be sorted): an as-of join.
 * Sorted input is walked in one pass, O(n + m).
 */
export function asOfJoin(series: Series, days: ArrayLike<number>): Float64Array {
  const out = new Float64Array(days.length);
  let cursor = -1;
  let previous = -Infinity;
  for (let i = 0; i < days.length; i++) {
    const day = days[i];
    if (day < previous) cursor = -1; // unsorted input: restart the walk
    if (cursor < 0) cursor = Math.max(0, asOfIndex(series, day));
    while (cursor + 1 < series.days.length && series.days[cursor + 1] <= day) cursor++;
    out[i] = series.days.length && series.days[cursor] <= day ? series.values[cursor] : NaN;
    previous = day;
  }
  return out;
}

/**
 * The values of `series` on exactly each of `days` (ascending), `missing` where it has no
 * observation that day: for flows such as repo take-up, where no result means none. O(n + m).
 */
export function exactJoin(series: Series, days: ArrayLike<number>, missing: number): Float64Array {
  const out = new Float64Array(days.length).fill(missing);
  let j = 0;
  for (let i = 0; i < days.length; i++) {
    while (j < series.days.length && series.days[j] < days[i]) j++;
    if (j < series.days.length && series.days[j] === days[i]) out[i] = series.values[j];
  }
  return out;
}
