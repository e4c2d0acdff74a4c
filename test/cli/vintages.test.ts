/**
 * `liquidity-lens calc … --live` with a vintage, against the mock upstream serving the recorded
 * ALFRED answers for GDP (../shared/fixtures/fred_alfred/, recorded 2025-01-20). Golden: GDP for
 * 2018-07-01 (Q3 2018), USD billions at an annual rate; 43282 is that date's Excel serial.
 */
import { runCli } from '../../src/cli/main';
import { ALFRED_FILES, ALFRED_FOLDER, ALFRED_RECORDED_ON } from '../../harness/upstreams/alfredUpstream';
import { startMockUpstream, type MockUpstream } from '../../harness/upstreams/mockUpstream';
import { readSharedFixture } from '../../harness/upstreams/sharedFixtures';
import { tempDir } from '../../harness/tempDir';

let upstream: MockUpstream;
beforeAll(async () => {
  upstream = await startMockUpstream();
  // The keyed API's latest GDP: each observation's open-ended period in the all-vintages recording.
  const rows = (JSON.parse(readSharedFixture(ALFRED_FOLDER, ALFRED_FILES.allVintages)) as { observations: Array<{ realtime_end: string; date: string; value: string }> })
    .observations;
  const latest = rows.filter((row) => row.realtime_end === '9999-12-31').map((row) => [row.date, row.value === '.' ? null : Number(row.value)] as const);
  upstream.setFredSeries('GDP', latest, { realtime: ALFRED_RECORDED_ON });
});
afterAll(() => upstream.close());

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    LIQUIDITY_LENS_CACHE: tempDir('ll-cli-vintage-'),
    FRED_BASE_URL: upstream.url,
    FREDGRAPH_BASE_URL: upstream.url,
    FRED_API_KEY: 'cli-test-key',
    ...extra,
  };
}

const calc = (formula: string, environment = env()) => runCli(['calc', formula, '--live'], environment);

describe('liquidity-lens calc --live with a vintage', () => {
  it('Q3 2018 as first published: 20659.029', async () => {
    // series_observations_GDP_initial_release_output_type4_recorded-2025-01-20.json, row 2018-07-01
    expect(await calc('=LIQ.DATA("GDP","2018-07-01","2018-07-01",,,"first")')).toEqual({
      exitCode: 0,
      stderr: '',
      stdout: 'date,GDP as first published (USD billions)\n43282,20659.029\n',
    });
  });

  it('Q3 2018 as known on 2019-01-01: 20658.204', async () => {
    // series_observations_GDP_realtime_end_2019-01-01_recorded-2025-01-20.json, row 2018-07-01 valid 2018-12-21 → 2019-01-01
    expect(await calc('=LIQ.DATA("GDP","2018-07-01","2018-07-01",,,"2019-01-01")')).toEqual({
      exitCode: 0,
      stderr: '',
      stdout: 'date,GDP as known on 2019-01-01 (USD billions)\n43282,20658.204\n',
    });
  });

  it('Q3 2018 latest: 20798.73', async () => {
    // series_observations_GDP_all_vintages_output_type1_recorded-2025-01-20.json, row 2018-07-01 open-ended (9999-12-31)
    expect(await calc('=LIQ.DATA("GDP","2018-07-01","2018-07-01")')).toEqual({ exitCode: 0, stderr: '', stdout: 'date,GDP (USD billions)\n43282,20798.73\n' });
  });

  it('a vintage that cannot be had is #N/A naming it, with the reason as a note — never the latest data', async () => {
    const result = await calc('=LIQ.DATA("GDP","2018-07-01","2018-07-01",,,"first")', env({ FRED_API_KEY: '' }));
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/^#N\/A GDP as first published is not held/);
    expect(result.stderr).toMatch(/note: GDP@first error: GDP as first published could not be fetched: .*FRED_API_KEY/);
  });

  it('without --live, a vintage not held says how to get it', async () => {
    const result = await runCli(['calc', '=LIQ.DATA("GDP",,,,,"2019-01-01")'], {});
    expect(result).toMatchObject({ exitCode: 1, stdout: expect.stringMatching(/^#N\/A GDP as known on 2019-01-01 is not held: .*liquidity-lens calc --live/) });
  });
});
