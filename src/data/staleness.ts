import type { CatalogEntry, Frequency } from '../catalog/types';
import { formatIsoDate } from '../core/dates/isoDate';
import { civilFromEpochDay, dayOfWeek, endOfMonth, epochDayFromCivil } from '../core/dates/epochDay';

const DAY_MS = 86_400_000;
/** However stale, a series fetched this recently is not fetched again (protects the upstreams). */
export const MIN_RECHECK_MS = 15 * 60_000;
/**
 * Days after a quarter end from which its Call Reports are taken as filed: they are due 30–35 days
 * after the quarter ends and FDIC BankFind has them about two months after. The FDIC provider asks
 * for no quarter younger than this, and a quarterly series expects its next quarter from then.
 */
export const FILING_LAG_DAYS = 60;

/** The next US business day after `day` (weekends skipped; holidays are absorbed by the grace day). */
function nextBusinessDay(day: number): number {
  let next = day + 1;
  while (dayOfWeek(next) === 0 || dayOfWeek(next) === 6) next++;
  return next;
}

function addMonths(day: number, months: number): number {
  const { year, month } = civilFromEpochDay(day);
  const index = year * 12 + (month - 1) + months;
  return epochDayFromCivil(Math.floor(index / 12), (index % 12) + 1, 1);
}

/** The first calendar quarter end strictly after `day`. */
function quarterEndAfter(day: number): number {
  const { year, month } = civilFromEpochDay(day + 1);
  return endOfMonth(epochDayFromCivil(year, Math.ceil(month / 3) * 3, 1));
}

/**
 * The epoch day from which a newer observation than `lastDay` should exist upstream, from the
 * series' release (catalogue data, not its prose cadence): business-daily series the day after
 * the next business day (publication lag), calendar-daily ones two days on, weekly ones (the
 * H.4.1) the Thursday after next Wednesday's level, monthly ones two months on (released about four weeks after the month), quarterly Call Reports FILING_LAG_DAYS
 * after the next quarter end (the day the FDIC provider first asks for that quarter).
 * @example
 * newerDataExpectedFrom(bankEquity, parseIsoDate('2026-03-31')) // 2026-08-29 (2026-06-30 + 60 days)
 */
export function newerDataExpectedFrom(entry: CatalogEntry, lastDay: number): number {
  switch (entry.release) {
    case 'business-daily':
      return nextBusinessDay(lastDay) + 1;
    case 'calendar-daily':
      return lastDay + 2;
    case 'weekly':
      return lastDay + 8;
    case 'monthly':
      return addMonths(lastDay, 2);
    case 'quarterly':
      return quarterEndAfter(lastDay) + FILING_LAG_DAYS;
  }
}

/**
 * Whether a held series should be fetched again: newer data is expected by now and it was not
 * already looked for in the last 15 minutes.
 */
export function isStale(entry: CatalogEntry, lastDay: number, retrievedAtMs: number, nowMs: number): boolean {
  if (nowMs - retrievedAtMs < MIN_RECHECK_MS) return false;
  if (Number.isNaN(lastDay)) return true;
  return nowMs >= newerDataExpectedFrom(entry, lastDay) * DAY_MS;
}

/** Seconds an HTTP cache may keep an answer: until newer data is due, between 1 minute and 1 hour. */
export function cacheLifetimeSeconds(entry: CatalogEntry, lastDay: number, nowMs: number): number {
  const due = Number.isNaN(lastDay) ? nowMs : newerDataExpectedFrom(entry, lastDay) * DAY_MS;
  return Math.round(Math.min(3600, Math.max(60, (due - nowMs) / 1000)));
}

/**
 * Days re-requested before the last held date, so revisions to recent values land: two weeks of a
 * daily series, five weeks of a weekly one, about three months of a monthly one (M2 is revised for
 * months) and two quarters of a quarterly one.
 */
export const OVERLAP_DAYS: Readonly<Record<Frequency, number>> = { D: 14, W: 35, M: 100, Q: 200 };

/**
 * The `since` of an incremental refresh: the last held date minus the series' overlap, or
 * undefined (the whole history) when nothing is held.
 * @param lastDay - epoch day of the last held observation, NaN when none
 * @example
 * incrementalSince(walcl, 20446) //=> '2025-11-19' (weekly: 35 days before 2025-12-24)
 */
export function incrementalSince(entry: CatalogEntry, lastDay: number): string | undefined {
  if (Number.isNaN(lastDay)) return undefined;
  return formatIsoDate(lastDay - OVERLAP_DAYS[entry.frequency]);
}
