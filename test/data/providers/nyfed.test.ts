import { nyfedProvider } from '../../../src/data/providers/nyfed';
import { UpstreamError } from '../../../src/data/upstreamError';
import { contextFor, entry, fakeUpstream, fixture, pairs, query } from './_helpers/fakeUpstream';

const BASE = 'http://127.0.0.1:9';
const NOW = '2023-04-24T15:00:00Z';

/** Real, trimmed: 80 operations, Repo and Reverse Repo mixed (rp/all/all), 2023-04-21 back to 2023-02-24. */
const RP_ALL = fixture('nyfed/rp_all_all_results_last_500_TRIMMED_80ops.json');

/**
 * Hand-made: no recording of the reverserepo/all/results/search endpoint exists. The two
 * operations are copied from the real rp/all fixture (same raw formatting, keys and values); the
 * second 2023-04-21 operation is invented to show that operations of one day are summed.
 */
const REVERSE_REPO_BODY =
  '{ "repo": { "operations": [ ' +
  '{ "operationId": "RP 042123 1", "auctionStatus": "Results", "operationDate": "2023-04-21", "settlementDate": "2023-04-21", "maturityDate": "2023-04-24", "operationType": "Reverse Repo", "operationMethod": "Fixed Rate", "settlementType": "Same Day", "termCalenderDays": 3, "term": "Overnight", "releaseTime": "12:45", "closeTime": "13:15", "note": "", "lastUpdated": "2023-04-21 13:15:49" ,"participatingCpty": 105 ,"acceptedCpty": 105 ,"totalAmtSubmitted": 2290023000000 ,"totalAmtAccepted": 2290023000000 , "details": [ { "securityType": "Treasury", "amtSubmitted": 2290023000000, "amtAccepted": 2290023000000 ,"percentOfferingRate": 4.80 ,"percentAwardRate": 4.80 } ] }, ' +
  '{ "operationId": "RP 042123 3", "auctionStatus": "Results", "operationDate": "2023-04-21", "settlementDate": "2023-04-21", "maturityDate": "2023-04-24", "operationType": "Reverse Repo", "operationMethod": "Fixed Rate", "settlementType": "Same Day", "termCalenderDays": 3, "term": "Overnight", "releaseTime": "15:45", "closeTime": "16:15", "note": "", "lastUpdated": "2023-04-21 16:15:49" ,"participatingCpty": 2 ,"acceptedCpty": 2 ,"totalAmtSubmitted": 5000000 ,"totalAmtAccepted": 5000000 , "details": [ { "securityType": "Treasury", "amtSubmitted": 5000000, "amtAccepted": 5000000 ,"percentOfferingRate": 4.80 ,"percentAwardRate": 4.80 } ] }, ' +
  '{ "operationId": "RP 042023 1", "auctionStatus": "Results", "operationDate": "2023-04-20", "settlementDate": "2023-04-20", "maturityDate": "2023-04-21", "operationType": "Reverse Repo", "operationMethod": "Fixed Rate", "settlementType": "Same Day", "termCalenderDays": 1, "term": "Overnight", "releaseTime": "12:45", "closeTime": "13:15", "note": "", "lastUpdated": "2023-04-20 13:15:40" ,"participatingCpty": 103 ,"acceptedCpty": 103 ,"totalAmtSubmitted": 2277259000000 ,"totalAmtAccepted": 2277259000000 , "details": [ { "securityType": "Treasury", "amtSubmitted": 2277259000000, "amtAccepted": 2277259000000 ,"percentOfferingRate": 4.80 ,"percentAwardRate": 4.80 } ] } ] } }';

async function kindOf(promise: Promise<unknown>): Promise<string | undefined> {
  return promise.then(
    () => undefined,
    (error: unknown) => (error instanceof UpstreamError ? error.kind : `not an UpstreamError: ${String(error)}`),
  );
}

describe('nyfedProvider', () => {
  it('serves SRF, and SOFR, EFFR, RRP and RRP.AWARD as a keyless fallback', () => {
    for (const id of ['SRF', 'SOFR', 'EFFR', 'RRP', 'RRP.AWARD']) expect(nyfedProvider.supports(entry(id))).toBe(true);
    for (const id of ['WALCL', 'IORB', 'TGA.D', 'GOLD']) expect(nyfedProvider.supports(entry(id))).toBe(false);
    expect(nyfedProvider.keyVariable).toBeUndefined();
  });

  describe('SRF (repo operation results)', () => {
    it('asks the repo search from `since` to today and keeps only Repo operations of the mixed recording', async () => {
      const upstream = fakeUpstream(() => RP_ALL);
      const result = await nyfedProvider.fetch(entry('SRF'), '2023-02-24', contextFor(upstream, { baseUrl: BASE, now: NOW }));
      expect(upstream.urls).toEqual([`${BASE}/api/rp/repo/all/results/search.json?startDate=2023-02-24&endDate=2023-04-24`]);
      expect(result.url).toBe(upstream.urls[0]);
      expect(result.series.units).toBe('USD_BILLIONS');
      // 39 days with an overnight Repo operation; 2023-02-24 had only a Reverse Repo.
      expect(result.series.days.length).toBe(39);
      expect(pairs(result.series)[0]?.[0]).toBe('2023-02-27');
    });

    it('sums whole dollars per day and converts to billions: index 19 (2023-04-10) 3000000 dollars = 0.003', async () => {
      const upstream = fakeUpstream(() => RP_ALL);
      const values = new Map(pairs((await nyfedProvider.fetch(entry('SRF'), undefined, contextFor(upstream, { baseUrl: BASE, now: NOW }))).series));
      expect(values.get('2023-04-10')).toBe(0.003);
      expect(values.get('2023-03-28')).toBe(0.007);
      expect(values.get('2023-04-21')).toBe(0);
      // 2023-03-08 has a 56000000-dollar Term operation (index 62) and an overnight one of 0: only the overnight counts.
      expect(values.get('2023-03-08')).toBe(0);
    });

    it('asks five years back when there is no `since`', async () => {
      const upstream = fakeUpstream(() => '{ "repo": { "operations": [ ] } }');
      const result = await nyfedProvider.fetch(entry('SRF'), undefined, contextFor(upstream, { baseUrl: BASE, now: NOW }));
      expect(query(upstream.urls[0])).toEqual({ startDate: '2018-04-24', endDate: '2023-04-24' });
      expect(result.series.days.length).toBe(0);
    });
  });

  describe('RRP and RRP.AWARD (reverse repo results)', () => {
    it('sums reverse repo operations per day, dollars → billions (hand-made reverserepo body)', async () => {
      const upstream = fakeUpstream(() => REVERSE_REPO_BODY);
      const result = await nyfedProvider.fetch(entry('RRP'), '2023-04-20', contextFor(upstream, { baseUrl: BASE, now: NOW }));
      expect(upstream.urls).toEqual([`${BASE}/api/rp/reverserepo/all/results/search.json?startDate=2023-04-20&endDate=2023-04-24`]);
      expect(result.series.units).toBe('USD_BILLIONS');
      expect(pairs(result.series)).toEqual([
        ['2023-04-20', 2277.259],
        ['2023-04-21', 2290.028],
      ]);
    });

    it('matches FRED RRPONTSYD (billions) on the real recording, Repo rows ignored', async () => {
      const upstream = fakeUpstream(() => RP_ALL);
      const values = new Map(pairs((await nyfedProvider.fetch(entry('RRP'), undefined, contextFor(upstream, { baseUrl: BASE, now: NOW }))).series));
      expect(values.size).toBe(40);
      // shared/data/macro/RRPONTSYD.csv: 2023-03-08,2193.237 and 2023-04-10,2239.655
      expect(values.get('2023-03-08')).toBe(2193.237);
      expect(values.get('2023-04-10')).toBe(2239.655);
      expect(values.get('2023-04-21')).toBe(2290.023);
    });

    it('reads the award rate of the reverse repo details, percent', async () => {
      const upstream = fakeUpstream(() => RP_ALL);
      const result = await nyfedProvider.fetch(entry('RRP.AWARD'), '2023-03-21', contextFor(upstream, { baseUrl: BASE, now: NOW }));
      expect(upstream.urls[0]).toContain('/api/rp/reverserepo/all/results/search.json?startDate=2023-03-21');
      expect(result.series.units).toBe('PERCENT');
      const values = new Map(pairs(result.series));
      expect(values.get('2023-03-22')).toBe(4.55);
      expect(values.get('2023-03-23')).toBe(4.8);
      expect(values.get('2023-04-21')).toBe(4.8);
      expect(values.has('2023-03-20')).toBe(false);
    });
  });

  describe('reference rates', () => {
    it('SOFR: asks the secured search and sorts the newest-first rows', async () => {
      const upstream = fakeUpstream(() => fixture('nyfed/rates_secured_sofr_search.json'));
      const result = await nyfedProvider.fetch(entry('SOFR'), '2024-06-01', contextFor(upstream, { baseUrl: BASE, now: '2024-06-06T23:30:00Z' }));
      expect(upstream.urls).toEqual([`${BASE}/api/rates/secured/sofr/search.json?startDate=2024-06-01&endDate=2024-06-06`]);
      expect(result.series.units).toBe('PERCENT');
      expect(pairs(result.series)).toEqual([
        ['2024-06-03', 5.35],
        ['2024-06-04', 5.33],
        ['2024-06-05', 5.33],
        ['2024-06-06', 5.33],
      ]);
    });

    it('EFFR: asks the unsecured search; 108 rows, 2023-01-03 = 4.33', async () => {
      const upstream = fakeUpstream(() => fixture('nyfed/rates_unsecured_effr_search.json'));
      const result = await nyfedProvider.fetch(entry('EFFR'), '2023-01-01', contextFor(upstream, { baseUrl: BASE, now: '2023-06-06T20:00:00Z' }));
      expect(upstream.urls).toEqual([`${BASE}/api/rates/unsecured/effr/search.json?startDate=2023-01-01&endDate=2023-06-06`]);
      expect(result.series.days.length).toBe(108);
      expect(pairs(result.series)[0]).toEqual(['2023-01-03', 4.33]);
      expect(pairs(result.series)[107]).toEqual(['2023-06-06', 5.08]);
    });

    it('tolerates rows without percentRate (SOFRAI) and rows of other rate types', async () => {
      const body = fixture('nyfed/rates_all_latest_refRates_raw.json');
      const sofr = await nyfedProvider.fetch(
        entry('SOFR'),
        undefined,
        contextFor(
          fakeUpstream(() => body),
          { baseUrl: BASE, now: NOW },
        ),
      );
      const effr = await nyfedProvider.fetch(
        entry('EFFR'),
        undefined,
        contextFor(
          fakeUpstream(() => body),
          { baseUrl: BASE, now: NOW },
        ),
      );
      expect(pairs(sofr.series)).toEqual([['2023-04-14', 4.8]]);
      expect(pairs(effr.series)).toEqual([['2023-04-14', 4.83]]);
    });
  });

  it.each([
    ['SRF', 'truncated JSON', RP_ALL.slice(0, 5000)],
    ['SRF', 'the wrong shape', '{ "repo": { "operations": { } } }'],
    ['SRF', 'an amount as text', RP_ALL.replace('"totalAmtAccepted": 3000000', '"totalAmtAccepted": "3000000"')],
    ['RRP', 'a date that is not ISO', REVERSE_REPO_BODY.replace('"operationDate": "2023-04-20"', '"operationDate": "04/20/2023"')],
    ['SOFR', 'truncated JSON', fixture('nyfed/rates_secured_sofr_search.json').slice(0, 300)],
    ['SOFR', 'the wrong shape', '{ "refRates": [ { "effectiveDate": "2024-06-06", "type": "SOFR", "percentRate": "5.33" } ] }'],
    [
      'EFFR',
      'the same day twice',
      '{ "refRates": [ { "effectiveDate": "2024-06-06", "type": "EFFR", "percentRate": 5.33 }, { "effectiveDate": "2024-06-06", "type": "EFFR", "percentRate": 5.34 } ] }',
    ],
  ])("%s: throws 'malformed' for %s", async (id, _label, body) => {
    const upstream = fakeUpstream(() => body);
    expect(await kindOf(nyfedProvider.fetch(entry(id), undefined, contextFor(upstream, { baseUrl: BASE, now: NOW })))).toBe('malformed');
  });

  it('returns an empty series for an empty range', async () => {
    const upstream = fakeUpstream(() => '{ "refRates": [ ] }');
    const result = await nyfedProvider.fetch(entry('SOFR'), '2024-06-08', contextFor(upstream, { baseUrl: BASE, now: '2024-06-09T12:00:00Z' }));
    expect(result.series.days.length).toBe(0);
  });
});
