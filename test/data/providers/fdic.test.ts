import { fdicProvider } from '../../../src/data/providers/fdic';
import { UpstreamError } from '../../../src/data/upstreamError';
import { contextFor, entry, fakeUpstream, fixture, pairs, query } from './_helpers/fakeUpstream';

/**
 * The only FDIC body available is RECONSTRUCTED: written by hand to the documented schema, with
 * MADE-UP values (CERT 99999 is not a real bank). These tests check the envelope handling, the
 * per-report-date sums and the paging, not real FDIC figures.
 */
const RECONSTRUCTED = fixture('fdic/financials_CERT_REPDTE_EQ_LNATRES.reconstructed.json');

const BASE = 'http://127.0.0.1:9';

interface Row {
  CERT: number;
  REPDTE: string;
  EQ: number | null;
  LNATRES: number | null;
}

/** The reconstructed envelope around other rows (hand-made, like the fixture itself). */
function page(rows: Row[], total: number): string {
  const body = JSON.parse(RECONSTRUCTED) as { meta: Record<string, unknown>; totals: Record<string, unknown> };
  return JSON.stringify({
    ...body,
    meta: { ...body.meta, total },
    data: rows.map((row) => ({ data: { ...row, ID: `${row.CERT}_${row.REPDTE}` }, score: 0 })),
    totals: { count: total },
  });
}

/** Rows of the reconstructed fixture (CERT 99999) plus a second invented bank per report date. */
const BANKS: Record<string, Row[]> = {
  '20240331': [
    { CERT: 99999, REPDTE: '20240331', EQ: 120000, LNATRES: null },
    { CERT: 99998, REPDTE: '20240331', EQ: 5000, LNATRES: 700 },
  ],
  '20240630': [
    { CERT: 99999, REPDTE: '20240630', EQ: 123456, LNATRES: 12345 },
    { CERT: 99998, REPDTE: '20240630', EQ: 5100, LNATRES: null },
  ],
};

/** Answers each report-date query from BANKS; unknown dates have zero institutions (not filed). */
function answer(url: string, pageSize = 10000): string {
  const params = query(url);
  const repdte = params.filters.replace('REPDTE:', '');
  const rows = BANKS[repdte] ?? [];
  const offset = Number(params.offset);
  return page(rows.slice(offset, offset + Math.min(pageSize, Number(params.limit))), rows.length);
}

async function kindOf(promise: Promise<unknown>): Promise<string | undefined> {
  return promise.then(
    () => undefined,
    (error: unknown) => (error instanceof UpstreamError ? error.kind : `not an UpstreamError: ${String(error)}`),
  );
}

describe('fdicProvider', () => {
  it('serves BANK.EQUITY (EQ) and BANK.RESERVES (LNATRES), without a key', () => {
    expect(fdicProvider.supports(entry('BANK.EQUITY'))).toBe(true);
    expect(fdicProvider.supports(entry('BANK.RESERVES'))).toBe(true);
    expect(fdicProvider.supports(entry('WALCL'))).toBe(false);
    expect(fdicProvider.keyVariable).toBeUndefined();
  });

  it('asks once per quarter end from `since` to the last quarter filed about 60 days ago', async () => {
    const upstream = fakeUpstream((url) => answer(url));
    const result = await fdicProvider.fetch(entry('BANK.EQUITY'), '2024-03-01', contextFor(upstream, { baseUrl: BASE, now: '2024-09-15T12:00:00Z' }));
    expect(upstream.urls).toEqual([
      `${BASE}/api/financials?filters=REPDTE:20240331&fields=REPDTE,EQ,LNATRES&limit=10000&offset=0&format=json`,
      `${BASE}/api/financials?filters=REPDTE:20240630&fields=REPDTE,EQ,LNATRES&limit=10000&offset=0&format=json`,
    ]);
    expect(result.url).toBe(upstream.urls[0]);
  });

  it('sums EQ over institutions per report date, in USD thousands as published', async () => {
    const upstream = fakeUpstream((url) => answer(url));
    const result = await fdicProvider.fetch(entry('BANK.EQUITY'), '2024-03-01', contextFor(upstream, { baseUrl: BASE, now: '2024-09-15T12:00:00Z' }));
    expect(result.series.units).toBe('USD_THOUSANDS');
    expect(pairs(result.series)).toEqual([
      ['2024-03-31', 125000],
      ['2024-06-30', 128556],
    ]);
  });

  it('sums LNATRES with a null counting as 0 for that bank', async () => {
    const upstream = fakeUpstream((url) => answer(url));
    const result = await fdicProvider.fetch(entry('BANK.RESERVES'), '2024-03-01', contextFor(upstream, { baseUrl: BASE, now: '2024-09-15T12:00:00Z' }));
    expect(pairs(result.series)).toEqual([
      ['2024-03-31', 700],
      ['2024-06-30', 12345],
    ]);
  });

  it('pages with offset until meta.total institutions are read', async () => {
    const upstream = fakeUpstream((url) => answer(url, 1));
    const result = await fdicProvider.fetch(entry('BANK.EQUITY'), '2024-06-01', contextFor(upstream, { baseUrl: BASE, now: '2024-09-15T12:00:00Z' }));
    expect(upstream.urls.map((url) => query(url).offset)).toEqual(['0', '1']);
    expect(pairs(result.series)).toEqual([['2024-06-30', 128556]]);
  });

  it('stops at the first quarter with no institutions (not filed yet)', async () => {
    const upstream = fakeUpstream((url) => answer(url));
    const result = await fdicProvider.fetch(entry('BANK.EQUITY'), '2024-01-01', contextFor(upstream, { baseUrl: BASE, now: '2025-06-30T12:00:00Z' }));
    // 2024-09-30 is answered with total 0: 2024-12-31 and 2025-03-31 are not asked for.
    expect(upstream.urls.map((url) => query(url).filters)).toEqual(['REPDTE:20240331', 'REPDTE:20240630', 'REPDTE:20240930']);
    expect(result.series.days.length).toBe(2);
  });

  it('starts ten years back without `since`, and asks for nothing not yet due', async () => {
    const upstream = fakeUpstream((url) => answer(url));
    await fdicProvider.fetch(entry('BANK.EQUITY'), undefined, contextFor(upstream, { baseUrl: BASE, now: '2024-09-15T12:00:00Z' }));
    expect(query(upstream.urls[0]).filters).toBe('REPDTE:20140930');

    const early = fakeUpstream((url) => answer(url));
    const result = await fdicProvider.fetch(entry('BANK.EQUITY'), '2024-07-01', contextFor(early, { baseUrl: BASE, now: '2024-11-15T12:00:00Z' }));
    expect(early.urls).toEqual([]);
    expect(result.series.days.length).toBe(0);
  });

  it.each([
    ['the reconstructed CERT body (two report dates in one answer)', RECONSTRUCTED],
    ['truncated JSON', RECONSTRUCTED.slice(0, 300)],
    ['the wrong shape', '{"meta":{"total":1},"data":[{"CERT":99999,"REPDTE":"20240630","EQ":123456}]}'],
    ['an amount as text', page([{ CERT: 1, REPDTE: '20240630', EQ: 1, LNATRES: 1 }], 1).replace('"EQ":1', '"EQ":"1"')],
    ['fewer rows than meta.total', page([], 5)],
  ])("throws 'malformed' for %s", async (_label, body) => {
    const upstream = fakeUpstream(() => body);
    expect(await kindOf(fdicProvider.fetch(entry('BANK.EQUITY'), '2024-06-01', contextFor(upstream, { baseUrl: BASE, now: '2024-09-15T12:00:00Z' })))).toBe('malformed');
  });
});
