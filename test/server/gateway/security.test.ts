/**
 * No open proxy, no way out of the catalogue: every malformed or hostile request is refused before
 * any upstream request; oversize and slow upstream bodies are contained; one client cannot flood
 * the gateway; and an API key never appears in an answer, a header, a log line, an error or a file.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';
import { catalogResponseSchema, errorResponseSchema, seriesResponseSchema } from '../../../src/data/gatewayProtocol';
import { createHttpGet } from '../../../src/data/providers/http';
import { PROVIDERS } from '../../../src/data/providers/registry';
import type { HttpGet, Provider } from '../../../src/data/providers/types';
import { loadGatewayConfig } from '../../../src/server/gateway/config';
import { createGateway } from '../../../src/server/gateway/gateway';
import { createRedactor } from '../../../src/server/gateway/redact';
import { createGatewayRoutes } from '../../../src/server/gateway/routes';
import { startServer, type RunningServer } from '../../../src/server/main';
import { closedPortUrl, FRED_OBSERVATIONS_PATH, fredErrorBody, startMockUpstream, type MockUpstream } from '../../../harness/upstreams/mockUpstream';
import { at, buildTestGateway, DAY_MS, fakeClock, request, serveGateway, tempDir, weeklyPairs, type Reply, type TestGateway } from './helpers';

const HISTORY = weeklyPairs('2025-01-01', 20); // … 2025-05-14, a small body

let mock: MockUpstream;

beforeAll(async () => {
  mock = await startMockUpstream();
});

afterAll(async () => {
  await mock.close();
});

beforeEach(() => {
  mock.clearFaults();
  mock.setFredSeries('WALCL', HISTORY);
});

describe('requests refused before any upstream request', () => {
  let test: TestGateway;
  let server: RunningServer;

  beforeAll(async () => {
    test = buildTestGateway({ upstreamUrl: mock.url });
    const root = tempDir('liq-gateway-root-');
    writeFileSync(path.join(root, 'taskpane.html'), '<!doctype html><title>pane</title>');
    server = await serveGateway(test.gateway, root);
  });

  afterAll(async () => {
    await server.close();
  });

  it.each([
    ['/api/series/NOPE', 404],
    ['/api/series/walcl', 404],
    ['/api/series/WALCL.', 404],
    ['/api/series/WALCL/extra', 404],
    ['/api/series/../x', 400],
    ['/api/series/../../package.json', 400],
    ['/api/series/./WALCL', 400],
    ['/api/series/%2e%2e', 400],
    ['/api/series/%2E%2E/%2E%2E/etc/passwd', 400],
    ['/api/series/..%2f..%2fpackage.json', 400],
    ['/api/series/WALCL%2f..%2f..', 400],
    ['/api/series/%57ALCL', 400],
    ['/api/series/WALCL%00', 400],
    ['/api/series/..\\..\\x', 400],
    ['/api/series/WALCL\\', 400],
    ['/api//series/WALCL', 400],
    ['/api/series/', 400],
    ['/api/nothing', 404],
    ['/api', 404],
    ['/api/series/WALCL?since=http://evil.example/', 400],
    ['/api/series/WALCL?since=%2F%2Fevil.example', 400],
    ['/api/series/WALCL?url=http://evil.example/x', 400],
    ['/api/series/WALCL?since=2025-01-01&host=evil.example', 400],
    ['/api/series/WALCL?baseUrl=http://127.0.0.1:1/', 400],
    ['/api/series/WALCL?since=2025-02-30', 400],
    ['/api/series/WALCL?since=20250101', 400],
    ['/api/series/WALCL?since=2025-01-01&since=2025-02-01', 400],
    ['/api/series/WALCL?since=%E0%A4%A', 400],
    ['/api/catalog?refresh=1', 400],
  ])('GET %s → %i', async (target, status) => {
    const before = mock.requests.length;
    const reply = await request(server.port, target);
    expect(reply.status).toBe(status);
    expect(reply.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(reply.headers['cache-control']).toBe('no-store');
    const body = errorResponseSchema.parse(JSON.parse(reply.body));
    expect(body.error.code).toBe(status === 404 ? 'not-found' : 'bad-request');
    expect(mock.requests.length).toBe(before);
    expect(test.gets).toHaveLength(0);
  });

  it('names the known ids when the id is not one', async () => {
    const reply = await request(server.port, '/api/series/NOPE');
    expect(JSON.parse(reply.body).error.message).toMatch(/^unknown series "NOPE"; known ids: WALCL, TGA, .*BANK\.RESERVES/);
  });

  it.each(['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'])('%s → 405 with Allow', async (method) => {
    const reply = await request(server.port, '/api/series/WALCL', { method });
    expect(reply.status).toBe(405);
    expect(reply.headers.allow).toBe('GET, HEAD');
    expect(test.gets).toHaveLength(0);
  });

  it('an absolute URL as the request target is not proxied', async () => {
    const reply = await request(server.port, `${mock.url}/fred/series/observations?series_id=WALCL`);
    expect(reply.status).toBe(400);
    expect(mock.requests).toHaveLength(0);
  });

  it('the static files still answer beside the API', async () => {
    const reply = await request(server.port, '/taskpane.html');
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('<title>pane</title>');
    expect((await request(server.port, '/api/../taskpane.html')).status).toBe(400);
  });
});

describe('upstream bodies that are too large or too slow are contained', () => {
  async function heldThenFault(env: Record<string, string>, fault: Parameters<MockUpstream['fault']>[1]) {
    const test = buildTestGateway({ upstreamUrl: mock.url, env });
    await test.gateway.service.getSeries('WALCL');
    test.clock.advance(8 * DAY_MS);
    mock.fault(FRED_OBSERVATIONS_PATH, fault);
    const server = await serveGateway(test.gateway);
    const started = Date.now();
    try {
      const reply = await request(server.port, '/api/series/WALCL');
      return { test, reply, elapsedMs: Date.now() - started, answer: seriesResponseSchema.parse(JSON.parse(reply.body)) };
    } finally {
      await server.close();
    }
  }

  it.each([
    ['with a Content-Length', false],
    ['chunked, with no length', true],
  ])('an oversize body (%s) is cut off at UPSTREAM_MAX_BYTES and not retried', async (_name, chunked) => {
    const { test, reply, answer } = await heldThenFault({ UPSTREAM_MAX_BYTES: '4000' }, { padBytes: 200_000, chunked });
    expect(reply.status).toBe(200);
    expect(answer).toMatchObject({ stale: true, asOf: '2025-05-14' });
    expect(answer.staleReason).toMatch(/the answer from 127\.0\.0\.1:\d+\/fred\/series\/observations is larger than 4000 bytes/);
    expect(answer.observations).toEqual(HISTORY);
    // The first load, then one refused attempt (then FRED's keyless CSV, which this mock does not serve WALCL from).
    expect(test.gets.filter((url) => url.includes(FRED_OBSERVATIONS_PATH))).toHaveLength(2);
  });

  it('a slow upstream is timed out after UPSTREAM_TIMEOUT_MS on every attempt, and the client still gets held data', async () => {
    const { test, reply, answer, elapsedMs } = await heldThenFault({ UPSTREAM_TIMEOUT_MS: '200' }, { latencyMs: 10_000 });
    expect(reply.status).toBe(200);
    expect(reply.headers['x-data-stale-reason']).toMatch(/no complete answer from 127\.0\.0\.1:\d+\/fred\/series\/observations within 200 ms \(after 4 attempts\)/);
    expect(answer.observations).toEqual(HISTORY);
    expect(test.gets.filter((url) => url.includes(FRED_OBSERVATIONS_PATH))).toHaveLength(5);
    expect(elapsedMs).toBeLessThan(5_000);
  });
});

describe('a flood of requests from one client', () => {
  it('is answered 429 with Retry-After once the per-client budget is spent, and refills with time', async () => {
    const test = buildTestGateway({ upstreamUrl: mock.url, env: { CLIENT_RATE_LIMIT: '5' } });
    const server = await serveGateway(test.gateway);
    try {
      const replies: Reply[] = [];
      for (let i = 0; i < 8; i++) replies.push(await request(server.port, '/api/series/WALCL'));
      expect(replies.map((reply) => reply.status)).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
      const refused = replies[5]!;
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(errorResponseSchema.parse(JSON.parse(refused.body)).error.code).toBe('rate-limited');
      expect(test.gets).toHaveLength(1);

      test.clock.advance(12_000); // 5 a minute: one request back every 12 s
      expect((await request(server.port, '/api/series/WALCL')).status).toBe(200);
      expect((await request(server.port, '/api/series/WALCL')).status).toBe(429);
      // Refused requests of any kind spend nothing upstream; the catalogue is limited too.
      expect((await request(server.port, '/api/catalog')).status).toBe(429);
    } finally {
      await server.close();
    }
  });
});

describe('the FRED API key never leaks', () => {
  const SECRET = 'test-secret-key';

  it('appears in no response body or header, log line, error message or cache file', async () => {
    const cacheDir = tempDir('liq-gateway-secret-');
    const logs: string[] = [];
    const seen: string[] = [];
    const down = await closedPortUrl();
    // FRED's keyless CSV is the API's fallback: on the mock too, never the real site.
    const env = { FRED_API_KEY: SECRET, FRED_BASE_URL: mock.url, FREDGRAPH_BASE_URL: mock.url, NYFED_BASE_URL: down, LIQUIDITY_LENS_CACHE: cacheDir, UPSTREAM_TIMEOUT_MS: '500' };
    const config = loadGatewayConfig(env, cacheDir);
    seen.push(JSON.stringify(config), inspect(config, { depth: 5 }), String(config.apiKeys.FRED_API_KEY));

    // A provider that misbehaves and puts the key in its error (a bug must not leak it either).
    const leaky: Provider = {
      name: 'fred',
      keyVariable: 'FRED_API_KEY',
      defaultBaseUrl: mock.url,
      requestsPerSecond: 5,
      supports: (entry) => entry.id === 'TGA',
      fetch: async (_entry, _since, context) => {
        throw new Error(`crashed while calling ${context.baseUrl}/x?api_key=${context.apiKey} with key ${context.apiKey}`);
      },
    };
    const clock = fakeClock(at('2026-02-19'));
    const get: HttpGet = createHttpGet({ timeoutMs: config.upstreamTimeoutMs, maxBytes: config.upstreamMaxBytes });
    const gateway = createGateway({ config, providers: [leaky, ...PROVIDERS], get, clock, log: (line) => logs.push(line), snapshot: () => [] });
    const server = await serveGateway(gateway);
    const replies: Reply[] = [];
    const ask = async (target: string) => {
      replies.push(await request(server.port, target));
    };
    try {
      seen.push(...gateway.summary);
      await ask('/api/catalog');
      await ask('/api/series/WALCL'); // a successful fetch, logged with its URL
      clock.advance(8 * DAY_MS);
      // FRED's answer quotes the key back (as some upstreams do in errors).
      mock.fault(FRED_OBSERVATIONS_PATH, { status: 400, body: fredErrorBody(400, `Bad Request.  The value for variable api_key is not registered: ${SECRET}`), times: 1 });
      await ask('/api/series/WALCL');
      clock.advance(DAY_MS);
      mock.fault(FRED_OBSERVATIONS_PATH, { status: 500, body: `<html>upstream error for /fred/series/observations?api_key=${SECRET}</html>` });
      await ask('/api/series/WALCL');
      clock.advance(DAY_MS);
      mock.fault(FRED_OBSERVATIONS_PATH, { truncate: true, body: `{"error_message":"${SECRET}","observations":[{"date":"2026-01-01","value":"${SECRET}"}]}` });
      await ask('/api/series/WALCL');
      await ask('/api/series/TGA'); // the leaky provider
      await ask('/api/series/RRP'); // FRED first, NY Fed down
      await ask('/api/series/NOPE?since=x');
      await ask(`/api/series/WALCL?api_key=${SECRET}`); // even when a client sends it
    } finally {
      await server.close();
      gateway.close();
    }

    // The key was really used upstream, so the checks below mean something.
    expect(mock.requestsTo(FRED_OBSERVATIONS_PATH).some((r) => r.query.api_key === SECRET)).toBe(true);
    expect(logs.length).toBeGreaterThan(5);
    expect(logs.some((line) => line.includes('TGA: FRED failed unexpectedly'))).toBe(true);

    const answers = replies.map((reply) => `${reply.status} ${JSON.stringify(reply.headers)}\n${reply.body}`);
    const files = readdirSync(cacheDir).map((file) => readFileSync(path.join(cacheDir, file), 'utf8'));
    expect(files.length).toBeGreaterThan(0);
    for (const text of [...seen, ...answers, ...logs, ...files]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(encodeURIComponent(SECRET));
    }
    const reasons = replies.map((reply) => JSON.parse(reply.body) as { staleReason?: string }).filter((body) => body.staleReason);
    expect(reasons.length).toBeGreaterThanOrEqual(3);
    catalogResponseSchema.parse(JSON.parse(replies[0]!.body));
  });
});

describe('unexpected errors', () => {
  it('answer a generic 500 in JSON; the details go only to the log, redacted', async () => {
    const logs: string[] = [];
    const routes = createGatewayRoutes({
      service: {
        getSeries: async () => {
          throw new Error('cache exploded while using test-secret-key');
        },
        catalog: () => {
          throw new TypeError('catalogue broken');
        },
        checkKey: async () => ({ ok: false, message: 'unused' }),
        providerStatus: () => [],
      },
      clientRateLimit: 100,
      now: () => 0,
      log: (line) => logs.push(line),
      redact: createRedactor(['test-secret-key']),
    });
    const server = await startServer({ http: true, port: 0, host: '127.0.0.1', root: tempDir('liq-gateway-root-'), routes, log: () => undefined });
    try {
      for (const target of ['/api/series/WALCL', '/api/catalog']) {
        const reply = await request(server.port, target);
        expect(reply.status).toBe(500);
        expect(JSON.parse(reply.body)).toEqual({ error: { code: 'internal', message: 'internal error in the gateway; the details are in its log' } });
      }
    } finally {
      await server.close();
    }
    expect(logs).toHaveLength(2);
    expect(logs[0]).toMatch(/^GET \/api\/series\/WALCL: Error: cache exploded while using \[redacted\]/);
    expect(logs[1]).toMatch(/^GET \/api\/catalog: TypeError: catalogue broken/);
    expect(logs.join('\n')).not.toContain('test-secret-key');
  });
});
