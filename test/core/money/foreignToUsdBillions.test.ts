import { isCalcError } from '../../../src/core/errors';
import { foreignToUsdBillions } from '../../../src/core/money/foreignToUsdBillions';
import { UnitMismatchError } from '../../../src/core/units';
import { random } from '../_helpers/random';

const value = (result: number | { message: string }) => (typeof result === 'number' ? result : NaN);

describe('foreignToUsdBillions', () => {
  it('multiplies euros by USD per EUR and divides yen by JPY per USD (DESIGN §3.6)', () => {
    // 6,400,000 EUR millions = EUR 6.4 trillion; at 1.125 USD per EUR, USD 7.2 trillion
    expect(foreignToUsdBillions(6_400_000, 'EUR_MILLIONS', 1.125, 'USD_PER_EUR')).toBe(7200);
    // 7,500,000 × 100 million JPY = JPY 750 trillion; at 150 JPY per USD, USD 5 trillion
    expect(foreignToUsdBillions(7_500_000, 'JPY_100_MILLIONS', 150, 'JPY_PER_USD')).toBe(5000);
  });

  it('the popular mistakes are off by orders of magnitude: yen times the rate, or 1e8 read as millions', () => {
    const right = value(foreignToUsdBillions(7_336_035, 'JPY_100_MILLIONS', 145.15, 'JPY_PER_USD'));
    expect(right).toBeCloseTo(5054.106, 3); // JPNASSETS 2025-05-01 ÷ DEXJPUS 2025-05-09 (shared/data/global)
    expect(((7_336_035 / 1000) * 145.15) / right).toBeGreaterThan(200); // "millions × rate": 210× too much
  });

  it('round-trips: converting back at the same rate gives the amount (property, 200 cases)', () => {
    const next = random(7);
    for (let k = 0; k < 200; k++) {
      const amount = 1e5 + next() * 1e7;
      const eur = 0.8 + next() * 0.8;
      const jpy = 75 + next() * 90;
      const fromEur = value(foreignToUsdBillions(amount, 'EUR_MILLIONS', eur, 'USD_PER_EUR'));
      const fromYen = value(foreignToUsdBillions(amount, 'JPY_100_MILLIONS', jpy, 'JPY_PER_USD'));
      expect(((fromEur / eur) * 1e9) / 1e6).toBeCloseTo(amount, 6);
      expect((fromYen * jpy * 1e9) / 1e8).toBeCloseTo(amount, 6);
    }
  });

  it('refuses a rate that is not positive and an amount that is not finite, as values', () => {
    for (const rate of [0, -1.1, NaN, Infinity]) {
      const result = foreignToUsdBillions(1, 'EUR_MILLIONS', rate, 'USD_PER_EUR');
      expect(isCalcError(result) && result.code).toBe('NUM');
    }
    const result = foreignToUsdBillions(NaN, 'JPY_100_MILLIONS', 150, 'JPY_PER_USD');
    expect(isCalcError(result) && result.message).toMatch(/100 million JPY must be a finite number/);
  });

  it('throws on a rate between other currencies: euros at a yen rate is a programming error', () => {
    expect(() => foreignToUsdBillions(1, 'EUR_MILLIONS', 150, 'JPY_PER_USD')).toThrow(UnitMismatchError);
    expect(() => foreignToUsdBillions(1, 'JPY_100_MILLIONS', 7.1, 'CNY_PER_USD')).toThrow(/rate between JPY and USD/);
  });
});
