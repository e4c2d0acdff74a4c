import * as z from 'zod/mini';
import { addYears } from '../../core/dates/epochDay';
import { formatIsoDate } from '../../core/dates/isoDate';
import { UpstreamError } from '../upstreamError';
import { parseJson, seriesFromPoints, sinceDay, todayUtc, trimBase } from './common';
import { HttpStatusError, redactUrl } from './http';
import type { Provider } from './types';

/**
 * Coinbase Exchange daily candles (`products/{product}/candles?granularity=86400`, no key): the
 * keyless second source for bitcoin when Yahoo throttles or refuses. Rows are
 * `[time, low, high, open, close, volume]`, NEWEST FIRST, JSON numbers; `time` is the candle's
 * open at 00:00 UTC, so the close of day D is the row stamped D — the same dating as Yahoo's
 * BTC-USD bars. Today's candle is still open: it is left out.
 */

/** Coinbase answers at most 300 candles per request: longer ranges are asked in windows. */
const WINDOW_DAYS = 300;
/** Without `since`, as much history as the Yahoo path asks for. */
const DEFAULT_YEARS = 10;

const candlesSchema = z.array(z.tuple([z.number(), z.number(), z.number(), z.number(), z.number(), z.number()]));

export const coinbaseProvider: Provider = {
  name: 'coinbase',
  label: 'Coinbase Exchange daily candles',
  defaultBaseUrl: 'https://api.exchange.coinbase.com',
  // Coinbase allows about 10 public requests per second per IP; a first load pages 13 windows.
  requestsPerSecond: 3,
  supports: (entry) => entry.otherUpstreamIds?.coinbase !== undefined,
  async fetch(entry, since, context) {
    const product = entry.otherUpstreamIds?.coinbase;
    if (!product) throw new UpstreamError('unsupported', `Coinbase does not serve ${entry.id}`);
    const what = `Coinbase Exchange ${product}`;
    const today = todayUtc(context.now);
    const first = sinceDay(since) ?? addYears(today, -DEFAULT_YEARS);
    const base = `${trimBase(context.baseUrl)}/products/${encodeURIComponent(product)}/candles?granularity=86400`;
    const byDay = new Map<number, number>();
    let lastUrl = '';
    for (let start = first; start < today; start += WINDOW_DAYS) {
      const end = Math.min(start + WINDOW_DAYS - 1, today - 1);
      lastUrl = `${base}&start=${formatIsoDate(start)}T00:00:00Z&end=${formatIsoDate(end)}T00:00:00Z`;
      let text: string;
      try {
        text = await context.get(lastUrl, { signal: context.signal, headers: { accept: 'application/json' } });
      } catch (error) {
        throw explainError(error, what);
      }
      for (const [time, , , , close] of parseJson(text, candlesSchema, what)) {
        const day = Math.floor(time / 86_400);
        // The open candle of today is not a close; a row outside the window is not what was asked.
        if (day >= first && day < today) byDay.set(day, close);
      }
    }
    return { series: seriesFromPoints(entry, [...byDay], first, what), source: `${what}: daily close (00:00 UTC candles)`, url: redactUrl(lastUrl) };
  },
};

/** Coinbase explains a 4xx in `{"message": "…"}` (e.g. "NotFound"). */
function explainError(error: unknown, what: string): unknown {
  if (!(error instanceof HttpStatusError)) return error;
  const message = /"message"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(error.bodyExcerpt)?.[1];
  if (message === undefined) return error;
  return new UpstreamError(error.kind, `${what}: ${message} (${error.message})`, { status: error.status, retryAfterMs: error.retryAfterMs });
}
