import { definedAt } from '../../../src/core/definedAt';
import { parseIsoDate } from '../../../src/core/dates/isoDate';
import { isCalcError } from '../../../src/core/errors';
import { asOfIndex } from '../../../src/core/series/asOf';
import { createSeries } from '../../../src/core/series/series';
import { betaAt } from '../../../src/core/stats/betaAt';
import { rollingBeta } from '../../../src/core/stats/rollingBeta';
import { naiveBeta, naiveReturns, naiveRolling, seededRandom } from '../_helpers/naiveStats';
import { readSharedCsv } from '../_helpers/readSharedCsv';

// shared/data/prices/BTC.csv and NDX.csv
const btc = readSharedCsv('BTC', 'PRICE_USD', 'prices/BTC.csv');
const ndx = readSharedCsv('NDX', 'PRICE_USD', 'prices/NDX.csv');

describe('rollingBeta', () => {
  it('equals a naive per-window cov / var to 1e-9 on BTC–NDX', () => {
    for (const window of [21, 90]) {
      const rolling = rollingBeta(btc, ndx, window);
      const naive = naiveRolling(naiveReturns(btc, ndx), window, naiveBeta);
      expect(Array.from(rolling.days)).toEqual(naive.days);
      let worst = 0;
      for (const [i, value] of naive.values.entries()) worst = Math.max(worst, Math.abs(definedAt(rolling.values, i) - value));
      expect(worst).toBeLessThan(1e-9);
    }
  });

  it('stays exact at price levels near 100,000 with tiny moves', () => {
    const random = seededRandom(7);
    const days: number[] = [];
    const pa: number[] = [];
    const pb: number[] = [];
    let a = 100000;
    let b = 99000;
    for (let i = 0; i < 10000; i++) {
      const common = random() - 0.5;
      a += common * 2 + (random() - 0.5);
      b += common + (random() - 0.5);
      days.push(18000 + i);
      pa.push(a);
      pb.push(b);
    }
    const sa = createSeries('A', 'PRICE_USD', days, pa);
    const sb = createSeries('B', 'PRICE_USD', days, pb);
    const rolling = rollingBeta(sa, sb, 90);
    const naive = naiveRolling(naiveReturns(sa, sb), 90, naiveBeta);
    // beta is not bounded like a correlation, so compare relative to its size
    for (const [i, value] of naive.values.entries()) expect(Math.abs(definedAt(rolling.values, i) - value)).toBeLessThan(1e-9 * Math.max(1, Math.abs(value)));
  });

  it('agrees with betaAt and does not change when either series is rescaled', () => {
    const day = parseIsoDate('2025-12-10');
    const rolling = rollingBeta(btc, ndx, 21);
    const at = betaAt(btc, ndx, 21, day);
    if (isCalcError(at)) throw new Error(at.message);
    expect(rolling.values[asOfIndex(rolling, day)]).toBeCloseTo(at, 12);
    expect(rolling.units).toBe('RATIO');
    const scaled = rollingBeta(
      createSeries(
        'BTCm',
        'PRICE_USD',
        btc.days,
        Array.from(btc.values, (v) => v * 1000),
      ),
      ndx,
      21,
    );
    for (let i = 0; i < rolling.values.length; i += 50) expect(scaled.values[i]).toBeCloseTo(definedAt(rolling.values, i), 12);
  });

  it('throws on a window a caller should have validated', () => {
    expect(() => rollingBeta(btc, ndx, 1)).toThrow(RangeError);
  });
});
