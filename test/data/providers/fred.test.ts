import { fredProvider } from '../../../src/data/providers/fred';
import { HttpStatusError } from '../../../src/data/providers/http';
import { UpstreamError } from '../../../src/data/upstreamError';
import { contextFor, entry, fakeUpstream, fixture, pairs, query } from './_helpers/fakeUpstream';

const BASE = 'http://127.0.0.1:9';
const KEY = 'k3y-secret-0123';
const NOW = '2024-06-27T12:00:00Z';

/** T10YFF is not in the catalogue; a FRED percent entry standing in for it. */
const T10YFF = { ...entry('EFFR'), id: 'T10YFF', upstreamId: 'T10YFF' };

/**
 * Hand-made: no recorded FRED observations of WALCL exist. Shaped exactly like the real SOFR
 * recording (same keys, order and string values); the values are WALCL's Wednesday levels in USD
 * millions as in shared/data/macro/WALCL.csv.
 */
const WALCL_BODY =
  '{"realtime_start":"2024-06-27","realtime_end":"2024-06-27","observation_start":"2024-06-01","observation_end":"9999-12-31","units":"lin","output_type":1,"file_type":"json","order_by":"observation_date","sort_order":"asc","count":2,"offset":0,"limit":100000,"observations":[' +
  '{"realtime_start":"2024-06-27","realtime_end":"2024-06-27","date":"2024-06-05","value":"7255687"},' +
  '{"realtime_start":"2024-06-27","realtime_end":"2024-06-27","date":"2024-06-12","value":"7258974"}]}';

async function expectKind(promise: Promise<unknown>, kind: string): Promise<UpstreamError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  expect((error as UpstreamError).kind).toBe(kind);
  return error as UpstreamError;
}

describe('fredProvider', () => {
  it('serves every FRED catalogue entry and nothing else', () => {
    expect(fredProvider.supports(entry('WALCL'))).toBe(true);
    expect(fredProvider.supports(entry('RRP'))).toBe(true);
    expect(fredProvider.supports(entry('SRF'))).toBe(false);
    expect(fredProvider.supports(entry('TGA.D'))).toBe(false);
    expect(fredProvider.keyVariable).toBe('FRED_API_KEY');
  });

  it('asks for observations from `since` with the key, and parses the recorded SOFR body', async () => {
    const upstream = fakeUpstream(() => fixture('fred/series_observations_SOFR.json'));
    const result = await fredProvider.fetch(entry('SOFR'), '2024-06-01', contextFor(upstream, { baseUrl: `${BASE}/`, now: NOW, apiKey: KEY }));

    expect(upstream.urls).toHaveLength(1);
    const requested = upstream.urls[0];
    expect(requested?.startsWith(`${BASE}/fred/series/observations?`)).toBe(true);
    expect(query(requested)).toEqual({ series_id: 'SOFR', api_key: KEY, file_type: 'json', observation_start: '2024-06-01' });
    expect(result.url).not.toContain(KEY);
    expect(query(result.url).api_key).toBe('REDACTED');
    expect(result.source).toBe('FRED SOFR');
    expect(result.series.units).toBe('PERCENT');
    expect(result.series.id).toBe('SOFR');
    expect(pairs(result.series)).toEqual([
      ['2024-06-03', 5.35],
      ['2024-06-04', 5.33],
      ['2024-06-05', 5.33],
      ['2024-06-06', 5.33],
    ]);
  });

  it('skips "." (missing) rows: T10YFF holidays 2023-01-02, 01-16, 02-20, 05-29', async () => {
    const upstream = fakeUpstream(() => fixture('fred/series_observations_T10YFF_with_missing.json'));
    const result = await fredProvider.fetch(T10YFF, undefined, contextFor(upstream, { baseUrl: BASE, now: NOW, apiKey: KEY }));

    expect(query(upstream.urls[0]).observation_start).toBeUndefined();
    const dates = pairs(result.series).map(([date]) => date);
    expect(result.series.days.length).toBe(112 - 4);
    for (const holiday of ['2023-01-02', '2023-01-16', '2023-02-20', '2023-05-29']) expect(dates).not.toContain(holiday);
    expect(pairs(result.series)[0]).toEqual(['2023-01-03', -0.54]);
  });

  it('keeps only days on or after `since` even if the upstream sends earlier ones', async () => {
    const upstream = fakeUpstream(() => fixture('fred/series_observations_T10YFF_with_missing.json'));
    const result = await fredProvider.fetch(T10YFF, '2023-06-01', contextFor(upstream, { baseUrl: BASE, now: NOW, apiKey: KEY }));
    expect(pairs(result.series).map(([date]) => date)).toEqual(['2023-06-01', '2023-06-02', '2023-06-05', '2023-06-06']);
  });

  it('keeps values in the units FRED publishes (WALCL: USD millions)', async () => {
    const upstream = fakeUpstream(() => WALCL_BODY);
    const result = await fredProvider.fetch(entry('WALCL'), '2024-06-01', contextFor(upstream, { baseUrl: BASE, now: NOW, apiKey: KEY }));
    expect(query(upstream.urls[0]).series_id).toBe('WALCL');
    expect(result.series.units).toBe('USD_MILLIONS');
    expect(pairs(result.series)).toEqual([
      ['2024-06-05', 7255687],
      ['2024-06-12', 7258974],
    ]);
  });

  it('follows offset when `count` says there are more observations than one page', async () => {
    const page1 = WALCL_BODY.replace('"count":2', '"count":3');
    const page2 = WALCL_BODY.replace('"count":2', '"count":3')
      .replace('"offset":0', '"offset":2')
      .replace(/"observations":\[.*\]/, '"observations":[{"realtime_start":"2024-06-27","realtime_end":"2024-06-27","date":"2024-06-19","value":"7252542"}]');
    const upstream = fakeUpstream((url) => (url.includes('&offset=2') ? page2 : page1));
    const result = await fredProvider.fetch(entry('WALCL'), undefined, contextFor(upstream, { baseUrl: BASE, now: NOW, apiKey: KEY }));
    expect(upstream.urls).toHaveLength(2);
    expect(query(upstream.urls[1]).offset).toBe('2');
    expect(pairs(result.series).map(([date]) => date)).toEqual(['2024-06-05', '2024-06-12', '2024-06-19']);
  });

  it("throws 'no-key' without making a request when no key is configured", async () => {
    const upstream = fakeUpstream(() => WALCL_BODY);
    const error = await expectKind(fredProvider.fetch(entry('WALCL'), undefined, contextFor(upstream, { baseUrl: BASE, now: NOW })), 'no-key');
    expect(error.message).toContain('FRED_API_KEY');
    expect(upstream.urls).toEqual([]);
  });

  it.each([
    ['truncated JSON', fixture('fred/series_observations_SOFR.json').slice(0, 200)],
    ['an HTML page', '<html><body>Service unavailable</body></html>'],
    ['the wrong shape', '{"observations":{"date":"2024-06-03"}}'],
    ['a value that is not a number', WALCL_BODY.replace('"7255687"', '"7,255,687"')],
    ['a date that is not ISO', WALCL_BODY.replace('"2024-06-05"', '"06/05/2024"')],
    ['the same date twice', WALCL_BODY.replace('"2024-06-12"', '"2024-06-05"')],
  ])("throws 'malformed' for %s", async (_label, body) => {
    const upstream = fakeUpstream(() => body);
    await expectKind(fredProvider.fetch(entry('WALCL'), undefined, contextFor(upstream, { baseUrl: BASE, now: NOW, apiKey: KEY })), 'malformed');
  });

  it("explains a 400 with FRED's own error message (recorded docs example), without the key", async () => {
    // What http.ts throws for a 400: the body excerpt, one line, secrets removed.
    const excerpt = fixture('fred/error_400_api_key_not_registered.reconstructed.json').replace(/\s+/g, ' ').trim();
    const upstream = fakeUpstream(() => new HttpStatusError('http', 'HTTP 400 from 127.0.0.1:9/fred/series/observations', { status: 400 }, excerpt));
    const error = await expectKind(fredProvider.fetch(entry('WALCL'), undefined, contextFor(upstream, { baseUrl: BASE, now: NOW, apiKey: KEY })), 'http');
    expect(error.status).toBe(400);
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('FRED WALCL: Bad Request. The value for variable api_key is not registered.');
    expect(error.message).toContain('HTTP 400');
    expect(error.message).not.toContain(KEY);
  });

  it('treats an error body sent with status 200 as an HTTP error', async () => {
    const upstream = fakeUpstream(() => fixture('fred/error_400_api_key_not_registered.reconstructed.json'));
    const error = await expectKind(fredProvider.fetch(entry('WALCL'), undefined, contextFor(upstream, { baseUrl: BASE, now: NOW, apiKey: KEY })), 'http');
    expect(error.status).toBe(400);
  });

  it('passes other upstream errors through unchanged', async () => {
    const rateLimited = new HttpStatusError('rate-limited', 'HTTP 429 from 127.0.0.1:9/fred/series/observations', { status: 429, retryAfterMs: 2000 }, '');
    const upstream = fakeUpstream(() => rateLimited);
    const error = await expectKind(fredProvider.fetch(entry('WALCL'), undefined, contextFor(upstream, { baseUrl: BASE, now: NOW, apiKey: KEY })), 'rate-limited');
    expect(error).toBe(rateLimited);
  });

  it('returns an empty series for a range with no observations', async () => {
    const empty = WALCL_BODY.replace('"count":2', '"count":0').replace(/"observations":\[.*\]/, '"observations":[]');
    const upstream = fakeUpstream(() => empty);
    const result = await fredProvider.fetch(entry('WALCL'), '2030-01-01', contextFor(upstream, { baseUrl: BASE, now: NOW, apiKey: KEY }));
    expect(result.series.days.length).toBe(0);
  });
});
