/**
 * The add-in as the browser tests meet it: the production build (addinBuild.ts) served by the
 * project's own server (src/server/main.ts startServer) with the real gateway (gateway.ts
 * createGateway, real providers and HTTP client) in front, on 127.0.0.1 over plain HTTP, port 0.
 *
 * Nothing leaves the machine: every provider's *_BASE_URL points at a mock upstream
 * (harness/upstreams/mockUpstream.ts) seeded with every catalogue series (harness/upstreams/catalogUpstream.ts);
 * the cache is a fresh temporary folder; FRED_API_KEY is unset unless the test gives one; the
 * repository's `.env` is not read (the configuration is loaded from the temporary folder).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHttpGet } from '../../src/data/providers/http';
import { PROVIDERS, providersFor } from '../../src/data/providers/registry';
import { loadGatewayConfig, providerVariablePrefix, type GatewayConfig } from '../../src/server/gateway/config';
import { SYSTEM_CLOCK } from '../../src/data/clock';
import { createGateway, type Gateway } from '../../src/server/gateway/gateway';
import { startServer } from '../../src/server/main';
import { seedCatalogUpstream, type SeededCatalogUpstream } from '../upstreams/catalogUpstream';
import { startMockUpstream, type MockUpstream } from '../upstreams/mockUpstream';
import { buildAddin } from './addinBuild';

export interface AddinServerOptions {
  /** Sets FRED_API_KEY for the gateway (default: unset, so FRED series come from the cache/snapshot). */
  readonly fredApiKey?: string;
  /** More gateway environment (e.g. CLIENT_RATE_LIMIT); '' removes a variable. */
  readonly env?: Readonly<Record<string, string>>;
  /** The last day the seeded upstream has data for (default: the last weekday before today, UTC). */
  readonly through?: string;
  /** Seed the upstream yourself instead of with every catalogue series. */
  readonly seed?: (upstream: MockUpstream) => void;
  /** Gateway log lines (default: kept in `logs` only). */
  readonly log?: (line: string) => void;
}

export interface AddinServer {
  /** e.g. http://127.0.0.1:40123 (no trailing slash). */
  readonly url: string;
  /** The folder served (a production build of the current sources). */
  readonly root: string;
  readonly upstream: MockUpstream;
  /** What the upstream was seeded with (undefined with a custom `seed`). */
  readonly seeded?: SeededCatalogUpstream;
  readonly gateway: Gateway;
  readonly config: GatewayConfig;
  readonly cacheDir: string;
  /** The gateway's log lines. */
  readonly logs: string[];
  close(): Promise<void>;
}

/** The last weekday before `now` (UTC), as an ISO date. */
export function lastWeekdayBefore(now = new Date()): string {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - 1));
  while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setUTCDate(day.getUTCDate() - 1);
  return day.toISOString().slice(0, 10);
}

export async function startAddinServer(options: AddinServerOptions = {}): Promise<AddinServer> {
  const root = await buildAddin();
  const upstream = await startMockUpstream();
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'liq-e2e-'));
  const cacheDir = path.join(workDir, 'cache');
  try {
    let seeded: SeededCatalogUpstream | undefined;
    if (options.seed) options.seed(upstream);
    else seeded = seedCatalogUpstream(upstream, { through: options.through ?? lastWeekdayBefore() });

    const env: Record<string, string> = {
      LIQUIDITY_LENS_CACHE: cacheDir,
      UPSTREAM_TIMEOUT_MS: '5000',
      ...Object.fromEntries(PROVIDERS.map((provider) => [`${providerVariablePrefix(provider.name)}_BASE_URL`, upstream.url])),
      ...(options.fredApiKey ? { FRED_API_KEY: options.fredApiKey } : {}),
      ...options.env,
    };
    for (const [key, value] of Object.entries(env)) if (value === '') delete env[key];
    // The working directory is the temporary folder: the repository's .env is never read.
    const config = loadGatewayConfig(env, workDir);
    const logs: string[] = [];
    const gateway = createGateway({
      config,
      providers: PROVIDERS,
      providersFor,
      get: createHttpGet({ timeoutMs: config.upstreamTimeoutMs, maxBytes: config.upstreamMaxBytes, now: SYSTEM_CLOCK.now }),
      clock: SYSTEM_CLOCK,
      log: (line) => {
        logs.push(line);
        options.log?.(line);
      },
    });
    const running = await startServer({ http: true, port: 0, host: '127.0.0.1', root, routes: gateway.routes, log: (line) => logs.push(line) });
    return {
      url: running.origin,
      root,
      upstream,
      ...(seeded ? { seeded } : {}),
      gateway,
      config,
      cacheDir,
      logs,
      close: async () => {
        gateway.close();
        await running.close();
        await upstream.close();
        rmSync(workDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await upstream.close();
    rmSync(workDir, { recursive: true, force: true });
    throw error;
  }
}
