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
import { duplicateRequests, measureCatalogRefresh, refreshFigures, type CatalogRefreshMeasurement } from '../../scripts/bench/refresh';

const THROUGH = '2026-08-26'; // a Wednesday; the refresh runs on Thursday 2026-08-27 at 21:00 UTC
const DAY_MS = 86_400_000;
const FRED_IDS = CATALOG.filter((entry) => entry.source === 'FRED').map((entry) => entry.id);
const MARKET_IDS = CATALOG.filter((entry) => entry.source === 'Market prices').map((entry) => entry.id);
let m: CatalogRefreshMeasurement;

beforeAll(async () => {
  m = await measureCatalogRefresh({ latencyMs: 5, through: THROUGH, virtualWaits: true, singles: false });
}, 120_000);

describe('first refresh of the whole catalogue', () => {
  it('refreshes every series /api/catalog reports fetchable (all but the user-supplied ones), and each ends fresh', () => {
    expect(m.fetchable).toEqual(CATALOG.filter((entry) => entry.source !== 'User supplied').map((entry) => entry.id));
    expect(m.fetchable).toContain('GDP');
    expect(m.failures).toEqual([]);
    expect(m.seriesRefreshed).toBe(m.fetchable.length);
  });

  it('leaves the store holding what the upstream serves: current to 2026-08-26 (monthly: July; FDIC: 2026-03-31)', () => {
    for (const id of m.fetchable) expect([id, m.asOf[id]]).toEqual([id, m.served[id]]);
    expect(m.asOf.WALCL).toBe(THROUGH);
    expect(m.asOf['M2.US']).toBe('2026-07-01');
    expect(m.asOf['GOLD.M']).toBe('2026-07-01');
    expect(m.asOf['BANK.EQUITY']).toBe('2026-03-31');
    expect(m.asOf.GDP).toBe('2026-04-01'); // Q2 2026, out 30 days after the quarter
  });

  it('batches FRED: one keyless request per frequency with two or more series due, the keyed API for a lone one', () => {
    const first = m.firstRefresh;
    const keyless = first.requests.filter((request) => request.host === 'fred.stlouisfed.org');
    const frequencyOf = (id: string) => getSeries(id).frequency;
    // Daily (RRP, SOFR, … the FX rates) and weekly (WALCL, WDTGAL, WTREGEN, ECBASSETSW): every series of each in one request.
    expect(keyless.map((request) => [...new Set(request.seriesIds.map(frequencyOf))])).toEqual(expect.arrayContaining([['D'], ['W']]));
    expect(keyless).toHaveLength(2);
    for (const frequency of ['D', 'W'] as const) {
      const request = keyless.find((r) => frequencyOf(r.seriesIds[0]!) === frequency)!;
      expect([...request.seriesIds].sort()).toEqual(FRED_IDS.filter((id) => frequencyOf(id) === frequency).sort());
    }
    // M2.US is the only monthly series due (the snapshot holds JPNASSETS to 2026-07-01, due from September)
    // and GDP the only quarterly one: each alone, by the keyed API.
    const keyed = first.requests.filter((request) => request.host === 'api.stlouisfed.org');
    expect(keyed.map((request) => request.seriesIds).sort()).toEqual([['GDP'], ['M2.US']]);
    expect(first.requests.some((request) => request.seriesIds.includes('JPNASSETS'))).toBe(false);
  });

  it('asks each upstream once per batch, series or page needed, and no series twice', () => {
    const first = m.firstRefresh;
    expect(first.byUpstream).toEqual({
      // Two keyless batches (daily, weekly) and two lone series by the keyed API (above).
      'fred.stlouisfed.org': 2,
      'api.stlouisfed.org': 2,
      // SRF only: repo operation results, one request for the date range.
      'markets.newyorkfed.org': 1,
      // TGA.D: one page (about 1,100 business days × 4 rows < 10,000).
      'api.fiscaldata.treasury.gov': 1,
      // One chart per market-price series (11 symbols): the chart API takes one symbol.
      'query2.finance.yahoo.com': 11,
      // GOLD.M and SPX.M: one CSV file each.
      'raw.githubusercontent.com': 2,
      // FDIC: one aggregated request (sums per report date) shared by BANK.EQUITY and BANK.RESERVES.
      'banks.data.fdic.gov': 1,
    });
    expect(first.upstreamRequests).toBe(2 + 2 + 1 + 1 + 11 + 2 + 1);
    expect(first.gatewayRequests).toBe(m.fetchable.length);
    expect(duplicateRequests(m)).toEqual([]);

    const servedIds = (host: string) => first.requests.filter((request) => request.host === host).flatMap((request) => request.seriesIds);
    expect([...servedIds('api.stlouisfed.org'), ...servedIds('fred.stlouisfed.org')].sort()).toEqual(FRED_IDS.filter((id) => id !== 'JPNASSETS').sort());
    expect(servedIds('query2.finance.yahoo.com').sort()).toEqual([...MARKET_IDS].sort());
    expect(servedIds('markets.newyorkfed.org')).toEqual(['SRF']);
    expect(servedIds('raw.githubusercontent.com').sort()).toEqual(['GOLD.M', 'SPX.M']);
    // Ten years of report dates in the one request: from 2016-08-27.
    expect(first.requests.filter((request) => request.host === 'banks.data.fdic.gov').map((request) => request.start)).toEqual(['2016-08-27']);
  });

  it('figure 6 has a line per upstream host and names the one that keeps the refresh from one round trip, and why', () => {
    // Timings as if measured: every host but Yahoo done in one round trip, Yahoo paced over 5 s.
    const timed = {
      ...m,
      firstRefresh: {
        ...m.firstRefresh,
        wallMs: 5200,
        slowestSingleMs: 200,
        slowestSingleId: 'RRP',
        sumOfLatenciesMs: 6000,
        timeline: Object.fromEntries(Object.entries(m.firstRefresh.timeline).map(([host, t]) => [host, { ...t, lastEndMs: host === 'query2.finance.yahoo.com' ? 5150 : 210 }])),
      },
    };
    const figures = refreshFigures(timed);
    const hosts = Object.keys(m.firstRefresh.byUpstream);
    for (const host of hosts) expect(figures.some((figure) => figure.figure.startsWith(`[6] ${host}: ${m.firstRefresh.byUpstream[host]} request`))).toBe(true);
    expect(hosts).toContain('fred.stlouisfed.org');
    const wall = figures[0]!;
    expect(wall).toMatchObject({ value: 5200, met: false });
    expect(wall.target).toMatch(/= 300 ms; prevented by query2\.finance\.yahoo\.com \(11 requests paced at 2\/s .*one symbol per request/);
    expect(wall.target).not.toMatch(/stlouisfed/);
    expect(figures.filter((figure) => !figure.met).map((figure) => figure.figure)).toEqual([wall.figure, expect.stringMatching(/^\[6\] query2\.finance\.yahoo\.com: 11 requests/)]);
    // Without Yahoo's pacing the target holds.
    const quick = refreshFigures({
      ...timed,
      firstRefresh: {
        ...timed.firstRefresh,
        wallMs: 250,
        timeline: Object.fromEntries(Object.entries(timed.firstRefresh.timeline).map(([host, t]) => [host, { ...t, lastEndMs: 210 }])),
      },
    });
    expect(quick.every((figure) => figure.met)).toBe(true);
  });

  it('measures its baseline in the same run: the same refresh with one request per series (no batching, as before issue 14)', () => {
    const unbatched = m.unbatched!;
    // FRED by its keyed API, one request per due series (all but JPNASSETS); nothing keyless.
    expect(unbatched.byUpstream['api.stlouisfed.org']).toBe(FRED_IDS.length - 1);
    expect(unbatched.byUpstream['fred.stlouisfed.org']).toBeUndefined();
    expect(unbatched.upstreamRequests - m.firstRefresh.upstreamRequests).toBe(FRED_IDS.length - 1 - 4);
    const line = refreshFigures(m).find((figure) => figure.figure.includes('vs one request per series'))!;
    expect(line).toMatchObject({ met: true, target: `fewer upstream requests than one per series (${m.firstRefresh.upstreamRequests} < ${unbatched.upstreamRequests})` });
    expect(line.figure).toMatch(
      /batched \(20 requests: query2\.finance\.yahoo\.com 11, .*api\.stlouisfed\.org 2.*\) vs one request per series \(\d+ requests: api\.stlouisfed\.org \d+, query2\.finance\.yahoo\.com 11/,
    );
  });

  it('builds on the embedded snapshot: FRED series the add-in ships are asked from their last shipped date minus the overlap', () => {
    const shipped = new Map(embeddedSnapshotSeries().map((item) => [item.series.id, item.series]));
    for (const request of m.firstRefresh.requests.filter((r) => r.host === 'api.stlouisfed.org')) {
      const id = request.seriesIds[0]!;
      const series = shipped.get(id);
      const expected = series ? incrementalSince(getSeries(id), series.days[series.days.length - 1]!) : undefined;
      expect([id, request.start]).toEqual([id, expected]);
    }
    // The keyless batch: one cosd per id, each that id's own start; an id not shipped (RRP.AWARD) from FRED's first date.
    const daily = m.firstRefresh.requests.find((r) => r.host === 'fred.stlouisfed.org' && r.seriesIds.includes('RRP'))!;
    const ids = new URLSearchParams(daily.target.split('?')[1]).get('id')!.split(',');
    const cosd = new URLSearchParams(daily.target.split('?')[1]).get('cosd')!.split(',');
    expect(cosd).toHaveLength(ids.length);
    const rrp = shipped.get('RRP')!;
    expect(cosd[ids.indexOf('RRPONTSYD')]).toBe(incrementalSince(getSeries('RRP'), rrp.days[rrp.days.length - 1]!));
    expect(cosd[ids.indexOf('RRPONTSYAWARD')]).toBe('1776-07-04');
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
