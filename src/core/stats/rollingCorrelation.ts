import type { Series } from '../series/series';
import { alignedLogReturns } from './_lib/alignedLogReturns';
import { correlationOf } from './_lib/coMoments';
import { checkWindow } from './_lib/returnWindow';
import { rollingStatistic } from './_lib/rollingStatistic';

/**
 * Pearson correlation of daily log returns over every window of `window` return pairs, in one O(n)
 * pass: one value per common date from the (window + 1)-th on, dated that date, in `'RATIO'`. Each
 * value equals `correlationAt(a, b, window, thatDate)` to rounding; a window over which either series
 * is flat gives NaN. Fewer than `window + 1` common dates give an empty series.
 * Throws a RangeError when `window` is not a whole number ≥ 3: callers validate user input first
 * (with `correlationAt`'s rules), so a bad window here is a programming error.
 * @param a - first price series (positive levels, any units)
 * @param b - second price series (positive levels, any units)
 * @param window - number of return pairs per window (≥ 3)
 * @example
 * // shared/data/prices BTC.csv and NDX.csv (USD closes)
 * const r = rollingCorrelation(btc, ndx, 21)
 * r.values[asOfIndex(r, parseIsoDate('2025-12-10'))] //=> 0.5312
 */
export function rollingCorrelation(a: Series, b: Series, window: number): Series<'RATIO'> {
  const bad = checkWindow(window);
  if (bad) throw new RangeError(`rollingCorrelation: ${bad.message}`);
  const { days, values } = rollingStatistic(alignedLogReturns(a, b), window, correlationOf);
  return { id: `corr(${a.id},${b.id},${window})`, units: 'RATIO', days, values };
}
