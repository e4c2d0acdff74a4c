import type { CalcError } from '../errors';
import { divisionByZero, isCalcError } from '../errors';
import type { Series } from '../series/series';
import { betaOf, exactCoMoments } from './_lib/coMoments';
import { returnWindowEndingAt } from './_lib/returnWindow';

/**
 * Beta of `a` on `b`, cov(a, b) / var(b), of daily log returns over the last `window` return pairs
 * ending at the last date both have on or before `endDay` (`window + 1` common dates): how many
 * percent `a` has tended to move per 1% move of `b`. Same windows and errors as `correlationAt`;
 * a flat `b` over the window → `divisionByZero`.
 * @param a - the series explained (positive levels, any units)
 * @param b - the benchmark (positive levels, any units)
 * @param window - number of return pairs (≥ 3)
 * @param endDay - epoch day the window ends on or before
 * @example
 * // shared/data/prices BTC.csv and NDX.csv (USD closes)
 * betaAt(btc, ndx, 21, parseIsoDate('2025-12-10')) //=> 1.5181
 */
export function betaAt(a: Series, b: Series, window: number, endDay: number): number | CalcError {
  const found = returnWindowEndingAt(a, b, window, endDay);
  if (isCalcError(found)) return found;
  const m = exactCoMoments(found.a, found.b, 0, found.a.length);
  const beta = betaOf(m);
  if (Number.isNaN(beta)) return divisionByZero(`${b.id} does not move over the window, so the beta on it is undefined`);
  return beta;
}
