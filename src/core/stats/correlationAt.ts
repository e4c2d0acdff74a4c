import type { CalcError } from '../errors';
import { divisionByZero, isCalcError } from '../errors';
import type { Series } from '../series/series';
import { correlationOf, exactCoMoments } from './_lib/coMoments';
import { returnWindowEndingAt } from './_lib/returnWindow';

/**
 * Pearson correlation of daily log returns of `a` and `b` over the last `window` return pairs ending
 * at the last date both have on or before `endDay` (so `window + 1` common dates). Only dates both
 * series have count, and returns run between consecutive common dates, so bitcoin's weekend moves
 * land in Monday's return. Log returns make the result independent of price level and units.
 * Errors: `window` not a whole number ≥ 3 → `invalidNumber`; fewer than `window + 1` common dates →
 * `notAvailable` saying how many there are and the range they cover; a flat series over the window →
 * `divisionByZero`.
 * @param a - first price series (positive levels, any units)
 * @param b - second price series (positive levels, any units)
 * @param window - number of return pairs; "30-day" in the press is a calendar month, about 21
 * @param endDay - epoch day the window ends on or before
 * @example
 * // shared/data/prices BTC.csv and NDX.csv (USD closes)
 * correlationAt(btc, ndx, 21, parseIsoDate('2025-12-10')) //=> 0.5312
 */
export function correlationAt(a: Series, b: Series, window: number, endDay: number): number | CalcError {
  const found = returnWindowEndingAt(a, b, window, endDay);
  if (isCalcError(found)) return found;
  const m = exactCoMoments(found.a, found.b, 0, found.a.length);
  const r = correlationOf(m);
  if (Number.isNaN(r)) return divisionByZero(`${a.id} or ${b.id} does not move over the window, so their correlation is undefined`);
  return r;
}
