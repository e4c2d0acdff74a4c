import { formatIsoDate } from '../dates/isoDate';
import { divisionByZero, notAvailable, type CalcError } from '../errors';
import { asOfIndex } from '../series/asOf';
import type { Series } from '../series/series';

export interface PriceRatio {
  readonly value: number;
  /** Days of the two observations used (latest on or before the requested day). */
  readonly numeratorDay: number;
  readonly denominatorDay: number;
}

/**
 * `numerator / denominator`, each as of `day`: an as-of join that never reads a future value.
 * Units are the caller's concern (gold ratios pass a price and gold in USD per ounce).
 * @example
 * priceRatioAt(spxMonthly, goldMonthly, parseIsoDate('2000-08-31')).value //=> 5.412 (1485.46 / 274.47)
 */
export function priceRatioAt(numerator: Series, denominator: Series, day: number): PriceRatio | CalcError {
  const i = asOfIndex(numerator, day);
  const j = asOfIndex(denominator, day);
  if (i < 0) return notAvailable(`no ${numerator.id} observation on or before ${formatIsoDate(day)}`);
  if (j < 0) return notAvailable(`no ${denominator.id} observation on or before ${formatIsoDate(day)}`);
  const den = denominator.values[j];
  if (den === 0) return divisionByZero(`${denominator.id} is 0 on ${formatIsoDate(denominator.days[j])}`);
  return { value: numerator.values[i] / den, numeratorDay: numerator.days[i], denominatorDay: denominator.days[j] };
}

/** The ratio on each of `days` (ascending), by as-of join; NaN before either series starts. */
export function priceRatioOn(numerator: Series, denominator: Series, days: Int32Array): Float64Array {
  const out = new Float64Array(days.length);
  let i = -1;
  let j = -1;
  for (let k = 0; k < days.length; k++) {
    const day = days[k];
    while (i + 1 < numerator.days.length && numerator.days[i + 1] <= day) i++;
    while (j + 1 < denominator.days.length && denominator.days[j + 1] <= day) j++;
    out[k] = i < 0 || j < 0 ? NaN : numerator.values[i] / denominator.values[j];
  }
  return out;
}
