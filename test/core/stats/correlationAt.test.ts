import { definedAt } from '../../../src/core/definedAt';
import { parseIsoDate } from '../../../src/core/dates/isoDate';
import type { CalcError } from '../../../src/core/errors';
import { isCalcError } from '../../../src/core/errors';
import { asOf } from '../../../src/core/series/asOf';
import { createSeries } from '../../../src/core/series/series';
import { correlationAt } from '../../../src/core/stats/correlationAt';
import { naivePearson, naiveReturns } from '../_helpers/naiveStats';
import { readSharedCsv } from '../_helpers/readSharedCsv';

const d = parseIsoDate;
// shared/data/prices/BTC.csv (Yahoo BTC-USD, every day) and NDX.csv (Yahoo ^NDX, business days)
const btc = readSharedCsv('BTC', 'PRICE_USD', 'prices/BTC.csv');
const ndx = readSharedCsv('NDX', 'PRICE_USD', 'prices/NDX.csv');

function value(result: number | CalcError): number {
  if (isCalcError(result)) throw new Error(`${result.code}: ${result.message}`);
  return result;
}

describe('correlationAt', () => {
  describe('published checks (DESIGN §3.5)', () => {
    it('bitcoin–Nasdaq "30-day" (21 return pairs) Pearson ≈ 0.53 as of 2025-12-10', () => {
      // Computed 0.5312 here and, independently, by a Python two-pass Pearson over the same two CSVs
      // (22 common dates 2025-11-10 … 2025-12-10).
      const r = value(correlationAt(btc, ndx, 21, d('2025-12-10')));
      expect(Math.abs(r - 0.53)).toBeLessThanOrEqual(0.15);
    });

    it('bitcoin −21.0% and Nasdaq-100 +6.4% from 2025-09-17 to 2025-12-10, from as-of closes', () => {
      const change = (s: typeof btc): number => (asOf(s, d('2025-12-10')) / asOf(s, d('2025-09-17')) - 1) * 100;
      expect(Math.abs(change(btc) - -21.0)).toBeLessThanOrEqual(0.1);
      expect(Math.abs(change(ndx) - 6.4)).toBeLessThanOrEqual(0.1);
    });

    it('bitcoin–NVIDIA daily-return correlation is about 0.3 (not the quoted 0.96) in the three months to the 2025-11-19 results', () => {
      // DESIGN §3.5: "daily returns give about 0.3 over those months"; 63 return pairs ≈ three months
      const nvda = readSharedCsv('NVDA', 'PRICE_USD', 'prices/NVDA.csv');
      const r = value(correlationAt(btc, nvda, 63, d('2025-11-19')));
      expect(Math.abs(r - 0.3)).toBeLessThanOrEqual(0.1);
    });
  });

  it('equals a naive Pearson of log returns over the last window of common dates', () => {
    const r = naiveReturns(btc, ndx);
    for (const [end, window] of [
      ['2025-12-10', 21],
      ['2024-03-15', 90],
      ['2020-03-20', 5],
    ] as const) {
      const k = r.days.lastIndexOf(d(end));
      const expected = naivePearson(r.a.slice(k - window, k), r.b.slice(k - window, k));
      expect(value(correlationAt(btc, ndx, window, d(end)))).toBeCloseTo(expected, 12);
    }
  });

  it('ends at the last common date on or before the day (a Saturday uses Friday)', () => {
    // 2025-12-13 is a Saturday: NDX has no close, so the window ends on Friday 2025-12-12
    expect(value(correlationAt(btc, ndx, 21, d('2025-12-13')))).toBe(value(correlationAt(btc, ndx, 21, d('2025-12-12'))));
  });

  it("puts a 7-day asset's weekend move into Monday's return", () => {
    // a trades every day, b on weekdays only. Fri 2025-12-05 → Mon 12-08 spans the weekend.
    const days = ['2025-12-03', '2025-12-04', '2025-12-05', '2025-12-06', '2025-12-07', '2025-12-08', '2025-12-09'].map(d);
    const a = createSeries('A', 'PRICE_USD', days, [100, 101, 100, 150, 90, 110, 111]);
    const weekdays = [0, 1, 2, 5, 6];
    const b = createSeries(
      'B',
      'PRICE_USD',
      weekdays.map((i) => definedAt(days, i)),
      [50, 51, 50, 52, 53],
    );
    // common dates: 12-03, 04, 05, 08, 09; Monday's return for a is ln(110 / 100)
    const ra = [Math.log(101 / 100), Math.log(100 / 101), Math.log(110 / 100), Math.log(111 / 110)];
    const rb = [Math.log(51 / 50), Math.log(50 / 51), Math.log(52 / 50), Math.log(53 / 52)];
    expect(value(correlationAt(a, b, 4, d('2025-12-09')))).toBeCloseTo(naivePearson(ra, rb), 12);
  });

  it('is scale-invariant: prices in other units give the same correlation', () => {
    const btcMilli = createSeries(
      'BTCm',
      'PRICE_USD',
      btc.days,
      Array.from(btc.values, (v) => v * 1000),
    );
    const ndxSmall = createSeries(
      'NDXs',
      'PRICE_USD',
      ndx.days,
      Array.from(ndx.values, (v) => v / 7),
    );
    const r = value(correlationAt(btc, ndx, 90, d('2025-12-10')));
    expect(value(correlationAt(btcMilli, ndxSmall, 90, d('2025-12-10')))).toBeCloseTo(r, 12);
  });

  it('is symmetric in its two series', () => {
    expect(value(correlationAt(ndx, btc, 30, d('2025-06-30')))).toBeCloseTo(value(correlationAt(btc, ndx, 30, d('2025-06-30'))), 14);
  });

  describe('errors', () => {
    it('rejects a window under 3 or not whole with invalidNumber', () => {
      for (const window of [2, 0, -5, 2.5, NaN, Infinity]) {
        const r = correlationAt(btc, ndx, window, d('2025-12-10'));
        expect(isCalcError(r) && r.code).toBe('NUM');
      }
      expect(isCalcError(correlationAt(btc, ndx, 3, d('2025-12-10')))).toBe(false);
    });

    it('says how many common dates there are, how many are needed, and the range covered', () => {
      // BTC starts 2014-09-17 (a Wednesday); by 2014-09-19 the two share 3 dates
      const r = correlationAt(btc, ndx, 5, d('2014-09-19'));
      expect(isCalcError(r) && r.code).toBe('NA');
      expect((r as CalcError).message).toMatch(/3 common dates on or before 2014-09-19/);
      expect((r as CalcError).message).toMatch(/needs 6/);
      expect((r as CalcError).message).toMatch(/2014-09-17 to 2026-08-20/);
    });

    it('is notAvailable when the series share no dates', () => {
      const weekend = createSeries('W', 'PRICE_USD', [d('2025-12-06'), d('2025-12-07'), d('2025-12-13'), d('2025-12-14')], [1, 2, 3, 4]);
      const r = correlationAt(weekend, ndx, 3, d('2025-12-31'));
      expect(isCalcError(r) && r.code).toBe('NA');
      expect((r as CalcError).message).toMatch(/no dates in common/);
    });

    it('is divisionByZero when a series does not move over the window', () => {
      const flat = createSeries(
        'FLAT',
        'PRICE_USD',
        ndx.days,
        Array.from(ndx.values, () => 100),
      );
      const r = correlationAt(btc, flat, 21, d('2025-12-10'));
      expect(isCalcError(r) && r.code).toBe('DIV0');
      // constant growth: identical returns up to rounding, still no spread
      const growth = createSeries(
        'G',
        'PRICE_USD',
        ndx.days,
        Array.from(ndx.days, (_, i) => 100 * Math.exp(0.001 * i)),
      );
      const g = correlationAt(btc, growth, 21, d('2025-12-10'));
      expect(isCalcError(g) && g.code).toBe('DIV0');
    });

    it('rejects a non-date end with invalidValue', () => {
      const r = correlationAt(btc, ndx, 21, NaN);
      expect(isCalcError(r) && r.code).toBe('VALUE');
    });
  });
});
