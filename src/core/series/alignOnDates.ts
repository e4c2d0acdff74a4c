import type { Series } from './series';

/** The observations two series share: their common dates and each series' value on them. */
export interface AlignedPair {
  /** Epoch days present in both series with a finite value in both, ascending. */
  readonly days: Int32Array;
  /** Values of `a` on `days`, in `a`'s units. */
  readonly a: Float64Array;
  /** Values of `b` on `days`, in `b`'s units. */
  readonly b: Float64Array;
}

/**
 * Keeps only the dates both series have (an inner join on dates), walking both in one pass: O(n + m).
 * A NaN value counts as a missing observation, so a date is kept only when both values are numbers.
 * Units are left untouched: each side stays in its own series' units.
 * @param a - first series, any units
 * @param b - second series, any units
 * @example
 * // a on 2025-12-08, 09, 10; b on 2025-12-09, 10, 11
 * alignOnDates(a, b) //=> { days: [2025-12-09, 2025-12-10] as epoch days, a: [a₀₉, a₁₀], b: [b₀₉, b₁₀] }
 */
export function alignOnDates(a: Series, b: Series): AlignedPair {
  const capacity = Math.min(a.days.length, b.days.length);
  const days = new Int32Array(capacity);
  const va = new Float64Array(capacity);
  const vb = new Float64Array(capacity);
  let n = 0;
  let i = 0;
  let j = 0;
  while (i < a.days.length && j < b.days.length) {
    const da = a.days[i];
    const db = b.days[j];
    if (da < db) i++;
    else if (db < da) j++;
    else {
      const x = a.values[i];
      const y = b.values[j];
      if (!Number.isNaN(x) && !Number.isNaN(y)) {
        days[n] = da;
        va[n] = x;
        vb[n] = y;
        n++;
      }
      i++;
      j++;
    }
  }
  // slice() copies, so the result owns its memory and does not pin the oversized buffers.
  return { days: days.slice(0, n), a: va.slice(0, n), b: vb.slice(0, n) };
}
