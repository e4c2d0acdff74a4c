import * as z from 'zod/mini';
import { parseIsoDate } from '../core/dates/isoDate';
import { createSeries, type Series } from '../core/series/series';
import { SERIES_PATH, VINTAGES_PATH, errorResponseSchema, seriesResponseSchema, type SeriesResponse } from './gatewayProtocol';
import { UpstreamError, parseRetryAfter } from './upstreamError';
import type { Vintage } from './vintage';

/** What the add-in gets back from its gateway for one series. */
export interface GatewaySeries {
  readonly response: SeriesResponse;
  readonly series: Series;
}

export interface GatewayClient {
  fetchSeries(id: string, since: string | undefined, signal?: AbortSignal): Promise<GatewaySeries>;
  /** A vintage of `id`, whole (DESIGN §4a); absent on a gateway that serves none. */
  fetchVintage?(id: string, vintage: Vintage, signal?: AbortSignal): Promise<GatewaySeries>;
}

export interface KeyCheck {
  readonly ok: boolean;
  readonly message: string;
}

const keyCheckSchema = z.object({ ok: z.boolean(), message: z.string() });

/**
 * How long the add-in waits for one gateway answer. The gateway answers within its own deadline
 * (ANSWER_DEADLINE_MS, 8 s: held data marked stale, or 504 when it holds nothing) whatever its
 * upstreams do, so this wait only ends requests to a gateway that is itself gone; it must stay
 * longer than that deadline plus the trip (test/server/gateway/deadline.test.ts checks the order).
 */
export const DEFAULT_GATEWAY_TIMEOUT_MS = 30_000;

/**
 * Reads /api/series/{id} from the add-in's own origin (browsers may not call the upstreams). Every
 * failure becomes an UpstreamError so the store can decide on retries; the body is parsed with zod.
 */
export interface GatewayClientOptions {
  readonly baseUrl: string;
  readonly fetchImpl?: typeof fetch;
  readonly now?: () => number;
  readonly timeoutMs?: number;
  /** The user's own API keys by provider (FRED → key), sent as X-Api-Key-<PROVIDER>. */
  readonly userKeys?: () => Promise<Readonly<Record<string, string>>>;
}

export function createGatewayClient(options: GatewayClientOptions): GatewayClient & { checkKey(provider: string, key: string): Promise<KeyCheck> } {
  const fetchImpl = options.fetchImpl ?? ((input, init) => fetch(input, init));
  const now = options.now ?? Date.now;

  /** The body of a successful answer for `url`; every failure an UpstreamError naming `id`. */
  const getAnswer = async (id: string, url: URL, signal: AbortSignal | undefined): Promise<string> => {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), options.timeoutMs ?? DEFAULT_GATEWAY_TIMEOUT_MS);
    const cancel = () => timeout.abort();
    if (signal?.aborted) timeout.abort();
    signal?.addEventListener('abort', cancel);
    let response: Response;
    let text: string;
    try {
      const keys = options.userKeys ? await options.userKeys() : {};
      const headers: Record<string, string> = { accept: 'application/json' };
      for (const [provider, key] of Object.entries(keys)) if (key) headers[`x-api-key-${provider.toLowerCase()}`] = key;
      try {
        response = await fetchImpl(url.toString(), { signal: timeout.signal, headers });
      } catch (error) {
        throw abortedOr(id, signal, timeout.signal, new UpstreamError('network', `the Liquidity Lens gateway is unreachable (${(error as Error).message})`));
      }
      try {
        text = await response.text();
      } catch {
        throw abortedOr(id, signal, timeout.signal, new UpstreamError('network', `the gateway's answer for ${id} was cut off`));
      }
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', cancel);
    }
    if (!response.ok) throw errorFromResponse(id, response, text, now());
    return text;
  };

  return {
    async fetchSeries(id, since, signal) {
      const url = new URL(`${SERIES_PATH}${encodeURIComponent(id)}`, options.baseUrl);
      if (since) url.searchParams.set('since', since);
      return parseSeriesBody(id, await getAnswer(id, url, signal));
    },

    async fetchVintage(id, vintage, signal) {
      const url = new URL(`${VINTAGES_PATH}${encodeURIComponent(id)}/${vintage}`, options.baseUrl);
      const answer = parseSeriesBody(id, await getAnswer(`${id} ${vintage}`, url, signal));
      // Never the latest data in disguise: the answer must say it is the vintage asked for.
      if (answer.response.vintage !== vintage) {
        throw new UpstreamError(
          'malformed',
          `asked for ${id} vintage ${vintage}, the gateway answered ${answer.response.vintage === undefined ? 'the latest data' : `vintage ${answer.response.vintage}`}`,
        );
      }
      return answer;
    },

    /** Asks the gateway to try `key` with one cheap upstream request. */
    async checkKey(provider, key) {
      try {
        const response = await fetchImpl(new URL(`/api/keys/${encodeURIComponent(provider)}/test`, options.baseUrl).toString(), { headers: { 'x-api-key': key } });
        const parsed = keyCheckSchema.safeParse(await response.json());
        return parsed.success ? parsed.data : { ok: false, message: `the gateway answered HTTP ${response.status}` };
      } catch (error) {
        return { ok: false, message: `the Liquidity Lens gateway is unreachable (${(error as Error).message})` };
      }
    },
  };
}

/** A cancelled or timed-out request says so; anything else keeps its own error. */
function abortedOr(id: string, caller: AbortSignal | undefined, timeout: AbortSignal, otherwise: UpstreamError): UpstreamError {
  if (caller?.aborted) return new UpstreamError('timeout', `request for ${id} was cancelled`);
  if (timeout.aborted) return new UpstreamError('timeout', `the gateway did not answer for ${id} in time`);
  return otherwise;
}

function errorFromResponse(id: string, response: Response, text: string, nowMs: number): UpstreamError {
  let message = `gateway answered HTTP ${response.status} for ${id}`;
  try {
    const body = errorResponseSchema.safeParse(JSON.parse(text));
    if (body.success) message = `${message}: ${body.data.error.message}`;
  } catch {
    // A non-JSON error page: the status says enough.
  }
  const kind = response.status === 429 ? 'rate-limited' : 'http';
  return new UpstreamError(kind, message, { status: response.status, retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), nowMs) });
}

/** Validates a gateway body and turns its observations into a series. */
export function parseSeriesBody(id: string, text: string): GatewaySeries {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UpstreamError('malformed', `the gateway's answer for ${id} is not complete JSON`);
  }
  const parsed = seriesResponseSchema.safeParse(json);
  if (!parsed.success) throw new UpstreamError('malformed', `the gateway's answer for ${id} has the wrong shape: ${z.prettifyError(parsed.error).split('\n')[0]}`);
  return seriesFromResponse(id, parsed.data);
}

/** A validated gateway answer as a series; the in-process gateway (CLI) uses it too. */
export function seriesFromResponse(id: string, response: SeriesResponse): GatewaySeries {
  if (response.id !== id) throw new UpstreamError('malformed', `asked for ${id}, the gateway answered ${response.id}`);
  const days = response.observations.map(([date]) => parseIsoDate(date));
  try {
    if (days.some(Number.isNaN)) throw new RangeError('a date is not ISO');
    return {
      response,
      series: createSeries(
        id,
        response.units,
        days,
        response.observations.map(([, value]) => value),
      ),
    };
  } catch (error) {
    throw new UpstreamError('malformed', `the gateway's observations for ${id} are invalid: ${(error as Error).message}`);
  }
}
