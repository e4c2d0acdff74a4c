/**
 * Market prices that keep working (issue 14 §2), through the real providers and HTTP client
 * against the mock upstream: Yahoo's plain-text 429 (`Edge: Too Many Requests`) and its
 * `401 Invalid Crumb` (recorded bodies in ../shared/fixtures/yahoo) are a throttled / refused
 * source with a clear reason and a pause, never "malformed JSON"; bitcoin is then served by
 * Coinbase, or Kraken when Coinbase fails too, and its `source` says which.
 */
import { COINBASE_BTC_CANDLES_PATH, KRAKEN_OHLC_PATH, startMockUpstream, YAHOO_CHART_PREFIX, type MockUpstream } from '../../../harness/upstreams/mockUpstream';
import { readSharedFixture } from '../../../harness/upstreams/sharedFixtures';
import { at, buildTestGateway, fakeClock } from './helpers';

const BTC_PATH = `${YAHOO_CHART_PREFIX}BTC-USD`;
const GOLD_PATH = `${YAHOO_CHART_PREFIX}GC%3DF`;
const THROTTLED = readSharedFixture('yahoo', 'error_429_edge_too_many_requests.reconstructed.txt');
const INVALID_CRUMB = readSharedFixture('yahoo', 'error_401_invalid_crumb.reconstructed.json');

let mock: MockUpstream;
beforeAll(async () => {
  mock = await startMockUpstream();
});
afterAll(() => mock.close());
afterEach(() => mock.clearFaults());

/** After the last Coinbase candle (2026-08-10) and before Kraken's open one is committed. */
const clock = () => fakeClock(at('2026-08-17', 12));

describe("Yahoo's 429 with a plain-text body", () => {
  it('is throttling, retried with back-off, then paused; bitcoin comes from Coinbase meanwhile', async () => {
    mock.fault(BTC_PATH, { status: 429, body: THROTTLED });
    mock.fault(GOLD_PATH, { status: 429, body: THROTTLED });
    const test = buildTestGateway({ upstreamUrl: mock.url, env: { FRED_API_KEY: '' }, clock: clock() });

    const btc = await test.gateway.service.getSeries('BTC');
    // Coinbase's candles (coinbase_exchange_candles_BTC-USD_86400_recorded_reindented.fixture.json): 2026-08-10 closed at 63911.88.
    expect(btc).toMatchObject({ stale: false, origin: 'upstream', asOf: '2026-08-10', source: 'Coinbase Exchange BTC-USD: daily close (00:00 UTC candles)' });
    expect(btc.observations.at(-1)).toEqual(['2026-08-10', 63911.88]);
    expect(mock.requestsTo(BTC_PATH)).toHaveLength(4); // every attempt, with back-off between them
    expect(test.clock.sleeps.slice(0, 3)).toEqual([500, 1000, 2000]);
    const retries = test.logs.filter((line) => line.startsWith('BTC: YAHOO attempt'));
    expect(retries[0]).toMatch(
      /Yahoo Finance chart BTC-USD: Yahoo is throttling this client \(HTTP 429 from 127\.0\.0\.1:\d+\/v8\/finance\/chart\/BTC-USD: "Edge: Too Many Requests"\)/,
    );
    expect(test.logs.join('\n')).not.toMatch(/not complete JSON|malformed/);

    // Yahoo is paused for every series: gold is not asked, and says why.
    const goldRequests = mock.requestsTo(GOLD_PATH).length;
    const gold = await test.gateway.service.getSeries('GOLD');
    expect(mock.requestsTo(GOLD_PATH)).toHaveLength(goldRequests);
    expect(gold).toMatchObject({ stale: true });
    expect(gold.staleReason).toMatch(
      /^YAHOO is not asked again before 2026-08-17T12:0\d:\d\d\.\d{3}Z: Yahoo Finance chart BTC-USD: Yahoo is throttling this client .* \(after 4 attempts\)$/,
    );
  });

  it('even with status 200, the plain-text body is throttling, not malformed JSON', async () => {
    mock.fault(GOLD_PATH, { status: 200, body: THROTTLED });
    const test = buildTestGateway({ upstreamUrl: mock.url, env: { FRED_API_KEY: '' }, clock: clock() });
    const gold = await test.gateway.service.getSeries('GOLD');
    expect(gold.stale).toBe(true);
    expect(gold.staleReason).toMatch(/^Yahoo Finance chart GC=F: Yahoo is throttling this client \("Edge: Too Many Requests"\) \(after 4 attempts\)$/);
  });
});

describe("Yahoo's 401 Invalid Crumb", () => {
  it('is a refusal: asked once, said so, Yahoo paused; bitcoin falls back', async () => {
    mock.fault(BTC_PATH, { status: 401, body: INVALID_CRUMB });
    const test = buildTestGateway({ upstreamUrl: mock.url, env: { FRED_API_KEY: '' }, clock: clock() });
    const before = mock.requestsTo(BTC_PATH).length;
    const btc = await test.gateway.service.getSeries('BTC');
    expect(mock.requestsTo(BTC_PATH).length - before).toBe(1); // a 401 is not retried
    expect(btc).toMatchObject({ stale: false, source: expect.stringMatching(/^Coinbase Exchange BTC-USD/) });
    expect(test.logs).toContainEqual(
      expect.stringMatching(
        /^YAHOO: paused for 60 s \(Yahoo Finance chart BTC-USD: Yahoo refused the request: Invalid Crumb \(HTTP 401 from 127\.0\.0\.1:\d+\/v8\/finance\/chart\/BTC-USD; Yahoo now wants a session cookie and crumb\)\)$/,
      ),
    );
  });
});

describe('bitcoin when Yahoo and Coinbase both fail', () => {
  it('comes from Kraken, without its still-open candle, and the reason is gone', async () => {
    mock.fault(BTC_PATH, { status: 404, body: readSharedFixture('yahoo', 'error_404_chart_no_data.reconstructed.json') });
    mock.fault(COINBASE_BTC_CANDLES_PATH, { status: 503 });
    const test = buildTestGateway({ upstreamUrl: mock.url, env: { FRED_API_KEY: '' }, clock: clock() });
    const btc = await test.gateway.service.getSeries('BTC');
    // kraken_OHLC_XBTUSD_1440_recorded_reindented.fixture.json: `last` is 2026-08-16 (62819.1); 2026-08-17 is still open.
    expect(btc).toMatchObject({ stale: false, asOf: '2026-08-16', source: 'Kraken OHLC XBTUSD (XXBTZUSD): daily close (00:00 UTC candles)' });
    expect(btc.observations.at(-1)).toEqual(['2026-08-16', 62819.1]);
    expect(btc.staleReason).toBeUndefined();
    expect(mock.requestsTo(KRAKEN_OHLC_PATH).length).toBeGreaterThan(0);
    expect(test.logs.some((line) => line.startsWith('BTC: 9 new and 0 revised observations from KRAKEN'))).toBe(true);
  });
});
