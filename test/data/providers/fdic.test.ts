import { fdicProvider } from '../../../src/data/providers/fdic';
import type { HttpGet } from '../../../src/data/providers/types';
import { UpstreamError } from '../../../src/data/upstreamError';
import { contextFor, entry, fakeUpstream, fixture, pairs, query } from './_helpers/fakeUpstream';

/**
 * No recorded FDIC body exists. The bodies here are HAND-MADE: the envelope (meta, data[].data,
 * score, totals) follows the reconstructed per-institution fixture
 * ../shared/fixtures/fdic/financials_CERT_REPDTE_EQ_LNATRES.reconstructed.json (itself written by hand
 * to the documented schema); the aggregated items (REPDTE, sum_EQ, sum_LNATRES in USD thousands, a
 * count, 0 before an item was reported) follow public client code, not a live answer. All values
 * are MADE UP: these tests check the request, the parsing and the sharing, not FDIC figures.
 */
const RECONSTRUCTED = fixture('fdic/financials_CERT_REPDTE_EQ_LNATRES.reconstructed.json');

const BASE = 'http://127.0.0.1:9';
const INSURED_ONLY = 'NOT BKCLASS:(NC OR OI)';

interface Item {
  REPDTE: string;
  sum_EQ: number;
  sum_LNATRES: number;
}

/** The reconstructed envelope around aggregated items, each with an extra `count` key. */
function aggregated(items: Item[]): string {
  const body = JSON.parse(RECONSTRUCTED) as { meta: Record<string, unknown> };
  return JSON.stringify({
    ...body,
    meta: { ...body.meta, total: items.length },
    data: items.map((item) => ({ data: { ...item, count: 4500 }, score: 0 })),
    totals: { count: items.length },
  });
}

/** Three report dates, deliberately not in date order; LNATRES not yet collected for 2023-12-31. */
const ITEMS: Item[] = [
  { REPDTE: '20240630', sum_EQ: 2_345_678_901, sum_LNATRES: 215_432_100 },
  { REPDTE: '20231231', sum_EQ: 2_300_000_000, sum_LNATRES: 0 },
  { REPDTE: '20240331', sum_EQ: 2_320_123_456, sum_LNATRES: 210_987_654 },
];
const BODY = aggregated(ITEMS);

/** BODY's items inside the request's REPDTE range, as BankFind filters them. */
function answer(url: string): string {
  const [, from, to] = /REPDTE:\[(\d{8}) TO (\d{8})\]/.exec(query(url).filters ?? '') ?? [];
  return aggregated(ITEMS.filter(({ REPDTE }) => from !== undefined && to !== undefined && REPDTE >= from && REPDTE <= to));
}

const SEPT_15 = '2024-09-15T12:00:00Z';

function expectedUrl(from: string, through: string): string {
  const filters = encodeURIComponent(`REPDTE:[${from} TO ${through}] AND ${INSURED_ONLY}`);
  return `${BASE}/api/financials?filters=${filters}&agg_by=REPDTE&agg_sum_fields=EQ,LNATRES&agg_limit=1000&format=json`;
}

async function kindOf(promise: Promise<unknown>): Promise<string | undefined> {
  return promise.then(
    () => undefined,
    (error: unknown) => (error instanceof UpstreamError ? error.kind : `not an UpstreamError: ${String(error)}`),
  );
}

/** An HttpGet whose answers wait until `release` is called, so fetches can overlap; records URLs. */
function heldUpstream(body: string | Error) {
  const urls: string[] = [];
  const waiting: Array<() => void> = [];
  const get: HttpGet = (url) => {
    urls.push(url);
    return new Promise((resolve, reject) => waiting.push(() => (body instanceof Error ? reject(body) : resolve(body))));
  };
  return {
    urls,
    context: { get, baseUrl: BASE, now: () => new Date(SEPT_15) },
    release: () => waiting.splice(0).forEach((answer) => answer()),
  };
}

describe('fdicProvider', () => {
  it('serves BANK.EQUITY (EQ) and BANK.RESERVES (LNATRES), without a key', () => {
    expect(fdicProvider.supports(entry('BANK.EQUITY'))).toBe(true);
    expect(fdicProvider.supports(entry('BANK.RESERVES'))).toBe(true);
    expect(fdicProvider.supports(entry('WALCL'))).toBe(false);
    expect(fdicProvider.keyVariable).toBeUndefined();
  });

  it('asks ONE aggregated request: report dates from `since` to the last quarter filed 60 days ago, insured institutions only', async () => {
    const upstream = fakeUpstream(answer);
    const result = await fdicProvider.fetch(entry('BANK.EQUITY'), '2024-03-01', contextFor(upstream, { baseUrl: BASE, now: SEPT_15 }));
    expect(upstream.urls).toEqual([expectedUrl('20240301', '20240630')]);
    expect(query(upstream.urls[0])).toEqual({
      filters: 'REPDTE:[20240301 TO 20240630] AND NOT BKCLASS:(NC OR OI)',
      agg_by: 'REPDTE',
      agg_sum_fields: 'EQ,LNATRES',
      agg_limit: '1000',
      format: 'json',
    });
    expect(result.url).toBe(upstream.urls[0]);
    expect(result.source).toMatch(/EQ summed over all FDIC-insured institutions/);
  });

  it('starts ten years back without `since`', async () => {
    const upstream = fakeUpstream(() => BODY);
    await fdicProvider.fetch(entry('BANK.EQUITY'), undefined, contextFor(upstream, { baseUrl: BASE, now: SEPT_15 }));
    expect(query(upstream.urls[0]).filters).toBe(`REPDTE:[20140915 TO 20240630] AND ${INSURED_ONLY}`);
  });

  it.each([
    // 2024-06-30 + 60 days = 2024-08-29: from that day the June quarter is asked for, not before.
    ['2024-08-28T23:59:00Z', '20240331'],
    ['2024-08-29T00:00:00Z', '20240630'],
    ['2024-11-28T12:00:00Z', '20240630'],
    ['2024-11-29T12:00:00Z', '20240930'],
  ])('on %s the range ends at %s (the 60-day filing lag)', async (now, through) => {
    const upstream = fakeUpstream(() => aggregated([]));
    await fdicProvider.fetch(entry('BANK.EQUITY'), '2024-01-01', contextFor(upstream, { baseUrl: BASE, now }));
    expect(query(upstream.urls[0]).filters).toBe(`REPDTE:[20240101 TO ${through}] AND ${INSURED_ONLY}`);
  });

  it('asks for nothing when no quarter end from `since` is 60 days old', async () => {
    const upstream = fakeUpstream(() => BODY);
    const result = await fdicProvider.fetch(entry('BANK.EQUITY'), '2024-07-01', contextFor(upstream, { baseUrl: BASE, now: '2024-11-15T12:00:00Z' }));
    expect(upstream.urls).toEqual([]);
    expect(result.series.days.length).toBe(0);
  });

  it('reads sum_EQ per report date, sorted by date, in USD thousands as published', async () => {
    const upstream = fakeUpstream(() => BODY);
    const result = await fdicProvider.fetch(entry('BANK.EQUITY'), '2023-10-01', contextFor(upstream, { baseUrl: BASE, now: SEPT_15 }));
    expect(result.series.units).toBe('USD_THOUSANDS');
    expect(pairs(result.series)).toEqual([
      ['2023-12-31', 2_300_000_000],
      ['2024-03-31', 2_320_123_456],
      ['2024-06-30', 2_345_678_901],
    ]);
  });

  it('reads sum_LNATRES from the same body, skipping a report date whose sum is 0 (not reported)', async () => {
    const upstream = fakeUpstream(() => BODY);
    const result = await fdicProvider.fetch(entry('BANK.RESERVES'), '2023-10-01', contextFor(upstream, { baseUrl: BASE, now: SEPT_15 }));
    expect(result.series.units).toBe('USD_THOUSANDS');
    expect(pairs(result.series)).toEqual([
      ['2024-03-31', 210_987_654],
      ['2024-06-30', 215_432_100],
    ]);
    expect(upstream.urls).toEqual([expectedUrl('20231001', '20240630')]);
  });

  it('answers an empty aggregation (nothing filed in the range) with an empty series', async () => {
    const upstream = fakeUpstream(() => aggregated([]));
    const result = await fdicProvider.fetch(entry('BANK.EQUITY'), '2024-06-01', contextFor(upstream, { baseUrl: BASE, now: SEPT_15 }));
    expect(result.series.days.length).toBe(0);
  });

  const item = (REPDTE: string) => ({ REPDTE, sum_EQ: 1, sum_LNATRES: 1 });
  it.each([
    ['the per-institution body (no sums: aggregation ignored)', RECONSTRUCTED, /wrong shape/],
    ['truncated JSON', BODY.slice(0, 200), /not complete JSON/],
    ['the wrong shape', '{"meta":{"total":1},"data":[{"REPDTE":"20240630","sum_EQ":1,"sum_LNATRES":1}]}', /wrong shape/],
    ['a sum as text', BODY.replace('"sum_EQ":2345678901', '"sum_EQ":"2345678901"'), /wrong shape/],
    ['a null sum', BODY.replace('"sum_EQ":2345678901', '"sum_EQ":null'), /wrong shape/],
    ['a report date that is not YYYYMMDD', aggregated([item('2024-06-30')]), /not a YYYYMMDD report date/],
    ['a report date that does not exist', aggregated([item('20240631')]), /not a YYYYMMDD report date/],
    ['a report date outside the range asked for', aggregated([item('20230630')]), /outside the requested 20231001–20240630/],
    ['the same report date twice', aggregated([item('20240630'), item('20240630')]), /two observations for 2024-06-30/],
    ['as many report dates as agg_limit (possibly cut short)', aggregated(Array.from({ length: 1000 }, () => item('20240630'))), /as many as agg_limit/],
  ])("throws 'malformed' for %s", async (_label, body, message) => {
    const upstream = fakeUpstream(() => body);
    const fetching = fdicProvider.fetch(entry('BANK.EQUITY'), '2023-10-01', contextFor(upstream, { baseUrl: BASE, now: SEPT_15 }));
    await expect(fetching).rejects.toThrow(message);
    expect(await kindOf(fetching)).toBe('malformed');
  });

  it('shares one request between concurrent BANK.EQUITY and BANK.RESERVES fetches', async () => {
    const upstream = heldUpstream(BODY);
    const equity = fdicProvider.fetch(entry('BANK.EQUITY'), '2023-10-01', upstream.context);
    const reserves = fdicProvider.fetch(entry('BANK.RESERVES'), '2023-10-01', upstream.context);
    upstream.release();
    const [eq, lnatres] = await Promise.all([equity, reserves]);
    expect(upstream.urls).toEqual([expectedUrl('20231001', '20240630')]);
    expect(pairs(eq.series).map(([, value]) => value)).toEqual([2_300_000_000, 2_320_123_456, 2_345_678_901]);
    expect(pairs(lnatres.series).map(([, value]) => value)).toEqual([210_987_654, 215_432_100]);
  });

  it('asks again for a fetch after the shared request settled (nothing is cached)', async () => {
    const upstream = fakeUpstream(() => BODY);
    const context = contextFor(upstream, { baseUrl: BASE, now: SEPT_15 });
    await fdicProvider.fetch(entry('BANK.EQUITY'), '2023-10-01', context);
    await fdicProvider.fetch(entry('BANK.RESERVES'), '2023-10-01', context);
    expect(upstream.urls).toEqual([expectedUrl('20231001', '20240630'), expectedUrl('20231001', '20240630')]);
  });

  it('does not share across different URLs, and a failed shared request fails both and is then forgotten', async () => {
    const different = heldUpstream(aggregated(ITEMS.slice(0, 1)));
    const a = fdicProvider.fetch(entry('BANK.EQUITY'), '2023-10-01', different.context);
    const b = fdicProvider.fetch(entry('BANK.RESERVES'), '2024-01-01', different.context);
    different.release();
    await Promise.all([a, b]);
    expect(different.urls).toEqual([expectedUrl('20231001', '20240630'), expectedUrl('20240101', '20240630')]);

    const failing = heldUpstream(new UpstreamError('network', 'connection reset'));
    const c = fdicProvider.fetch(entry('BANK.EQUITY'), '2023-10-01', failing.context);
    const d = fdicProvider.fetch(entry('BANK.RESERVES'), '2023-10-01', failing.context);
    failing.release();
    expect(await Promise.all([kindOf(c), kindOf(d)])).toEqual(['network', 'network']);
    expect(failing.urls).toHaveLength(1);

    const after = fakeUpstream(() => BODY);
    await fdicProvider.fetch(entry('BANK.EQUITY'), '2023-10-01', contextFor(after, { baseUrl: BASE, now: SEPT_15 }));
    expect(after.urls).toHaveLength(1);
  });
});
