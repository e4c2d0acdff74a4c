/**
 * Calendar dates as whole days since 1970-01-01 ("epoch days"). Pure integer arithmetic on the
 * proleptic Gregorian calendar (Howard Hinnant's days_from_civil), so nothing depends on the
 * machine's time zone or on `Date` parsing.
 */

/**
 * Epoch day of a civil date, or NaN when the date does not exist.
 * @param year - four-digit year
 * @param month - 1..12
 * @param day - 1..31
 * @example
 * epochDayFromCivil(2025, 1, 1) //=> 20089
 */
export function epochDayFromCivil(year: number, month: number, day: number): number {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return NaN;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** Civil date of an epoch day. */
export function civilFromEpochDay(epochDay: number): { year: number; month: number; day: number } {
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Day of the week, 0 = Sunday … 6 = Saturday.
 * @example
 * dayOfWeek(epochDayFromCivil(2025, 12, 24)) //=> 3 (a Wednesday)
 */
export function dayOfWeek(epochDay: number): number {
  // 1970-01-01 was a Thursday (4).
  return (((epochDay + 4) % 7) + 7) % 7;
}

/** The latest Wednesday on or before the day: the H.4.1 week's reference day. */
export function wednesdayOnOrBefore(epochDay: number): number {
  return epochDay - ((dayOfWeek(epochDay) - 3 + 7) % 7);
}

/** The last day of the day's calendar month. */
export function endOfMonth(epochDay: number): number {
  const { year, month } = civilFromEpochDay(epochDay);
  return epochDayFromCivil(year, month, daysInMonth(year, month));
}

/** The same calendar day `years` earlier or later; 29 February falls back to the 28th. */
export function addYears(epochDay: number, years: number): number {
  const { year, month, day } = civilFromEpochDay(epochDay);
  const target = year + years;
  return epochDayFromCivil(target, month, Math.min(day, daysInMonth(target, month)));
}
