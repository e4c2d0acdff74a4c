/**
 * DESIGN §9: concurrent calls on a cold store cause exactly one upstream request per series, and a
 * second refresh fetches only from the last held date minus the overlap (so revisions land).
 */
import { seriesResponseSchema } from '../../../src/data/gatewayProtocol';
import type { RunningServer } from '../../../src/server/main';
import { FRED_OBSERVATIONS_PATH, startMockUpstream, type MockUpstream } from '../../../harness/upstreams/mockUpstream';
import { buildTestGateway, DAY_MS, request, serveGateway, weeklyPairs, type TestGateway } from './helpers';

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
  test.gateway.close();
  await server.close();
  await mock.close();
});

describe('GET /api/series/WALCL', () => {
  it('100 concurrent requests on a cold cache make exactly 1 upstream request', async () => {
    mock.fault(FRED_OBSERVATIONS_PATH, { latencyMs: 100, times: 1 });
    const replies = await Promise.all(Array.from({ length: 100 }, () => request(server.port, '/api/series/WALCL')));

    expect(mock.requestsTo(FRED_OBSERVATIONS_PATH)).toHaveLength(1);
    expect(mock.requestsTo(FRED_OBSERVATIONS_PATH)[0]!.query.observation_start).toBeUndefined(); // nothing held: everything
    expect(new Set(replies.map((reply) => reply.status))).toEqual(new Set([200]));
    expect(new Set(replies.map((reply) => reply.headers.etag)).size).toBe(1);
    const answer = seriesResponseSchema.parse(JSON.parse(replies[0]!.body));
    expect(answer).toMatchObject({ id: 'WALCL', units: 'USD_MILLIONS', origin: 'upstream', stale: false, asOf: '2026-02-18', source: 'FRED WALCL' });
    expect(answer.observations).toEqual(HISTORY);
  });

  it('a second refresh, once newer data is due, asks only from the last date minus 35 days and appends and revises', async () => {
    const revised: [string, number] = ['2026-02-04', 6_700_123];
    const next: [string, number] = ['2026-02-25', 6_660_000];
    const upstream = HISTORY.map(([date, value]) => (date === revised[0] ? revised : ([date, value] as [string, number])));
    mock.setFredSeries('WALCL', [...upstream, next]);

    // Not yet due (the next H.4.1 comes on Thursday 2026-02-26): answered from memory, no request.
    test.clock.advance(DAY_MS);
    await request(server.port, '/api/series/WALCL');
    expect(mock.requestsTo(FRED_OBSERVATIONS_PATH)).toHaveLength(1);

    test.clock.advance(7 * DAY_MS);
    const replies = await Promise.all(Array.from({ length: 50 }, () => request(server.port, '/api/series/WALCL')));

    const fredRequests = mock.requestsTo(FRED_OBSERVATIONS_PATH);
    expect(fredRequests).toHaveLength(2);
    expect(fredRequests[1]!.query).toMatchObject({ series_id: 'WALCL', observation_start: '2026-01-14' }); // 2026-02-18 − 35 days
    const answer = seriesResponseSchema.parse(JSON.parse(replies[0]!.body));
    expect(answer).toMatchObject({ stale: false, origin: 'upstream', asOf: '2026-02-25' });
    expect(answer.observations).toEqual([...upstream, next]);
    expect(test.logs).toContain(
      `WALCL: 1 new and 1 revised observations from FRED (7 fetched since 2026-01-14): ${mock.url}/fred/series/observations?series_id=WALCL&api_key=[redacted]&file_type=json&observation_start=2026-01-14`,
    );
  });

  it('a held date the incremental answer leaves out keeps its value', async () => {
    // Upstream drops an old week (a sparse answer must not delete history).
    mock.setFredSeries('WALCL', [
      ['2026-02-25', 6_660_000],
      ['2026-03-04', 6_650_000],
    ]);
    test.clock.advance(8 * DAY_MS);
    const reply = await request(server.port, '/api/series/WALCL?since=2026-02-01');
    const answer = seriesResponseSchema.parse(JSON.parse(reply.body));
    expect(answer.asOf).toBe('2026-03-04');
    expect(answer.observations.map(([date]) => date)).toEqual(['2026-02-04', '2026-02-11', '2026-02-18', '2026-02-25', '2026-03-04']);
    expect(mock.requestsTo(FRED_OBSERVATIONS_PATH).at(-1)!.query.observation_start).toBe('2026-01-21');
  });
});
