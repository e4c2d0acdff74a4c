/**
 * ALFRED vintages of GDP through the real HTTP client against the mock upstream, which answers
 * with the recorded responses in ../shared/fixtures/fred_alfred/ (INDEX.md, "Additions of
 * 2026-12-07", recorded 2025-01-20). Golden values are GDP for 2018-07-01 (Q3 2018), USD billions
 * at an annual rate; each names the file it is read from.
 */
import { getSeries } from '../../../src/catalog/lookup';
import { formatIsoDate, parseIsoDate } from '../../../src/core/dates/isoDate';
import { firstDay, lastDay, type Series } from '../../../src/core/series/series';
import { alfredProvider, splitWindows } from '../../../src/data/providers/alfred';
import { alfredGraphProvider, parseAlfredGraph, vintageColumns } from '../../../src/data/providers/alfredGraph';
import { createHttpGet } from '../../../src/data/providers/http';
import type { ProviderContext } from '../../../src/data/providers/types';
import { UpstreamError } from '../../../src/data/upstreamError';
import { ALFREDGRAPH_PATH, ALFRED_FILES, ALFRED_FOLDER, ALFRED_VINTAGE_DATES_PATH } from '../../../harness/upstreams/alfredUpstream';
import { FRED_OBSERVATIONS_PATH, startMockUpstream, type MockUpstream } from '../../../harness/upstreams/mockUpstream';
import { readSharedFixture } from '../../../harness/upstreams/sharedFixtures';

const GDP = getSeries('GDP');
const Q3_2018 = parseIsoDate('2018-07-01');
const TODAY = '2026-12-07T12:00:00Z';

let upstream: MockUpstream;
beforeAll(async () => {
  upstream = await startMockUpstream();
});
afterAll(() => upstream.close());
beforeEach(() => {
  upstream.setVintageCap(2000);
  upstream.requests.length = 0;
});

function context(options: { apiKey?: string; now?: string } = {}): ProviderContext {
  return {
    get: createHttpGet({ timeoutMs: 5000, maxBytes: 20_000_000 }),
    baseUrl: upstream.url,
    ...(options.apiKey === undefined ? {} : { apiKey: options.apiKey }),
    now: () => new Date(options.now ?? TODAY),
  };
}

function valueOn(series: Series, day: number): number | undefined {
  const index = Array.from(series.days).indexOf(day);
  return index < 0 ? undefined : series.values[index];
}

async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UpstreamError) return error;
    throw error;
  }
  throw new Error('expected an UpstreamError');
}

describe('ALFRED, keyed (fred/series/observations with a real-time window)', () => {
  it('gives Q3 2018 as first published: 20659.029, the advance estimate of 2018-10-26', async () => {
    // series_observations_GDP_initial_release_output_type4_recorded-2025-01-20.json, row date 2018-07-01
    const result = await alfredProvider.fetchVintage(GDP, 'first', context({ apiKey: 'k' }));
    expect(valueOn(result.series, Q3_2018)).toBe(20659.029);
    expect(result).toMatchObject({ vintage: 'first', source: 'ALFRED GDP, as first published' });
    expect(result.series.days).toHaveLength(132); // ALFRED's first releases start at 1991-10-01
    expect(formatIsoDate(firstDay(result.series))).toBe('1991-10-01');
    expect(upstream.requestsTo(FRED_OBSERVATIONS_PATH).map((r) => [r.query.output_type, r.query.realtime_start, r.query.realtime_end])).toEqual([
      ['4', '1776-07-04', '9999-12-31'],
    ]);
    expect(result.url).not.toContain('api_key=k');
  });

  it('gives Q3 2018 as known on 2019-01-01: 20658.204, the third estimate of 2018-12-21', async () => {
    // series_observations_GDP_realtime_end_2019-01-01_recorded-2025-01-20.json, the row of 2018-07-01 open on 2019-01-01
    const result = await alfredProvider.fetchVintage(GDP, '2019-01-01', context({ apiKey: 'k' }));
    expect(valueOn(result.series, Q3_2018)).toBe(20658.204);
    expect(formatIsoDate(lastDay(result.series))).toBe('2018-07-01'); // Q4 2018 came out in February
    expect(upstream.requestsTo(FRED_OBSERVATIONS_PATH).map((r) => [r.query.output_type, r.query.realtime_start, r.query.realtime_end])).toEqual([
      ['1', '1776-07-04', '2019-01-01'],
    ]);
  });

  it("gives Q3 2018 as known on the day of the recording: 20798.73, today's value", async () => {
    // series_observations_GDP_all_vintages_output_type1_recorded-2025-01-20.json, the open-ended (9999-12-31) row of 2018-07-01
    const result = await alfredProvider.fetchVintage(GDP, '2025-01-20', context({ apiKey: 'k' }));
    expect(valueOn(result.series, Q3_2018)).toBe(20798.73);
    expect(formatIsoDate(lastDay(result.series))).toBe('2024-07-01');
  });

  it('leaves out an observation withdrawn in that vintage ("."), never an older value', async () => {
    // all-vintages file: 1946-01-01 is 210.4 from 1997-05-07 to 1999-10-27, then "." for good
    const before = await alfredProvider.fetchVintage(GDP, '1998-01-01', context({ apiKey: 'k' }));
    expect(valueOn(before.series, parseIsoDate('1946-01-01'))).toBe(210.4);
    const after = await alfredProvider.fetchVintage(GDP, '2000-01-01', context({ apiKey: 'k' }));
    expect(valueOn(after.series, parseIsoDate('1946-01-01'))).toBeUndefined();
    expect(formatIsoDate(firstDay(after.series))).toBe('1959-01-01');
  });

  it('splits the real-time window at the vintage dates when a request would pass the cap', async () => {
    // GDP has 395 vintages (series_vintagedates_GDP_recorded-2025-01-20.json): with a cap of 100, ALFRED refuses the whole window.
    upstream.setVintageCap(100);
    const first = await alfredProvider.fetchVintage(GDP, 'first', context({ apiKey: 'k' }));
    const recorded = (JSON.parse(readSharedFixture(ALFRED_FOLDER, ALFRED_FILES.firstReleases)) as { observations: Array<{ date: string; value: string }> }).observations;
    expect(Array.from(first.series.days, formatIsoDate)).toEqual(recorded.map((row) => row.date));
    expect(Array.from(first.series.values)).toEqual(recorded.map((row) => Number(row.value)));
    expect(upstream.requestsTo(ALFRED_VINTAGE_DATES_PATH)).toHaveLength(1);
    // The refused whole window, then four windows of at most 100 vintage dates.
    expect(upstream.requestsTo(FRED_OBSERVATIONS_PATH)).toHaveLength(5);

    upstream.requests.length = 0;
    const knownOn = await alfredProvider.fetchVintage(GDP, '2019-01-01', context({ apiKey: 'k' }));
    expect(valueOn(knownOn.series, Q3_2018)).toBe(20658.204);
    // Only the last window up to the date is needed: nothing changes between vintage dates.
    expect(upstream.requestsTo(FRED_OBSERVATIONS_PATH)).toHaveLength(2);
  });

  it('cuts windows of at most the cap, contiguous, the last one open to the end asked', () => {
    expect(splitWindows(['2020-01-01', '2020-02-01', '2020-03-01', '2020-04-01', '2020-05-01'], '9999-12-31', 2)).toEqual([
      ['2020-01-01', '2020-02-29'],
      ['2020-03-01', '2020-04-30'],
      ['2020-05-01', '9999-12-31'],
    ]);
  });

  it("needs the key, and refuses a date that has not come (ALFRED would answer today's data)", async () => {
    expect((await failure(alfredProvider.fetchVintage(GDP, 'first', context()))).kind).toBe('no-key');
    const future = await failure(alfredProvider.fetchVintage(GDP, '2027-01-01', context({ apiKey: 'k' })));
    expect(future.message).toMatch(/2027-01-01: that date has not come yet/);
    expect(upstream.requests).toHaveLength(0);
  });
});

describe('ALFRED, keyless (alfredgraph.csv)', () => {
  it('gives Q3 2018 as known on 2019-01-01 with no key, from the column GDP_20190101', async () => {
    const result = await alfredGraphProvider.fetchVintage(GDP, '2019-01-01', context());
    expect(valueOn(result.series, Q3_2018)).toBe(20658.204);
    expect(result.source).toBe('ALFRED GDP, as known on 2019-01-01 (keyless alfredgraph.csv)');
    expect(upstream.requestsTo(ALFREDGRAPH_PATH).map((r) => r.query)).toEqual([{ id: 'GDP', vintage_date: '2019-01-01' }]);
  });

  it("refuses today's data handed back under another date (a vintage ALFRED does not hold yet)", async () => {
    // The gateway's clock a year ahead of the recording: 2025-06-01 is past for it, future for ALFRED, which answers GDP_20250120.
    const error = await failure(alfredGraphProvider.fetchVintage(GDP, '2025-06-01', context({ now: '2026-01-01T00:00:00Z' })));
    expect(error.message).toMatch(/no column GDP_20250601 in the answer \(columns: GDP_20250120\); refused/);
  });

  it('refuses a later vintage than asked, says "first" needs the key', async () => {
    const csv = 'observation_date,GDP_20250120\n2024-07-01,29374.914\n';
    expect(() => parseAlfredGraph(csv, 'GDP', '2019-01-01', 'x')).toThrow(/answered vintage 2025-01-20 for 2019-01-01 .* returns today's data; refused/);
    expect((await failure(alfredGraphProvider.fetchVintage(GDP, 'first', context()))).message).toMatch(/needs ALFRED's keyed API: set FRED_API_KEY/);
  });

  it('reads the legacy download: vintage columns out of date order, units in the name, "." not yet published', () => {
    // alfredgraph_legacy_DATE_PAYEMS_CHG_12_vintages.csv: PAYEMS, units "Change", 12 vintages, the 2022-01-07 one first
    const csv = readSharedFixture(ALFRED_FOLDER, 'alfredgraph_legacy_DATE_PAYEMS_CHG_12_vintages.csv');
    const header = (csv.split('\n', 1)[0] ?? '').split(',').slice(1);
    const columns = vintageColumns(header);
    expect(columns).toHaveLength(12);
    expect(columns[0]).toEqual({ name: 'PAYEMS_CHG_20220107', id: 'PAYEMS', units: 'CHG', vintage: '2022-01-07' });
    expect(columns[1]?.vintage).toBe('2021-02-05');
    // Changes, not the levels the catalogue holds: refused rather than mistaken for PAYEMS itself.
    expect(() => parseAlfredGraph(csv, 'PAYEMS', '2022-01-07', 'PAYEMS')).toThrow(/no column PAYEMS_20220107/);
  });
});
