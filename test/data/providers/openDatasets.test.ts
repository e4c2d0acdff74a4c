import { openDatasetsProvider } from '../../../src/data/providers/openDatasets';
import { UpstreamError } from '../../../src/data/upstreamError';
import { contextFor, entry, fakeUpstream, pairs } from './_helpers/fakeUpstream';

const BASE = 'http://127.0.0.1:9/datasets';
const NOW = '2026-07-15T12:00:00Z';

/**
 * Hand-made: no recording of the GitHub raw files is in the fixtures. Header, date form
 * (`YYYY-MM`) and number format as in datasets/gold-prices data/monthly.csv; the 1833 row is that
 * file's first, the 2025 values are those of shared/data/prices/GOLD_MONTHLY.csv.
 */
const GOLD_CSV = 'Date,Price\n1833-01,18.930\n1833-02,18.930\n2025-10,4058.330\n2025-11,4087.000\n2025-12,4309.000\n';

/**
 * Hand-made: Shiller's header and rows of datasets/s-and-p-500 data/data.csv (1871-01 and 2016-01
 * as in that file, empty cells included), then the FRED-era months in `YYYY-MM` form, values from
 * shared/data/prices/SPX_MONTHLY.csv, with the other columns empty.
 */
const SPX_CSV =
  'Date,SP500,Dividend,Earnings,Consumer Price Index,Long Interest Rate,Real Price,Real Dividend,Real Earnings,PE10\n' +
  '1871-01-01,4.44,0.26,0.4,12.46,5.32,85.1,4.98,7.67\n' +
  '2016-01-01,1918.6,43.55,,236.92,2.09,1934.65,43.92,\n' +
  '2025-11,6740.89,,,,,,,,\n' +
  '2025-12,6853.03,,,,,,,,\n' +
  '2026-01,,,,,,,,,\n';

async function kindOf(promise: Promise<unknown>): Promise<string | undefined> {
  return promise.then(
    () => undefined,
    (error: unknown) => (error instanceof UpstreamError ? error.kind : `not an UpstreamError: ${String(error)}`),
  );
}

describe('openDatasetsProvider', () => {
  it('serves GOLD.M and SPX.M, without a key', () => {
    expect(openDatasetsProvider.supports(entry('GOLD.M'))).toBe(true);
    expect(openDatasetsProvider.supports(entry('SPX.M'))).toBe(true);
    expect(openDatasetsProvider.supports(entry('GOLD'))).toBe(false);
    expect(openDatasetsProvider.keyVariable).toBeUndefined();
  });

  it('GOLD.M: reads monthly.csv, `YYYY-MM` → the first of the month, USD per troy ounce', async () => {
    const upstream = fakeUpstream(() => GOLD_CSV);
    const result = await openDatasetsProvider.fetch(entry('GOLD.M'), undefined, contextFor(upstream, { baseUrl: `${BASE}/`, now: NOW }));
    expect(upstream.urls).toEqual([`${BASE}/gold-prices/main/data/monthly.csv`]);
    expect(result.url).toBe(upstream.urls[0]);
    expect(result.series.units).toBe('USD_PER_OZ');
    expect(pairs(result.series)).toEqual([
      ['1833-01-01', 18.93],
      ['1833-02-01', 18.93],
      ['2025-10-01', 4058.33],
      ['2025-11-01', 4087],
      ['2025-12-01', 4309],
    ]);
  });

  it('GOLD.M: keeps months on or after `since`', async () => {
    const upstream = fakeUpstream(() => GOLD_CSV);
    const result = await openDatasetsProvider.fetch(entry('GOLD.M'), '2025-11-01', contextFor(upstream, { baseUrl: BASE, now: NOW }));
    expect(pairs(result.series).map(([date]) => date)).toEqual(['2025-11-01', '2025-12-01']);
  });

  it('SPX.M: takes Date and SP500 only, both date forms, empty cells skipped', async () => {
    const upstream = fakeUpstream(() => SPX_CSV);
    const result = await openDatasetsProvider.fetch(entry('SPX.M'), undefined, contextFor(upstream, { baseUrl: BASE, now: NOW }));
    expect(upstream.urls).toEqual([`${BASE}/s-and-p-500/main/data/data.csv`]);
    expect(result.series.units).toBe('PRICE_USD');
    expect(pairs(result.series)).toEqual([
      ['1871-01-01', 4.44],
      ['2016-01-01', 1918.6],
      ['2025-11-01', 6740.89],
      ['2025-12-01', 6853.03],
    ]);
  });

  it('reads CRLF line ends and a byte-order mark', async () => {
    const upstream = fakeUpstream(() => `\uFEFF${GOLD_CSV.replace(/\n/g, '\r\n')}`);
    const result = await openDatasetsProvider.fetch(entry('GOLD.M'), '2025-12-01', contextFor(upstream, { baseUrl: BASE, now: NOW }));
    expect(pairs(result.series)).toEqual([['2025-12-01', 4309]]);
  });

  it.each([
    ['GOLD.M', 'JSON instead of CSV', '{"Date":"2025-12","Price":4309}'],
    ['GOLD.M', 'an HTML error page', '<!DOCTYPE html><html><body>404: Not Found</body></html>'],
    ['GOLD.M', 'the wrong columns', 'date,close\n2025-12-01,4309\n'],
    ['GOLD.M', 'a date that is not a month', 'Date,Price\nDec 2025,4309\n'],
    ['GOLD.M', 'a value that is not a number', 'Date,Price\n2025-12,$4309\n'],
    ['GOLD.M', 'a month twice', 'Date,Price\n2025-12,4309\n2025-12-01,4310\n'],
    ['SPX.M', 'a missing SP500 column', GOLD_CSV],
  ])("%s: throws 'malformed' for %s", async (id, _label, body) => {
    const upstream = fakeUpstream(() => body);
    expect(await kindOf(openDatasetsProvider.fetch(entry(id), undefined, contextFor(upstream, { baseUrl: BASE, now: NOW })))).toBe('malformed');
  });

  it('returns an empty series when nothing is on or after `since`', async () => {
    const upstream = fakeUpstream(() => GOLD_CSV);
    const result = await openDatasetsProvider.fetch(entry('GOLD.M'), '2026-01-01', contextFor(upstream, { baseUrl: BASE, now: NOW }));
    expect(result.series.days.length).toBe(0);
  });
});
