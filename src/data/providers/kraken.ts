import * as z from 'zod/mini';
import { UpstreamError } from '../upstreamError';
import { numberFromText, parseJson, seriesFromPoints, sinceDay, todayUtc, trimBase } from './common';
import { redactUrl } from './http';
import type { Provider } from './types';

/**
 * Kraken public OHLC (`0/public/OHLC?pair=XBTUSD&interval=1440`, no key): bitcoin's third source.
 * Quirks (shared/fixtures/crypto): the result key is Kraken's own pair name (`XXBTZUSD` for the
 * `XBTUSD` asked), prices are strings, rows are `[time, open, high, low, close, vwap, volume,
 * count]` oldest first, and the LAST row is the still-open candle: `last` is the newest committed
 * one, so rows after it are left out. Kraken answers at most the latest 720 candles.
 */

const rowSchema = z.tuple([z.number(), z.string(), z.string(), z.string(), z.string(), z.string(), z.string(), z.number()]);
const ohlcSchema = z.object({
  error: z.array(z.string()),
  result: z.optional(z.record(z.string(), z.union([z.array(rowSchema), z.number()]))),
});

export const krakenProvider: Provider = {
  name: 'kraken',
  label: 'Kraken OHLC',
  defaultBaseUrl: 'https://api.kraken.com',
  // Kraken's public endpoints allow about one call per second.
  requestsPerSecond: 1,
  supports: (entry) => entry.otherUpstreamIds?.kraken !== undefined,
  async fetch(entry, since, context) {
    const pair = entry.otherUpstreamIds?.kraken;
    if (!pair) throw new UpstreamError('unsupported', `Kraken does not serve ${entry.id}`);
    const what = `Kraken OHLC ${pair}`;
    const start = sinceDay(since);
    const url = `${trimBase(context.baseUrl)}/0/public/OHLC?pair=${encodeURIComponent(pair)}&interval=1440${start === undefined ? '' : `&since=${start * 86_400 - 1}`}`;
    const body = parseJson(await context.get(url, { signal: context.signal, headers: { accept: 'application/json' } }), ohlcSchema, what);
    if (body.error.length > 0) throw krakenError(body.error, what);
    const result = body.result ?? {};
    const pairs = Object.entries(result).filter((item): item is [string, z.infer<typeof rowSchema>[]] => Array.isArray(item[1]));
    const [answered] = pairs;
    if (pairs.length !== 1 || answered === undefined) throw new UpstreamError('malformed', `${what}: expected one pair in the result, got ${pairs.length}`);
    const [pairName, rows] = answered;
    const last = typeof result.last === 'number' ? result.last : Infinity;
    const today = todayUtc(context.now);
    const points: Array<[number, number]> = [];
    for (const row of rows) {
      const day = Math.floor(row[0] / 86_400);
      if (row[0] > last || day >= today) continue; // the open candle
      const close = numberFromText(row[4], `${what} ${day}`);
      if (close !== undefined) points.push([day, close]);
    }
    return { series: seriesFromPoints(entry, points, start, what), source: `${what} (${pairName}): daily close (00:00 UTC candles)`, url: redactUrl(url) };
  },
};

/** Kraken reports failures in `error` with HTTP 200: "EGeneral:Too many requests", "EQuery:Unknown asset pair"… */
function krakenError(errors: readonly string[], what: string): UpstreamError {
  const message = `${what}: ${errors.join('; ')}`;
  if (errors.some((error) => /too many requests|rate limit/i.test(error))) return new UpstreamError('rate-limited', message);
  if (errors.some((error) => /^EService:/.test(error))) return new UpstreamError('http', message);
  return new UpstreamError('malformed', message);
}
