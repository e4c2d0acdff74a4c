import { alignOnDates } from '../../series/alignOnDates';
import type { Series } from '../../series/series';

/** Log returns of two price series between consecutive dates both have. */
export interface AlignedLogReturns {
  /** Common dates (epoch days), ascending; return k runs from days[k] to days[k + 1]. */
  readonly days: Int32Array;
  /** Log returns of `a`, length days.length − 1 (or 0). */
  readonly a: Float64Array;
  /** Log returns of `b`, length days.length − 1 (or 0). */
  readonly b: Float64Array;
}

/**
 * Log returns between consecutive dates both series have: a weekend move of a 7-day asset lands in
 * Monday's return instead of being dropped. Dates where either price is not positive are treated as
 * missing, because a log return to or from them does not exist.
 */
export function alignedLogReturns(a: Series, b: Series): AlignedLogReturns {
  const aligned = alignOnDates(a, b);
  let m = 0;
  const days = new Int32Array(aligned.days.length);
  const pa = new Float64Array(aligned.days.length);
  const pb = new Float64Array(aligned.days.length);
  for (let i = 0; i < aligned.days.length; i++) {
    if (aligned.a[i] > 0 && aligned.b[i] > 0) {
      days[m] = aligned.days[i];
      pa[m] = aligned.a[i];
      pb[m] = aligned.b[i];
      m++;
    }
  }
  const n = Math.max(0, m - 1);
  const ra = new Float64Array(n);
  const rb = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    ra[k] = logReturn(pa[k], pa[k + 1]);
    rb[k] = logReturn(pb[k], pb[k + 1]);
  }
  return { days: days.slice(0, m), a: ra, b: rb };
}

/**
 * ln(to / from) computed as log1p of the relative change: for a 0.001% move on a price near 100,000
 * this keeps full precision, where ln(to) − ln(from) would lose about eight digits to cancellation.
 */
export function logReturn(from: number, to: number): number {
  return Math.log1p((to - from) / from);
}
