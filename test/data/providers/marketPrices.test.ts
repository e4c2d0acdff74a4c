import { dayOfWeek } from '../../../src/core/dates/epochDay';
import { HttpStatusError } from '../../../src/data/providers/http';
import { marketPricesProvider } from '../../../src/data/providers/marketPrices';
import { UpstreamError } from '../../../src/data/upstreamError';
import { contextFor, entry, fakeUpstream, fixture, pairs, query } from './_helpers/fakeUpstream';

const BASE = 'http://127.0.0.1:9';
/** Real: BTC-USD 2020-01-01..03, UTC bars at 00:00. */
const BTC = fixture('yahoo/chart_BTC-USD_1d_2020-01-01_2020-01-03.json');
/** Real: AAPL 2020-08-31..11-06, bars at the 09:30 New York session open; gmtoffset is EST (recorded in February). */
const AAPL = fixture('yahoo/chart_AAPL_1d_2020-08-31_2020-11-07_events.json');
/** Real: a 1-minute weekend range: no `timestamp` key and `quote: [{}]`. */
const WEEKEND = fixture('yahoo/chart_AAPL_1m_weekend_empty.json');

/** AAPL is not in the catalogue; a market-price entry standing in for it. */
const AAPL_ENTRY = { ...entry('NVDA'), id: 'AAPL', upstreamId: 'AAPL' };

/**
 * Hand-made: no GC=F recording exists. The AAPL recording's shape (its meta, gmtoffset -18000 from
 * a winter request) with two bars stamped at 00:00 New York time in July (04:00 UTC, EDT): the case
 * where adding the request-time gmtoffset would give the previous day. The closes are invented.
 */
function goldBody(): string {
  const body = JSON.parse(AAPL);
  const result = body.chart.result[0];
  result.meta.symbol = 'GC=F';
  result.meta.exchangeName = 'CMX';
  delete result.events;
  result.timestamp = [Date.UTC(2024, 6, 1, 4) / 1000, Date.UTC(2024, 6, 2, 4) / 1000];
  result.indicators = { quote: [{ close: [2339.60009765625, 2329.10009765625] }], adjclose: [{ adjclose: [2339.60009765625, 2329.10009765625] }] };
  return JSON.stringify(body);
}

async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}

describe('marketPricesProvider (Yahoo chart API)', () => {
  it('serves every "Market prices" entry, without a key', () => {
    for (const id of ['GOLD', 'SPX', 'NDX', 'QQQ', 'NVDA', 'IGV', 'XLP', 'XLY', 'OWL', 'AXP', 'BTC']) expect(marketPricesProvider.supports(entry(id))).toBe(true);
    for (const id of ['GOLD.M', 'SPX.M', 'WALCL']) expect(marketPricesProvider.supports(entry(id))).toBe(false);
    expect(marketPricesProvider.keyVariable).toBeUndefined();
  });

  it('asks daily bars from `since` (00:00 UTC) to now, with the symbol encoded', async () => {
    const upstream = fakeUpstream(() => BTC);
    const result = await marketPricesProvider.fetch(entry('BTC'), '2020-01-01', contextFor(upstream, { baseUrl: BASE, now: '2020-01-04T00:00:00Z' }));
    expect(upstream.urls).toEqual([`${BASE}/v8/finance/chart/BTC-USD?interval=1d&period1=1577836800&period2=1578096000&events=div%7Csplit`]);
    expect(result.url).toBe(upstream.urls[0]);
    expect(result.source).toContain('split-adjusted, not dividend-adjusted');

    const gold = fakeUpstream(() => goldBody());
    await marketPricesProvider.fetch(entry('GOLD'), '2024-07-01', contextFor(gold, { baseUrl: BASE, now: '2024-07-03T00:00:00Z' }));
    expect(gold.urls[0]).toContain('/v8/finance/chart/GC%3DF?');
    const spx = fakeUpstream(() => WEEKEND);
    await marketPricesProvider.fetch(entry('SPX'), '2024-07-01', contextFor(spx, { baseUrl: BASE, now: '2024-07-03T00:00:00Z' }));
    expect(spx.urls[0]).toContain('/v8/finance/chart/%5EGSPC?');
  });

  it('asks ten years back without `since`', async () => {
    const upstream = fakeUpstream(() => BTC);
    await marketPricesProvider.fetch(entry('BTC'), undefined, contextFor(upstream, { baseUrl: BASE, now: '2020-01-04T00:00:00Z' }));
    expect(query(upstream.urls[0]).period1).toBe(String(Date.UTC(2010, 0, 4) / 1000));
  });

  it('BTC: 2020-01-01 close 7200.17431640625 dated 2020-01-01 (UTC bars)', async () => {
    const upstream = fakeUpstream(() => BTC);
    const result = await marketPricesProvider.fetch(entry('BTC'), '2020-01-01', contextFor(upstream, { baseUrl: BASE, now: '2020-01-04T00:00:00Z' }));
    expect(result.series.units).toBe('PRICE_USD');
    expect(pairs(result.series)).toEqual([
      ['2020-01-01', 7200.17431640625],
      ['2020-01-02', 6985.47021484375],
      ['2020-01-03', 7344.88427734375],
    ]);
  });

  it('AAPL: session-open timestamps land on their New York date, closes not dividend-adjusted', async () => {
    const upstream = fakeUpstream(() => AAPL);
    const result = await marketPricesProvider.fetch(AAPL_ENTRY, '2020-08-31', contextFor(upstream, { baseUrl: BASE, now: '2020-11-07T12:00:00Z' }));
    const rows = pairs(result.series);
    expect(rows).toHaveLength(49);
    // 1598880600 = 2020-08-31 13:30 UTC = 09:30 EDT; the split-day close, not adjclose 125.826….
    expect(rows[0]).toEqual(['2020-08-31', 129.0399932861328]);
    expect(rows[1]?.[0]).toBe('2020-09-01');
    // 1604673000 = 2020-11-06 14:30 UTC = 09:30 EST (after the clocks changed).
    expect(rows[48]).toEqual(['2020-11-06', 118.69000244140625]);
    for (const day of result.series.days) expect([0, 6]).not.toContain(dayOfWeek(day));
  });

  it('dates midnight-stamped bars by the exchange time zone, not the request-time gmtoffset', async () => {
    const upstream = fakeUpstream(() => goldBody());
    const result = await marketPricesProvider.fetch(entry('GOLD'), '2024-07-01', contextFor(upstream, { baseUrl: BASE, now: '2024-07-03T00:00:00Z' }));
    expect(result.series.units).toBe('USD_PER_OZ');
    expect(pairs(result.series)).toEqual([
      ['2024-07-01', 2339.60009765625],
      ['2024-07-02', 2329.10009765625],
    ]);
  });

  it('falls back to gmtoffset when the exchange time zone is unknown', async () => {
    const body = JSON.parse(AAPL);
    body.chart.result[0].meta.exchangeTimezoneName = 'Not/AZone';
    const upstream = fakeUpstream(() => JSON.stringify(body));
    const result = await marketPricesProvider.fetch(AAPL_ENTRY, '2020-08-31', contextFor(upstream, { baseUrl: BASE, now: '2020-11-07T12:00:00Z' }));
    expect(pairs(result.series)[0]?.[0]).toBe('2020-08-31');
    expect(pairs(result.series)[48]?.[0]).toBe('2020-11-06');
  });

  it('skips null closes', async () => {
    const body = JSON.parse(BTC);
    body.chart.result[0].indicators.quote[0].close[1] = null;
    const upstream = fakeUpstream(() => JSON.stringify(body));
    const result = await marketPricesProvider.fetch(entry('BTC'), '2020-01-01', contextFor(upstream, { baseUrl: BASE, now: '2020-01-04T00:00:00Z' }));
    expect(pairs(result.series).map(([date]) => date)).toEqual(['2020-01-01', '2020-01-03']);
  });

  it('leaves out the bar of a session still open (an intraday price, not a close)', async () => {
    const body = JSON.parse(BTC);
    body.chart.result[0].meta.currentTradingPeriod.regular = { timezone: 'UTC', start: 1578009600, end: 1578095940, gmtoffset: 0 };
    const upstream = fakeUpstream(() => JSON.stringify(body));
    const during = await marketPricesProvider.fetch(entry('BTC'), '2020-01-01', contextFor(upstream, { baseUrl: BASE, now: '2020-01-03T12:00:00Z' }));
    expect(pairs(during.series).map(([date]) => date)).toEqual(['2020-01-01', '2020-01-02']);
    const after = await marketPricesProvider.fetch(entry('BTC'), '2020-01-01', contextFor(upstream, { baseUrl: BASE, now: '2020-01-04T00:00:00Z' }));
    expect(after.series.days.length).toBe(3);
  });

  it('keeps only days on or after `since`', async () => {
    const upstream = fakeUpstream(() => BTC);
    const result = await marketPricesProvider.fetch(entry('BTC'), '2020-01-02', contextFor(upstream, { baseUrl: BASE, now: '2020-01-04T00:00:00Z' }));
    expect(pairs(result.series).map(([date]) => date)).toEqual(['2020-01-02', '2020-01-03']);
  });

  it('returns an empty series for a range without trading (no `timestamp`, quote [{}])', async () => {
    const upstream = fakeUpstream(() => WEEKEND);
    const result = await marketPricesProvider.fetch(AAPL_ENTRY, '2025-02-01', contextFor(upstream, { baseUrl: BASE, now: '2025-02-02T12:00:00Z' }));
    expect(result.series.days.length).toBe(0);
  });

  /** Hand-made: the documented error shape (no recording of a Yahoo error exists). */
  const NOT_FOUND = '{"chart":{"result":null,"error":{"code":"Not Found","description":"No data found, symbol may be delisted"}}}';

  it('reports chart.error with its description', async () => {
    const error = await failure(
      marketPricesProvider.fetch(
        entry('OWL'),
        undefined,
        contextFor(
          fakeUpstream(() => NOT_FOUND),
          { baseUrl: BASE, now: '2025-02-02T12:00:00Z' },
        ),
      ),
    );
    expect(error.kind).toBe('malformed');
    expect(error.message).toContain('No data found, symbol may be delisted');
  });

  it('explains an HTTP 404 whose body is a chart error', async () => {
    const upstream = fakeUpstream(() => new HttpStatusError('http', 'HTTP 404 from 127.0.0.1:9/v8/finance/chart/OWL', { status: 404 }, NOT_FOUND));
    const error = await failure(marketPricesProvider.fetch(entry('OWL'), undefined, contextFor(upstream, { baseUrl: BASE, now: '2025-02-02T12:00:00Z' })));
    expect(error.kind).toBe('http');
    expect(error.status).toBe(404);
    expect(error.message).toContain('No data found');
  });

  it.each([
    ['truncated JSON', BTC.slice(0, 400)],
    ['the wrong shape', '{"chart":{"result":[{"timestamp":[1577836800]}],"error":null}}'],
    ['neither result nor error', '{"chart":{"result":null,"error":null}}'],
    ['more timestamps than closes', BTC.replace('"timestamp":[1577836800,', '"timestamp":[1577750400,1577836800,')],
    ['a price in another currency', BTC.replace('"currency":"USD"', '"currency":"EUR"')],
  ])("throws 'malformed' for %s", async (_label, body) => {
    expect(body).not.toBe(BTC);
    const error = await failure(
      marketPricesProvider.fetch(
        entry('BTC'),
        '2020-01-01',
        contextFor(
          fakeUpstream(() => body),
          { baseUrl: BASE, now: '2020-01-04T00:00:00Z' },
        ),
      ),
    );
    expect(error.kind).toBe('malformed');
  });
});
