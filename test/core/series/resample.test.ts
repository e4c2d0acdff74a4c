import { definedAt } from '../../../src/core/definedAt';
import { dayOfWeek, epochDayFromCivil } from '../../../src/core/dates/epochDay';
import { parseIsoDate } from '../../../src/core/dates/isoDate';
import { resample } from '../../../src/core/series/resample';
import { createSeries } from '../../../src/core/series/series';
import { readSharedCsv } from '../_helpers/readSharedCsv';

const d = parseIsoDate;

describe('resample', () => {
  it("'D' returns the series unchanged", () => {
    const s = createSeries('S', 'PERCENT', [1, 2, 3], [4, 5, 6]);
    expect(resample(s, 'D')).toBe(s);
  });

  describe("'W'", () => {
    it('dates each point on a Wednesday, valued as of it, from the first Wednesday on or after the start', () => {
      // Thu 2025-12-04, Mon 12-08, Tue 12-09, Fri 12-12, Wed 12-17, Mon 12-22
      const s = createSeries('S', 'USD_BILLIONS', [d('2025-12-04'), d('2025-12-08'), d('2025-12-09'), d('2025-12-12'), d('2025-12-17'), d('2025-12-22')], [1, 2, 3, 4, 5, 6]);
      const w = resample(s, 'W');
      expect(Array.from(w.days)).toEqual([d('2025-12-10'), d('2025-12-17')]);
      // 12-10 takes Tuesday's 3 (never Friday's 4); 12-17 has its own observation
      expect(Array.from(w.values)).toEqual([3, 5]);
      expect(w.units).toBe('USD_BILLIONS');
      expect(w.id).toBe('S');
    });

    it('includes Wednesdays that are the first or last observation', () => {
      const s = createSeries('S', 'RATIO', [d('2025-12-03'), d('2025-12-10')], [7, 8]);
      const w = resample(s, 'W');
      expect(Array.from(w.days)).toEqual([d('2025-12-03'), d('2025-12-10')]);
      expect(Array.from(w.values)).toEqual([7, 8]);
    });

    it('is empty when no Wednesday lies between the first and last observation', () => {
      expect(resample(createSeries('S', 'RATIO', [d('2025-12-04'), d('2025-12-08')], [1, 2]), 'W').days.length).toBe(0);
      expect(resample(createSeries('S', 'RATIO', [], []), 'W').days.length).toBe(0);
    });

    it('never reads a future observation (property, on BTC daily closes)', () => {
      // shared/data/prices/BTC.csv
      const btc = readSharedCsv('BTC', 'PRICE_USD', 'prices/BTC.csv');
      const w = resample(btc, 'W');
      let j = 0;
      for (const [k, day] of w.days.entries()) {
        expect(dayOfWeek(day)).toBe(3);
        if (k > 0) expect(day - definedAt(w.days, k - 1)).toBe(7);
        while (j + 1 < btc.days.length && definedAt(btc.days, j + 1) <= day) j++;
        expect(definedAt(btc.days, j)).toBeLessThanOrEqual(day);
        expect(w.values[k]).toBe(btc.values[j]);
      }
      expect(definedAt(w.days, 0) - definedAt(btc.days, 0)).toBeLessThan(7);
      expect(definedAt(btc.days, btc.days.length - 1) - definedAt(w.days, w.days.length - 1)).toBeLessThan(7);
    });
  });

  describe("'M'", () => {
    it("keeps each month's last observation with its own date", () => {
      const s = createSeries('S', 'PRICE_USD', [d('2025-11-03'), d('2025-11-28'), d('2025-12-01'), d('2025-12-31'), d('2026-02-02')], [1, 2, 3, 4, 5]);
      const m = resample(s, 'M');
      expect(Array.from(m.days)).toEqual([d('2025-11-28'), d('2025-12-31'), d('2026-02-02')]);
      expect(Array.from(m.values)).toEqual([2, 4, 5]);
    });

    it('gives one point per month on NDX, the last trading day of each month', () => {
      // shared/data/prices/NDX.csv: 2025-12-31 is the last trading day of 2025
      const ndx = readSharedCsv('NDX', 'PRICE_USD', 'prices/NDX.csv');
      const m = resample(ndx, 'M');
      const key = (day: number): string => new Date(day * 86400000).toISOString().slice(0, 7);
      const months = Array.from(m.days, key);
      expect(new Set(months).size).toBe(months.length);
      expect(new Set(Array.from(ndx.days, key)).size).toBe(months.length);
      const i = Array.from(m.days).indexOf(d('2025-12-31'));
      expect(i).toBeGreaterThan(0);
      // NDX 2025-12-31 = 25,249.85 (prices/SOURCES.md sanity check)
      expect(m.values[i]).toBeCloseTo(25249.85, 2);
    });
  });

  it('does not depend on the machine time zone', () => {
    const s = createSeries('S', 'RATIO', [epochDayFromCivil(2024, 2, 27), epochDayFromCivil(2024, 2, 29), epochDayFromCivil(2024, 3, 6)], [1, 2, 3]);
    const saved = process.env.TZ;
    const results: string[] = [];
    try {
      for (const tz of ['UTC', 'America/New_York', 'Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
        process.env.TZ = tz;
        const w = resample(s, 'W');
        const m = resample(s, 'M');
        results.push(JSON.stringify([Array.from(w.days), Array.from(w.values), Array.from(m.days), Array.from(m.values)]));
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
    expect(new Set(results).size).toBe(1);
    expect(JSON.parse(results[0] ?? 'null')).toEqual([
      [epochDayFromCivil(2024, 2, 28), epochDayFromCivil(2024, 3, 6)],
      [1, 3],
      [epochDayFromCivil(2024, 2, 29), epochDayFromCivil(2024, 3, 6)],
      [2, 3],
    ]);
  });
});
