/**
 * The published and data-derived reference figures, computed through the Excel wrappers exactly
 * as Excel calls them (null for omitted arguments, ranges as 2-D arrays).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { excelSerialFromEpochDay } from '../../src/core/dates/excelSerial';
import { parseIsoDate } from '../../src/core/dates/isoDate';
import { createSeries } from '../../src/core/series/series';
import { random } from '../core/_helpers/random';
import { valueOf } from './_helpers/callExcel';
import { fx, SHARED_DATA, sharedDataStore, snapshotStore, useStore } from './_helpers/engines';

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
    expect(rrp).toEqual([
      ['date', 'RRP (USD billions)'],
      [46006, 2.601],
    ]); // SOURCES.md: 2025-12-15 = 2.601
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

describe('issue 15 on the embedded snapshot: global liquidity, the TGA against its target, debasement in gold', () => {
  beforeAll(() => useStore(snapshotStore()));

  it('LIQ.TGA.GAP("2025-10-29") = 983.859 − 850 = 133.859 (DESIGN §3.7)', async () => {
    // shared/data/macro/WDTGAL.csv 2025-10-29,983859 (millions); treasury/quarterly_refunding_assumed_cash_balance_2023-2026.csv
    // 2025-07-28,2025-12-31,850: the latest announcement before the day, for the quarter containing it
    expect(await valueOf(fx.liqTgaGap, '2025-10-29', null)).toBe(133.859);
    expect(await valueOf(fx.liqTgaGap, 45959, 'W')).toBe(133.859); // 45959 = 2025-10-29
  });

  it('LIQ.TGA.GAP() is the latest Wednesday a target covers: 2026-06-24, 901.845 − 900', async () => {
    // WDTGAL.csv 2026-06-24,901845; the refunding table names quarters to 2026-06-30 (2026-02-02 assumed 900)
    expect(await valueOf(fx.liqTgaGap, null, null)).toBe(1.845);
  });

  it('LIQ.GLOBAL("2025-05-09"): Fed 6,710.889 + ECB 7,101.502 + BoJ 5,054.106 = 18,866.497 USD billions (DESIGN §3.6)', async () => {
    // macro/WALCL.csv 2025-05-07,6710889 (USD millions)
    // global/ECBASSETSW.csv 2025-05-09,6301244.0000000000 (EUR millions) × global/DEXUSEU.csv 2025-05-09,1.1270 (USD per EUR)
    // global/JPNASSETS.csv 2025-05-01,7336035 (100 million JPY) ÷ global/DEXJPUS.csv 2025-05-09,145.15 (JPY per USD)
    const total = await valueOf(fx.liqGlobal, '2025-05-09', null);
    expect(total[0][0]).toBeCloseTo(6710.889 + (6301244 * 1.127) / 1000 + 7336035 / 10 / 145.15, 9);
    expect(total[0][0]).toBeCloseTo(18866.497, 3);
    // Omitted = the latest date all five cover: ECBASSETSW ends 2025-05-09, the first of them to end.
    expect(await valueOf(fx.liqGlobal, null, null)).toEqual(total);
  });

  it('LIQ.GLOBAL "table" shows each component with its local value, units, rate and dates', async () => {
    const table = await valueOf(fx.liqGlobal, '2025-05-09', 'table');
    expect(table[0]).toEqual(['component', 'series', 'local_value', 'local_units', 'fx_series', 'fx_rate', 'fx_units', 'usd_bn', 'as_of', 'fx_as_of']);
    expect(table[1]).toEqual(['Fed', 'WALCL', 6710889, 'USD millions', '', '', '', 6710.889, 45784, '']); // 45784 = 2025-05-07
    expect(table[2].slice(0, 7)).toEqual(['ECB', 'ECBASSETSW', 6301244, 'EUR millions', 'DEXUSEU', 1.127, 'USD per EUR']);
    expect(table[3].slice(0, 7)).toEqual(['BoJ', 'JPNASSETS', 7336035, '100 million JPY', 'DEXJPUS', 145.15, 'JPY per USD']);
    expect([table[3][8], table[3][9]]).toEqual([45778, 45786]); // JPNASSETS dated 2025-05-01, DEXJPUS 2025-05-09
    expect(table[4][0]).toBe('total');
    expect(table[4][7]).toBeCloseTo(table[1][7] + table[2][7] + table[3][7], 9);
  });

  it('LIQ.GLOBAL.SERIES rows are LIQ.GLOBAL on each Wednesday and month end', async () => {
    for (const frequency of ['W', 'M']) {
      const rows = await valueOf(fx.liqGlobalSeries, '2025-01-01', null, frequency, null);
      expect(rows[0]).toEqual(['date', 'global_liquidity_bn', 'fed_bn', 'ecb_bn', 'boj_bn']);
      expect(rows.length - 1).toBe(frequency === 'W' ? 19 : 4); // to ECBASSETSW's end, 2025-05-09
      for (const [serial, total] of rows.slice(1)) expect(total).toBe((await valueOf(fx.liqGlobal, serial, null))[0][0]);
    }
  });

  it('RATIO.GOLD.CHANGE from March 1999 to February 2026: M2 −70.9%, SPX −69.4% (published −69%, −68%; DESIGN §3.8)', async () => {
    // macro/M2SL.csv 1999-03-01,4430.1 and 2026-02-01,22620.3; prices/SPX_MONTHLY.csv 1281.66 and 6893.81;
    // prices/GOLD_MONTHLY.csv 286.000 and 5020.000 (monthly averages: gold's daily history starts 2000-08-30)
    expect(await valueOf(fx.ratioGoldChange, 'M2', '1999-03-31', '2026-02-27')).toBeCloseTo(-0.709, 3);
    expect(await valueOf(fx.ratioGoldChange, 'SPX', '1999-03-31', '2026-02-27')).toBeCloseTo(-0.694, 3);
    // The dollar itself, ounces per dollar: 1/5020 against 1/286
    expect(await valueOf(fx.ratioGoldChange, 'USD', '1999-03-31', '2026-02-27')).toBeCloseTo(286 / 5020 - 1, 12);
  });
});

describe('issue 15 with ../shared/data loaded', () => {
  beforeAll(() => useStore(sharedDataStore()));

  it('RATIO.GOLD.CHANGE stays monthly when daily gold does not reach back to the start', async () => {
    // Daily SPX is held from 1927 but GOLD.csv starts 2000-08-30: both legs use the monthly histories.
    expect(await valueOf(fx.ratioGoldChange, 'SPX', '1999-03-31', '2026-02-27')).toBeCloseTo(-0.694, 3);
  });

  it('RATIO.GOLD.CHANGE("QQQ") = −21.9%: the adjusted close over monthly gold (published −30%)', async () => {
    // prices/QQQ.csv 1999-03-31,44.2606 and 2026-02-27,606.5252 (dividend-adjusted, auto_adjust=True)
    // over GOLD_MONTHLY 286.000 and 5020.000: QQQ has no monthly history and daily gold starts 2000-08-30
    expect(await valueOf(fx.ratioGoldChange, 'QQQ', '1999-03-31', '2026-02-27')).toBeCloseTo(606.5252075195312 / 5020 / (44.26059722900391 / 286) - 1, 9);
  });

  it('LIQ.LAG("BTC","M2") says how few independent changes a year of daily pairs holds', async () => {
    const rows = await valueOf(fx.liqLag, 'BTC', 'M2', null, null, null);
    expect(rows[0]).toEqual(['lag_days', 'correlation', 'pairs', 'b_changes', 'best']);
    expect(rows).toHaveLength(122); // lags 0…120
    expect(rows.slice(1).filter((row: unknown[]) => row[4] === 'best')).toHaveLength(1);
    // 365 daily BTC returns to 2026-06-01 (M2SL's last month) span 12 monthly M2 changes, not 365.
    expect(rows.slice(1).map((row: unknown[]) => [row[2], row[3]])).toEqual(rows.slice(1).map(() => [365, 12]));
  });
});

describe('issue 15 on constructed data', () => {
  const serialOf = (iso: string) => excelSerialFromEpochDay(parseIsoDate(iso));

  it('LIQ.TGA.GAP(…, "D") reads the daily closing balance: 2025-10-30 closed at 1,000,632 → +150.632', async () => {
    // treasury/DTS_OpCashBal_20210624_20260623.csv, the "Treasury General Account (TGA) Closing Balance" rows (USD millions)
    const dts = readFileSync(resolve(SHARED_DATA, 'treasury/DTS_OpCashBal_20210624_20260623.csv'), 'utf8')
      .split('\n')
      .map((line) => line.split(','))
      .filter((cells) => cells[1] === 'Treasury General Account (TGA) Closing Balance')
      .map((cells) => [parseIsoDate(cells[0] ?? ''), Number(cells[2])] as const)
      .sort((x, y) => x[0] - y[0]);
    const store = snapshotStore();
    store.put({
      series: createSeries(
        'TGA.D',
        'USD_MILLIONS',
        dts.map((r) => r[0]),
        dts.map((r) => r[1]),
      ),
      origin: 'file',
      source: 'DTS export',
      retrievedAt: '2026-06-24T00:00:00Z',
    });
    useStore(store);
    expect(await valueOf(fx.liqTgaGap, '2025-10-30', 'D')).toBe(150.632);
    expect(await valueOf(fx.liqTgaGap, '2025-10-29', 'D')).toBe(133.859); // the Wednesday: the same balance as WDTGAL
  });

  it('LIQ.LAG recovers a lead of exactly 21 days between two constructed daily series', async () => {
    // b is a seeded random walk on every calendar day; a(t) = b(t − 21), held as SPX and NDX
    const next = random(21);
    const days = Array.from({ length: 500 }, (_, i) => parseIsoDate('2024-01-01') + i);
    let level = 100;
    const b = days.map(() => (level *= Math.exp((next() - 0.5) * 0.04)));
    const store = snapshotStore();
    store.put({ series: createSeries('NDX', 'PRICE_USD', days, b), origin: 'file', source: 'constructed', retrievedAt: '2026-01-01T00:00:00Z' });
    store.put({
      series: createSeries(
        'SPX',
        'PRICE_USD',
        days.slice(0, -21).map((day) => day + 21),
        b.slice(0, -21),
      ),
      origin: 'file',
      source: 'constructed',
      retrievedAt: '2026-01-01T00:00:00Z',
    });
    useStore(store);
    const rows = await valueOf(fx.liqLag, 'SPX', 'NDX', 60, 250, serialOf('2025-05-14'));
    const best = rows.slice(1).find((row: unknown[]) => row[4] === 'best');
    expect(best[0]).toBe(21);
    expect(best[1]).toBeCloseTo(1, 12);
    expect(best.slice(2, 4)).toEqual([250, 250]);
  });
});
