import { definedAt } from '../../../src/core/definedAt';
import { parseIsoDate } from '../../../src/core/dates/isoDate';
import { createSeries } from '../../../src/core/series/series';
import { transformSeries } from '../../../src/core/series/transform';
import { readSharedCsv } from '../_helpers/readSharedCsv';

const d = parseIsoDate;

describe('transformSeries', () => {
  const s = createSeries('X', 'USD_BILLIONS', [d('2025-01-01'), d('2025-02-01'), d('2025-03-01')], [100, 110, 99]);

  it('chg: difference from the previous observation, same units, first dropped', () => {
    const out = transformSeries(s, 'chg');
    expect(Array.from(out.days)).toEqual([d('2025-02-01'), d('2025-03-01')]);
    expect(out.values[0]).toBeCloseTo(10, 12);
    expect(out.values[1]).toBeCloseTo(-11, 12);
    expect(out.units).toBe('USD_BILLIONS');
    expect(out.id).toBe('X:chg');
  });

  it('pch: percent change from the previous observation, in percent', () => {
    const out = transformSeries(s, 'pch');
    expect(Array.from(out.days)).toEqual([d('2025-02-01'), d('2025-03-01')]);
    expect(out.values[0]).toBeCloseTo(10, 10);
    expect(out.values[1]).toBeCloseTo(-10, 10);
    expect(out.units).toBe('PERCENT');
  });

  it('log: natural log, dropping values that have none', () => {
    const t = createSeries('T', 'PRICE_USD', [1, 2, 3, 4], [Math.E, 0, -5, 1]);
    const out = transformSeries(t, 'log');
    expect(Array.from(out.days)).toEqual([1, 4]);
    expect(out.values[0]).toBeCloseTo(1, 15);
    expect(out.values[1]).toBe(0);
    expect(out.units).toBe('LOG');
  });

  it('pch drops a change from zero instead of reporting Infinity', () => {
    const t = createSeries('T', 'RATIO', [1, 2, 3], [0, 5, 10]);
    const out = transformSeries(t, 'pch');
    expect(Array.from(out.days)).toEqual([3]);
    expect(out.values[0]).toBeCloseTo(100, 12);
  });

  describe('pc1', () => {
    it('compares with the as-of value a calendar year earlier and drops the first year', () => {
      const t = createSeries('T', 'PRICE_USD', [d('2024-02-29'), d('2024-06-28'), d('2025-02-27'), d('2025-02-28'), d('2025-06-30')], [100, 200, 1, 150, 300]);
      const out = transformSeries(t, 'pc1');
      // 2025-02-27 looks back to 2024-02-27: nothing yet, dropped. 2025-02-28 → 2024-02-28: still nothing
      // (2024-02-29 is later), dropped. 2025-06-30 → 2024-06-30: as of it, 2024-06-28's 200.
      expect(Array.from(out.days)).toEqual([d('2025-06-30')]);
      expect(out.values[0]).toBeCloseTo(50, 12);
      expect(out.units).toBe('PERCENT');
    });

    it('maps 29 February back to 28 February', () => {
      const t = createSeries('T', 'RATIO', [d('2023-02-28'), d('2024-02-29')], [100, 103]);
      const out = transformSeries(t, 'pc1');
      expect(Array.from(out.days)).toEqual([d('2024-02-29')]);
      expect(out.values[0]).toBeCloseTo(3, 12);
    });

    it('gives M2 growth over the year to March 2026 from the July 2026 vintage', () => {
      // shared/data/macro/M2SL.csv: 2025-03-01 21684.1, 2026-03-01 22676.1 (USD billions);
      // DESIGN §3.4: "4.57% for March 2026" in that vintage
      const m2 = readSharedCsv('M2SL', 'USD_BILLIONS', 'macro/M2SL.csv');
      const out = transformSeries(m2, 'pc1');
      const i = Array.from(out.days).indexOf(d('2026-03-01'));
      expect(out.values[i]).toBeCloseTo((22676.1 / 21684.1 - 1) * 100, 10);
      expect(out.values[i]).toBeCloseTo(4.57, 2);
      // monthly data from 1995-01: the first year-on-year value is 1996-01
      expect(out.days[0]).toBe(d('1996-01-01'));
      expect(out.days.length).toBe(m2.days.length - 12);
    });
  });

  it('matches a naive per-observation computation on real daily data', () => {
    // shared/data/prices/BTC.csv
    const btc = readSharedCsv('BTC', 'PRICE_USD', 'prices/BTC.csv');
    const pch = transformSeries(btc, 'pch');
    const chg = transformSeries(btc, 'chg');
    expect(pch.days.length).toBe(btc.days.length - 1);
    for (let i = 1; i < btc.days.length; i += 97) {
      const [previous, value] = [definedAt(btc.values, i - 1), definedAt(btc.values, i)];
      expect(pch.values[i - 1]).toBeCloseTo((value / previous - 1) * 100, 9);
      expect(chg.values[i - 1]).toBeCloseTo(value - previous, 6);
    }
  });
});
