import { parseIsoDate } from '../../../src/core/dates/isoDate';
import { isCalcError } from '../../../src/core/errors';
import { priceRatioChange } from '../../../src/core/ratio/priceRatioChange';
import { createSeries, type Series } from '../../../src/core/series/series';
import { readSharedCsv } from '../_helpers/readSharedCsv';

const spx = readSharedCsv('SPX.M', 'PRICE_USD', 'prices/SPX_MONTHLY.csv');
const gold = readSharedCsv('GOLD.M', 'USD_PER_OZ', 'prices/GOLD_MONTHLY.csv');
const m2 = readSharedCsv('M2.US', 'USD_BILLIONS', 'macro/M2SL.csv');
const FROM = parseIsoDate('1999-03-31');
const TO = parseIsoDate('2026-02-27');

function change(numerator: Series, denominator: Series, from = FROM, to = TO): number {
  const result = priceRatioChange(numerator, denominator, from, to);
  if (isCalcError(result)) throw new Error(result.message);
  return result.value;
}

describe('priceRatioChange (DESIGN §3.8)', () => {
  it('M2 lost 70.9% and the S&P 500 69.4% of their gold value from March 1999 to February 2026 (published: 69%, 68%)', () => {
    // M2SL 1999-03 4430.1, 2026-02 22620.3; SPX_MONTHLY 1281.66, 6893.81; GOLD_MONTHLY 286.000, 5020.000
    expect(change(m2, gold)).toBeCloseTo(22620.3 / 5020 / (4430.1 / 286) - 1, 12);
    expect(change(m2, gold)).toBeCloseTo(-0.709, 3);
    expect(change(spx, gold)).toBeCloseTo(-0.694, 3);
  });

  it('is scale-invariant in either leg and gives 0 from a day to itself', () => {
    const times = (s: Series, k: number) =>
      createSeries(
        s.id,
        s.units,
        s.days,
        s.values.map((v) => v * k),
      );
    expect(change(times(spx, 1000), times(gold, 31.1))).toBeCloseTo(change(spx, gold), 12);
    expect(change(spx, gold, TO, TO)).toBe(0);
  });

  it('returns errors for reversed dates, a start before the data and a zero start', () => {
    const reversed = priceRatioChange(spx, gold, TO, FROM);
    expect(isCalcError(reversed) && reversed.message).toBe('from (2026-02-27) is after to (1999-03-31)');
    const early = priceRatioChange(m2, gold, parseIsoDate('1990-01-31'), TO);
    expect(isCalcError(early) && early.message).toMatch(/no M2.US observation on or before 1990-01-31/);
    const zero = createSeries('Z', 'PRICE_USD', [FROM, TO], [0, 1]);
    const fromZero = priceRatioChange(zero, gold, FROM, TO);
    expect(isCalcError(fromZero) && fromZero.code).toBe('DIV0');
  });
});
