import { parseIsoDate } from '../../../src/core/dates/isoDate';
import { isCalcError } from '../../../src/core/errors';
import { globalLiquidityAt, globalLiquidityOn, type GlobalLiquidity, type GlobalLiquidityInputs } from '../../../src/core/liquidity/globalLiquidity';
import { globalLiquidityDays } from '../../../src/core/liquidity/globalLiquidityDays';
import { createSeries } from '../../../src/core/series/series';
import { readFredCsv } from '../_helpers/readFredCsv';

const inputs: GlobalLiquidityInputs = {
  fed: readFredCsv('WALCL', 'USD_MILLIONS', 'macro/WALCL.csv'),
  ecb: readFredCsv('ECBASSETSW', 'EUR_MILLIONS', 'global/ECBASSETSW.csv'),
  usdPerEur: readFredCsv('DEXUSEU', 'USD_PER_EUR', 'global/DEXUSEU.csv'),
  boj: readFredCsv('JPNASSETS', 'JPY_100_MILLIONS', 'global/JPNASSETS.csv'),
  jpyPerUsd: readFredCsv('DEXJPUS', 'JPY_PER_USD', 'global/DEXJPUS.csv'),
};

function at(day: string): GlobalLiquidity {
  const result = globalLiquidityAt(inputs, parseIsoDate(day));
  if (isCalcError(result)) throw new Error(result.message);
  return result;
}

describe('globalLiquidityAt', () => {
  it('sums Fed, ECB and BoJ in USD billions on 2025-05-09, each as of the day (DESIGN §3.6)', () => {
    // macro/WALCL.csv 2025-05-07,6710889 (USD millions; Wednesday before the Friday)
    // global/ECBASSETSW.csv 2025-05-09,6301244.0000000000 (EUR millions) × global/DEXUSEU.csv 2025-05-09,1.1270
    // global/JPNASSETS.csv 2025-05-01,7336035 (100 million JPY) ÷ global/DEXJPUS.csv 2025-05-09,145.15
    const result = at('2025-05-09');
    const [fed, ecb, boj] = result.components;
    expect([fed.day, ecb.day, boj.day, ecb.fx?.day, boj.fx?.day]).toEqual(['2025-05-07', '2025-05-09', '2025-05-01', '2025-05-09', '2025-05-09'].map(parseIsoDate));
    expect(fed.usdBillions).toBe(6710.889);
    expect(ecb.usdBillions).toBeCloseTo((6301244 * 1.127) / 1000, 9); // 7101.502
    expect(boj.usdBillions).toBeCloseTo(7336035 / 10 / 145.15, 9); // 5054.106
    expect(result.total).toBeCloseTo(18866.497, 3);
  });

  it('reads the day before a holiday: Christmas 2024 has no FX fixing, so the 24th is used', () => {
    // DEXUSEU.csv line 6779 and DEXJPUS.csv line 2469: "2024-12-25," (empty: holiday)
    const [, ecb, boj] = at('2024-12-25').components;
    expect(ecb.fx).toEqual({ seriesId: 'DEXUSEU', rate: 1.0388, units: 'USD_PER_EUR', day: parseIsoDate('2024-12-24') });
    expect(boj.fx).toEqual({ seriesId: 'DEXJPUS', rate: 157.29, units: 'JPY_PER_USD', day: parseIsoDate('2024-12-24') });
  });

  it('never reads a future observation of any of the five series', () => {
    for (let day = parseIsoDate('2016-01-01'); day < parseIsoDate('2025-05-09'); day += 37) {
      const result = globalLiquidityAt(inputs, day);
      if (isCalcError(result)) throw new Error(result.message);
      for (const component of result.components) {
        expect(component.day).toBeLessThanOrEqual(day);
        if (component.fx) expect(component.fx.day).toBeLessThanOrEqual(day);
      }
    }
  });

  it('says which series has not started yet', () => {
    // DEXJPUS.csv starts 2015-07-13
    const early = globalLiquidityAt(inputs, parseIsoDate('2015-01-07'));
    expect(isCalcError(early) && early.message).toBe('no DEXJPUS observation on or before 2015-01-07');
  });

  it('throws when a series arrives in other units: billions for WALCL, or the euro rate the wrong way round', () => {
    const inBillions = { ...inputs, fed: createSeries('WALCL', 'USD_BILLIONS', inputs.fed.days, inputs.fed.values) };
    expect(() => globalLiquidityAt(inBillions, parseIsoDate('2025-05-09'))).toThrow(/WALCL is in USD billions, expected USD_MILLIONS/);
    const eurPerUsd = { ...inputs, usdPerEur: createSeries('DEXUSEU', 'JPY_PER_USD', inputs.usdPerEur.days, inputs.usdPerEur.values) };
    expect(() => globalLiquidityOn(eurPerUsd, Int32Array.of(parseIsoDate('2025-05-09')))).toThrow(/DEXUSEU/);
  });
});

describe('globalLiquidityOn and globalLiquidityDays', () => {
  it('give on each Wednesday exactly what globalLiquidityAt gives', () => {
    const days = globalLiquidityDays(inputs, 'W', parseIsoDate('2024-01-01'), parseIsoDate('2024-12-31'));
    if (isCalcError(days)) throw new Error(days.message);
    expect(days).toHaveLength(52);
    const table = globalLiquidityOn(inputs, days);
    for (const [i, day] of days.entries()) {
      const one = at(new Date(day * 86400000).toISOString().slice(0, 10));
      expect([table.fed[i], table.ecb[i], table.boj[i]]).toEqual(one.components.map((c) => c.usdBillions));
      expect(table.total[i]).toBe(one.total);
    }
  });

  it('month ends stay inside the range all five cover, and say the range when nothing is left', () => {
    // ECBASSETSW.csv ends 2025-05-09, the earliest of the five ends: the last month end is 2025-04-30
    const months = globalLiquidityDays(inputs, 'M', parseIsoDate('2025-01-01'));
    if (isCalcError(months)) throw new Error(months.message);
    expect(Array.from(months)).toEqual(['2025-01-31', '2025-02-28', '2025-03-31', '2025-04-30'].map(parseIsoDate));
    const none = globalLiquidityDays(inputs, 'W', parseIsoDate('2026-01-01'));
    expect(isCalcError(none) && none.message).toMatch(/the five series cover 2015-07-13 to 2025-05-09 in common/);
  });
});
