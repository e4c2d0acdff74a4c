/**
 * HTTP caching of API answers: a weak ETag that changes with the content, If-None-Match → 304,
 * Cache-Control until newer data is due (60 s when stale), the X-Data-* headers, and HEAD.
 */
import { getSeries as catalogEntry } from '../../../src/catalog/lookup';
import { parseIsoDate } from '../../../src/core/dates/isoDate';
import { catalogResponseSchema, seriesResponseSchema } from '../../../src/data/gatewayProtocol';
import { cacheLifetimeSeconds } from '../../../src/data/staleness';
import type { RunningServer } from '../../../src/server/main';
import { FRED_OBSERVATIONS_PATH, startMockUpstream, type MockUpstream } from '../../../harness/upstreams/mockUpstream';
import { at, buildTestGateway, DAY_MS, request, serveGateway, weeklyPairs, type TestGateway } from './helpers';

const HISTORY = weeklyPairs('2025-01-01', 60); // … 2026-02-18

let mock: MockUpstream;
let test: TestGateway;
let server: RunningServer;

beforeAll(async () => {
  mock = await startMockUpstream();
  mock.setFredSeries('WALCL', HISTORY);
  test = buildTestGateway({ upstreamUrl: mock.url });
  server = await serveGateway(test.gateway);
});

afterAll(async () => {
  await server.close();
  await mock.close();
});

describe('GET /api/series/{id}', () => {
  it('sends an ETag, Cache-Control until the next release is due, and the X-Data headers', async () => {
    const reply = await request(server.port, '/api/series/WALCL');
    expect(reply.status).toBe(200);
    expect(reply.headers.etag).toMatch(/^W\/"[0-9a-f]{32}"$/);
    // Held to 2026-02-18, now 2026-02-19 18:00; the next level is due on 2026-02-26: capped at an hour.
    expect(cacheLifetimeSeconds(catalogEntry('WALCL'), parseIsoDate('2026-02-18'), at('2026-02-19'))).toBe(3600);
    expect(reply.headers['cache-control']).toBe('public, max-age=3600');
    expect(reply.headers['x-data-as-of']).toBe('2026-02-18');
    expect(reply.headers['x-data-retrieved-at']).toBe(new Date(at('2026-02-19')).toISOString());
    expect(reply.headers['x-data-stale-reason']).toBeUndefined();
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    expect(Number(reply.headers['content-length'])).toBe(Buffer.byteLength(reply.body));
    seriesResponseSchema.parse(JSON.parse(reply.body));
  });

  it('answers 304 with no body to a matching If-None-Match, 200 to another', async () => {
    const first = await request(server.port, '/api/series/WALCL');
    const etag = first.headers.etag!;
    const again = await request(server.port, '/api/series/WALCL', { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(etag);
    expect(again.headers['cache-control']).toBe('public, max-age=3600');
    const listed = await request(server.port, '/api/series/WALCL', { headers: { 'If-None-Match': `"other", ${etag.replace(/^W\//, '')}` } });
    expect(listed.status).toBe(304);
    const other = await request(server.port, '/api/series/WALCL', { headers: { 'If-None-Match': 'W/"0123"' } });
    expect(other.status).toBe(200);
  });

  it('gives a different ETag for a different since, and cuts the observations there', async () => {
    const whole = await request(server.port, '/api/series/WALCL');
    const cut = await request(server.port, '/api/series/WALCL?since=2026-02-01');
    expect(cut.headers.etag).not.toBe(whole.headers.etag);
    const answer = seriesResponseSchema.parse(JSON.parse(cut.body));
    expect(answer.since).toBe('2026-02-01');
    expect(answer.asOf).toBe('2026-02-18');
    expect(answer.observations.map(([date]) => date)).toEqual(['2026-02-04', '2026-02-11', '2026-02-18']);
    const none = seriesResponseSchema.parse(JSON.parse((await request(server.port, '/api/series/WALCL?since=2030-01-01')).body));
    expect(none.observations).toEqual([]);
    expect(none.asOf).toBe('2026-02-18');
  });

  it('HEAD sends the same headers and no body', async () => {
    const get = await request(server.port, '/api/series/WALCL');
    const head = await request(server.port, '/api/series/WALCL', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers.etag).toBe(get.headers.etag);
    expect(head.headers['content-length']).toBe(get.headers['content-length']);
  });

  it('when stale: max-age 60, X-Data-Stale-Reason, and a new ETag for the same observations', async () => {
    const fresh = await request(server.port, '/api/series/WALCL');
    test.clock.advance(8 * DAY_MS);
    mock.fault(FRED_OBSERVATIONS_PATH, { status: 503 });
    const stale = await request(server.port, '/api/series/WALCL', { headers: { 'If-None-Match': fresh.headers.etag! } });
    mock.fault(FRED_OBSERVATIONS_PATH, undefined);
    expect(stale.status).toBe(200);
    expect(stale.headers['cache-control']).toBe('public, max-age=60');
    // The keyed API's failure, then its keyless fallback's (this mock serves WALCL to the API only).
    expect(stale.headers['x-data-stale-reason']).toMatch(
      /^HTTP 503 from 127\.0\.0\.1:\d+\/fred\/series\/observations \(after 4 attempts\); FRED keyless CSV WALCL: FRED knows no such series/,
    );
    expect(stale.headers.etag).not.toBe(fresh.headers.etag);
    expect(JSON.parse(stale.body).observations).toEqual(JSON.parse(fresh.body).observations);
  });
});

describe('GET /api/catalog', () => {
  it('lists every series with whether it can be fetched, and caches briefly', async () => {
    const reply = await request(server.port, '/api/catalog');
    expect(reply.status).toBe(200);
    expect(reply.headers['cache-control']).toBe('public, max-age=60');
    const catalog = catalogResponseSchema.parse(JSON.parse(reply.body));
    const byId = new Map(catalog.series.map((entry) => [entry.id, entry]));
    expect(byId.get('WALCL')).toMatchObject({ fetchable: true, units: 'USD_MILLIONS', frequency: 'W' });
    expect(byId.get('M2.CN')).toMatchObject({ fetchable: false, reason: expect.stringMatching(/no current open source/) });
    const again = await request(server.port, '/api/catalog', { headers: { 'If-None-Match': reply.headers.etag! } });
    expect(again.status).toBe(304);
  });

  it('says which path each series takes: without a key every FRED series is fetchable through the keyless CSV', () => {
    const keyless = buildTestGateway({ upstreamUrl: mock.url, env: { FRED_API_KEY: '' } });
    const byId = new Map(keyless.gateway.service.catalog().series.map((entry) => [entry.id, entry]));
    expect(byId.get('WALCL')).toEqual(expect.objectContaining({ fetchable: true, path: 'FRED keyless CSV (fredgraph.csv)' }));
    expect(byId.get('WALCL')!.reason).toBeUndefined();
    expect(byId.get('WALCL')!.fallbackPaths).toBeUndefined();
    expect(byId.get('SOFR')).toMatchObject({ fetchable: true, path: 'FRED keyless CSV (fredgraph.csv)', fallbackPaths: ['NY Fed markets API'] });
    expect(JSON.stringify(keyless.gateway.service.catalog())).not.toMatch(/FRED_API_KEY|needs an API key/);

    const keyed = new Map(
      buildTestGateway({ upstreamUrl: mock.url })
        .gateway.service.catalog()
        .series.map((entry) => [entry.id, entry]),
    );
    expect(keyed.get('WALCL')).toMatchObject({ fetchable: true, path: 'FRED API (FRED_API_KEY)', fallbackPaths: ['FRED keyless CSV (fredgraph.csv)'] });
    expect(keyed.get('BTC')).toMatchObject({ path: 'Yahoo Finance chart API', fallbackPaths: ['Coinbase Exchange daily candles', 'Kraken OHLC'] });
  });
});
