import type { Unit } from '../units';
import { asOfIndex } from './asOf';
import type { Series } from './series';

/**
 * The observations dated from `startDay` to `endDay`, both inclusive, found by binary search:
 * O(log n + k). The result owns copies of its arrays, so writing to it never changes the input.
 * An empty range (or `startDay > endDay`) gives an empty series with the same id and units.
 * @param series - any series
 * @param startDay - first epoch day to keep (inclusive)
 * @param endDay - last epoch day to keep (inclusive)
 * @example
 * // M2SL (USD billions), monthly
 * sliceDays(m2, parseIsoDate('2026-01-01'), parseIsoDate('2026-03-31')).values //=> [22420.1, 22620.3, 22676.1]
 */
export function sliceDays<U extends Unit>(series: Series<U>, startDay: number, endDay: number): Series<U> {
  // Days are whole numbers, so "first day >= start" is "last day <= start − 1", plus one.
  const from = Number.isNaN(startDay) ? series.days.length : asOfIndex(series, Math.ceil(startDay) - 1) + 1;
  const to = Number.isNaN(endDay) ? -1 : asOfIndex(series, Math.floor(endDay)) + 1;
  const end = Math.max(from, to);
  return {
    id: series.id,
    units: series.units,
    days: series.days.slice(from, end),
    values: series.values.slice(from, end),
  };
}
