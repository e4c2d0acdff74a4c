import { civilFromEpochDay, epochDayFromCivil } from './epochDay';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Epoch day of an ISO `YYYY-MM-DD` date, or NaN for any other text or a date that does not exist.
 * @example
 * parseIsoDate('2025-12-24') //=> 20446
 * parseIsoDate('12/24/2025') //=> NaN
 */
export function parseIsoDate(text: string): number {
  const match = ISO_DATE.exec(text.trim());
  if (!match) return NaN;
  return epochDayFromCivil(Number(match[1]), Number(match[2]), Number(match[3]));
}

/**
 * ISO `YYYY-MM-DD` text of an epoch day.
 * @example
 * formatIsoDate(20446) //=> '2025-12-24'
 */
export function formatIsoDate(epochDay: number): string {
  const { year, month, day } = civilFromEpochDay(epochDay);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
