/**
 * The local server: serves the built add-in (dist/) to Office, and the data gateway's API
 * (/api/catalog, /api/series/{id}; see gateway/), configured from the environment and `.env`
 * (every variable in `.env.example`).
 *
 *   tsx src/server/main.ts            HTTPS on https://localhost:3000 with development certificates
 *   tsx src/server/main.ts --http     plain HTTP on http://127.0.0.1:3000 (tests, local tools; Office needs HTTPS)
 *
 * Options: --root DIR (default dist/ under the working directory), --port N (default PORT or 3000), --host HOST.
 */
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createHttpGet } from '../data/providers/http';
import { PROVIDERS, providersFor } from '../data/providers/registry';
import { loadSnapshot } from '../data/snapshot/embeddedSnapshot';
import { getDevCertificates, type DevCertificates, type HttpsCredentials } from './devCertificates';
import { GatewayConfigError, loadGatewayConfig } from './gateway/config';
import { SYSTEM_CLOCK } from '../data/clock';
import { createGateway } from './gateway/gateway';
import { sendError } from './gateway/jsonResponse';
import { BUILD_INFO_FILE, DEFAULT_ADDIN_ORIGIN, isAllowedHost, isLoopbackOrigin, originReport, type BuildInfo } from './origin';
import { commonHeaders, crossSiteReason, needsSameOrigin } from './securityHeaders';
import type { RouteHandler } from './routeHandler';
import { sendText, serveStatic } from './staticFiles';
import { LOCAL_COORDINATION } from './gateway/coordination';
import { createSeriesCache } from './gateway/seriesCache';
import { createReplicaParts } from './gateway/shared/replica';
import { createMetrics } from './operations/metrics';
import { createOperationsRoutes } from './operations/operationsRoutes';
import { jsonLogLine, requestContext, requestIdOf } from './operations/requestContext';

export type { RouteHandler } from './routeHandler';

export interface CreateServerOptions {
  /** The directory whose files are served. */
  readonly root: string;
  /**
   * The add-in's public origin: the only `Host` answered (and, when it is loopback, any loopback
   * host), the only `Origin` API calls are accepted from. Default: what the build in `root` was made
   * for (its build-info.json), else https://localhost:3000.
   */
  readonly origin?: string;
  readonly routes?: RouteHandler;
  /** /healthz, /readyz, /metrics: answered before the Host check (probes use the replica's own address). */
  readonly operations?: RouteHandler;
  /** Told of every answered request (metrics, the request log). */
  readonly observe?: (request: ObservedRequest) => void;
  /** Present: HTTPS with these credentials; absent: plain HTTP. */
  readonly tls?: HttpsCredentials;
  readonly log?: (message: string) => void;
}

export type AddinServer = http.Server | https.Server;

export interface ObservedRequest {
  readonly requestId: string;
  readonly method: string;
  /** The path, at most 200 characters, without the query. */
  readonly path: string;
  readonly status: number;
  readonly seconds: number;
}

/**
 * The request listener: the Host check, headers every answer carries, the same-origin check on API
 * endpoints that fetch upstream or use a key, then routes, then static files.
 */
export function createRequestHandler(options: Omit<CreateServerOptions, 'tls'>): http.RequestListener {
  const root = path.resolve(options.root);
  const log = options.log ?? ((message: string) => console.error(message));
  const addinOrigin = options.origin ?? readBuildInfo(root)?.origin ?? DEFAULT_ADDIN_ORIGIN;
  return (req, res) => {
    const requestId = requestIdOf(req);
    res.setHeader('X-Request-Id', requestId);
    const started = performance.now();
    res.once('close', () => {
      const path = (req.url ?? '/').split('?', 1)[0]!.slice(0, 200);
      options.observe?.({ requestId, method: req.method ?? '?', path, status: res.statusCode, seconds: (performance.now() - started) / 1000 });
    });
    requestContext.run({ requestId }, () => void handle(req, res));
  };

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    try {
      if (options.operations && (await options.operations(req, res))) return;
      // DNS rebinding (a page on evil.example whose name now resolves to this machine) arrives with
      // its own name in Host: answer only the add-in's. 421: "not the server for that name" (RFC 9110 §15.5.20).
      if (!isAllowedHost(req.headers.host, addinOrigin)) {
        sendText(res, 421, `Misdirected Request: this server answers only for ${addinOrigin}`);
        return;
      }
      const encrypted = (req.socket as { encrypted?: boolean }).encrypted === true;
      for (const [name, value] of Object.entries(commonHeaders(req, { addinOrigin, encrypted }))) res.setHeader(name, value);
      if (needsSameOrigin(req.url ?? '/')) {
        const reason = crossSiteReason(req, [addinOrigin, `${encrypted ? 'https' : 'http'}://${req.headers.host}`]);
        if (reason) {
          sendError(req, res, 403, 'cross-origin', reason);
          return;
        }
      }
      if (options.routes && (await options.routes(req, res))) return;
      await serveStatic(root, req, res, { addinOrigin });
    } catch (error) {
      log(`${req.method ?? '?'} ${(req.url ?? '?').slice(0, 200)}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (!res.headersSent) sendText(res, 500, 'Internal Server Error');
      else res.destroy();
    }
  }
}

/** What the build in `root` was made for (dist/build-info.json), or undefined for a build without one. */
export function readBuildInfo(root: string): BuildInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(path.join(root, BUILD_INFO_FILE), 'utf8')) as Partial<BuildInfo>;
    return typeof info.origin === 'string' ? (info as BuildInfo) : undefined;
  } catch {
    return undefined;
  }
}

/** An HTTP or HTTPS server (not yet listening) for the add-in's files and any routes. */
export function createServer(options: CreateServerOptions): AddinServer {
  const handler = createRequestHandler(options);
  return options.tls
    ? https.createServer({ key: options.tls.key, cert: options.tls.cert, ...(options.tls.ca ? { ca: options.tls.ca } : {}) }, handler)
    : http.createServer(handler);
}

export interface ServerArgs {
  readonly http: boolean;
  readonly port: number;
  readonly host: string;
  readonly root: string;
}

export function parseServerArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): ServerArgs {
  let useHttp = false;
  let port: string | undefined = env.PORT;
  let host: string | undefined;
  let root = path.resolve(cwd, 'dist');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--http') useHttp = true;
    else if (arg === '--port') port = value();
    else if (arg === '--host') host = value();
    else if (arg === '--root') root = path.resolve(cwd, value());
    else throw new Error(`unknown argument: ${arg} (known: --http, --port N, --host HOST, --root DIR)`);
  }
  const portNumber = port === undefined || port === '' ? 3000 : Number(port);
  if (!Number.isInteger(portNumber) || portNumber < 0 || portNumber > 65535) throw new Error(`invalid port: ${port}`);
  return { http: useHttp, port: portNumber, host: host ?? (useHttp ? '127.0.0.1' : 'localhost'), root };
}

export interface StartServerOptions extends ServerArgs {
  /** See CreateServerOptions.origin. */
  readonly origin?: string;
  readonly routes?: RouteHandler;
  readonly operations?: RouteHandler;
  readonly observe?: (request: ObservedRequest) => void;
  readonly log?: (message: string) => void;
}

export interface RunningServer {
  readonly server: AddinServer;
  /** e.g. http://127.0.0.1:40123 (no trailing slash). */
  readonly origin: string;
  readonly port: number;
  readonly certificates?: DevCertificates;
  /** Stops at once, cutting open connections (tests). */
  close(): Promise<void>;
  /**
   * Stops accepting connections and lets in-flight requests finish (idle keep-alive connections
   * are closed); connections still busy after `timeoutMs` are cut. Resolves when all are gone.
   */
  drain(timeoutMs: number): Promise<void>;
}

/** Creates the server (with development certificates unless `http`) and waits until it listens. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const hostForUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
  const certificates = options.http ? undefined : await getDevCertificates({ log: options.log, origin: `https://${hostForUrl}:${options.port}` });
  const server = createServer({
    root: options.root,
    origin: options.origin,
    routes: options.routes,
    operations: options.operations,
    observe: options.observe,
    tls: certificates,
    log: options.log,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    origin: `${options.http ? 'http' : 'https'}://${hostForUrl}:${port}`,
    port,
    certificates,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
    drain: (timeoutMs) =>
      new Promise<void>((resolve) => {
        const cut = setTimeout(() => server.closeAllConnections(), timeoutMs);
        server.close(() => {
          clearTimeout(cut);
          resolve();
        });
        // Keep-alive connections with no request in flight would hold close() open until they time out.
        server.closeIdleConnections();
      }),
  };
}

/** How long SIGTERM waits for in-flight requests (the add-in's own wait is 30 s; the answer deadline 8 s). */
export const DRAIN_TIMEOUT_MS = 10_000;

export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const args = parseServerArgs(argv);
  if (!existsSync(path.join(args.root, 'manifest.xml'))) {
    console.warn(`warning: ${args.root} has no manifest.xml; run \`npm run build\` first.`);
  }
  const config = loadGatewayConfig(process.env, process.cwd());
  // A broken snapshot is reported now, and the server starts without it (cache and upstreams still serve).
  const snapshot = loadSnapshot();
  if (snapshot.problem) console.warn(`warning: ${snapshot.problem}`);
  // Gateway lines and the request log as JSON, each with the request id it was written under.
  const logJson = (message: string, fields?: Record<string, unknown>): void => console.log(jsonLogLine('info', message, fields));
  const metrics = createMetrics();
  // With LIQUIDITY_LENS_REDIS_URL: the cache, the refresh locks and the upstream budgets shared with the other replicas.
  const replica = createReplicaParts(config, logJson);
  const cache = metrics.instrumentCache(replica?.cache ?? createSeriesCache({ dir: config.cacheDir, log: logJson }));
  const gateway = createGateway({
    config,
    cache,
    coordination: metrics.instrumentCoordination(replica?.coordination ?? LOCAL_COORDINATION),
    snapshot: () => snapshot.series,
    providers: PROVIDERS,
    providersFor,
    get: createHttpGet({ timeoutMs: config.upstreamTimeoutMs, maxBytes: config.upstreamMaxBytes, now: SYSTEM_CLOCK.now }),
    clock: SYSTEM_CLOCK,
    log: logJson,
  });
  const builtFor = readBuildInfo(args.root)?.origin;
  let draining = false;
  const operations = createOperationsRoutes({
    metrics,
    snapshotSeries: snapshot.series.length,
    cacheDir: config.cacheDir,
    ...(replica ? { sharedStore: () => replica.store.status() } : {}),
    ...(config.metricsToken ? { metricsToken: config.metricsToken.reveal() } : {}),
    draining: () => draining,
  });
  const observe = (request: ObservedRequest): void => {
    metrics.observeRequest(request.seconds, request.status);
    // Probes are asked every few seconds: only their failures are worth a line.
    if (request.path !== '/healthz' && request.path !== '/readyz' && request.path !== '/metrics') {
      console.log(
        jsonLogLine('info', 'request', {
          requestId: request.requestId,
          method: request.method,
          path: request.path,
          status: request.status,
          ms: Math.round(request.seconds * 1000),
        }),
      );
    }
  };
  const running = await startServer({ ...args, origin: config.addinOrigin ?? builtFor, routes: gateway.routes, operations, observe });
  const origins = originReport({ builtFor, configured: config.addinOrigin, listening: running.origin });
  console.log(`Liquidity Lens serving ${args.root}`);
  console.log(`  origin:     ${origins.origin} (the only Host this server answers${isLoopbackOrigin(origins.origin) ? ', with any loopback host' : ''})`);
  for (const line of origins.lines) console.log(`  ${line}`);
  for (const warning of origins.warnings) console.warn(`  warning: ${warning}`);
  console.log(`  task pane:  ${running.origin}/taskpane.html`);
  console.log(`  manifest:   ${running.origin}/manifest.xml (sideload dist/manifest.xml)`);
  console.log(`  data API:   ${running.origin}/api/catalog, ${running.origin}/api/series/{id}?since=YYYY-MM-DD`);
  console.log(
    `  cache:      ${config.cacheDir}${config.dataDir ? `; data folder: ${config.dataDir}` : ''}${config.envFile ? `; settings from ${config.envFile} and the environment` : ''}`,
  );
  for (const line of gateway.summary) console.log(`  ${line}`);
  console.log(`  replicas:   ${replica ? `shared store ${replica.store.where} (cache, refresh locks, upstream budgets)` : 'this gateway alone (no LIQUIDITY_LENS_REDIS_URL)'}`);
  console.log(`  operations: ${running.origin}/healthz, /readyz, /metrics (loopback${config.metricsToken ? ' or bearer token' : ''})`);
  if (running.certificates && !running.certificates.trusted) {
    console.log(`  HTTPS with an UNTRUSTED development CA (${running.certificates.caPath}); see the instructions above.`);
  }
  if (args.http) console.log('  plain HTTP: Office itself needs HTTPS (drop --http for that).');
  // SIGTERM: not ready any more (the load balancer stops sending), in-flight requests answered, then exit.
  const stop = (): void => {
    if (draining) return;
    draining = true;
    logJson('draining: no new connections; answering the requests in flight');
    void running
      .drain(DRAIN_TIMEOUT_MS)
      .then(async () => {
        gateway.close();
        await replica?.close();
        logJson('drained; exiting');
      })
      .finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (typeof require !== 'undefined' && require.main === module) {
  main().catch((error: unknown) => {
    // A configuration the operator must fix: its message names each variable; exit 2, no stack trace.
    if (error instanceof GatewayConfigError) {
      console.error(`liquidity-lens server: ${error.message}`);
      process.exit(2);
    }
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
