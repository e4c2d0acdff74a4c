/**
 * The mock upstream itself: each route answers its recorded body, FRED filters by
 * observation_start, faults do what they say, and the request log sees every request.
 */
import http from 'node:http';
import {
  FDIC_PATH,
  FISCALDATA_PATH_SUFFIX,
  FRED_OBSERVATIONS_PATH,
  NYFED_PATHS,
  YAHOO_CHART_PREFIX,
  fredObservationsBody,
  startMockUpstream,
  type MockUpstream,
} from '../../../harness/upstreams/mockUpstream';
import { readSharedFixture } from '../../../harness/upstreams/sharedFixtures';

let mock: MockUpstream;

beforeAll(async () => {
  mock = await startMockUpstream();
});

afterAll(async () => {
  await mock.close();
});

beforeEach(() => mock.clearFaults());

function get(target: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string; error?: string }> {
  return new Promise((resolve) => {
    const req = http.get(`${mock.url}${target}`, { agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (error) => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), error: error.message }));
    });
    req.on('error', (error) => resolve({ status: 0, headers: {}, body: '', error: error.message }));
  });
}

describe('routes', () => {
  it.each([
    [`${NYFED_PATHS.sofr}?startDate=2024-06-01&endDate=2024-06-06`, 'nyfed', 'rates_secured_sofr_search.json'],
    [`${NYFED_PATHS.reverseRepoResults}?startDate=2023-01-01&endDate=2023-06-06`, 'nyfed', 'rp_all_all_results_last_500_TRIMMED_80ops.json'],
    [`/services/api/fiscal_service${FISCALDATA_PATH_SUFFIX}?filter=record_date:gte:2025-07-07`, 'fiscaldata', 'dts_operating_cash_balance.json'],
    [`${FDIC_PATH}?filters=REPDTE:20250630`, 'fdic', 'financials_CERT_REPDTE_EQ_LNATRES.reconstructed.json'],
    [`${YAHOO_CHART_PREFIX}BTC-USD?interval=1d`, 'yahoo', 'chart_BTC-USD_1d_2020-01-01_2020-01-03.json'],
    [`${FRED_OBSERVATIONS_PATH}?series_id=SOFR&api_key=k&file_type=json`, 'fred', 'series_observations_SOFR.json'],
  ])('%s answers its recorded body', async (target, provider, file) => {
    const reply = await get(target);
    expect(reply.status).toBe(200);
    expect(reply.body).toBe(readSharedFixture(provider, file));
  });

  it('FRED without api_key answers its 400 error; an unknown series another 400', async () => {
    expect((await get(`${FRED_OBSERVATIONS_PATH}?series_id=SOFR`)).status).toBe(400);
    const unknown = await get(`${FRED_OBSERVATIONS_PATH}?series_id=NOPE&api_key=k`);
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.body)).toMatchObject({ error_code: 400 });
  });

  it('FRED data sets are filtered by observation_start and logged with their query', async () => {
    mock.setFredSeries('WALCL', [
      ['2026-01-07', 1],
      ['2026-01-14', null],
      ['2026-01-21', 3],
    ]);
    const reply = await get(`${FRED_OBSERVATIONS_PATH}?series_id=WALCL&api_key=k&observation_start=2026-01-10`);
    expect(JSON.parse(reply.body).observations.map((o: { date: string; value: string }) => [o.date, o.value])).toEqual([
      ['2026-01-14', '.'],
      ['2026-01-21', '3'],
    ]);
    expect(mock.requestsTo(FRED_OBSERVATIONS_PATH).at(-1)).toMatchObject({ method: 'GET', query: { series_id: 'WALCL', observation_start: '2026-01-10' } });
  });

  it('fredObservationsBody writes values as strings and "." for missing', () => {
    const body = JSON.parse(
      fredObservationsBody([
        ['2026-01-07', 6581234.5],
        ['2026-01-14', null],
      ]),
    );
    expect(body).toMatchObject({
      count: 2,
      sort_order: 'asc',
      observations: [
        { date: '2026-01-07', value: '6581234.5' },
        { date: '2026-01-14', value: '.' },
      ],
    });
  });
});

describe('faults', () => {
  const target = `${NYFED_PATHS.sofr}?startDate=2024-06-01`;
  const path = NYFED_PATHS.sofr;

  it('status and Retry-After, for the next N requests only', async () => {
    mock.fault(path, { status: 429, retryAfter: '7', times: 2 });
    const replies = [await get(target), await get(target), await get(target)];
    expect(replies.map((r) => r.status)).toEqual([429, 429, 200]);
    expect(replies[0]!.headers['retry-after']).toBe('7');
  });

  it('truncation, wrong shape, empty lists and scaled values', async () => {
    const original = JSON.parse(readSharedFixture('nyfed', 'rates_secured_sofr_search.json'));
    mock.fault(path, { truncate: true });
    const truncated = await get(target);
    expect(() => JSON.parse(truncated.body)).toThrow();
    mock.fault(path, { wrongShape: true });
    expect(JSON.parse((await get(target)).body).refRates).toBeUndefined();
    mock.fault(path, { emptyObservations: true });
    expect(JSON.parse((await get(target)).body).refRates).toEqual([]);
    mock.fault(path, { scale: 1000 });
    expect(JSON.parse((await get(target)).body).refRates[0].percentRate).toBeCloseTo(original.refRates[0].percentRate * 1000, 6);
  });

  it('a reset mid-body breaks the connection after part of the body', async () => {
    mock.fault(path, { resetMidBody: true });
    const reply = await get(target);
    expect(reply.error).toMatch(/aborted|ECONNRESET|socket hang up/);
  });

  it('latency delays the answer; padding and chunking change only the framing', async () => {
    mock.fault(path, { latencyMs: 150 });
    const started = Date.now();
    await get(target);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    mock.fault(path, { padBytes: 50_000, chunked: true });
    const padded = await get(target);
    expect(padded.headers['content-length']).toBeUndefined();
    expect(padded.body.length).toBeGreaterThan(50_000);
    expect(JSON.parse(padded.body)).toEqual(JSON.parse(readSharedFixture('nyfed', 'rates_secured_sofr_search.json')));
  });
});
