/**
 * FRED's keyless CSV download (fredgraph.csv) against the recorded downloads in
 * ../shared/fixtures/fred (INDEX.md, "Additions of 2026-12-07"): the current format (empty cell for
 * missing), the legacy one (DATE header, "."), several ids in one file, the ZIP FRED sends for
 * mixed frequencies, and the HTML page of an unknown id.
 */
import { zipSync } from 'fflate';
import { fredGraphProvider, parseFredCsv } from '../../../src/data/providers/fredGraph';
import { HttpStatusError } from '../../../src/data/providers/http';
import type { HttpGet, ProviderContext, ProviderResult } from '../../../src/data/providers/types';
import { UpstreamError } from '../../../src/data/upstreamError';
import { entry, pairs, query, fixture } from './_helpers/fakeUpstream';

const BASE = 'http://127.0.0.1:9';
const RRP_CSV = fixture('fred/fredgraph_RRPONTSYD_daily_2021-06-23_2026-06-23.csv');
const TARGET_CSV = fixture('fred/fredgraph_DFEDTARU_DFEDTARL_daily_multi.csv');
const WALCL_CSV = fixture('fred/fredgraph_WALCL_weekly_2010-01-06_2019-12-25.csv');
const WRESBAL_CSV = fixture('fred/fredgraph_WRESBAL_weekly_2021-06-23_2026-06-17.csv');
const LEGACY_WTREGEN = fixture('fred/fredgraph_legacy_WTREGEN_billions_2018-2023.csv');
const LEGACY_DOTS = fixture('fred/fredgraph_legacy_DATE_header_DFF_DGS10_DGS3MO_DGS5_monthly.csv');
const NOT_FOUND_HTML = fixture('fred/fredgraph_404_unknown_series_NGDPSAXDCCHQ.TRIMMED.html');

/** WRESBAL is not in the catalogue: a weekly FRED entry standing in for it ("weekly, ending Wednesday"). */
const WRESBAL = { ...entry('TGA.WAVG'), id: 'WRESBAL', upstreamId: 'WRESBAL' };

/** An HttpGet answering raw bytes, as the real one hands them to `decode`. */
function bytesUpstream(respond: (url: string) => Uint8Array | string | Error) {
  const urls: string[] = [];
  const get: HttpGet = async (url, options) => {
    urls.push(url);
    const answer = respond(url);
    if (answer instanceof Error) throw answer;
    const bytes = typeof answer === 'string' ? new TextEncoder().encode(answer) : answer;
    return options.decode ? options.decode(bytes) : new TextDecoder().decode(bytes);
  };
  const context: ProviderContext = { get, baseUrl: BASE, now: () => new Date('2026-12-07T12:00:00Z') };
  return { urls, context };
}

async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}

describe('fredGraphProvider (FRED keyless CSV)', () => {
  it('serves every FRED entry without a key, one batch per catalogue frequency', () => {
    for (const id of ['WALCL', 'TGA', 'TGA.WAVG', 'RRP', 'SOFR', 'EFFR', 'IORB', 'FF.UPPER', 'FF.LOWER', 'RRP.AWARD', 'M2.US'])
      expect(fredGraphProvider.supports(entry(id))).toBe(true);
    for (const id of ['SRF', 'TGA.D', 'BTC', 'M2.CN']) expect(fredGraphProvider.supports(entry(id))).toBe(false);
    expect(fredGraphProvider.keyVariable).toBeUndefined();
    expect(fredGraphProvider.defaultBaseUrl).toBe('https://fred.stlouisfed.org');
    expect(['WALCL', 'TGA', 'TGA.WAVG'].map((id) => fredGraphProvider.batchKey!(entry(id)))).toEqual(['W', 'W', 'W']);
    expect(fredGraphProvider.batchKey!(entry('SOFR'))).not.toBe(fredGraphProvider.batchKey!(entry('WALCL')));
  });

  it('reads the current format: observation_date header, empty cells for holidays, values as published (RRPONTSYD)', async () => {
    const upstream = bytesUpstream(() => RRP_CSV);
    const result = await fredGraphProvider.fetch(entry('RRP'), undefined, upstream.context);
    expect(upstream.urls).toEqual([`${BASE}/graph/fredgraph.csv?id=RRPONTSYD`]);
    const observed = pairs(result.series);
    // fredgraph_RRPONTSYD_daily_2021-06-23_2026-06-23.csv: 1305 rows, 58 of them empty (holidays).
    expect(observed).toHaveLength(1305 - 58);
    expect(observed[0]).toEqual(['2021-06-23', 813.65]);
    expect(observed.at(-1)).toEqual(['2026-06-23', 6.484]);
    const christmas = observed.findIndex(([date]) => date === '2025-12-24');
    expect(observed.slice(christmas, christmas + 2)).toEqual([
      ['2025-12-24', 4.803],
      ['2025-12-26', 20.339],
    ]); // 2025-12-25 is empty
    expect(result.series.units).toBe('USD_BILLIONS'); // as FRED publishes RRPONTSYD, as the keyed path takes it
    expect(result.source).toBe('FRED RRPONTSYD (keyless fredgraph.csv)');
  });

  it('asks several ids of one frequency in one request, with one cosd per id, and cuts each at its own since (DFEDTARU, DFEDTARL)', async () => {
    const upstream = bytesUpstream(() => TARGET_CSV);
    const results = await fredGraphProvider.fetchMany!(
      [
        { entry: entry('FF.UPPER'), since: '2026-03-09' },
        { entry: entry('FF.LOWER'), since: undefined },
      ],
      upstream.context,
    );
    expect(upstream.urls).toHaveLength(1);
    expect(query(upstream.urls[0])).toEqual({ id: 'DFEDTARU,DFEDTARL', cosd: '2026-03-09,1776-07-04' });
    const upper = results.get('FF.UPPER') as ProviderResult;
    const lower = results.get('FF.LOWER') as ProviderResult;
    // fredgraph_DFEDTARU_DFEDTARL_daily_multi.csv: 2021-03-11 … 2026-03-11, every calendar day.
    expect(pairs(upper.series)).toEqual([
      ['2026-03-09', 3.75],
      ['2026-03-10', 3.75],
      ['2026-03-11', 3.75],
    ]);
    expect(pairs(lower.series)).toHaveLength(1827);
    expect(pairs(lower.series)[0]).toEqual(['2021-03-11', 0]);
    expect(pairs(lower.series).at(-1)).toEqual(['2026-03-11', 3.5]);
  });

  it('reads the legacy format: DATE header and "." for missing (an older download)', () => {
    // fredgraph_legacy_WTREGEN_billions_2018-2023.csv: 261 weeks, WTREGEN then in BILLIONS.
    const wtregen = parseFredCsv(LEGACY_WTREGEN, 'legacy').get('WTREGEN')!;
    expect(wtregen).toHaveLength(261);
    expect(wtregen[0]?.[1]).toBe(324.457);
    expect(wtregen.at(-1)![1]).toBe(514.337);
    // fredgraph_legacy_DATE_header_DFF_DGS10_DGS3MO_DGS5_monthly.csv: 514 months, DGS3MO "." in the first 26.
    const columns = parseFredCsv(LEGACY_DOTS, 'legacy');
    expect([...columns.keys()]).toEqual(['DFF', 'DGS10', 'DGS3MO', 'DGS5']);
    expect(columns.get('DFF')).toHaveLength(514);
    expect(columns.get('DGS3MO')).toHaveLength(514 - 26);
    expect(columns.get('DFF')?.[0]?.[1]).toBeCloseTo(10.9361290322580645, 12);
  });

  it('reads the ZIP FRED sends for mixed frequencies, one CSV per frequency (fflate), and ignores its README', async () => {
    const zip = zipSync({
      'README.txt': new TextEncoder().encode('Data in this archive come from FRED.\n'),
      'weekly,_as_of_wednesday.csv': new TextEncoder().encode(WALCL_CSV),
      'weekly,_ending_wednesday.csv': new TextEncoder().encode(WRESBAL_CSV),
    });
    expect(Array.from(zip.subarray(0, 2))).toEqual([0x50, 0x4b]); // "PK"
    const upstream = bytesUpstream(() => zip);
    const results = await fredGraphProvider.fetchMany!(
      [
        { entry: entry('WALCL'), since: '2019-12-18' },
        { entry: WRESBAL, since: '2026-06-10' },
      ],
      upstream.context,
    );
    expect(upstream.urls).toEqual([`${BASE}/graph/fredgraph.csv?id=WALCL,WRESBAL&cosd=2019-12-18,2026-06-10`]);
    // The last rows of fredgraph_WALCL_weekly_2010-01-06_2019-12-25.csv and fredgraph_WRESBAL_weekly_2021-06-23_2026-06-17.csv.
    expect(pairs((results.get('WALCL') as ProviderResult).series)).toEqual([
      ['2019-12-18', 4137052],
      ['2019-12-25', 4165591],
    ]);
    expect(pairs((results.get('WRESBAL') as ProviderResult).series)).toEqual([
      ['2026-06-10', 3080723],
      ['2026-06-17', 3033444],
    ]);
  });

  it('refuses a ZIP that cannot be read, and one without CSV files', async () => {
    const broken = zipSync({ 'monthly.csv': new TextEncoder().encode('observation_date,M2SL\n2026-01-01,22000.1\n') }).slice(0, 40);
    expect((await failure(fredGraphProvider.fetch(entry('M2.US'), undefined, bytesUpstream(() => broken).context))).message).toMatch(/the ZIP cannot be read/);
    const readmeOnly = zipSync({ 'README.txt': new TextEncoder().encode('nothing') });
    expect((await failure(fredGraphProvider.fetch(entry('M2.US'), undefined, bytesUpstream(() => readmeOnly).context))).message).toMatch(/the ZIP holds no CSV file/);
  });

  it('an unknown id (HTTP 404, an HTML page) is an http error naming the page, never a CSV with no rows', async () => {
    const notFound = new HttpStatusError('http', `HTTP 404 from 127.0.0.1:9/graph/fredgraph.csv`, { status: 404 }, NOT_FOUND_HTML.replace(/\s+/g, ' ').slice(0, 500));
    const error = await failure(fredGraphProvider.fetch(entry('WALCL'), undefined, bytesUpstream(() => notFound).context));
    expect(error).toMatchObject({ kind: 'http', status: 404 });
    expect(error.retryable).toBe(false);
    expect(error.message).toBe('FRED keyless CSV WALCL: FRED knows no such series (HTTP 404 from 127.0.0.1:9/graph/fredgraph.csv, an HTML page titled "Error - St. Louis Fed")');
  });

  it('splits a batch FRED refused with 404 into single requests, so one unknown id does not hold the others back', async () => {
    const notFound = new HttpStatusError('http', 'HTTP 404 from 127.0.0.1:9/graph/fredgraph.csv', { status: 404 }, '<html>');
    const upstream = bytesUpstream((url) => {
      const ids = query(url).id;
      return ids === 'DFEDTARU' ? 'observation_date,DFEDTARU\n2026-03-11,3.75\n' : notFound;
    });
    const results = await fredGraphProvider.fetchMany!(
      [
        { entry: entry('FF.UPPER'), since: undefined },
        { entry: { ...entry('FF.LOWER'), upstreamId: 'NOSUCHID' }, since: undefined },
      ],
      upstream.context,
    );
    expect(upstream.urls.map((url) => query(url).id)).toEqual(['DFEDTARU,NOSUCHID', 'DFEDTARU', 'NOSUCHID']);
    expect(pairs((results.get('FF.UPPER') as ProviderResult).series)).toEqual([['2026-03-11', 3.75]]);
    expect(results.get('FF.LOWER')).toMatchObject({ kind: 'http', status: 404 });
  });

  it('refuses an HTML page served as 200 (a CDN challenge), another header, ragged rows and a missing column', async () => {
    expect((await failure(fredGraphProvider.fetch(entry('WALCL'), undefined, bytesUpstream(() => NOT_FOUND_HTML).context))).message).toMatch(
      /FRED keyless CSV WALCL: an HTML page, not CSV \("Error - St\. Louis Fed"\)/,
    );
    expect((await failure(fredGraphProvider.fetch(entry('WALCL'), undefined, bytesUpstream(() => 'date,WALCL\n2026-01-07,1\n').context))).message).toMatch(/not a FRED CSV/);
    expect((await failure(fredGraphProvider.fetch(entry('WALCL'), undefined, bytesUpstream(() => 'observation_date,WALCL\n2026-01-07,1,2\n').context))).message).toMatch(
      /line 2 has 3 cells/,
    );
    // A transformed column (as in fredgraph_quarterly_transformed_and_formula_columns.csv) is not the series itself.
    const transformed = fixture('fred/fredgraph_quarterly_transformed_and_formula_columns.csv');
    const error = await failure(fredGraphProvider.fetch({ ...entry('M2.US'), upstreamId: 'CPIAUCSL' }, undefined, bytesUpstream(() => transformed).context));
    expect(error.message).toMatch(/the answer has no column CPIAUCSL \(columns: CPIAUCSL_PCH, /);
  });
});
