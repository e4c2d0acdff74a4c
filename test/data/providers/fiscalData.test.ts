import { fiscalDataProvider } from '../../../src/data/providers/fiscalData';
import { UpstreamError } from '../../../src/data/upstreamError';
import { contextFor, entry, fakeUpstream, fixture, pairs } from './_helpers/fakeUpstream';

const BASE = 'http://127.0.0.1:9/services/api/fiscal_service';
const NOW = '2025-07-14T12:00:00Z';
/** Real: 2025-07-07..11, four account_type rows a day, every value a string. */
const DTS = fixture('fiscaldata/dts_operating_cash_balance.json');

interface DtsBody {
  data: Array<Record<string, string>>;
  meta: Record<string, unknown>;
  links: Record<string, unknown>;
}

/** A copy of the recorded body with other rows and page count: hand-made variants of the real shape. */
function variant(rows: Array<Record<string, string>>, totalPages: number): string {
  const body = JSON.parse(DTS) as DtsBody;
  return JSON.stringify({ ...body, data: rows, meta: { ...body.meta, count: rows.length, 'total-count': rows.length, 'total-pages': totalPages } });
}

const recordedRows = (JSON.parse(DTS) as DtsBody).data;

async function kindOf(promise: Promise<unknown>): Promise<string | undefined> {
  return promise.then(
    () => undefined,
    (error: unknown) => (error instanceof UpstreamError ? error.kind : `not an UpstreamError: ${String(error)}`),
  );
}

describe('fiscalDataProvider', () => {
  it('serves TGA.D only, without a key', () => {
    expect(fiscalDataProvider.supports(entry('TGA.D'))).toBe(true);
    expect(fiscalDataProvider.supports(entry('TGA'))).toBe(false);
    expect(fiscalDataProvider.keyVariable).toBeUndefined();
  });

  it('asks for rows from `since`, sorted, 10,000 a page', async () => {
    const upstream = fakeUpstream(() => DTS);
    const result = await fiscalDataProvider.fetch(entry('TGA.D'), '2025-07-07', contextFor(upstream, { baseUrl: BASE, now: NOW }));
    expect(upstream.urls).toEqual([`${BASE}/v1/accounting/dts/operating_cash_balance?filter=record_date:gte:2025-07-07&page[number]=1&page[size]=10000&sort=record_date`]);
    expect(result.url).toBe(upstream.urls[0]);
  });

  it('reads the closing balance from open_today_bal of the "…Closing Balance" row, USD millions', async () => {
    const upstream = fakeUpstream(() => DTS);
    const result = await fiscalDataProvider.fetch(entry('TGA.D'), '2025-07-07', contextFor(upstream, { baseUrl: BASE, now: NOW }));
    expect(result.series.units).toBe('USD_MILLIONS');
    expect(pairs(result.series)).toEqual([
      ['2025-07-07', 332482],
      ['2025-07-08', 343047],
      ['2025-07-09', 311048],
      ['2025-07-10', 288395],
      ['2025-07-11', 282363],
    ]);
  });

  it('starts at 2022-04-18 (the current row names) when there is no `since`', async () => {
    const upstream = fakeUpstream(() => DTS);
    await fiscalDataProvider.fetch(entry('TGA.D'), undefined, contextFor(upstream, { baseUrl: BASE, now: NOW }));
    expect(upstream.urls[0]).toContain('filter=record_date:gte:2022-04-18&');
  });

  it('follows meta["total-pages"]', async () => {
    // Hand-made split of the recorded rows into two pages.
    const page1 = variant(recordedRows.slice(0, 12), 2);
    const page2 = variant(recordedRows.slice(12), 2);
    const upstream = fakeUpstream((url) => (url.includes('page[number]=2') ? page2 : page1));
    const result = await fiscalDataProvider.fetch(entry('TGA.D'), '2025-07-07', contextFor(upstream, { baseUrl: BASE, now: NOW }));
    expect(upstream.urls).toHaveLength(2);
    expect(upstream.urls[1]).toContain('&page[number]=2&page[size]=10000&');
    expect(result.series.days.length).toBe(5);
  });

  it('reads close_today_bal of the pre-2022-04-18 "Federal Reserve Account" row, and skips "null"', async () => {
    // Hand-made: the recorded row shape with the legacy account name; the numbers are invented.
    const legacy = (date: string, close: string) => ({
      ...recordedRows[0],
      record_date: date,
      account_type: 'Federal Reserve Account',
      close_today_bal: close,
      open_today_bal: '100000',
    });
    const body = variant([legacy('2022-04-13', '181717'), legacy('2022-04-14', 'null'), legacy('2022-04-15', '185000'), ...recordedRows.slice(0, 4)], 1);
    const upstream = fakeUpstream(() => body);
    const result = await fiscalDataProvider.fetch(entry('TGA.D'), '2022-04-13', contextFor(upstream, { baseUrl: BASE, now: NOW }));
    expect(pairs(result.series)).toEqual([
      ['2022-04-13', 181717],
      ['2022-04-15', 185000],
      ['2025-07-07', 332482],
    ]);
  });

  it.each([
    ['truncated JSON', DTS.slice(0, 1000)],
    ['the wrong shape', '{"data":{"record_date":"2025-07-07"},"meta":{"total-pages":1}}'],
    ['no meta', JSON.stringify({ data: recordedRows })],
    ['a balance that is not a number', DTS.replace('"open_today_bal":"332482"', '"open_today_bal":"332,482"')],
    ['a number where the API writes strings', DTS.replace('"open_today_bal":"332482"', '"open_today_bal":332482')],
  ])("throws 'malformed' for %s", async (_label, body) => {
    expect(body).not.toBe(DTS);
    const upstream = fakeUpstream(() => body);
    expect(await kindOf(fiscalDataProvider.fetch(entry('TGA.D'), '2025-07-07', contextFor(upstream, { baseUrl: BASE, now: NOW })))).toBe('malformed');
  });

  it('returns an empty series when there are no rows yet', async () => {
    const upstream = fakeUpstream(() => variant([], 0));
    const result = await fiscalDataProvider.fetch(entry('TGA.D'), '2025-07-12', contextFor(upstream, { baseUrl: BASE, now: NOW }));
    expect(result.series.days.length).toBe(0);
    expect(upstream.urls).toHaveLength(1);
  });
});
