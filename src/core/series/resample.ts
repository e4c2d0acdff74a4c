import { endOfMonth, wednesdayOnOrBefore } from '../dates/epochDay';
import type { Unit } from '../units';
import { asOfJoin } from './asOf';
import type { Series } from './series';

/** `'D'` every observation as held, `'W'` Wednesdays, `'M'` one point per calendar month. */
export type ResampleFrequency = 'D' | 'W' | 'M';

/** Every frequency `resample` accepts, for argument validation at the edge. */
export const RESAMPLE_FREQUENCIES: readonly ResampleFrequency[] = ['D', 'W', 'M'];

/**
 * The series at a lower frequency, never reading a future observation.
 * - `'D'`: the series itself (the input object, unchanged).
 * - `'W'`: one point per Wednesday, from the first Wednesday on or after the first observation to the
 *   last Wednesday on or before the last one, dated the Wednesday, valued as of it (latest observation
 *   on or before). Wednesday is the H.4.1 reference day, so weekly Fed data lines up with it.
 * - `'M'`: the last observation of each calendar month that has one, dated with that observation's
 *   own date (a month-end close, not a month average; the date says how fresh it is).
 * Units and id are unchanged. O(n + weeks).
 * @param series - any series, in any units
 * @param frequency - `'D'`, `'W'` or `'M'`
 * @example
 * // BTC closes (USD): 2025-12-08 90640.2, 2025-12-09 92691.7, 2025-12-10 92020.9, 2025-12-11 92511.3
 * resample(btc, 'W') // one point dated 2025-12-10 //=> 92020.9
 * resample(btc, 'M') // one point dated 2025-12-11 //=> 92511.3
 */
export function resample<U extends Unit>(series: Series<U>, frequency: ResampleFrequency): Series<U> {
  switch (frequency) {
    case 'D':
      return series;
    case 'W':
      return resampleWeekly(series);
    case 'M':
      return resampleMonthly(series);
    default:
      throw new RangeError(`resample: unknown frequency ${String(frequency)}; expected one of ${RESAMPLE_FREQUENCIES.join(', ')}`);
  }
}

function resampleWeekly<U extends Unit>(series: Series<U>): Series<U> {
  const n = series.days.length;
  if (n === 0) return { id: series.id, units: series.units, days: new Int32Array(0), values: new Float64Array(0) };
  const first = wednesdayOnOrBefore(series.days[0] + 6); // first Wednesday on or after
  const last = wednesdayOnOrBefore(series.days[n - 1]);
  const count = last >= first ? (last - first) / 7 + 1 : 0;
  const days = new Int32Array(count);
  for (let k = 0; k < count; k++) days[k] = first + 7 * k;
  return { id: series.id, units: series.units, days, values: asOfJoin(series, days) };
}

function resampleMonthly<U extends Unit>(series: Series<U>): Series<U> {
  const n = series.days.length;
  const days: number[] = [];
  const values: number[] = [];
  let i = 0;
  while (i < n) {
    const monthEnd = endOfMonth(series.days[i]);
    let j = i;
    while (j + 1 < n && series.days[j + 1] <= monthEnd) j++;
    days.push(series.days[j]);
    values.push(series.values[j]);
    i = j + 1;
  }
  return { id: series.id, units: series.units, days: Int32Array.from(days), values: Float64Array.from(values) };
}
