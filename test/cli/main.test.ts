/**
 * The CLI end to end, as a user runs it: `npx liquidity-lens calc '=…'` in a child process, with
 * the golden figures of issue 3 and the exit codes 0 (value), 1 (Excel error), 2 (unparseable).
 */
import { execSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main';
import { SHARED_DATA } from '../functions/_helpers/engines';

const BIN = join(__dirname, '../../bin/liquidity-lens.cjs');

describe('liquidity-lens calc (in process)', () => {
  it.each([
    ['=CREDIT.LOSS(0.2,"consumer")', 329.6, 1], // DESIGN §3.3: $330B
    ['=CREDIT.LOSS(0.2,"mortgage")', 227, 1], // DESIGN §3.3: $227B
    ['=CREDIT.LOSS(0.2)', 0.13, 0.002], // DESIGN §3.3: ≈13% of bank equity
    ['=RATIO.GOLD("SPX","2000-08-31")', 5.4, 0.05], // DESIGN §3.4, monthly data
    ['=RATIO.GOLD("SPX","2011-09-30")', 0.66, 0.01], // DESIGN §3.4, monthly data
    ['=LIQ.M2.YOY("US","2026-03-31")', 0.0457, 0.0001], // shared/data/macro/M2SL.csv, July 2026 vintage
    ['=LIQ.INDEX("2025-12-24")', 5774.891, 1e-9], // 6,581.231 − 801.537 − 4.803 (shared/data/macro)
  ])('%s ≈ %d', async (formula, expected, tolerance) => {
    const result = await runCli(['calc', formula], {});
    expect(result.exitCode).toBe(0);
    expect(Math.abs(Number(result.stdout) - expected)).toBeLessThanOrEqual(tolerance);
  });

  it('spills array constants as CSV and takes assumptions as a 2-column array', async () => {
    const spill = await runCli(['calc', '=CREDIT.LOSS({0.1;0.2;0.3},"net")'], {});
    expect(spill.exitCode).toBe(0);
    expect(spill.stdout.trim().split('\n')).toHaveLength(3);
    const overridden = await runCli(['calc', '=CREDIT.LOSS(0.2,,{"bank_equity",2.4e12;"loss_reserves",2e11})'], {});
    // (329.6 + 227.0 − 200) / 2,400 with the essay's inputs (DESIGN §3.3)
    expect(Number(overridden.stdout)).toBeCloseTo((Number((await runCli(['calc', '=CREDIT.LOSS(0.2,"gross")'], {})).stdout) - 200) / 2400, 12);
  });

  it('prints an Excel error as "#CODE! message" with exit 1', async () => {
    const result = await runCli(['calc', '=RATIO.GOLD("FOO")'], {});
    expect(result).toMatchObject({ exitCode: 1, stdout: expect.stringMatching(/^#N\/A unknown ticker "FOO"/) });
  });

  it('exits 2 for a formula it cannot parse or a bad data folder', async () => {
    expect((await runCli(['calc', '=LIQ.INDEX('], {})).exitCode).toBe(2);
    expect((await runCli(['calc', '=LIQ.INDEX()', '--data', '/nonexistent-folder'], {})).exitCode).toBe(2);
  });

  it('loads daily prices from --data or LIQUIDITY_LENS_DATA', async () => {
    const viaFlag = await runCli(['calc', '=RATIO.GOLD("QQQ","2026-01-26")', '--data', SHARED_DATA], {});
    const viaEnv = await runCli(['calc', '=RATIO.GOLD("QQQ","2026-01-26")'], { LIQUIDITY_LENS_DATA: SHARED_DATA });
    expect(viaFlag.exitCode).toBe(0);
    expect(Math.abs(Number(viaFlag.stdout) - 0.12)).toBeLessThan(0.01); // DESIGN §3.4: QQQ/gold 0.12 in early 2026
    expect(viaEnv.stdout).toBe(viaFlag.stdout);
  });
});

describe('liquidity-lens calc (the installed bin)', () => {
  // The bin runs the compiled CLI (build/cli.cjs, made by npm ci's prepare): build it from these sources first.
  beforeAll(() => {
    execSync('npm run -s build:cli', { cwd: join(__dirname, '../..'), stdio: 'pipe' });
  });

  it('runs from a shell with the documented exit codes', () => {
    const run = (formula: string) => spawnSync(process.execPath, [BIN, 'calc', formula], { encoding: 'utf8', env: { ...process.env, LIQUIDITY_LENS_DATA: '' } });
    const ok = run('=LIQ.INDEX("2025-12-24")');
    expect([ok.status, ok.stdout]).toEqual([0, '5774.891\n']);
    expect(run('=LIQ.CORR("BTC","NDX",2)').status).toBe(1);
    expect(run('=LIQ.INDEX(A1)').status).toBe(2);
  });
});
