/**
 * The published and data-derived reference figures, computed through the Excel wrappers exactly
 * as Excel calls them (null for omitted arguments, ranges as 2-D arrays).
 */
import { valueOf } from './_helpers/callExcel';
import { fx, sharedDataStore, snapshotStore, useStore } from './_helpers/engines';

describe('on the embedded snapshot alone (a fresh install, no network)', () => {
  beforeAll(() => useStore(snapshotStore()));

  it('LIQ.INDEX("2025-12-24") = 6,581.231 − 801.537 − 4.803 = 5,774.891', async () => {
    // shared/data/macro WALCL.csv 6581231 (millions), WDTGAL.csv 801537 (millions), RRPONTSYD.csv 4.803 (billions)
    expect(await valueOf(fx.liqIndex, '2025-12-24')).toBeCloseTo(5774.891, 6);
  });

  it('LIQ.INDEX accepts the same date as an Excel serial and snaps other days to the Wednesday', async () => {
    expect(await valueOf(fx.liqIndex, 46015)).toBeCloseTo(5774.891, 6); // 46015 = 2025-12-24
    expect(await valueOf(fx.liqIndex, '2025-12-29')).toBeCloseTo(5774.891, 6); // Monday → Wed 24th
  });

  it('LIQ.INDEX() is the latest Wednesday all three components cover', async () => {
    // WDTGAL ends 2026-07-22 (shared/data/macro/SOURCES.md), so the latest common Wednesday is that day.
    expect(await valueOf(fx.liqIndex, null)).toBeCloseTo(await valueOf(fx.liqIndex, '2026-07-22'), 9);
  });

  it('LIQ.SERIES weekly rows agree with LIQ.INDEX on each Wednesday', async () => {
    const rows = await valueOf(fx.liqSeries, '2025-12-01', '2025-12-31', null, null);
    expect(rows[0]).toEqual(['date', 'net_liquidity_bn', 'fed_assets_bn', 'tga_bn', 'rrp_bn']);
    expect(rows.map((row: unknown[]) => row[0]).slice(1)).toEqual([45994, 46001, 46008, 46015, 46022]);
    const wednesday24 = rows.find((row: unknown[]) => row[0] === 46015);
    expect(wednesday24.slice(1)).toEqual([5774.891, 6581.231, 801.537, 4.803]);
  });

  it('CREDIT.LOSS(0.2, …) reproduces the essay: $330B consumer, $227B mortgage, 13% of equity (DESIGN §3.3)', async () => {
    expect((await valueOf(fx.creditLoss, [[0.2]], 'consumer', null))[0][0]).toBeCloseTo(329.6, 0);
    expect(Math.abs((await valueOf(fx.creditLoss, [[0.2]], 'mortgage', null))[0][0] - 227.0)).toBeLessThan(1);
    expect(Math.abs((await valueOf(fx.creditLoss, [[0.2]], null, null))[0][0] - 0.13)).toBeLessThan(0.002);
  });

  it('CREDIT.LOSS spills a sensitivity table and takes overrides from a 2-column range', async () => {
    const table = await valueOf(fx.creditLoss, [[0.05], [0.1], [0.2]], 'capital_hit', null);
    expect(table[0][0]).toBe(0); // reserves absorb the loss below pct ≈ 0.083 (DESIGN §3.3)
    expect(table[1][0]).toBeGreaterThan(0);
    const lowerEquity = await valueOf(fx.creditLoss, [[0.2]], null, [['bank_equity', 2.0e12]]);
    expect(lowerEquity[0][0]).toBeCloseTo((table[2][0] * 2.5) / 2.0, 9);
  });

  it('CREDIT.LOSS accepts the CREDIT.ASSUMPTIONS spill back as its assumptions', async () => {
    const assumptions = await valueOf(fx.creditAssumptions);
    expect(assumptions[0].slice(0, 2)).toEqual(['name', 'default']);
    expect(assumptions).toHaveLength(11);
    const withDefaults = await valueOf(fx.creditLoss, [[0.2]], 'net', assumptions);
    const plain = await valueOf(fx.creditLoss, [[0.2]], 'net', null);
    expect(withDefaults).toEqual(plain);
  });

  it('CREDIT.LOSS "table" shows every step down to the capital hit', async () => {
    const table = await valueOf(fx.creditLoss, [[0.2]], 'table', null);
    expect(table[0]).toEqual(['step', 'value', 'units']);
    expect(table.at(-1)[1]).toBeCloseTo((await valueOf(fx.creditLoss, [[0.2]], null, null))[0][0], 12);
  });

  it('RATIO.GOLD("SPX") on monthly data: ≈5.4 at the 2000 peak and ≈0.66 at the 2011 low (DESIGN §3.4)', async () => {
    // shared/data/prices SPX_MONTHLY.csv / GOLD_MONTHLY.csv: 2000-08 1485.46 / 274.470; 2011-09 1173.88 / 1772.000
    expect(await valueOf(fx.ratioGold, 'SPX', '2000-08-31')).toBeCloseTo(1485.46 / 274.47, 9);
    expect(await valueOf(fx.ratioGold, 'SPX', '2000-08-31')).toBeCloseTo(5.4, 1);
    expect(await valueOf(fx.ratioGold, 'spx', '2011-09-30')).toBeCloseTo(0.66, 2);
  });

  it('RATIO.GOLD("M2") and ("USD") price money in gold', async () => {
    // M2SL 2026-06-01 = 23155.2 (billions); GOLD_MONTHLY 2026-06 = 4228.0
    expect(await valueOf(fx.ratioGold, 'M2', '2026-06-30')).toBeCloseTo(23155.2 / 4228.0, 9);
    expect(await valueOf(fx.ratioGold, 'USD', '2026-06-30')).toBeCloseTo(1 / 4228.0, 12);
  });

  it('LIQ.M2.YOY("US","2026-03-31") ≈ 0.0457 on the July 2026 vintage (shared/data/macro/M2SL.csv)', async () => {
    expect(await valueOf(fx.liqM2Yoy, 'US', '2026-03-31')).toBeCloseTo(0.0457, 4);
  });

  it('LIQ.STRESS: SOFR 3.87% − top of range 3.75% = 12 bp on 2025-12-31; − IORB 3.65% = 22 bp', async () => {
    // shared/data/macro/SOURCES.md spot values: SOFR 2025-12-31 = 3.87; range top 3.75 and IORB 3.65 after 2025-12-11
    expect(await valueOf(fx.liqStress, '2025-12-31', null)).toBe(12);
    expect(await valueOf(fx.liqStress, '2025-12-31', 'IORB')).toBe(22);
  });

  it('LIQ.DATA returns a series in its published units, with transforms', async () => {
    const rrp = await valueOf(fx.liqData, 'RRPONTSYD', '2025-12-15', '2025-12-15', null, null);
    expect(rrp).toEqual([['date', 'RRP (USD billions)'], [46006, 2.601]]); // SOURCES.md: 2025-12-15 = 2.601
    const yoy = await valueOf(fx.liqData, 'M2.US', '2026-03-01', '2026-03-31', 'pc1', null);
    expect(yoy[1][1] / 100).toBeCloseTo(await valueOf(fx.liqM2Yoy, 'US', '2026-03-31'), 12);
  });
});

describe('with the daily prices of ../shared/data loaded', () => {
  beforeAll(() => useStore(sharedDataStore()));

  it('RATIO.GOLD("SPX") ≈ 1.39 with gold near $5,000 and QQQ/gold ≈ 0.12 in early 2026 (DESIGN §3.4)', async () => {
    // GOLD.csv 2026-01-26 = 5079.7; SPX and QQQ closes of the same day
    expect(Math.abs((await valueOf(fx.ratioGold, 'SPX', '2026-01-26')) - 1.39)).toBeLessThan(0.05);
    expect(Math.abs((await valueOf(fx.ratioGold, 'QQQ', '2026-01-26')) - 0.12)).toBeLessThan(0.01);
  });

  it('LIQ.CORR("BTC","NDX",21,"2025-12-10") ≈ 0.53, the published 30-day Pearson (DESIGN §3.5)', async () => {
    expect(Math.abs((await valueOf(fx.liqCorr, 'BTC', 'NDX', 21, '2025-12-10')) - 0.53)).toBeLessThan(0.05);
  });

  it('RATIO.PAIR divides two tickers on the same day', async () => {
    const pair = await valueOf(fx.ratioPair, 'XLP', 'XLY', '2026-08-21');
    expect(pair).toBeCloseTo(85.99 / 118.02, 4); // prices/SOURCES.md: XLP 85.99, XLY 118.02 on 2026-08-21
  });

  it('RATIO.GOLD.SERIES rows are RATIO.GOLD on each row date', async () => {
    const rows = await valueOf(fx.ratioGoldSeries, 'BTC', '2026-08-01', null, 'W', null);
    expect(rows[0]).toEqual(['date', 'BTC_in_gold_oz']);
    for (const [serial, ratio] of rows.slice(1)) {
      expect(ratio).toBeCloseTo(await valueOf(fx.ratioGold, 'BTC', serial), 12);
    }
  });
});
