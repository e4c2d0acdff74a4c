import * as z from 'zod/mini';
import type { CatalogEntry } from '../../catalog/types';
import { formatIsoDate, parseIsoDate } from '../../core/dates/isoDate';
import { createSeries, type Series } from '../../core/series/series';
import { MONEY_SCALE, isMoneyUnit, type MoneyUnit } from '../../core/units';
import { UpstreamError } from '../upstreamError';

/**
 * Small pieces every provider shares: the base URL without its trailing slash, the date range of a
 * request, parsing a body with zod, and turning (day, value) pairs into a catalogue series.
 */

export function trimBase(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '');
}

/** Epoch day of `since`, or undefined; a malformed `since` is a programming error (RangeError). */
export function sinceDay(since: string | undefined): number | undefined {
  if (since === undefined) return undefined;
  const day = parseIsoDate(since);
  if (Number.isNaN(day)) throw new RangeError(`since must be an ISO date (YYYY-MM-DD), got "${since}"`);
  return day;
}

/** Epoch day of an ISO date in an upstream body; anything else is 'malformed'. */
export function dayFromIso(text: string, what: string): number {
  const day = parseIsoDate(text);
  if (Number.isNaN(day)) throw new UpstreamError('malformed', `${what}: "${text.slice(0, 40)}" is not an ISO date`);
  return day;
}

/** Today's date in UTC: never earlier than today in New York, so an inclusive end date misses nothing. */
export function todayUtc(now: () => Date): number {
  return Math.floor(now().getTime() / 86_400_000);
}

/** JSON.parse then the schema; anything else is an UpstreamError 'malformed' naming `what`. */
export function parseJson<T>(text: string, schema: z.ZodMiniType<T>, what: string): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UpstreamError('malformed', `${what}: the answer is not complete JSON`);
  }
  return checkShape(json, schema, what);
}

export function checkShape<T>(json: unknown, schema: z.ZodMiniType<T>, what: string): T {
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new UpstreamError('malformed', `${what}: the answer has the wrong shape (${z.prettifyError(parsed.error).split('\n').join(' ')})`);
  return parsed.data;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A number written as text; undefined for the upstreams' "missing" markers ("." at FRED, "null" at
 * Fiscal Data, an empty CSV cell); anything else is 'malformed'.
 */
export function numberFromText(text: string, what: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === '.' || trimmed === 'null') return undefined;
  if (!NUMBER.test(trimmed)) throw new UpstreamError('malformed', `${what}: "${trimmed.slice(0, 40)}" is not a number`);
  return Number(trimmed);
}

/**
 * A money amount in the catalogue entry's unit. Scaling down divides by a whole power of ten, so
 * 3000000 dollars is exactly the double 0.003 billions. A non-money catalogue unit is a programming
 * error: the provider and the catalogue disagree.
 */
export function moneyIn(value: number, from: MoneyUnit, entry: CatalogEntry): number {
  if (!isMoneyUnit(entry.units)) throw new Error(`${entry.id}: catalogue unit ${entry.units} is not a USD amount`);
  const factor = MONEY_SCALE[from] / MONEY_SCALE[entry.units];
  return factor < 1 ? value / Math.round(1 / factor) : value * factor;
}

/** Throws unless the catalogue holds the entry in `units` (rates and prices are not converted). */
export function requireCatalogUnits(entry: CatalogEntry, units: CatalogEntry['units']): void {
  if (entry.units !== units) throw new Error(`${entry.id}: catalogue unit ${entry.units}, the provider delivers ${units}`);
}

/**
 * The series for `entry` from (epoch day, value) pairs in any order, keeping days on or after
 * `since`. Two values for one day mean the answer is not what the parser was written for.
 */
export function seriesFromPoints(entry: CatalogEntry, points: ReadonlyArray<readonly [number, number]>, since: number | undefined, what: string): Series {
  const kept = points.filter(([day]) => since === undefined || day >= since).sort((a, b) => a[0] - b[0]);
  let previousDay: number | undefined;
  for (const [day, value] of kept) {
    if (day === previousDay) throw new UpstreamError('malformed', `${what}: two observations for ${formatIsoDate(day)}`);
    if (!Number.isFinite(value)) throw new UpstreamError('malformed', `${what}: the value for ${formatIsoDate(day)} is not finite`);
    previousDay = day;
  }
  return createSeries(
    entry.id,
    entry.units,
    kept.map(([day]) => day),
    kept.map(([, value]) => value),
  );
}
