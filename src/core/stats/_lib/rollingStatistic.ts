import type { AlignedLogReturns } from './alignedLogReturns';
import type { CoMoments } from './coMoments';
import { SlidingCoMoments, exactCoMoments } from './coMoments';

/**
 * Largest relative rounding error a sliding update may carry before the window is recomputed exactly.
 * Well under the 1e-9 agreement with a from-scratch computation that the tests demand.
 */
const DRIFT_TOLERANCE = 1e-10;

/**
 * A statistic of every window of `window` consecutive return pairs, dated the common date the window
 * ends on. Each step adds the newest pair and removes the oldest, O(1), so the whole pass is O(n).
 *
 * Rounding in a sliding update is relative to the largest spreads the accumulator has held since it
 * was last computed exactly, not to the current one: after a volatile stretch leaves the window, a
 * calm window's small spread would carry the volatile one's error. So the state is recomputed from
 * scratch every `window` steps (O(window) once per `window` steps: still O(n) amortised), and early
 * when the spread has fallen so far below its recent maximum that the accumulated error could exceed
 * DRIFT_TOLERANCE of it. An early recompute needs a fall by a factor of about 1e5 / steps, which real
 * prices do not produce, so it does not change the bound in practice.
 */
export function rollingStatistic(returns: AlignedLogReturns, window: number, statistic: (m: CoMoments) => number): { days: Int32Array; values: Float64Array } {
  const x = returns.a;
  const y = returns.b;
  const count = Math.max(0, x.length - window + 1);
  const days = returns.days.slice(window, window + count);
  const values = new Float64Array(count);
  const acc = new SlidingCoMoments();
  const inverseN = 1 / window;
  let steps = 0;
  let maxSxx = 0;
  let maxSyy = 0;
  const recompute = (j: number): void => {
    acc.reset(exactCoMoments(x, y, j, j + window));
    steps = 0;
    maxSxx = acc.sxx;
    maxSyy = acc.syy;
  };
  for (let j = 0; j < count; j++) {
    if (j === 0 || steps + 1 >= window) {
      recompute(j);
    } else {
      const newest = j + window - 1;
      acc.slide(x[newest], y[newest], x[j - 1], y[j - 1], inverseN);
      steps++;
      maxSxx = Math.max(maxSxx, acc.sxx);
      maxSyy = Math.max(maxSyy, acc.syy);
      const bound = 4 * Number.EPSILON * steps;
      // Strict comparisons: a window of exact zeros after exact zeros has no error and needs no recompute.
      if (acc.sxx * DRIFT_TOLERANCE < bound * maxSxx || acc.syy * DRIFT_TOLERANCE < bound * maxSyy) recompute(j);
    }
    values[j] = statistic(acc);
  }
  return { days, values };
}
