/**
 * Rate limits hold per HTTP REQUEST, not per provider fetch: a fetch that pages (FRED's
 * count/offset, Fiscal Data's total-pages) waits for the provider's limiter before each page, and
 * a key check goes through the same limiter. The fake clock's sleep moves time on instantly, so the
 * limiter's waits show up as clock.sleeps and as the clock time each request reaches the upstream.
 */
import { FISCALDATA_PATH_SUFFIX, FRED_OBSERVATIONS_PATH, fredObservationsBody, startMockUpstream, type MockUpstream } from '../../../harness/upstreams/mockUpstream';
import { buildTestGateway, weeklyPairs, type TestGateway } from './helpers';

const FRED_PAGE = 2;
const WEEKS = weeklyPairs('2025-01-01', 10);

let mock: MockUpstream;
let test: TestGateway;
/** Fake-clock time (ms since the first request) each upstream request arrived at, by path. */
let arrivals: Record<string, number[]>;
let t0: number;

function arrived(path: string): void {
  (arrivals[path] ??= []).push(test.clock.now() - t0);
}

beforeEach(async () => {
  mock = await startMockUpstream();
  test = buildTestGateway({ upstreamUrl: mock.url });
  arrivals = {};
  t0 = test.clock.now();
  // FRED answering FRED_PAGE observations a request: `count` says how many there are in all.
  mock.setHandler(FRED_OBSERVATIONS_PATH, (query) => {
    arrived(FRED_OBSERVATIONS_PATH);
    const offset = Number(query.offset ?? 0);
    const limit = query.limit === undefined ? FRED_PAGE : Number(query.limit);
    const body = JSON.parse(fredObservationsBody(WEEKS.slice(offset, offset + Math.min(limit, FRED_PAGE)))) as Record<string, unknown>;
    return JSON.stringify({ ...body, count: WEEKS.length, offset });
  });
});

afterEach(async () => {
  test.gateway.close();
  await mock.close();
});

describe('per-request rate limits', () => {
  it('spaces each page of a FRED fetch (count/offset paging) by the 2-a-second limiter', async () => {
    const answer = await test.gateway.service.getSeries('WALCL');

    expect(answer).toMatchObject({ stale: false, origin: 'upstream', asOf: WEEKS[WEEKS.length - 1]![0] });
    expect(answer.observations).toEqual(WEEKS);
    expect(mock.requestsTo(FRED_OBSERVATIONS_PATH).map((request) => request.query.offset)).toEqual([undefined, '2', '4', '6', '8']);
    // Five requests, two a second: two at once, then a wait of a second before each further pair.
    expect(arrivals[FRED_OBSERVATIONS_PATH]).toEqual([0, 0, 1000, 1000, 2000]);
    expect(test.clock.sleeps).toEqual([1000, 1000]);
  });

  it('spaces each page of a Fiscal Data fetch (meta total-pages) by the 4-a-second limiter', async () => {
    const pages = 6;
    for (const path of [FISCALDATA_PATH_SUFFIX, `/services/api/fiscal_service${FISCALDATA_PATH_SUFFIX}`]) {
      mock.setHandler(path, (query) => {
        arrived(FISCALDATA_PATH_SUFFIX);
        const page = Number(query['page[number]']);
        const day = `2026-02-${String(9 + page).padStart(2, '0')}`;
        const row = { record_date: day, account_type: 'Treasury General Account (TGA) Closing Balance', open_today_bal: String(800_000 + page), close_today_bal: 'null' };
        return JSON.stringify({ data: [row], meta: { count: 1, 'total-count': pages, 'total-pages': pages } });
      });
    }
    const answer = await test.gateway.service.getSeries('TGA.D');

    expect(answer).toMatchObject({ stale: false, origin: 'upstream' });
    expect(answer.observations).toHaveLength(pages);
    expect(mock.requests.map((request) => request.query['page[number]'])).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(arrivals[FISCALDATA_PATH_SUFFIX]).toEqual([0, 0, 0, 0, 1000, 1000]);
    expect(test.clock.sleeps).toEqual([1000]);
  });

  it('puts key checks through the same limiter, request by request, leaving one slot a window to refreshes', async () => {
    const checks = [];
    for (let i = 0; i < 3; i++) checks.push(await test.gateway.service.checkKey('FRED', 'a-user-key'));

    expect(checks.map((check) => check.ok)).toEqual([true, true, true]);
    // Key checks run at low priority (rateLimiter.ts): of FRED's 2 a second they may take only 1,
    // so a series refresh never waits behind them.
    expect(arrivals[FRED_OBSERVATIONS_PATH]).toEqual([0, 1000, 2000]);
    expect(test.clock.sleeps.length).toBeGreaterThanOrEqual(2);
  });
});
