import { formatIsoDate } from '../dates/isoDate';
import { divisionByZero, invalidNumber, isCalcError, type CalcError } from '../errors';
import type { Series } from '../series/series';
import { priceRatioAt, type PriceRatio } from './priceRatio';

/** The change of a price ratio between two days and the two ratios it compares. */
export interface PriceRatioChange {
  /** `ratio(to) / ratio(from) − 1`, a fraction: −0.69 = lost 69% of its value in the denominator. */
  readonly value: number;
  readonly from: PriceRatio;
  readonly to: PriceRatio;
}

/**
 * How much `numerator` gained or lost measured in `denominator` between two days, as a fraction:
 * `ratio(to) / ratio(from) − 1`, each ratio an as-of join (latest observations on or before the
 * day). Units cancel twice, so any price units work; with gold as the denominator this is the
 * "debasement measured in gold" of DESIGN §3.8.
 * @param numerator - a price or level series (e.g. US M2 in USD billions, the S&P 500 level)
 * @param denominator - the measuring series (gold, USD per troy ounce)
 * @param fromDay - epoch day of the start
 * @param toDay - epoch day of the end, not before `fromDay`
 * @returns the change with both ratios; `invalidNumber` when `fromDay` is after `toDay`;
 *   `notAvailable` when either series has no observation on or before `fromDay`; `divisionByZero`
 *   when the starting ratio is 0
 * @example
 * // shared/data/prices SPX_MONTHLY.csv / GOLD_MONTHLY.csv: 1999-03 1281.66 / 286.0; 2026-02 6893.81 / 5020.0
 * priceRatioChange(spxMonthly, goldMonthly, parseIsoDate('1999-03-31'), parseIsoDate('2026-02-27')).value //=> −0.6936
 */
export function priceRatioChange(numerator: Series, denominator: Series, fromDay: number, toDay: number): PriceRatioChange | CalcError {
  if (fromDay > toDay) return invalidNumber(`from (${formatIsoDate(fromDay)}) is after to (${formatIsoDate(toDay)})`);
  const from = priceRatioAt(numerator, denominator, fromDay);
  if (isCalcError(from)) return from;
  const to = priceRatioAt(numerator, denominator, toDay);
  if (isCalcError(to)) return to;
  if (from.value === 0) return divisionByZero(`${numerator.id} is 0 on ${formatIsoDate(from.numeratorDay)}, so a change from it is undefined`);
  return { value: to.value / from.value - 1, from, to };
}
