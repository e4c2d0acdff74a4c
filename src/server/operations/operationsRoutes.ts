/**
 * What a load balancer and a monitor ask a replica, answered before the Host check (a health
 * probe addresses the replica by its own address, not the add-in's name), and revealing nothing a
 * page could use:
 *
 *   GET /healthz  liveness: 200 while the process serves; says whether the shared Redis answers
 *   GET /readyz   readiness: 200 when the snapshot is loaded and a cache is reachable, 503 while
 *                 draining (SIGTERM) or when neither the disk cache nor Redis can be used
 *   GET /metrics  Prometheus text; loopback clients, or others with `Authorization: Bearer <token>`
 */
import { timingSafeEqual } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SharedStoreStatus } from '../gateway/shared/sharedStore';
import type { RouteHandler } from '../routeHandler';
import type { Metrics } from './metrics';

export interface OperationsOptions {
  readonly metrics: Metrics;
  /** Series in the loaded snapshot (0: none loaded). */
  readonly snapshotSeries: number;
  readonly cacheDir: string;
  /** The shared store's state; undefined when the gateway runs alone. */
  readonly sharedStore?: () => SharedStoreStatus;
  /** Opens /metrics to clients that are not on loopback. */
  readonly metricsToken?: string;
  /** True once SIGTERM arrived: not ready any more, in-flight requests still answered. */
  readonly draining: () => boolean;
}

const PATHS = new Set(['/healthz', '/readyz', '/metrics']);

function isLoopbackAddress(address: string | undefined): boolean {
  return address !== undefined && (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'));
}

function hasToken(req: IncomingMessage, token: string | undefined): boolean {
  const header = req.headers.authorization;
  if (!token || typeof header !== 'string' || !header.startsWith('Bearer ')) return false;
  const given = Buffer.from(header.slice('Bearer '.length));
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function send(res: ServerResponse, status: number, body: string, type = 'application/json; charset=utf-8'): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

async function diskCacheUsable(dir: string): Promise<boolean> {
  try {
    await fs.mkdir(dir, { recursive: true });
    await fs.access(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

export function createOperationsRoutes(options: OperationsOptions): RouteHandler {
  const sharedState = (): Record<string, unknown> => {
    const status = options.sharedStore?.();
    if (!status) return { sharedStore: 'not configured' };
    return status.state === 'connected'
      ? { sharedStore: 'connected' }
      : { sharedStore: 'unreachable', sharedStoreReason: status.reason, note: 'answering from this replica’s memory and disk cache until Redis returns' };
  };

  return async (req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0] ?? '/';
    if (!PATHS.has(path)) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, '{"error":"only GET"}\n');
      return true;
    }
    if (path === '/healthz') {
      send(res, 200, `${JSON.stringify({ status: 'ok', ...sharedState() })}\n`);
      return true;
    }
    if (path === '/readyz') {
      const disk = await diskCacheUsable(options.cacheDir);
      const shared = options.sharedStore?.().state === 'connected';
      const problems = [
        ...(options.draining() ? ['draining: shutting down'] : []),
        ...(options.snapshotSeries > 0 ? [] : ['the embedded snapshot is not loaded']),
        ...(disk || shared ? [] : ['no cache is reachable (disk cache not writable, no shared store)']),
      ];
      const body = {
        ready: problems.length === 0,
        ...(problems.length ? { problems } : {}),
        snapshotSeries: options.snapshotSeries,
        diskCache: disk ? 'writable' : 'not writable',
        ...sharedState(),
      };
      send(res, problems.length ? 503 : 200, `${JSON.stringify(body)}\n`);
      return true;
    }
    if (!isLoopbackAddress(req.socket.remoteAddress) && !hasToken(req, options.metricsToken)) {
      send(res, 403, '{"error":"metrics are for loopback clients or a bearer token (LIQUIDITY_LENS_METRICS_TOKEN)"}\n');
      return true;
    }
    const status = options.sharedStore?.();
    const gauges: Record<string, number> = status ? { liquidity_lens_shared_store_up: status.state === 'connected' ? 1 : 0 } : {};
    send(res, 200, options.metrics.render(gauges), 'text/plain; version=0.0.4; charset=utf-8');
    return true;
  };
}
