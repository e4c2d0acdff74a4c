/**
 * A user's own key (kept by the pane on their machine) travels in X-Api-Key-<PROVIDER> to the
 * gateway, which uses it only when it has no key of its own and never logs, stores or echoes it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { seriesResponseSchema } from '../../../src/data/gatewayProtocol';
import { FRED_OBSERVATIONS_PATH, startMockUpstream, type MockUpstream } from '../../../harness/upstreams/mockUpstream';
import { at, buildTestGateway, fakeClock, request, serveGateway, weeklyPairs } from './helpers';

const USER_KEY = 'user-own-key-7f3a9c';
let mock: MockUpstream;

beforeAll(async () => {
  mock = await startMockUpstream();
  mock.setFredSeries('WALCL', weeklyPairs('2026-01-07', 6));
});
afterAll(() => mock.close());

describe('user keys', () => {
  it('fetch with the key from the request header when the gateway has none, and leak it nowhere', async () => {
    const test = buildTestGateway({ upstreamUrl: mock.url, env: { FRED_API_KEY: '' }, clock: fakeClock(at('2026-02-19')) });
    const server = await serveGateway(test.gateway);
    try {
      const without = await request(server.port, '/api/series/WALCL');
      // Without a key the keyless CSV is asked (this mock serves WALCL to the keyed API only).
      expect(seriesResponseSchema.parse(JSON.parse(without.body))).toMatchObject({
        stale: true,
        staleReason: expect.stringMatching(/^FRED keyless CSV WALCL: FRED knows no such series/),
      });
      const withKey = await request(server.port, '/api/series/WALCL', { headers: { 'X-Api-Key-FRED': USER_KEY } });
      const answer = seriesResponseSchema.parse(JSON.parse(withKey.body));
      expect(answer).toMatchObject({ stale: false, origin: 'upstream', asOf: '2026-02-11' });
      const fredCalls = mock.requestsTo(FRED_OBSERVATIONS_PATH);
      expect(fredCalls.at(-1)?.query.api_key).toBe(USER_KEY);
      const everything = [
        without.body,
        withKey.body,
        JSON.stringify(withKey.headers),
        ...test.logs,
        ...readdirSync(test.cacheDir).map((f) => readFileSync(path.join(test.cacheDir, f), 'utf8')),
      ].join('\n');
      expect(everything).not.toContain(USER_KEY);
    } finally {
      await server.close();
    }
  });

  it('mark an answer a user key may have produced private, and every answer a key header could change with Vary', async () => {
    const keyless = buildTestGateway({ upstreamUrl: mock.url, env: { FRED_API_KEY: '' }, clock: fakeClock(at('2026-02-19')) });
    const server = await serveGateway(keyless.gateway);
    try {
      const withKey = await request(server.port, '/api/series/WALCL', { headers: { 'X-Api-Key-FRED': USER_KEY } });
      expect(withKey.headers['cache-control']).toMatch(/^private, max-age=\d+$/);
      expect(withKey.headers.vary).toBe('X-Api-Key-FRED');
      // Without a key: shareable, but a shared cache must not answer a keyed request with it (nor the reverse).
      const without = await request(server.port, '/api/series/WALCL');
      expect(without.headers['cache-control']).toMatch(/^public, max-age=\d+$/);
      expect(without.headers.vary).toBe('X-Api-Key-FRED');
      // A series no key can change (the New York Fed's SRF needs none) varies on nothing.
      expect((await request(server.port, '/api/series/SRF')).headers.vary).toBeUndefined();
    } finally {
      await server.close();
    }
    // With a key of its own the gateway ignores the header: nothing varies, everything is public.
    const keyed = buildTestGateway({ upstreamUrl: mock.url, clock: fakeClock(at('2026-02-19')) });
    const keyedServer = await serveGateway(keyed.gateway);
    try {
      const reply = await request(keyedServer.port, '/api/series/WALCL', { headers: { 'X-Api-Key-FRED': USER_KEY } });
      expect([reply.headers['cache-control'], reply.headers.vary]).toEqual([expect.stringMatching(/^public, /), undefined]);
    } finally {
      await keyedServer.close();
    }
  });

  it('test a key with one cheap request and say whether FRED accepted it', async () => {
    const test = buildTestGateway({ upstreamUrl: mock.url, env: { FRED_API_KEY: '' } });
    const server = await serveGateway(test.gateway);
    try {
      const before = mock.requestsTo(FRED_OBSERVATIONS_PATH).length;
      const ok = await request(server.port, '/api/keys/FRED/test', { headers: { 'X-Api-Key': USER_KEY } });
      expect(JSON.parse(ok.body)).toEqual({ ok: true, message: 'FRED accepted the key' });
      expect(ok.headers['cache-control']).toBe('no-store');
      const calls = mock.requestsTo(FRED_OBSERVATIONS_PATH).slice(before);
      expect(calls).toHaveLength(1);
      expect(calls[0]?.query).toMatchObject({ series_id: 'WALCL', limit: '1', sort_order: 'desc' });

      mock.fault(FRED_OBSERVATIONS_PATH, { status: 400, body: '{"error_code":400,"error_message":"Bad Request.  The value for variable api_key is not registered."}', times: 1 });
      const rejected = JSON.parse((await request(server.port, '/api/keys/FRED/test', { headers: { 'X-Api-Key': 'wrong-key-123' } })).body);
      expect(rejected).toEqual({ ok: false, message: expect.stringMatching(/not registered/) });
      expect(JSON.stringify(rejected)).not.toContain('wrong-key-123');

      const missing = JSON.parse((await request(server.port, '/api/keys/FRED/test')).body);
      expect(missing).toEqual({ ok: false, message: 'send the key to test in the X-Api-Key header' });
      expect((await request(server.port, '/api/keys/FRED/test?url=http://evil')).status).toBe(400);
    } finally {
      await server.close();
    }
  });
});
