/**
 * GET|HEAD /api/vintages/{id}/{vintage} — a series as first published (`first`) or as known on a
 * date (`2019-01-01`), gatewayProtocol's seriesResponseSchema with `vintage` set (DESIGN §4a). A
 * route of its own beside /api/series, mounted before it (gateway.ts), with the same per-client
 * budget. A vintage no source can serve is 404 with the reason, never the latest data.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { findSeries } from '../../catalog/lookup';
import { VINTAGES_PATH } from '../../data/gatewayProtocol';
import { vintageFromPath } from '../../data/providers/vintageProvider';
import type { RouteHandler } from '../routeHandler';
import { requestKeysFrom } from './apiRequest';
import { createClientRateLimiter } from './clientRateLimit';
import { etagOf, sendError, sendJson } from './jsonResponse';
import { VintageUnavailableError, type VintageService } from './vintageService';

export interface VintageRoutesOptions {
  readonly vintages: VintageService;
  /** API requests per minute per client IP. */
  readonly clientRateLimit: number;
  readonly now: () => number;
  readonly log: (line: string) => void;
}

const ROUTE = /^\/api\/vintages\/([^/?#]+)\/([^/?#]+)$/;

export function createVintageRoutes(options: VintageRoutesOptions): RouteHandler {
  const limiter = createClientRateLimiter({ perMinute: options.clientRateLimit, now: options.now });

  const handle = async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    const decision = limiter.take(req.socket.remoteAddress ?? 'unknown');
    if (!decision.ok) {
      sendError(req, res, 429, 'rate-limited', `too many requests; retry in ${decision.retryAfterSeconds} s`, { 'Retry-After': String(decision.retryAfterSeconds) });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendError(req, res, 405, 'method-not-allowed', 'only GET and HEAD are allowed', { Allow: 'GET, HEAD' });
      return;
    }
    const [, rawId, rawVintage] = ROUTE.exec(path) ?? [];
    let id: string | undefined;
    try {
      id = rawId === undefined ? undefined : decodeURIComponent(rawId);
    } catch {
      id = undefined;
    }
    const entry = id === undefined ? undefined : findSeries(id);
    if (rawVintage === undefined || !entry || entry.id !== id) {
      sendError(req, res, 404, 'not-found', `use ${VINTAGES_PATH}{catalogue id}/{first or YYYY-MM-DD}`);
      return;
    }
    const vintage = vintageFromPath(rawVintage);
    if (vintage === undefined) {
      sendError(req, res, 400, 'bad-request', `the vintage must be "first" or a date YYYY-MM-DD, got ${JSON.stringify(rawVintage.slice(0, 40))}`);
      return;
    }
    const keys = requestKeysFrom(req.headers);
    try {
      const answer = await options.vintages.getVintage(entry.id, vintage, keys.size ? keys : undefined);
      sendJson(req, res, {
        status: 200,
        body: answer,
        etag: etagOf([answer.id, answer.vintage, answer.retrievedAt, answer.observations.length]),
        // A past date's vintage does not change; "first" gains each new observation's first release.
        headers: { 'Cache-Control': `public, max-age=${vintage === 'first' ? 3600 : 86_400}` },
      });
    } catch (error) {
      if (!(error instanceof VintageUnavailableError)) throw error;
      sendError(req, res, 404, 'vintage-unavailable', error.message, { 'Cache-Control': 'no-store' });
    }
  };

  return (req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0] ?? '';
    if (!path.startsWith(VINTAGES_PATH)) return false;
    return handle(req, res, path).then(
      () => true,
      (error: unknown) => {
        options.log(`${req.method ?? '?'} ${path.slice(0, 200)}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        if (!res.headersSent) sendError(req, res, 500, 'internal', 'internal error in the gateway; the details are in its log');
        else res.destroy();
        return true;
      },
    );
  };
}
