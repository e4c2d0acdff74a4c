/**
 * DESIGN §9 (refresh of all series): the whole catalogue refreshed through the real path —
 * LiveStore → gateway over HTTP on 127.0.0.1 (real routes, series service, providers, HTTP client)
 * → the seeded mock upstream — and the same refresh an hour later. Counts and dates only: no
 * assertion here depends on wall-clock time (`npm run bench` reports the timings). Rate-limiter
 * waits move the injected clock on instead of waiting, so the test runs in about a second.
 */
import { CATALOG } from '../../src/catalog/catalog';
import { getSeries } from '../../src/catalog/lookup';
import { parseIsoDate } from '../../src/core/dates/isoDate';
import { embeddedSnapshotSeries } from '../../src/data/snapshot/embeddedSnapshot';
import { incrementalSince, newerDataExpectedFrom } from '../../src/data/staleness';
import { measureCatalogRefresh, type CatalogRefreshMeasurement } from '../../scripts/bench/refresh';

const THROUGH = '2026-08-26'; // a Wednesday; the refresh runs on Thursday 2026-08-27 at 21:00 UTC
const DAY_MS = 86_400_000;
const FRED_IDS = CATALOG.filter((entry) => entry.source === 'FRED').map((entry) => entry.id);
const MARKET_IDS = CATALOG.filter((entry) => entry.source === 'Market prices').map((entry) => entry.id);
let m: CatalogRefreshMeasurement;

beforeAll(async () => {
  m = await measureCatalogRefresh({ latencyMs: 5, through: THROUGH, virtualWaits: true, singles: false });
}, 120_000);

describe('first refresh of the whole catalogue', () => {
  it('refreshes every series /api/catalog reports fetchable (all but the user-supplied M2.CN), and each ends fresh', () => {
    expect(m.fetchable).toEqual(CATALOG.filter((entry) => entry.id !== 'M2.CN').map((entry) => entry.id));
    expect(m.failures).toEqual([]);
    expect(m.seriesRefreshed).toBe(28);
  });

  it('leaves the store holding what the upstream serves: current to 2026-08-26 (monthly: July; FDIC: 2026-03-31)', () => {
    for (const id of m.fetchable) expect([id, m.asOf[id]]).toEqual([id, m.served[id]]);
    expect(m.asOf.WALCL).toBe(THROUGH);
    expect(m.asOf['M2.US']).toBe('2026-07-01');
    expect(m.asOf['GOLD.M']).toBe('2026-07-01');
    expect(m.asOf['BANK.EQUITY']).toBe('2026-03-31');
  });

  it('asks each upstream exactly once per series per page needed', () => {
    const first = m.firstRefresh;
    expect(first.byUpstream).toEqual({
      // One observations request per FRED series (11), all preferred to the NY Fed fallback.
      'api.stlouisfed.org': 11,
      // SRF only: repo operation results, one request for the date range.
      'markets.newyorkfed.org': 1,
      // TGA.D: one page (about 1,100 business days × 4 rows < 10,000).
      'api.fiscaldata.treasury.gov': 1,
      // One chart per market-price series (11 symbols).
      'query2.finance.yahoo.com': 11,
      // GOLD.M and SPX.M: one CSV file each.
      'raw.githubusercontent.com': 2,
      // FDIC: one aggregated request (sums per report date) shared by BANK.EQUITY and BANK.RESERVES.
      'banks.data.fdic.gov': 1,
    });
    expect(first.upstreamRequests).toBe(11 + 1 + 1 + 11 + 2 + 1);
    expect(first.gatewayRequests).toBe(m.fetchable.length);

    const servedIds = (host: string) => first.requests.filter((request) => request.host === host).flatMap((request) => request.seriesIds);
    expect(servedIds('api.stlouisfed.org').sort()).toEqual([...FRED_IDS].sort());
    expect(servedIds('query2.finance.yahoo.com').sort()).toEqual([...MARKET_IDS].sort());
    expect(servedIds('markets.newyorkfed.org')).toEqual(['SRF']);
    expect(servedIds('raw.githubusercontent.com').sort()).toEqual(['GOLD.M', 'SPX.M']);
    // Ten years of report dates in the one request: from 2016-08-27.
    expect(first.requests.filter((request) => request.host === 'banks.data.fdic.gov').map((request) => request.start)).toEqual(['2016-08-27']);
  });

  it('builds on the embedded snapshot: FRED series the add-in ships are asked from their last shipped date minus the overlap', () => {
    const shipped = new Map(embeddedSnapshotSeries().map((item) => [item.series.id, item.series]));
    for (const request of m.firstRefresh.requests.filter((r) => r.host === 'api.stlouisfed.org')) {
      const id = request.seriesIds[0]!;
      const series = shipped.get(id);
      const expected = series ? incrementalSince(getSeries(id), series.days[series.days.length - 1]!) : undefined;
      expect([id, request.start]).toEqual([id, expected]);
    }
    // Not shipped (machine-cache licence, or no snapshot copy): the whole default history.
    const btc = m.firstRefresh.requests.find((r) => r.seriesIds.includes('BTC'))!;
    expect(btc.start).toBe('2016-08-27');
  });
});

describe('second refresh an hour later, same data upstream', () => {
  const now = (parseIsoDate(THROUGH) + 1) * DAY_MS + 22 * 3_600_000;
  const due = () => m.fetchable.filter((id) => newerDataExpectedFrom(getSeries(id), parseIsoDate(m.asOf[id]!)) * DAY_MS <= now);

  it('asks the gateway for every series again, as Refresh all does', () => {
    expect(m.secondRefresh.gatewayRequests).toBe(m.fetchable.length);
    expect(m.failures).toEqual([]);
  });

  it('makes no upstream request: nothing is due an hour later (the next FDIC quarter is due 2026-06-30 + 60 days)', () => {
    expect(due()).toEqual([]);
    expect(m.secondRefresh.requests).toEqual([]);
    expect(m.secondRefresh.byUpstream).toEqual({});
    expect(m.secondRefresh.upstreamRequests).toBe(0);
  });
});
