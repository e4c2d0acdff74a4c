/**
 * The gateway's HTTP face, mounted in front of the static files (createServer's `routes`):
 *
 *   GET|HEAD /api/catalog                         every catalogue series, and whether it can be fetched
 *   GET|HEAD /api/series/{id}?since=YYYY-MM-DD    one series (gatewayProtocol's seriesResponseSchema);
 *                                                 a user's own key may come in X-Api-Key-<PROVIDER>
 *   GET      /api/keys/{provider}/test            checks the key in X-Api-Key with one cheap request, within
 *                                                 budgets of its own, behind every refresh (keyChecks.ts)
 *
 * Everything is refused before any upstream request that is not exactly that (see apiRequest.ts);
 * each client IP has a token bucket (429 with Retry-After); unexpected errors are a generic 500
 * whose details go only to the (redacted) log.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getSeries } from '../../catalog/lookup';
import { parseIsoDate } from '../../core/dates/isoDate';
import type { SeriesResponse } from '../../data/gatewayProtocol';
import { cacheLifetimeSeconds } from '../../data/staleness';
import type { RouteHandler } from '../routeHandler';
import { isApiTarget, parseApiRequest, requestKeysFrom, testedKeyFrom } from './apiRequest';
import { createClientRateLimiter } from './clientRateLimit';
import { etagOf, headerSafe, sendError, sendJson } from './jsonResponse';
import { createKeyChecks } from './keyChecks';
import type { Redactor } from './redact';
import { AnswerDeadlineError, type SeriesService } from './seriesService';

/** Max-age of an answer that is stale: ask again soon, the upstream may be back. */
export const STALE_MAX_AGE_SECONDS = 60;
const CATALOG_MAX_AGE_SECONDS = 60;
/** When a series is not held yet and its refresh is still running: a few seconds usually do. */
export const PENDING_RETRY_AFTER_SECONDS = 5;

export interface GatewayRoutesOptions {
  readonly service: Pick<SeriesService, 'getSeries' | 'catalog' | 'checkKey' | 'providerStatus'>;
  /** API requests per minute per client IP. */
  readonly clientRateLimit: number;
  /** Milliseconds since the epoch. */
  readonly now: () => number;
  readonly log: (line: string) => void;
  /** Scrubs secrets from log lines. */
  readonly redact?: Redactor;
}

export function createGatewayRoutes(options: GatewayRoutesOptions): RouteHandler {
  const limiter = createClientRateLimiter({ perMinute: options.clientRateLimit, now: options.now });
  const redact = options.redact ?? ((text: string) => text);
  /**
   * Per series: the key headers a request may bring that change how it is fetched (X-Api-Key-FRED
   * while the gateway has no FRED_API_KEY of its own). The configuration does not change while
   * the gateway runs, so this is worked out once.
   */
  let keyHeadersById: Map<string, { header: string; variable: string }[]> | undefined;
  const keyHeadersFor = (id: string): readonly { header: string; variable: string }[] => {
    if (!keyHeadersById) {
      keyHeadersById = new Map();
      for (const status of options.service.providerStatus()) {
        if (!status.keyVariable || status.configured) continue;
        const header = { header: `X-Api-Key-${status.keyVariable.replace(/_API_KEY$/, '')}`, variable: status.keyVariable };
        for (const seriesId of status.seriesIds) keyHeadersById.set(seriesId, [...(keyHeadersById.get(seriesId) ?? []), header]);
      }
    }
    return keyHeadersById.get(id) ?? [];
  };
  const keyChecks = createKeyChecks({ run: (provider, key) => options.service.checkKey(provider, key), now: options.now });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const decision = limiter.take(req.socket.remoteAddress ?? 'unknown');
    if (!decision.ok) {
      sendError(req, res, 429, 'rate-limited', `too many requests; retry in ${decision.retryAfterSeconds} s`, {
        'Retry-After': String(decision.retryAfterSeconds),
      });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendError(req, res, 405, 'method-not-allowed', 'only GET and HEAD are allowed', { Allow: 'GET, HEAD' });
      return;
    }
    const request = parseApiRequest(req.url ?? '/');
    if (!request.ok) {
      sendError(req, res, request.status, request.code, request.message);
      return;
    }
    if (request.endpoint === 'catalog') {
      const body = options.service.catalog();
      sendJson(req, res, { status: 200, body, etag: etagOf(['catalog', body]), headers: { 'Cache-Control': `public, max-age=${CATALOG_MAX_AGE_SECONDS}` } });
      return;
    }
    if (request.endpoint === 'key-test') {
      const key = testedKeyFrom(req.headers);
      if (!key) {
        sendJson(req, res, { status: 200, body: { ok: false, message: 'send the key to test in the X-Api-Key header' }, headers: { 'Cache-Control': 'no-store' } });
        return;
      }
      const checked = await keyChecks.check(req.socket.remoteAddress ?? 'unknown', request.provider, key);
      if (!checked.ok) {
        sendError(req, res, 429, 'rate-limited', `too many key checks; retry in ${checked.retryAfterSeconds} s`, {
          'Retry-After': String(checked.retryAfterSeconds),
          'Cache-Control': 'no-store',
        });
        return;
      }
      sendJson(req, res, { status: 200, body: checked.result, headers: { 'Cache-Control': 'no-store' } });
      return;
    }
    const requestKeys = requestKeysFrom(req.headers);
    let answer: SeriesResponse;
    try {
      answer = await options.service.getSeries(request.id, request.since, requestKeys.size ? requestKeys : undefined);
    } catch (error) {
      if (!(error instanceof AnswerDeadlineError)) throw error;
      // Nothing held and the upstream still busy: say so within the deadline (the refresh goes on).
      sendError(req, res, 504, 'upstream-pending', error.message, { 'Retry-After': String(PENDING_RETRY_AFTER_SECONDS), 'Cache-Control': 'no-store' });
      return;
    }
    const keyHeaders = keyHeadersFor(request.id);
    const keyed = keyHeaders.some(({ variable }) => requestKeys.has(variable));
    const headers = seriesHeaders(answer, options.now(), { keyed, vary: keyHeaders.map(({ header }) => header) });
    sendJson(req, res, { status: 200, body: answer, etag: seriesEtag(answer), headers });
  };

  return (req, res) => {
    if (!isApiTarget(req.url ?? '/')) return false;
    return handle(req, res).then(
      () => true,
      (error: unknown) => {
        options.log(redact(`${req.method ?? '?'} ${(req.url ?? '?').slice(0, 200)}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));
        if (!res.headersSent) sendError(req, res, 500, 'internal', 'internal error in the gateway; the details are in its log');
        else res.destroy();
        return true;
      },
    );
  };
}

/** Changes whenever the answer's content does: id, as-of, retrieval, cut, length, staleness. */
export function seriesEtag(answer: SeriesResponse): string {
  return etagOf([answer.id, answer.asOf, answer.retrievedAt, answer.since ?? null, answer.observations.length, answer.stale, answer.staleReason ?? null]);
}

/** Whether an answer may hold what a user's own key fetched, and the request headers it may vary on. */
export interface KeyedAnswer {
  /** The request brought a key the gateway used in place of its own (it has none): no shared cache may keep the answer. */
  readonly keyed: boolean;
  /** Key headers whose presence changes the answer (X-Api-Key-FRED), for `Vary`. */
  readonly vary: readonly string[];
}

/**
 * Cache-Control (until newer data is due; 60 s when stale) and the X-Data-* headers. An answer a
 * user's own key may have produced is `private` (a shared cache could otherwise hand it to anyone);
 * every answer that a key header could change says so in `Vary`, so a shared cache keeps the
 * keyless and the keyed answer apart.
 */
export function seriesHeaders(answer: SeriesResponse, nowMs: number, keys: KeyedAnswer = { keyed: false, vary: [] }): Record<string, string> {
  const entry = getSeries(answer.id);
  const lastDay = answer.asOf === null ? NaN : parseIsoDate(answer.asOf);
  const maxAge = answer.stale ? STALE_MAX_AGE_SECONDS : cacheLifetimeSeconds(entry, lastDay, nowMs);
  return {
    // An answer given while the refresh still runs is outdated within seconds: no cache may keep it.
    'Cache-Control': answer.refreshing ? 'no-store' : `${keys.keyed ? 'private' : 'public'}, max-age=${maxAge}`,
    ...(keys.vary.length ? { Vary: keys.vary.join(', ') } : {}),
    'X-Data-Retrieved-At': headerSafe(answer.retrievedAt),
    ...(answer.asOf === null ? {} : { 'X-Data-As-Of': answer.asOf }),
    ...(answer.stale ? { 'X-Data-Stale-Reason': headerSafe(answer.staleReason ?? 'stale') } : {}),
  };
}
