/**
 * `calc --live` refreshes the series a formula reads through the real providers (here against the
 * mock upstream on 127.0.0.1) before answering, and says when it had to fall back to held data.
 */
import { readdirSync } from 'node:fs';
import { runCli } from '../../src/cli/main';
import { FRED_OBSERVATIONS_PATH, startMockUpstream, type MockUpstream } from '../../harness/upstreams/mockUpstream';
import { tempDir } from '../../harness/tempDir';

let upstream: MockUpstream;
beforeAll(async () => {
  upstream = await startMockUpstream();
});
afterAll(() => upstream.close());

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    LIQUIDITY_LENS_CACHE: tempDir('ll-cli-cache-'),
    FRED_BASE_URL: upstream.url,
    // Without a key FRED's keyless CSV is asked: the mock, never the real site.
    FREDGRAPH_BASE_URL: upstream.url,
    NYFED_BASE_URL: upstream.url,
    ...extra,
  };
}

describe('liquidity-lens calc --live', () => {
  it('answers from freshly fetched observations, incrementally, and caches them', async () => {
    // A new week after the snapshot's last H.4.1 Wednesday (2026-08-19) and the TGA (2026-07-22).
    upstream.setFredSeries('WALCL', [
      ['2026-08-19', 6717000],
      ['2026-08-26', 6720000],
    ]);
    upstream.setFredSeries('WDTGAL', [
      ['2026-08-19', 820000],
      ['2026-08-26', 830000],
    ]);
    upstream.setFredSeries('RRPONTSYD', [
      ['2026-08-25', 0.5],
      ['2026-08-26', 0.75],
    ]);
    const environment = env({ FRED_API_KEY: 'cli-test-key' });
    const result = await runCli(['calc', '=LIQ.INDEX()', '--live'], environment);
    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    expect(Number(result.stdout)).toBeCloseTo(6720 - 830 - 0.75, 9);
    const requested = upstream.requestsTo(FRED_OBSERVATIONS_PATH).map((r) => [r.query.series_id, r.query.observation_start]);
    // From the last held date minus the overlap: 35 days for weekly series, 14 for daily RRP.
    expect(requested).toEqual(
      expect.arrayContaining([
        ['WALCL', '2026-07-15'],
        ['WDTGAL', '2026-06-17'],
        ['RRPONTSYD', '2026-08-07'],
      ]),
    );
    expect(readdirSync(environment.LIQUIDITY_LENS_CACHE as string).sort()).toEqual(['RRP.json', 'TGA.json', 'WALCL.json']);
  });

  it('falls back to held data with a note when no key is set and the keyless CSV fails too', async () => {
    // The mock serves these series to the keyed API only: the keyless download answers FRED's 404 page.
    const result = await runCli(['calc', '=LIQ.INDEX("2025-12-24")', '--live'], env());
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('5774.891\n');
    expect(result.stderr).toMatch(/note: WALCL stale: FRED keyless CSV WALCL.*: FRED knows no such series .*\(using data as of 2026-08-19\)/);
    expect(result.stderr).not.toMatch(/FRED_API_KEY/);
  });
});
