import { formatIsoDate } from '../dates/isoDate';
import { invalidNumber, notAvailable, type CalcError } from '../errors';
import { asOfIndex } from '../series/asOf';
import type { Series } from '../series/series';
import { logReturn } from './_lib/alignedLogReturns';
import { correlationOf, exactCoMoments } from './_lib/coMoments';
import { checkWindow } from './_lib/returnWindow';

/** One lag of a lead–lag scan. */
export interface LagRow {
  /** Calendar days by which `b` leads `a`. */
  readonly lag: number;
  /** Pearson correlation of the pairs; NaN when fewer than 3 pairs or either side does not move. */
  readonly correlation: number;
  /** Return pairs used: `window`, fewer where `b` had not started `lag` days before. */
  readonly pairs: number;
  /**
   * New observations of `b` inside the pairs: the independent changes the window really holds.
   * A monthly `b` against daily `a` gives about one per 30 pairs, not one per pair.
   */
  readonly bChanges: number;
}

export interface LagScan {
  readonly rows: readonly LagRow[];
  /** Index in `rows` of the largest |correlation|, −1 when no lag has one. */
  readonly best: number;
  /** Epoch days of the first and last observation of `a` in the window. */
  readonly firstDay: number;
  readonly lastDay: number;
}

/** The largest lag a scan accepts, in days: two years, enough for "liquidity leads by months". */
export const MAX_LAG_DAYS = 730;

/**
 * A lead–lag scan in changes, never levels (two trending levels correlate by accident): for each
 * lag L = 0 … `maxLag` calendar days, the Pearson correlation of `a`'s log returns with `b`'s log
 * changes over the same intervals shifted L days earlier (b leading). The window is the last
 * `window` returns of `a` between its consecutive observations, ending at its last observation on
 * or before `endDay`; for a return of `a` over (t₀, t₁], `b`'s change runs from its as-of value on
 * t₀ − L to its as-of value on t₁ − L, so `b` may be of any frequency and is never read after t₁ − L.
 * A monthly `b` is flat on most of those intervals: `bChanges` counts how many of its observations
 * the pairs really span. Pairs where `b` had not started, or a price is not positive, are dropped.
 * O(maxLag × window) as-of lookups.
 * @param a - the follower (e.g. bitcoin, USD closes)
 * @param b - the candidate leader (e.g. US M2, USD billions), positive levels
 * @param maxLag - whole number of days, 0 … 730
 * @param window - number of returns of `a`, at least 3
 * @param endDay - epoch day the window ends on or before
 * @returns one row per lag and the best; `invalidNumber` for a bad `maxLag` or `window`;
 *   `notAvailable` when `a` has fewer than `window + 1` positive observations by `endDay`
 * @example
 * // a(t) = b(t − 5) on every day: b leads a by 5 days exactly
 * lagScan(a, b, 10, 60, lastDay(a)).rows[5].correlation //=> 1 (best = 5)
 */
export function lagScan(a: Series, b: Series, maxLag: number, window: number, endDay: number): LagScan | CalcError {
  const badWindow = checkWindow(window);
  if (badWindow) return badWindow;
  if (!Number.isInteger(maxLag) || maxLag < 0 || maxLag > MAX_LAG_DAYS) return invalidNumber(`max_lag must be a whole number of days from 0 to ${MAX_LAG_DAYS}, got ${maxLag}`);
  const observations = positiveObservationsEndingAt(a, window + 1, endDay);
  if (observations.length < window + 1) {
    return notAvailable(`${a.id} has ${observations.length} positive observations on or before ${formatIsoDate(endDay)}; a window of ${window} returns needs ${window + 1}`);
  }
  const returns = new Float64Array(window);
  for (let k = 0; k < window; k++) returns[k] = logReturn(a.values[observations[k]], a.values[observations[k + 1]]);
  const rows: LagRow[] = [];
  const x = new Float64Array(window);
  const y = new Float64Array(window);
  let best = -1;
  for (let lag = 0; lag <= maxLag; lag++) {
    let pairs = 0;
    let bChanges = 0;
    for (let k = 0; k < window; k++) {
      const i0 = asOfIndex(b, a.days[observations[k]] - lag);
      const i1 = asOfIndex(b, a.days[observations[k + 1]] - lag);
      if (i0 < 0 || !(b.values[i0] > 0) || !(b.values[i1] > 0)) continue;
      x[pairs] = returns[k];
      y[pairs] = logReturn(b.values[i0], b.values[i1]);
      bChanges += i1 - i0;
      pairs++;
    }
    const correlation = pairs >= 3 ? correlationOf(exactCoMoments(x, y, 0, pairs)) : NaN;
    rows.push({ lag, correlation, pairs, bChanges });
    if (!Number.isNaN(correlation) && (best < 0 || Math.abs(correlation) > Math.abs(rows[best].correlation))) best = lag;
  }
  return { rows, best, firstDay: a.days[observations[0]], lastDay: a.days[observations[window]] };
}

/** Indices of the last `count` observations of `series` with a positive value on or before `day`, oldest first. */
function positiveObservationsEndingAt(series: Series, count: number, day: number): number[] {
  const found: number[] = [];
  for (let i = asOfIndex(series, day); i >= 0 && found.length < count; i--) {
    if (series.values[i] > 0) found.push(i);
  }
  return found.reverse();
}
