import { parseIsoDate } from '../../../src/core/dates/isoDate';
import { isCalcError } from '../../../src/core/errors';
import { priceRatioAt, priceRatioOn } from '../../../src/core/ratio/priceRatio';
import { createSeries, type Series } from '../../../src/core/series/series';
import { readSharedCsv } from '../_helpers/readSharedCsv';

const spx = readSharedCsv('SPX.M', 'PRICE_USD', 'prices/SPX_MONTHLY.csv');
const gold = readSharedCsv('GOLD.M', 'USD_PER_OZ', 'prices/GOLD_MONTHLY.csv');

describe('priceRatioAt', () => {
  it('prices the S&P 500 in gold: 5.41 at the 2000 peak and 0.66 at the 2011 low (DESIGN §3.4)', () => {
    // SPX_MONTHLY 2000-08 = 1485.46, GOLD_MONTHLY 2000-08 = 274.470; 2011-09: 1173.88 / 1772.000
    const peak = priceRatioAt(spx, gold, parseIsoDate('2000-08-31'));
    const low = priceRatioAt(spx, gold, parseIsoDate('2011-09-30'));
    expect(isCalcError(peak) ? NaN : peak.value).toBeCloseTo(5.412, 3);
    expect(isCalcError(low) ? NaN : low.value).toBeCloseTo(0.6625, 4);
  });

  it('is scale-invariant: the same factor on both legs leaves the ratio unchanged', () => {
    const scale = (factor: number) => (s: Series) =>
      createSeries(
        s.id,
        s.units,
        s.days,
        s.values.map((v) => v * factor),
      );
    for (const day of ['1929-09-30', '1980-01-31', '2026-06-30'].map(parseIsoDate)) {
      const plain = priceRatioAt(spx, gold, day);
      const scaled = priceRatioAt(scale(7.5)(spx), scale(7.5)(gold), day);
      expect(isCalcError(scaled) ? NaN : scaled.value).toBeCloseTo(isCalcError(plain) ? NaN : plain.value, 12);
    }
  });

  it('never reads a future observation, in point lookups or joins', () => {
    const days = Int32Array.from({ length: 200 }, (_, i) => parseIsoDate('1990-01-15') + i * 53);
    const joined = priceRatioOn(spx, gold, days);
    days.forEach((day, i) => {
      const point = priceRatioAt(spx, gold, day);
      if (isCalcError(point)) throw new Error(point.message);
      expect(point.numeratorDay).toBeLessThanOrEqual(day);
      expect(point.denominatorDay).toBeLessThanOrEqual(day);
      expect(joined[i]).toBe(point.value);
    });
  });

  it('answers #N/A before a series starts and #DIV/0! on a zero price', () => {
    const early = priceRatioAt(spx, gold, parseIsoDate('1860-01-01'));
    expect(isCalcError(early) && early.code).toBe('NA');
    const zero = createSeries('Z', 'USD_PER_OZ', [0], [0]);
    const divided = priceRatioAt(spx, zero, parseIsoDate('2000-01-01'));
    expect(isCalcError(divided) && divided.code).toBe('DIV0');
  });
});
