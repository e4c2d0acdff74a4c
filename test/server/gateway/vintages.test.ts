/**
 * GET /api/vintages/{id}/{vintage} through the real HTTP path — gateway on 127.0.0.1, ALFRED
 * providers, HTTP client, mock upstream serving the recorded GDP answers
 * (../shared/fixtures/fred_alfred/) — and the add-in's LiveStore reading it: keyed by (series,
 * real-time date), fetched once, kept on disk, never answered with the latest data.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { parseIsoDate } from '../../../src/core/dates/isoDate';
import { createGatewayClient } from '../../../src/data/gatewayClient';
import { seriesResponseSchema } from '../../../src/data/gatewayProtocol';
import { LiveStore } from '../../../src/data/liveStore';
import { MemoryPersistence } from '../../../src/data/persistence';
import type { RunningServer } from '../../../src/server/main';
import { ALFREDGRAPH_PATH } from '../../../harness/upstreams/alfredUpstream';
import { FRED_OBSERVATIONS_PATH, startMockUpstream, type MockUpstream } from '../../../harness/upstreams/mockUpstream';
import { buildTestGateway, request, serveGateway, type TestGateway } from './helpers';

let upstream: MockUpstream;
const running: Array<{ gateway: TestGateway; server: RunningServer }> = [];
beforeAll(async () => {
  upstream = await startMockUpstream();
});
afterEach(async () => {
  for (const { gateway, server } of running.splice(0)) {
    gateway.gateway.close();
    await server.close();
  }
  upstream.requests.length = 0;
});
afterAll(() => upstream.close());

async function serve(env: Record<string, string> = {}, cacheDir?: string) {
  const gateway = buildTestGateway({ upstreamUrl: upstream.url, env, ...(cacheDir ? { cacheDir } : {}) });
  const server = await serveGateway(gateway.gateway);
  running.push({ gateway, server });
  return { gateway, server, port: Number(new URL(server.origin).port) };
}

const valueOn = (observations: ReadonlyArray<[string, number]>, date: string) => observations.find(([d]) => d === date)?.[1];

describe('GET /api/vintages/{id}/{vintage}', () => {
  it('answers GDP as first published and as known on a date, each marked with its vintage', async () => {
    const { port } = await serve();
    const first = seriesResponseSchema.parse(JSON.parse((await request(port, '/api/vintages/GDP/first')).body));
    // series_observations_GDP_initial_release_output_type4_recorded-2025-01-20.json, 2018-07-01
    expect(first).toMatchObject({ id: 'GDP', vintage: 'first', units: 'USD_BILLIONS', source: 'ALFRED GDP, as first published' });
    expect(valueOn(first.observations, '2018-07-01')).toBe(20659.029);
    const reply = await request(port, '/api/vintages/GDP/2019-01-01');
    expect(reply.headers['cache-control']).toBe('public, max-age=86400');
    const knownOn = seriesResponseSchema.parse(JSON.parse(reply.body));
    // series_observations_GDP_realtime_end_2019-01-01_recorded-2025-01-20.json, 2018-07-01
    expect(knownOn).toMatchObject({ vintage: '2019-01-01', asOf: '2018-07-01' });
    expect(valueOn(knownOn.observations, '2018-07-01')).toBe(20658.204);
  });

  it('asks the upstream once per (series, real-time date), then answers from memory and, after a restart, from disk', async () => {
    const { gateway, port } = await serve();
    await Promise.all([request(port, '/api/vintages/GDP/2019-01-01'), request(port, '/api/vintages/GDP/2019-01-01')]);
    await request(port, '/api/vintages/GDP/2019-01-01');
    expect(upstream.requestsTo(FRED_OBSERVATIONS_PATH)).toHaveLength(1);
    expect(readdirSync(path.join(gateway.cacheDir, 'vintages'))).toEqual(['GDP@2019-01-01.json']);
    const restarted = await serve({}, gateway.cacheDir);
    const again = JSON.parse((await request(restarted.port, '/api/vintages/GDP/2019-01-01')).body) as { origin: string; observations: Array<[string, number]> };
    expect(again.origin).toBe('cache');
    expect(valueOn(again.observations, '2018-07-01')).toBe(20658.204);
    expect(upstream.requestsTo(FRED_OBSERVATIONS_PATH)).toHaveLength(1);
  });

  it('with no key: a date from the keyless alfredgraph.csv; "first" is 404 saying it needs the key', async () => {
    const { port } = await serve({ FRED_API_KEY: '' });
    const knownOn = JSON.parse((await request(port, '/api/vintages/GDP/2019-01-01')).body) as { source: string; observations: Array<[string, number]> };
    expect(knownOn.source).toMatch(/keyless alfredgraph\.csv/);
    expect(valueOn(knownOn.observations, '2018-07-01')).toBe(20658.204);
    expect(upstream.requestsTo(ALFREDGRAPH_PATH)).toHaveLength(1);
    const first = await request(port, '/api/vintages/GDP/first');
    expect(first.status).toBe(404);
    expect(JSON.parse(first.body)).toEqual({
      error: { code: 'vintage-unavailable', message: expect.stringMatching(/^GDP as first published could not be fetched: .*FRED_API_KEY/) },
    });
  });

  it('refuses a date that has not come, a malformed vintage and an unknown id before asking any upstream', async () => {
    const { port } = await serve();
    // The test clock is at 2026-02-19.
    const future = await request(port, '/api/vintages/GDP/2026-03-01');
    expect([future.status, JSON.parse(future.body).error.message]).toEqual([404, expect.stringMatching(/2026-03-01: that date has not come yet/)]);
    expect((await request(port, '/api/vintages/GDP/2019-1-1')).status).toBe(400);
    expect((await request(port, '/api/vintages/GDP/latest')).status).toBe(400);
    expect((await request(port, '/api/vintages/gdp/first')).status).toBe(404);
    expect((await request(port, '/api/vintages/GDP')).status).toBe(404);
    expect(upstream.requests).toHaveLength(0);
  });

  it("feeds the add-in's store: a vintage held under its own key beside the latest data, never persisted", async () => {
    const { server } = await serve();
    const persistence = new MemoryPersistence();
    const store = new LiveStore({ gateway: createGatewayClient({ baseUrl: server.origin }), persistence, clock: { now: () => Date.now(), sleep: async () => undefined } });
    const first = await store.load('GDP@first');
    expect(first).toMatchObject({ vintage: 'first', source: 'ALFRED GDP, as first published' });
    expect(first?.series.id).toBe('GDP');
    expect(first?.series.values[Array.from(first.series.days).indexOf(parseIsoDate('2018-07-01'))]).toBe(20659.029);
    expect(store.peek('GDP')).toBeUndefined();
    expect(store.status('GDP@first')).toMatchObject({ state: 'fresh', vintage: 'first' });
    expect(persistence.entries.size).toBe(0);
    // A vintage that cannot be had is a failure with its reason, and nothing held under its key.
    expect(await store.load('GDP@2026-03-01')).toBeUndefined();
    expect(store.status('GDP@2026-03-01')).toMatchObject({ state: 'error', message: expect.stringMatching(/has not come yet/) });
  });
});
