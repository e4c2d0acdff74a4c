import * as z from 'zod/mini';
import { addYears, epochDayFromCivil } from '../../core/dates/epochDay';
import { definedAt } from '../../core/definedAt';
import { UpstreamError } from '../upstreamError';
import { parseJson, seriesFromPoints, sinceDay, todayUtc, trimBase } from './common';
import { HttpStatusError, redactUrl } from './http';
import type { Provider } from './types';

/**
 * Yahoo Finance chart API (`v8/finance/chart/{symbol}`, no key) for every 'Market prices' entry:
 * daily closes in USD (index points for ^GSPC/^NDX, USD per troy ounce for GC=F).
 *
 * The value is `indicators.quote[0].close`: split-adjusted but NOT dividend-adjusted (Yahoo's
 * `adjclose` is the dividend-adjusted one). Each bar's timestamp is the session OPEN in Unix
 * seconds, so the observation date is the calendar date of that instant at the exchange.
 */

/** Without `since`, this many years of history (the long monthly history comes from open datasets). */
const DEFAULT_YEARS = 10;

const period = z.object({ start: z.number(), end: z.number() });
const resultSchema = z.object({
  meta: z.object({
    currency: z.optional(z.nullable(z.string())),
    gmtoffset: z.number(),
    exchangeTimezoneName: z.optional(z.string()),
    currentTradingPeriod: z.optional(z.object({ regular: z.optional(period) })),
  }),
  /** Absent, with `quote: [{}]`, for a range without trading (a weekend). */
  timestamp: z.optional(z.array(z.number())),
  indicators: z.object({ quote: z.array(z.object({ close: z.optional(z.array(z.nullable(z.number()))) })) }),
});
const chartSchema = z.object({
  chart: z.object({
    result: z.nullable(z.array(resultSchema)),
    error: z.nullable(z.object({ code: z.optional(z.union([z.string(), z.number()])), description: z.optional(z.string()) })),
  }),
});

type ChartMeta = z.infer<typeof resultSchema>['meta'];

export const marketPricesProvider: Provider = {
  name: 'yahoo',
  label: 'Yahoo Finance chart API',
  defaultBaseUrl: 'https://query2.finance.yahoo.com',
  requestsPerSecond: 2,
  supports: (entry) => entry.source === 'Market prices',
  async fetch(entry, since, context) {
    const start = sinceDay(since);
    const nowSeconds = Math.floor(context.now().getTime() / 1000);
    const period1 = (start ?? addYears(todayUtc(context.now), -DEFAULT_YEARS)) * 86_400;
    const url =
      `${trimBase(context.baseUrl)}/v8/finance/chart/${encodeURIComponent(entry.upstreamId)}` + `?interval=1d&period1=${period1}&period2=${nowSeconds}&events=div%7Csplit`;
    const what = `Yahoo Finance chart ${entry.upstreamId}`;
    let text: string;
    try {
      text = await context.get(url, { signal: context.signal, headers: { accept: 'application/json' } });
    } catch (error) {
      throw explainChartError(error, what);
    }
    // Yahoo's edge answers throttled clients in plain text, sometimes even with a 200.
    if (isEdgeThrottle(text)) throw throttled(what, `"${text.trim().slice(0, 60)}"`);
    const { chart } = parseJson(text, chartSchema, what);
    if (chart.error) throw new UpstreamError('malformed', `${what}: ${chart.error.description ?? String(chart.error.code ?? 'error')}`);
    const result = chart.result?.[0];
    if (!result) throw new UpstreamError('malformed', `${what}: neither a result nor an error`);
    if (result.meta.currency && result.meta.currency !== 'USD') throw new UpstreamError('malformed', `${what}: quoted in ${result.meta.currency}, not USD`);
    const timestamps = result.timestamp ?? [];
    const closes = result.indicators.quote[0]?.close ?? [];
    if (closes.length !== timestamps.length) throw new UpstreamError('malformed', `${what}: ${timestamps.length} timestamps but ${closes.length} closes`);
    const dateOf = exchangeDate(result.meta);
    const provisionalFrom = provisionalStart(result.meta, nowSeconds);
    // A repeated date (Yahoo sometimes appends a second bar for the latest day): the later bar wins.
    const byDay = new Map<number, number>();
    timestamps.forEach((seconds, i) => {
      const close = definedAt(closes, i, 'the closes');
      if (close !== null && seconds < provisionalFrom) byDay.set(dateOf(seconds), close);
    });
    return {
      series: seriesFromPoints(entry, [...byDay], start, what),
      source: `Yahoo Finance ${entry.upstreamId}: daily close, split-adjusted, not dividend-adjusted`,
      url: redactUrl(url),
    };
  },
};

/**
 * Epoch day of a bar at the exchange. `gmtoffset` is the offset at the time of the REQUEST (EST in
 * a winter recording of summer bars), so the exchange's time zone is used when the runtime knows
 * it; that matters for bars stamped at midnight (futures), not for 09:30 session opens.
 */
function exchangeDate(meta: ChartMeta): (seconds: number) => number {
  const fallback = (seconds: number) => Math.floor((seconds + meta.gmtoffset) / 86_400);
  if (!meta.exchangeTimezoneName) return fallback;
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', { timeZone: meta.exchangeTimezoneName, year: 'numeric', month: 'numeric', day: 'numeric' });
  } catch {
    return fallback;
  }
  return (seconds) => {
    const parts = Object.fromEntries(format.formatToParts(new Date(seconds * 1000)).map((part) => [part.type, part.value]));
    return epochDayFromCivil(Number(parts.year), Number(parts.month), Number(parts.day));
  };
}

/** Bars at or after the start of a session still open are intraday prices, not closes: left out. */
function provisionalStart(meta: ChartMeta, nowSeconds: number): number {
  const regular = meta.currentTradingPeriod?.regular;
  return regular && nowSeconds < regular.end ? regular.start : Infinity;
}

/** Yahoo's plain-text throttle body (shared/fixtures/yahoo/error_429_edge_too_many_requests). */
function isEdgeThrottle(text: string): boolean {
  return /^\s*(Edge: )?Too Many Requests\s*$/i.test(text);
}

/** Throttled: retried with back-off (Retry-After when given), and the gateway pauses Yahoo for a while. */
function throttled(what: string, detail: string, details: { status?: number; retryAfterMs?: number } = {}): UpstreamError {
  return new UpstreamError('rate-limited', `${what}: Yahoo is throttling this client (${detail})`, details);
}

/**
 * A 4xx/5xx explained: the plain-text 429 as throttling (never "malformed JSON"); 401/403
 * ("Invalid Crumb": Yahoo wants a session cookie and crumb) as a refusal; a chart error body as
 * Yahoo's description (e.g. "No data found…").
 */
function explainChartError(error: unknown, what: string): unknown {
  if (!(error instanceof HttpStatusError)) return error;
  const details = { status: error.status, retryAfterMs: error.retryAfterMs };
  if (error.status === 429) return throttled(what, `${error.message}${error.bodyExcerpt ? `: "${error.bodyExcerpt.slice(0, 60)}"` : ''}`, details);
  const description = /"description"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(error.bodyExcerpt)?.[1];
  if (error.status === 401 || error.status === 403) {
    const why = description ?? (error.bodyExcerpt.slice(0, 60) || 'no reason given');
    return new UpstreamError('http', `${what}: Yahoo refused the request: ${why} (${error.message}; Yahoo now wants a session cookie and crumb)`, details);
  }
  if (description === undefined) return error;
  return new UpstreamError(error.kind, `${what}: ${description} (${error.message})`, details);
}
