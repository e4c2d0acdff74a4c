import { addYears } from '../dates/epochDay';
import type { Unit } from '../units';
import type { Series } from './series';

/**
 * FRED's `units=` transformations: `chg` change, `pch` percent change, `pc1` percent change from a
 * year ago, `log` natural log.
 */
export type Transform = 'chg' | 'pch' | 'pc1' | 'log';

/** Every transform `transformSeries` accepts, for argument validation at the edge. */
export const TRANSFORMS: readonly Transform[] = ['chg', 'pch', 'pc1', 'log'];

/**
 * The series transformed as FRED's `units=chg|pch|pc1|log` does, observation by observation.
 * - `chg`: value − previous observation's value, in the series' own units; the first observation is dropped.
 * - `pch`: (value / previous − 1) × 100, in `'PERCENT'`; the first observation is dropped.
 * - `pc1`: (value / value a year earlier − 1) × 100, in `'PERCENT'`. The year-earlier value is the
 *   as-of value at the same calendar day a year before (29 February → 28 February), so daily,
 *   weekly and monthly series all compare with what was known a year earlier, never a later value.
 *   Observations less than a year after the series starts are dropped.
 * - `log`: natural log, in `'LOG'`; zero and negative values are dropped (their log does not exist).
 * Results that are not finite (a division by zero, a NaN input) are dropped rather than kept as NaN,
 * as FRED leaves them out. The result's id is `<id>:<transform>`, a different quantity from the input.
 * @param series - any series, in its stated units
 * @param transform - `'chg'`, `'pch'`, `'pc1'` or `'log'`
 * @example
 * // M2SL (USD billions): 2025-03-01 21684.1 … 2026-03-01 22676.1
 * transformSeries(m2, 'pc1') // on 2026-03-01 //=> 4.5747 (percent)
 * transformSeries(m2, 'chg') // on 2026-03-01, from 2026-02-01's 22620.3 //=> 55.8 (USD billions)
 */
export function transformSeries(series: Series, transform: Transform): Series {
  const n = series.days.length;
  const { days, values } = series;
  const outDays: number[] = [];
  const outValues: number[] = [];
  const keep = (day: number, value: number): void => {
    if (Number.isFinite(value)) {
      outDays.push(day);
      outValues.push(value);
    }
  };
  let units: Unit;
  switch (transform) {
    case 'chg':
      units = series.units;
      for (let i = 1; i < n; i++) keep(days[i], values[i] - values[i - 1]);
      break;
    case 'pch':
      units = 'PERCENT';
      for (let i = 1; i < n; i++) keep(days[i], (values[i] / values[i - 1] - 1) * 100);
      break;
    case 'pc1': {
      units = 'PERCENT';
      // A year before is monotone in the day, so one forward walk finds every as-of index: O(n).
      let prior = -1;
      for (let i = 0; i < n; i++) {
        const yearEarlier = addYears(days[i], -1);
        while (prior + 1 < n && days[prior + 1] <= yearEarlier) prior++;
        if (prior >= 0) keep(days[i], (values[i] / values[prior] - 1) * 100);
      }
      break;
    }
    case 'log':
      units = 'LOG';
      for (let i = 0; i < n; i++) if (values[i] > 0) keep(days[i], Math.log(values[i]));
      break;
    default:
      throw new RangeError(`transformSeries: unknown transform ${String(transform)}; expected one of ${TRANSFORMS.join(', ')}`);
  }
  return { id: `${series.id}:${transform}`, units, days: Int32Array.from(outDays), values: Float64Array.from(outValues) };
}
