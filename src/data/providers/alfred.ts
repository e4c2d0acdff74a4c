import * as z from 'zod/mini';
import type { CatalogEntry } from '../../catalog/types';
import { parseIsoDate } from '../../core/dates/isoDate';
import { definedAt } from '../../core/definedAt';
import { firstReleases, valuesKnownOn, type ValidityPeriod } from '../../core/vintages/realTime';
import { UpstreamError } from '../upstreamError';
import type { Vintage } from '../vintage';
import { checkShape, dayFromIso, numberFromText, seriesFromPoints, trimBase } from './common';
import { getFredJson } from './fred';
import { redactUrl } from './http';
import type { HttpGet, ProviderContext } from './types';
import { refuseFutureVintage, type VintageProvider, type VintageResult } from './vintageProvider';

/**
 * ALFRED through FRED's keyed API (DESIGN §4a): `fred/series/observations` with a real-time
 * window. For a date D, `realtime_start=1776-07-04&realtime_end=D` (output_type 1) gives every
 * validity period up to D — one row per value change, the last one clipped to D — and the value
 * known on D is the period containing D; "." there is a withdrawn observation (left out). For
 * "first", output_type 4 gives each observation's initial release (from 1991-10-01 on: ALFRED
 * begins in December 1991).
 *
 * A request may span at most 2,000 vintage dates (HTTP 400 "… exceeds the maximum number of
 * vintage dates allowed …", a daily series passes it in under eight years). Then the window is
 * split at the series' vintage dates (`fred/series/vintagedates`), under the cap the refusal names: for a date only the last
 * ≤ 2,000 vintages up to D are needed (nothing changes between vintage dates); for "first" every
 * window is asked and each observation keeps its earliest release.
 */

/** FRED's "from the beginning" real-time start, and its "open-ended" end. */
export const REALTIME_START = '1776-07-04';
export const REALTIME_END = '9999-12-31';
/** ALFRED's cap on vintage dates in one request's real-time window. */
export const MAX_VINTAGE_DATES = 2000;
const PAGE_LIMIT = 100_000;

const vintageObservationsSchema = z.object({
  count: z.optional(z.number()),
  observations: z.array(z.object({ realtime_start: z.string(), realtime_end: z.string(), date: z.string(), value: z.string() })),
});

const vintageDatesSchema = z.object({
  count: z.optional(z.number()),
  vintage_dates: z.array(z.string()),
});

type Row = z.infer<typeof vintageObservationsSchema>['observations'][number];

/** The cap a refusal names ("… allowed for this file type (2000)"), when the error is that refusal. */
function vintageCapOf(error: unknown): number | undefined {
  if (!(error instanceof UpstreamError) || error.status !== 400 || !/maximum number of vintage dates/i.test(error.message)) return undefined;
  const named = Number(/allowed for this file type \((\d+)\)/i.exec(error.message)?.[1]);
  // Split under what ALFRED says it allows; its documented 2,000 when the message does not say.
  return Number.isInteger(named) && named > 0 ? Math.min(named, MAX_VINTAGE_DATES) : MAX_VINTAGE_DATES;
}

function seriesUrl(entry: CatalogEntry, context: ProviderContext, path: string): string {
  if (!context.apiKey) throw new UpstreamError('no-key', `ALFRED vintages of ${entry.id} need FRED_API_KEY (without one, the keyless alfredgraph.csv serves dates, not "first")`);
  return `${trimBase(context.baseUrl)}/fred/series/${path}?series_id=${encodeURIComponent(entry.upstreamId)}&api_key=${encodeURIComponent(context.apiKey)}&file_type=json`;
}

/** Every row of one real-time window, following `offset` past FRED's page limit. */
async function windowRows(get: HttpGet, url: string, signal: AbortSignal | undefined, what: string): Promise<Row[]> {
  const rows: Row[] = [];
  for (let offset = 0; ;) {
    const body = checkShape(await getFredJson(get, offset === 0 ? url : `${url}&offset=${offset}`, signal, what), vintageObservationsSchema, what);
    rows.push(...body.observations);
    offset += body.observations.length;
    if (body.observations.length === 0 || body.count === undefined || offset >= body.count || body.observations.length < PAGE_LIMIT) return rows;
  }
}

/** The series' vintage dates in [start, end], ascending. */
export async function vintageDates(entry: CatalogEntry, start: string, end: string, context: ProviderContext): Promise<string[]> {
  const what = `ALFRED ${entry.upstreamId} vintage dates`;
  const url = `${seriesUrl(entry, context, 'vintagedates')}&realtime_start=${start}&realtime_end=${end}`;
  const dates: string[] = [];
  for (let offset = 0; ;) {
    const body = checkShape(await getFredJson(context.get, offset === 0 ? url : `${url}&offset=${offset}`, context.signal, what), vintageDatesSchema, what);
    dates.push(...body.vintage_dates);
    offset += body.vintage_dates.length;
    if (body.vintage_dates.length === 0 || body.count === undefined || offset >= body.count) break;
  }
  return dates.filter((date) => date >= start && date <= end).sort();
}

/** Consecutive real-time windows of at most MAX_VINTAGE_DATES vintage dates each, covering `dates`. */
export function splitWindows(dates: readonly string[], end: string, cap: number = MAX_VINTAGE_DATES): Array<[start: string, end: string]> {
  const windows: Array<[string, string]> = [];
  for (let i = 0; i < dates.length; i += cap) {
    const next = dates[i + cap];
    // Up to the day before the next window's first vintage: nothing changes between vintage dates.
    windows.push([definedAt(dates, i, 'the vintage dates'), next === undefined ? end : dayBefore(next)]);
  }
  return windows;
}

function dayBefore(iso: string): string {
  return new Date((parseIsoDate(iso) - 1) * 86_400_000).toISOString().slice(0, 10);
}

function periodsOf(rows: readonly Row[], what: string): ValidityPeriod[] {
  return rows.map((row) => ({
    day: dayFromIso(row.date, what),
    from: dayFromIso(row.realtime_start, what),
    to: dayFromIso(row.realtime_end, what),
    // "." in a vintage: the observation was withdrawn (or not yet published) then.
    value: numberFromText(row.value, `${what} ${row.date}`) ?? NaN,
  }));
}

/** The values known on `date`: one window up to it, or the last ≤ 2,000 vintages when that is too many. */
async function knownOn(entry: CatalogEntry, date: string, context: ProviderContext): Promise<{ points: Array<[number, number]>; url: string }> {
  const what = `ALFRED ${entry.upstreamId} as known on ${date}`;
  const base = `${seriesUrl(entry, context, 'observations')}&output_type=1`;
  let url = `${base}&realtime_start=${REALTIME_START}&realtime_end=${date}`;
  let rows: Row[];
  try {
    rows = await windowRows(context.get, url, context.signal, what);
  } catch (error) {
    const cap = vintageCapOf(error);
    if (cap === undefined) throw error;
    const windows = splitWindows(await vintageDates(entry, REALTIME_START, date, context), date, cap);
    const last = windows.at(-1);
    if (last === undefined) throw new UpstreamError('empty', `${what}: ALFRED lists no vintage of ${entry.upstreamId} on or before ${date}`);
    url = `${base}&realtime_start=${last[0]}&realtime_end=${date}`;
    rows = await windowRows(context.get, url, context.signal, what);
  }
  return { points: valuesKnownOn(periodsOf(rows, what), parseIsoDate(date)), url };
}

/** Each observation's initial release (output_type 4), window by window when the cap is passed. */
async function firstReleased(entry: CatalogEntry, context: ProviderContext): Promise<{ points: Array<[number, number]>; url: string }> {
  const what = `ALFRED ${entry.upstreamId} as first published`;
  const base = `${seriesUrl(entry, context, 'observations')}&output_type=4`;
  const whole = `${base}&realtime_start=${REALTIME_START}&realtime_end=${REALTIME_END}`;
  let periods: ValidityPeriod[];
  try {
    periods = periodsOf(await windowRows(context.get, whole, context.signal, what), what);
  } catch (error) {
    const cap = vintageCapOf(error);
    if (cap === undefined) throw error;
    periods = [];
    for (const [start, end] of splitWindows(await vintageDates(entry, REALTIME_START, REALTIME_END, context), REALTIME_END, cap)) {
      periods.push(...periodsOf(await windowRows(context.get, `${base}&realtime_start=${start}&realtime_end=${end}`, context.signal, what), what));
    }
  }
  // A window's "initial release" is the first within it: the earliest over all windows is the first.
  return { points: firstReleases(periods), url: whole };
}

export const alfredProvider: VintageProvider = {
  provider: 'fred',
  label: 'ALFRED (FRED API, FRED_API_KEY)',
  supports: (entry) => entry.source === 'FRED',
  async fetchVintage(entry, vintage: Vintage, context): Promise<VintageResult> {
    refuseFutureVintage(entry, vintage, context);
    const { points, url } = vintage === 'first' ? await firstReleased(entry, context) : await knownOn(entry, vintage, context);
    const described = vintage === 'first' ? 'as first published' : `as known on ${vintage}`;
    if (points.length === 0) throw new UpstreamError('empty', `ALFRED has no observations of ${entry.upstreamId} ${described}`);
    return {
      series: seriesFromPoints(entry, points, undefined, `ALFRED ${entry.upstreamId} ${described}`),
      vintage,
      source: `ALFRED ${entry.upstreamId}, ${described}`,
      url: redactUrl(url),
    };
  },
};
