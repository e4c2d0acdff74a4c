import type { Series } from '../series/series';
import { alignedLogReturns } from './_lib/alignedLogReturns';
import { betaOf } from './_lib/coMoments';
import { checkWindow } from './_lib/returnWindow';
import { rollingStatistic } from './_lib/rollingStatistic';

/**
 * Beta of `a` on `b` (cov / var of daily log returns) over every window of `window` return pairs, in
 * one O(n) pass: one value per common date from the (window + 1)-th on, dated that date, in `'RATIO'`.
 * Each value equals `betaAt(a, b, window, thatDate)` to rounding; a window over which `b` is flat
 * gives NaN. Fewer than `window + 1` common dates give an empty series.
 * Throws a RangeError when `window` is not a whole number ≥ 3 (a programming error: validate first).
 * @param a - the series explained (positive levels, any units)
 * @param b - the benchmark (positive levels, any units)
 * @param window - number of return pairs per window (≥ 3)
 * @example
 * // shared/data/prices BTC.csv and NDX.csv (USD closes)
 * const beta = rollingBeta(btc, ndx, 21)
 * beta.values[asOfIndex(beta, parseIsoDate('2025-12-10'))] //=> 1.5181
 */
export function rollingBeta(a: Series, b: Series, window: number): Series<'RATIO'> {
  const bad = checkWindow(window);
  if (bad) throw new RangeError(`rollingBeta: ${bad.message}`);
  const { days, values } = rollingStatistic(alignedLogReturns(a, b), window, betaOf);
  return { id: `beta(${a.id},${b.id},${window})`, units: 'RATIO', days, values };
}
