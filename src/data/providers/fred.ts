import * as z from 'zod/mini';
import { UpstreamError } from '../upstreamError';
import { checkShape, dayFromIso, numberFromText, parseJson, seriesFromPoints, sinceDay, trimBase } from './common';
import { HttpStatusError, redactUrl } from './http';
import type { HttpGet, Provider } from './types';

/**
 * FRED API observations (`fred/series/observations`, JSON). Values are strings in the units FRED
 * publishes, which are the catalogue's units for every FRED entry (WALCL millions, RRPONTSYD
 * billions, rates percent): nothing is rescaled. "." marks a missing day (holidays) and is skipped.
 */

const observationsSchema = z.object({
  count: z.optional(z.number()),
  offset: z.optional(z.number()),
  observations: z.array(z.object({ date: z.string(), value: z.string() })),
});

/** FRED's error body; `error_code` repeats the HTTP status. The Content-Type may say XML: ignore it. */
const errorSchema = z.object({ error_code: z.number(), error_message: z.string() });

export const fredProvider: Provider = {
  name: 'fred',
  label: 'FRED API (FRED_API_KEY)',
  keyVariable: 'FRED_API_KEY',
  defaultBaseUrl: 'https://api.stlouisfed.org',
  requestsPerSecond: 2,
  supports: (entry) => entry.source === 'FRED',
  async fetch(entry, since, context) {
    const start = sinceDay(since);
    if (!context.apiKey) throw new UpstreamError('no-key', `FRED needs an API key for ${entry.id}: set FRED_API_KEY`);
    const what = `FRED ${entry.upstreamId}`;
    const url =
      `${trimBase(context.baseUrl)}/fred/series/observations?series_id=${encodeURIComponent(entry.upstreamId)}` +
      `&api_key=${encodeURIComponent(context.apiKey)}&file_type=json${since ? `&observation_start=${since}` : ''}`;
    const points: Array<[number, number]> = [];
    // One page holds 100,000 observations (FRED's maximum limit); follow `offset` if a series is longer.
    for (let offset = 0; ;) {
      const body = await getFred(context.get, offset === 0 ? url : `${url}&offset=${offset}`, context.signal, what);
      for (const { date, value } of body.observations) {
        const day = dayFromIso(date, what);
        const number = numberFromText(value, `${what} ${date}`);
        if (number !== undefined) points.push([day, number]);
      }
      offset += body.observations.length;
      if (body.observations.length === 0 || body.count === undefined || offset >= body.count) break;
    }
    return { series: seriesFromPoints(entry, points, start, what), source: what, url: redactUrl(url) };
  },
  async checkKey(context) {
    if (!context.apiKey) throw new UpstreamError('no-key', 'no FRED API key given');
    // The newest WALCL observation: one short answer, and FRED refuses it without a valid key.
    const url = `${trimBase(context.baseUrl)}/fred/series/observations?series_id=WALCL&api_key=${encodeURIComponent(context.apiKey)}&file_type=json&sort_order=desc&limit=1`;
    await getFred(context.get, url, context.signal, 'FRED key check');
  },
};

async function getFred(get: HttpGet, url: string, signal: AbortSignal | undefined, what: string) {
  return checkShape(await getFredJson(get, url, signal, what), observationsSchema, what);
}

/**
 * A FRED API body as JSON, FRED's own error body (and an HTTP error carrying one) turned into an
 * UpstreamError with FRED's explanation: shared by the ALFRED vintage requests (alfred.ts).
 */
export async function getFredJson(get: HttpGet, url: string, signal: AbortSignal | undefined, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await get(url, { signal, headers: { accept: 'application/json' } });
  } catch (error) {
    throw explainFredError(error, what);
  }
  const json = parseJson(text, z.unknown(), what);
  const fredError = errorSchema.safeParse(json);
  if (fredError.success) throw new UpstreamError('http', `${what}: ${tidy(fredError.data.error_message)}`, { status: fredError.data.error_code });
  return json;
}

/** An HTTP error whose body is FRED's JSON error gets FRED's own explanation (bad key, bad id…). */
function explainFredError(error: unknown, what: string): unknown {
  if (!(error instanceof HttpStatusError)) return error;
  // The excerpt may be cut short of the closing brace: read the message field itself.
  const message = /"error_message"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(error.bodyExcerpt)?.[1];
  if (message === undefined) return error;
  return new UpstreamError(error.kind, `${what}: ${tidy(message)} (${error.message})`, { status: error.status, retryAfterMs: error.retryAfterMs });
}

/** FRED writes two spaces after "Bad Request."; one line, single spaces. */
function tidy(message: string): string {
  return message.replace(/\s+/g, ' ').trim();
}
