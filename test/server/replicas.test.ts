/**
 * Several gateway replicas on one Redis behave as one (issue 13 §3), each a real server on
 * 127.0.0.1 with its own disk cache and Redis connection, against a FRED mock that records when
 * each request arrives:
 *
 * - 300 concurrent clients spread over 3 replicas asking for 10 stale series: exactly 10 upstream
 *   requests, and never more than FRED's 2 a second in any one-second window across all three;
 * - Redis killed mid-run: every replica keeps answering from its memory and disk and says so in
 *   /healthz; a new Redis on the same address is rejoined, and nothing cached is lost.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CATALOG } from '../../src/catalog/catalog';
import type { CatalogEntry } from '../../src/catalog/types';
import { formatIsoDate } from '../../src/core/dates/isoDate';
import { createSeries } from '../../src/core/series/series';
import { PROVIDERS } from '../../src/data/providers/registry';
import { createHttpGet } from '../../src/data/providers/http';
import { loadGatewayConfig } from '../../src/server/gateway/config';
import { SYSTEM_CLOCK } from '../../src/data/clock';
import { createGateway, type Gateway } from '../../src/server/gateway/gateway';
import { createSeriesCache } from '../../src/server/gateway/seriesCache';
import { createReplicaParts, type ReplicaParts } from '../../src/server/gateway/shared/replica';
import { createSharedSeriesCache, seriesKey } from '../../src/server/gateway/shared/sharedCache';
import { connectSharedStore } from '../../src/server/gateway/shared/sharedStore';
import { startServer, type RunningServer } from '../../src/server/main';
import { createMetrics } from '../../src/server/operations/metrics';
import { createOperationsRoutes } from '../../src/server/operations/operationsRoutes';
import { fredObservationsBody } from '../../harness/upstreams/mockUpstream';
import { startTestRedis, type TestRedis } from '../../harness/redisServer';
import { request, tempDir } from './gateway/helpers';

jest.setTimeout(30_000);

const FRED = PROVIDERS.find((provider) => provider.name === 'fred')!;
/** Ten series FRED's keyed API serves, one request each (the keyless batch download is left out). */
const SERIES: CatalogEntry[] = CATALOG.filter((entry) => FRED.supports(entry)).slice(0, 10);

interface TimedFred {
  readonly url: string;
  /** Arrival time (ms) and series of each request. */
  readonly arrivals: Array<{ atMs: number; seriesId: string }>;
  close(): Promise<void>;
}

/** FRED's observations endpoint for SERIES: two recent plausible values each, 30 ms of latency. */
async function startTimedFred(): Promise<TimedFred> {
  const arrivals: TimedFred['arrivals'] = [];
  const today = Math.floor(Date.now() / 86_400_000);
  const server = http.createServer((req, res) => {
    const query = new URL(req.url ?? '/', 'http://x').searchParams;
    const seriesId = query.get('series_id') ?? '';
    arrivals.push({ atMs: Date.now(), seriesId });
    const entry = SERIES.find((candidate) => candidate.upstreamId === seriesId);
    setTimeout(() => {
      if (!entry) {
        res.writeHead(400, { 'Content-Type': 'application/json' }).end('{"error_code":400,"error_message":"Bad Request."}');
        return;
      }
      const [min, max] = entry.plausible;
      const middle = (min + max) / 2;
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(
        fredObservationsBody([
          [formatIsoDate(today - 1), middle],
          [formatIsoDate(today), middle],
        ]),
      );
    }, 30);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    arrivals,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface Replica {
  readonly gateway: Gateway;
  readonly parts: ReplicaParts;
  readonly server: RunningServer;
  readonly logs: string[];
}

async function startReplica(redisUrl: string, fredUrl: string): Promise<Replica> {
  const cacheDir = tempDir('liq-replica-cache-');
  const config = loadGatewayConfig(
    { FRED_API_KEY: 'replica-test-key', FRED_BASE_URL: fredUrl, LIQUIDITY_LENS_CACHE: cacheDir, LIQUIDITY_LENS_REDIS_URL: redisUrl, ANSWER_DEADLINE_MS: '20000' },
    cacheDir,
  );
  const logs: string[] = [];
  const log = (line: string): void => {
    logs.push(line);
  };
  const parts = createReplicaParts(config, log)!;
  const metrics = createMetrics();
  const gateway = createGateway({
    config,
    providers: [FRED],
    providersFor: (entry) => (FRED.supports(entry) ? [FRED] : []),
    get: createHttpGet({ timeoutMs: 5_000, maxBytes: config.upstreamMaxBytes }),
    clock: SYSTEM_CLOCK,
    log,
    snapshot: () => [],
    cache: metrics.instrumentCache(parts.cache),
    coordination: metrics.instrumentCoordination(parts.coordination),
  });
  const operations = createOperationsRoutes({ metrics, snapshotSeries: 1, cacheDir, sharedStore: () => parts.store.status(), draining: () => false });
  const root = tempDir('liq-replica-root-');
  const server = await startServer({ http: true, port: 0, host: '127.0.0.1', root, routes: gateway.routes, operations, log: () => undefined });
  return { gateway, parts, server, logs };
}

/** Waits (at most 5 s) until every replica's /healthz reports `state`. */
async function untilShared(replicas: readonly Replica[], state: 'connected' | 'unreachable'): Promise<Array<Record<string, unknown>>> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const bodies = await Promise.all(replicas.map(async (replica) => JSON.parse((await request(replica.server.port, '/healthz')).body) as Record<string, unknown>));
    if (bodies.every((body) => body.sharedStore === state) || Date.now() > deadline) return bodies;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Most requests that arrived within any one second (a window starting at each arrival). */
function peakPerSecond(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  return Math.max(0, ...sorted.map((start, i) => sorted.slice(i).filter((t) => t < start + 1000).length));
}

let redis: TestRedis;
let fred: TimedFred;
let replicas: Replica[];

beforeAll(async () => {
  redis = await startTestRedis();
  fred = await startTimedFred();
  replicas = await Promise.all([0, 1, 2].map(() => startReplica(redis.url, fred.url)));
  await untilShared(replicas, 'connected');
});

afterAll(async () => {
  for (const replica of replicas ?? []) {
    await replica.server.close();
    replica.gateway.close();
    await replica.parts.close();
  }
  await fred?.close();
  await redis?.stop();
});

describe('three replicas on one Redis', () => {
  it('make exactly one upstream request per stale series for 300 concurrent clients, within FRED’s 2 a second together', async () => {
    const replies = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        request(replicas[i % 3]!.server.port, `/api/series/${SERIES[i % 10]!.id}`, { localAddress: `127.0.${3 + (i % 50)}.${1 + Math.floor(i / 50)}` }),
      ),
    );
    expect(replies.map((reply) => reply.status)).toEqual(replies.map(() => 200));
    for (const [i, reply] of replies.entries()) {
      const body = JSON.parse(reply.body) as { id: string; stale: boolean; observations: unknown[] };
      expect([body.id, body.stale, body.observations.length]).toEqual([SERIES[i % 10]!.id, false, 2]);
    }
    const arrivals = fred.arrivals.map((arrival) => arrival.seriesId).sort();
    expect(arrivals).toEqual(SERIES.map((entry) => entry.upstreamId).sort());
    const peak = peakPerSecond(fred.arrivals.map((arrival) => arrival.atMs));
    const spanMs = Math.max(...fred.arrivals.map((a) => a.atMs)) - Math.min(...fred.arrivals.map((a) => a.atMs));
    const gaps = fred.arrivals.slice(1).map((a, i) => a.atMs - fred.arrivals[i]!.atMs);
    console.log(`3 replicas, 300 clients, 10 stale series: ${fred.arrivals.length} upstream requests, peak ${peak} in any second, over ${spanMs} ms (gaps ${gaps.join(', ')} ms)`);
    expect(peak).toBeLessThanOrEqual(2);

    // Each replica counts only what it sent itself; together they are the 10.
    const sent = await Promise.all(
      replicas.map(async (replica) => {
        const text = (await request(replica.server.port, '/metrics')).body;
        return Number(/^liquidity_lens_upstream_requests_total\{provider="fred"\} (\d+)$/m.exec(text)?.[1] ?? 0);
      }),
    );
    expect(sent.reduce((a, b) => a + b, 0)).toBe(10);
  });

  it('keep answering from memory and disk while Redis is down, say so in /healthz, and rejoin when it returns', async () => {
    const before = fred.arrivals.length;
    await redis.stop();
    const down = await untilShared(replicas, 'unreachable');
    expect(down.map((body) => body.sharedStore)).toEqual(['unreachable', 'unreachable', 'unreachable']);
    expect(down[0]).toMatchObject({ status: 'ok', note: expect.stringMatching(/memory and disk/) });
    // Every series on every replica, while Redis is away: the data they hold, no upstream request.
    for (const replica of replicas) {
      for (const entry of SERIES) {
        const reply = await request(replica.server.port, `/api/series/${entry.id}`);
        expect(reply.status).toBe(200);
        expect(JSON.parse(reply.body)).toMatchObject({ id: entry.id, stale: false, observations: [expect.any(Array), expect.any(Array)] });
      }
    }
    expect(fred.arrivals.length).toBe(before);
    expect(replicas[0]!.logs.filter((line) => /unreachable/.test(line))).toHaveLength(1);

    await redis.start();
    const up = await untilShared(replicas, 'connected');
    expect(up.map((body) => body.sharedStore)).toEqual(['connected', 'connected', 'connected']);
    expect(replicas[0]!.logs.some((line) => /connected again; rejoined/.test(line))).toBe(true);
    // The new Redis is empty; what each replica holds is intact and still answers.
    const again = JSON.parse((await request(replicas[2]!.server.port, `/api/series/${SERIES[0]!.id}`)).body) as { stale: boolean; observations: unknown[] };
    expect([again.stale, again.observations.length]).toEqual([false, 2]);
    expect(fred.arrivals.length).toBe(before);
  });

  it('refuse a corrupt shared entry (read with the cache-file schema), falling back to the disk copy, said once', async () => {
    const logs: string[] = [];
    const store = connectSharedStore({ url: redis.url, log: () => undefined });
    try {
      const deadline = Date.now() + 5_000;
      while (store.status().state !== 'connected' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
      const disk = createSeriesCache({ dir: tempDir('liq-shared-disk-'), log: () => undefined });
      const cache = createSharedSeriesCache({ disk, store, log: (line) => logs.push(line) });
      const item = { series: createSeries('RRP', 'USD_BILLIONS', [20_500, 20_501], [120, 118]), source: 'FRED RRPONTSYD', retrievedAt: '2026-02-19T17:00:00.000Z' };
      await cache.write(item);
      expect(await store.run((client) => client.get(seriesKey('RRP')))).toContain('"observations":[["2026-02-16",120],["2026-02-17",118]]');
      await store.run((client) => client.set(seriesKey('RRP'), '{"format":1,"observations":[["2026-02-18",'));
      for (let i = 0; i < 2; i++) expect(Array.from((await cache.read('RRP'))!.series.values)).toEqual([120, 118]);
      expect(logs).toEqual(['shared cache: ignored the entry for RRP (not complete JSON); it will be replaced by the next refresh']);
    } finally {
      await store.close();
    }
  });
});
