/**
 * Bitcoin's keyless fallbacks against the recorded bodies in ../shared/fixtures/crypto: Coinbase
 * Exchange daily candles (newest first, JSON numbers) and Kraken OHLC (result key XXBTZUSD for
 * XBTUSD, strings, the last row the still-open candle).
 */
import { coinbaseProvider } from '../../../src/data/providers/coinbase';
import { krakenProvider } from '../../../src/data/providers/kraken';
import { UpstreamError } from '../../../src/data/upstreamError';
import { contextFor, entry, fakeUpstream, pairs, query, fixture } from './_helpers/fakeUpstream';

const BASE = 'http://127.0.0.1:9';
const COINBASE = fixture('crypto/coinbase_exchange_candles_BTC-USD_86400_recorded_reindented.fixture.json');
const KRAKEN = fixture('crypto/kraken_OHLC_XBTUSD_1440_recorded_reindented.fixture.json');

async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}

describe('coinbaseProvider', () => {
  it('serves bitcoin only, without a key', () => {
    expect(coinbaseProvider.supports(entry('BTC'))).toBe(true);
    for (const id of ['GOLD', 'SPX', 'WALCL']) expect(coinbaseProvider.supports(entry(id))).toBe(false);
    expect(coinbaseProvider.keyVariable).toBeUndefined();
  });

  it('turns candles (newest first) into ascending daily closes dated by their 00:00 UTC open', async () => {
    const upstream = fakeUpstream(() => COINBASE);
    const result = await coinbaseProvider.fetch(entry('BTC'), '2026-08-01', contextFor(upstream, { baseUrl: BASE, now: '2026-08-11T09:00:00Z' }));
    expect(upstream.urls).toHaveLength(1);
    expect(upstream.urls[0]).toMatch(/^http:\/\/127\.0\.0\.1:9\/products\/BTC-USD\/candles\?/);
    expect(query(upstream.urls[0])).toEqual({ granularity: '86400', start: '2026-08-01T00:00:00Z', end: '2026-08-10T00:00:00Z' });
    // The `close` (index 4) of each row of coinbase_exchange_candles_BTC-USD_86400_recorded_reindented.fixture.json.
    expect(pairs(result.series)).toEqual([
      ['2026-08-01', 62764.2],
      ['2026-08-02', 63499.49],
      ['2026-08-03', 63466.51],
      ['2026-08-04', 64050.51],
      ['2026-08-05', 64603.03],
      ['2026-08-06', 64267.3],
      ['2026-08-07', 64891.61],
      ['2026-08-08', 64908.72],
      ['2026-08-09', 64848.69],
      ['2026-08-10', 63911.88],
    ]);
    expect(result.source).toBe('Coinbase Exchange BTC-USD: daily close (00:00 UTC candles)');
  });

  it("leaves out today's open candle, and pages a long range in windows of 300 days", async () => {
    const today = fakeUpstream(() => COINBASE);
    const result = await coinbaseProvider.fetch(entry('BTC'), '2026-08-01', contextFor(today, { baseUrl: BASE, now: '2026-08-10T09:00:00Z' }));
    expect(pairs(result.series).at(-1)).toEqual(['2026-08-09', 64848.69]);

    const long = fakeUpstream(() => '[]');
    const nothing = await coinbaseProvider.fetch(entry('BTC'), '2025-01-01', contextFor(long, { baseUrl: BASE, now: '2026-08-11T00:00:00Z' }));
    expect(nothing.series.days).toHaveLength(0); // the gateway refuses an empty answer, not the provider
    expect(long.urls.map((url) => [query(url).start, query(url).end])).toEqual([
      ['2025-01-01T00:00:00Z', '2025-10-27T00:00:00Z'],
      ['2025-10-28T00:00:00Z', '2026-08-10T00:00:00Z'],
    ]);
  });

  it('refuses rows that are not candles', async () => {
    const upstream = fakeUpstream(() => '[[1786320000, "63733.03", 1, 2, 3, 4]]');
    expect((await failure(coinbaseProvider.fetch(entry('BTC'), '2026-08-01', contextFor(upstream, { baseUrl: BASE, now: '2026-08-11T00:00:00Z' })))).kind).toBe('malformed');
  });
});

describe('krakenProvider', () => {
  it('reads the pair under its own result key (XXBTZUSD), closes as strings, and drops the still-open last candle', async () => {
    const upstream = fakeUpstream(() => KRAKEN);
    const result = await krakenProvider.fetch(entry('BTC'), '2026-08-08', contextFor(upstream, { baseUrl: BASE, now: '2026-08-17T12:00:00Z' }));
    expect(query(upstream.urls[0])).toEqual({ pair: 'XBTUSD', interval: '1440', since: String(Date.UTC(2026, 7, 8) / 1000 - 1) });
    // kraken_OHLC_XBTUSD_1440_recorded_reindented.fixture.json: rows 2026-08-08 … 2026-08-17, `last` = 2026-08-16.
    const observed = pairs(result.series);
    expect(observed).toHaveLength(9);
    expect(observed[0]).toEqual(['2026-08-08', 64901.1]);
    expect(observed.at(-1)).toEqual(['2026-08-16', 62819.1]);
    expect(result.source).toBe('Kraken OHLC XBTUSD (XXBTZUSD): daily close (00:00 UTC candles)');
  });

  it("reports Kraken's errors (HTTP 200 with `error`) by kind", async () => {
    const answer = (errors: string[]) => fakeUpstream(() => JSON.stringify({ error: errors }));
    const context = (errors: string[]) => contextFor(answer(errors), { baseUrl: BASE, now: '2026-08-17T12:00:00Z' });
    expect(await failure(krakenProvider.fetch(entry('BTC'), undefined, context(['EGeneral:Too many requests'])))).toMatchObject({ kind: 'rate-limited' });
    expect(await failure(krakenProvider.fetch(entry('BTC'), undefined, context(['EQuery:Unknown asset pair'])))).toMatchObject({
      kind: 'malformed',
      message: 'Kraken OHLC XBTUSD: EQuery:Unknown asset pair',
    });
  });
});
