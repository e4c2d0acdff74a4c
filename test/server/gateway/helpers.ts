/**
 * Shared set-up for the gateway tests: a fake clock whose sleep advances time instantly (and
 * records each wait), a weekly WALCL-like data set, a gateway wired to the mock upstream through
 * the real providers and HTTP client, and a raw HTTP client that sends request targets unchanged.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { formatIsoDate, parseIsoDate } from '../../../src/core/dates/isoDate';
import type { HeldSeries } from '../../../src/data/heldSeries';
import { createHttpGet } from '../../../src/data/providers/http';
import { PROVIDERS, providersFor } from '../../../src/data/providers/registry';
import type { HttpGet } from '../../../src/data/providers/types';
import { startServer, type RunningServer } from '../../../src/server/main';
import { loadGatewayConfig, providerVariablePrefix, type GatewayConfig } from '../../../src/server/gateway/config';
import { createGateway, type Gateway } from '../../../src/server/gateway/gateway';
import type { Clock } from '../../../src/data/clock';

export const DAY_MS = 86_400_000;

export interface FakeClock extends Clock {
  readonly sleeps: number[];
  advance(ms: number): void;
  set(ms: number): void;
}

/** Time stands still unless advanced; sleep(ms) returns at once and moves time on by ms. */
export function fakeClock(startMs: number): FakeClock {
  let now = startMs;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += Math.max(0, ms);
    },
    advance: (ms) => {
      now += ms;
    },
    set: (ms) => {
      now = ms;
    },
  };
}

/** Milliseconds at `hour`:00 UTC on an ISO date. */
export function at(isoDate: string, hour = 18): number {
  return parseIsoDate(isoDate) * DAY_MS + hour * 3_600_000;
}

/**
 * Weekly Wednesday levels in USD millions, like WALCL: `weeks` values from `firstWednesday`.
 * @example
 * weeklyPairs('2025-01-01', 2) //=> [['2025-01-01', 6850000], ['2025-01-08', 6847000]]
 */
export function weeklyPairs(firstWednesday: string, weeks: number, start = 6_850_000, step = -3_000): Array<[string, number]> {
  const first = parseIsoDate(firstWednesday);
  return Array.from({ length: weeks }, (_, i) => [formatIsoDate(first + 7 * i), start + step * i] as [string, number]);
}

const tempDirs: string[] = [];

/** A new folder under the system's temporary directory, removed after the test file. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

// Registered in every test file that imports these helpers.
afterAll(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function readIfExists(file: string): Buffer | undefined {
  return existsSync(file) ? readFileSync(file) : undefined;
}

export interface TestGateway {
  readonly gateway: Gateway;
  readonly config: GatewayConfig;
  readonly clock: FakeClock;
  readonly logs: string[];
  /** Every URL the HTTP client was asked for (one per attempt, even when nothing answers). */
  readonly gets: string[];
  readonly cacheDir: string;
}

export interface TestGatewayOptions {
  readonly env?: Record<string, string>;
  readonly clock?: FakeClock;
  readonly cacheDir?: string;
  /** Default: no snapshot, so tests control everything held. */
  readonly snapshot?: () => readonly HeldSeries[];
  /** Base URL for every provider (default: the mock's). */
  readonly upstreamUrl: string;
}

/** A gateway on the real providers and HTTP client, every base URL pointed at `upstreamUrl`. */
export function buildTestGateway(options: TestGatewayOptions): TestGateway {
  const cacheDir = options.cacheDir ?? tempDir('liq-gateway-cache-');
  const env: Record<string, string> = {
    FRED_API_KEY: 'test-key',
    LIQUIDITY_LENS_CACHE: cacheDir,
    UPSTREAM_TIMEOUT_MS: '2000',
    ...Object.fromEntries(PROVIDERS.map((provider) => [`${providerVariablePrefix(provider.name)}_BASE_URL`, options.upstreamUrl])),
    ...options.env,
  };
  for (const [key, value] of Object.entries(env)) if (value === '') delete env[key];
  const config = loadGatewayConfig(env, cacheDir);
  const clock = options.clock ?? fakeClock(at('2026-02-19'));
  const logs: string[] = [];
  const gets: string[] = [];
  const realGet = createHttpGet({ timeoutMs: config.upstreamTimeoutMs, maxBytes: config.upstreamMaxBytes });
  const get: HttpGet = (url, init) => {
    gets.push(url);
    return realGet(url, init);
  };
  const gateway = createGateway({
    config,
    providers: PROVIDERS,
    providersFor,
    get,
    clock,
    log: (line) => logs.push(line),
    snapshot: options.snapshot ?? (() => []),
  });
  return { gateway, config, clock, logs, gets, cacheDir };
}

export async function serveGateway(gateway: Gateway, root = tempDir('liq-gateway-root-')): Promise<RunningServer> {
  return startServer({ http: true, port: 0, host: '127.0.0.1', root, routes: gateway.routes, log: () => undefined });
}

export interface Reply {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** Sends the request target exactly as given (nothing normalises `..` or percent-encoding). */
export function request(port: number, target: string, options: { method?: string; headers?: Record<string, string>; localAddress?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      // localAddress (127.0.0.2, …: all of 127/8 is loopback on Linux) makes one test look like many clients.
      { host: '127.0.0.1', port, path: target, method: options.method ?? 'GET', headers: options.headers, agent: false, localAddress: options.localAddress },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}
