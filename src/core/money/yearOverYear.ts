import { addYears } from '../dates/epochDay';
import { formatIsoDate } from '../dates/isoDate';
import type { CalcError } from '../errors';
import { divisionByZero, invalidValue, notAvailable } from '../errors';
import { asOfIndex } from '../series/asOf';
import type { Series } from '../series/series';

/** Growth over twelve months and the two observations it compares. */
export interface YearOverYear {
  /** Growth as a fraction: 0.0457 = 4.57%. */
  readonly value: number;
  /** Epoch day of the observation used for `day` (the latest on or before it). */
  readonly day: number;
  /** Epoch day of the year-earlier observation (the latest on or before one year before `day`'s observation). */
  readonly priorDay: number;
}

/**
 * Growth over twelve months, as a fraction, of the series as known on `day`: the latest observation
 * on or before `day` (dated d0) divided by the latest observation on or before the same calendar day
 * a year before d0, minus one. Anchoring on d0 rather than on `day` keeps a monthly series comparing
 * month with the same month: 31 March asks for March, whose year-earlier partner is March, not April.
 * NaN values count as missing observations.
 * @param series - a level series (e.g. M2 in USD billions); units cancel, so any units work
 * @param day - epoch day the growth is wanted as of
 * @returns the growth (fraction) with the two observation dates, or `notAvailable` giving the covered
 *   range when there is no observation on or before `day` or none a year before it
 * @example
 * // M2SL, July 2026 vintage (USD billions): 2025-03-01 21684.1, 2026-03-01 22676.1
 * yearOverYear(m2, parseIsoDate('2026-03-31')).value //=> 0.04575 (day 2026-03-01, priorDay 2025-03-01)
 */
export function yearOverYear(series: Series, day: number): YearOverYear | CalcError {
  if (!Number.isFinite(day)) return invalidValue(`${series.id}: the date is not a valid date`);
  const covered = coveredRange(series);
  const index = latestNumberOnOrBefore(series, day);
  if (index < 0) {
    return notAvailable(`${series.id} has no observation on or before ${formatIsoDate(day)} (${covered})`);
  }
  const d0 = series.days[index];
  const yearEarlier = addYears(d0, -1);
  const prior = latestNumberOnOrBefore(series, yearEarlier);
  if (prior < 0) {
    return notAvailable(`${series.id} has no observation on or before ${formatIsoDate(yearEarlier)}, a year before ${formatIsoDate(d0)}, so no growth over 12 months (${covered})`);
  }
  const base = series.values[prior];
  if (base === 0) return divisionByZero(`${series.id} is 0 on ${formatIsoDate(series.days[prior])}, so growth from it is undefined`);
  return { value: series.values[index] / base - 1, day: d0, priorDay: series.days[prior] };
}

function coveredRange(series: Series): string {
  const n = series.days.length;
  if (n === 0) return 'the series holds no observations';
  return `data cover ${formatIsoDate(series.days[0])} to ${formatIsoDate(series.days[n - 1])}`;
}

/** Index of the latest non-NaN observation on or before `day`, or −1 when there is none. */
function latestNumberOnOrBefore(series: Series, day: number): number {
  let index = asOfIndex(series, day);
  while (index >= 0 && Number.isNaN(series.values[index])) index--;
  return index;
}
