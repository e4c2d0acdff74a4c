import type { MoneyUnit, Unit } from '../units';
import { UnitMismatchError, isMoneyUnit, moneyConversionFactor } from '../units';

/**
 * A time series: strictly ascending epoch days and their values, in stated units. Typed arrays keep
 * 10,000 observations in 120 kB and make lookups cache-friendly.
 */
export interface Series<U extends Unit = Unit> {
  readonly id: string;
  readonly units: U;
  readonly days: Int32Array;
  readonly values: Float64Array;
}

/**
 * Builds a series, checking the invariant every lookup relies on. Throws on unsorted input: data
 * from outside is validated (with file and line) before it gets here.
 */
export function createSeries<U extends Unit>(id: string, units: U, days: ArrayLike<number>, values: ArrayLike<number>): Series<U> {
  if (days.length !== values.length) throw new RangeError(`${id}: ${days.length} dates but ${values.length} values`);
  const dayArray = Int32Array.from(days);
  for (let i = 1; i < dayArray.length; i++) {
    if (dayArray[i] <= dayArray[i - 1]) throw new RangeError(`${id}: dates must be strictly ascending (index ${i})`);
  }
  return { id, units, days: dayArray, values: Float64Array.from(values) };
}

export function firstDay(series: Series): number {
  return series.days.length ? series.days[0] : NaN;
}

export function lastDay(series: Series): number {
  return series.days.length ? series.days[series.days.length - 1] : NaN;
}

/**
 * The same series in another money unit. Throws for a non-money series: converting a rate or a
 * price to billions is a programming error, not a user error.
 * @example
 * convertMoney(walclInMillions, 'USD_BILLIONS') // values ÷ 1,000
 */
export function convertMoney<T extends MoneyUnit>(series: Series, to: T): Series<T> {
  const units = requireMoneyUnits(series);
  if (units === to) return series as Series<T>;
  const { multiplier, divisor } = moneyScaling(units, to);
  const values = new Float64Array(series.values.length);
  for (let i = 0; i < values.length; i++) values[i] = (series.values[i] * multiplier) / divisor;
  return { id: series.id, units: to, days: series.days, values };
}

/**
 * One value of `series` (e.g. an as-of lookup) in another money unit, with exactly the arithmetic
 * `convertMoney` applies to the whole series, without copying it: O(1) where converting the series
 * first is O(n). Throws for a non-money series, as `convertMoney` does.
 * @example
 * convertMoneyValue(walclInMillions, 6581231, 'USD_BILLIONS') //=> 6581.231
 */
export function convertMoneyValue(series: Series, value: number, to: MoneyUnit): number {
  const units = requireMoneyUnits(series);
  if (units === to) return value;
  const { multiplier, divisor } = moneyScaling(units, to);
  return (value * multiplier) / divisor;
}

function requireMoneyUnits(series: Series): MoneyUnit {
  if (!isMoneyUnit(series.units)) throw new UnitMismatchError(series.id, series.units, 'a USD amount');
  return series.units;
}

/**
 * Scaling down divides by a whole power of ten: 872853 / 1000 is exactly the double of 872.853,
 * where 872853 × 0.001 would print as 872.8530000000001.
 */
function moneyScaling(from: MoneyUnit, to: MoneyUnit): { multiplier: number; divisor: number } {
  const factor = moneyConversionFactor(from, to);
  return { multiplier: factor < 1 ? 1 : factor, divisor: factor < 1 ? Math.round(1 / factor) : 1 };
}

/** Asserts the series is in the given unit; models call it where no conversion makes sense. */
export function requireUnits<U extends Unit>(series: Series, units: U): Series<U> {
  if (series.units !== units) throw new UnitMismatchError(series.id, series.units, units);
  return series as Series<U>;
}
