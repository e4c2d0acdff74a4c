import { endOfMonth, epochDayFromCivil, civilFromEpochDay } from '../dates/epochDay';
import { formatIsoDate } from '../dates/isoDate';
import { notAvailable, type CalcError } from '../errors';
import type { Series } from './series';
import { firstDay, lastDay } from './series';

export type ObservationFrequency = 'D' | 'W' | 'M' | 'Q';

/**
 * The last day an as-of lookup may still answer from the series' last observation: one period
 * after it. A Friday close answers for the weekend and a long Monday holiday (4 days); a Wednesday
 * H.4.1 level answers until the next Tuesday; a monthly value until its month ends; a quarterly
 * report until the quarter ends. Later dates are "after the data ends", not silently stale.
 * @example
 * coveredUntil(walcl, 'W') // last Wednesday + 6 days
 */
export function coveredUntil(series: Series, frequency: ObservationFrequency): number {
  const last = lastDay(series);
  switch (frequency) {
    case 'D':
      return last + 4;
    case 'W':
      return last + 6;
    case 'M':
      return endOfMonth(last);
    case 'Q': {
      const { year, month } = civilFromEpochDay(last);
      const quarterEndMonth = Math.ceil(month / 3) * 3;
      return endOfMonth(epochDayFromCivil(year, quarterEndMonth, 1));
    }
  }
}

/** "2002-12-18 to 2026-08-19": the observations a series holds, for error messages. */
export function describeRange(series: Series): string {
  return `${formatIsoDate(firstDay(series))} to ${formatIsoDate(lastDay(series))}`;
}

/** Whether `series` can answer for `day`: it has begun and its last observation still covers the day. */
export function covers(series: Series, day: number, frequency: ObservationFrequency): boolean {
  return series.days.length > 0 && day >= firstDay(series) && day <= coveredUntil(series, frequency);
}

/**
 * A `#N/A` naming the covered range when `day` is before the first observation or after the data
 * ends; undefined when the series covers `day`.
 */
export function checkCovered(series: Series, day: number, frequency: ObservationFrequency, label = series.id): CalcError | undefined {
  if (covers(series, day, frequency)) return undefined;
  if (series.days.length === 0) return notAvailable(`${label} holds no observations`);
  if (day < firstDay(series)) {
    return notAvailable(`${label} starts ${formatIsoDate(firstDay(series))}: no data on ${formatIsoDate(day)} (covers ${describeRange(series)})`);
  }
  return notAvailable(`${label} data ends ${formatIsoDate(lastDay(series))}: nothing for ${formatIsoDate(day)} (covers ${describeRange(series)}); refresh for newer data`);
}
