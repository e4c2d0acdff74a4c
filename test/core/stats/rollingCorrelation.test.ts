import { definedAt } from '../../../src/core/definedAt';
import { parseIsoDate } from '../../../src/core/dates/isoDate';
import { isCalcError } from '../../../src/core/errors';
import { asOfIndex } from '../../../src/core/series/asOf';
import type { Series } from '../../../src/core/series/series';
import { createSeries } from '../../../src/core/series/series';
import { correlationAt } from '../../../src/core/stats/correlationAt';
import { rollingCorrelation } from '../../../src/core/stats/rollingCorrelation';
import { naivePearson, naiveReturns, naiveRolling, seededRandom } from '../_helpers/naiveStats';
import { readSharedCsv } from '../_helpers/readSharedCsv';

// shared/data/prices/BTC.csv and NDX.csv
const btc = readSharedCsv('BTC', 'PRICE_USD', 'prices/BTC.csv');
const ndx = readSharedCsv('NDX', 'PRICE_USD', 'prices/NDX.csv');

function expectMatchesNaive(a: Series, b: Series, window: number, tolerance: number): void {
  const rolling = rollingCorrelation(a, b, window);
  const naive = naiveRolling(naiveReturns(a, b), window, naivePearson);
  expect(Array.from(rolling.days)).toEqual(naive.days);
  let worst = 0;
  for (const [i, value] of naive.values.entries()) {
    const got = definedAt(rolling.values, i);
    if (Number.isNaN(got)) throw new Error(`NaN at ${i}, naive ${value}`);
    worst = Math.max(worst, Math.abs(got - value));
  }
  expect(worst).toBeLessThan(tolerance);
}

/** Two correlated random walks of `n` days at price levels near `level`, moving `step` (relative) a day. */
function syntheticPair(n: number, level: number, step: (i: number) => number, seed: number): [Series, Series] {
  const random = seededRandom(seed);
  const days: number[] = [];
  const pa: number[] = [];
  const pb: number[] = [];
  let a = level;
  let b = level;
  for (let i = 0; i < n; i++) {
    days.push(19000 + i);
    const common = random() - 0.5;
    a *= 1 + step(i) * (common + 0.5 * (random() - 0.5));
    b *= 1 + step(i) * (common + 0.8 * (random() - 0.5));
    pa.push(a);
    pb.push(b);
  }
  return [createSeries('SA', 'PRICE_USD', days, pa), createSeries('SB', 'PRICE_USD', days, pb)];
}

describe('rollingCorrelation', () => {
  it('equals a naive per-window Pearson to 1e-9 on BTC–NDX, 21 and 90 return pairs', () => {
    expectMatchesNaive(btc, ndx, 21, 1e-9);
    expectMatchesNaive(btc, ndx, 90, 1e-9);
    expectMatchesNaive(btc, ndx, 3, 1e-9);
  });

  it('stays exact at price levels near 100,000 with tiny moves (no cancellation on levels)', () => {
    // moves of about ±0.5 on 100,000 (5e-6 relative) over 10,000 days
    const [a, b] = syntheticPair(10000, 100000, () => 1e-5, 1);
    expectMatchesNaive(a, b, 90, 1e-9);
  });

  it('stays exact when a volatile stretch leaves the window and calm follows', () => {
    // relative moves of 5% for 300 days, then 5e-6: the spread falls by a factor of 1e8
    const [a, b] = syntheticPair(2000, 100000, (i) => (i < 300 ? 0.1 : 1e-5), 2);
    expectMatchesNaive(a, b, 90, 1e-9);
  });

  it('gives NaN for windows where a series is flat, and exact values around them', () => {
    const [a] = syntheticPair(400, 100, () => 0.02, 3);
    const flatValues = Array.from(a.values, (v, i) => (i >= 150 && i < 250 ? 100 : v * 1.5));
    const b = createSeries('B', 'PRICE_USD', a.days, flatValues);
    const window = 30;
    const rolling = rollingCorrelation(a, b, window);
    const naive = naiveRolling(naiveReturns(a, b), window, naivePearson);
    for (let i = 0; i < naive.values.length; i++) {
      // returns 151..249 are exactly 0: windows of returns entirely inside that stretch are flat
      const end = i + window; // index of the window's last return + 1
      const flat = end - window >= 150 && end - 1 <= 248;
      if (flat) expect(rolling.values[i]).toBeNaN();
      else expect(Math.abs(definedAt(rolling.values, i) - definedAt(naive.values, i))).toBeLessThan(1e-9);
    }
  });

  it('agrees with correlationAt on the date of the published figure', () => {
    const rolling = rollingCorrelation(btc, ndx, 21);
    const day = parseIsoDate('2025-12-10');
    const i = asOfIndex(rolling, day);
    expect(rolling.days[i]).toBe(day);
    const at = correlationAt(btc, ndx, 21, day);
    if (isCalcError(at)) throw new Error(at.message);
    expect(rolling.values[i]).toBeCloseTo(at, 12);
    expect(rolling.units).toBe('RATIO');
  });

  it('is scale-invariant', () => {
    const btcMilli = createSeries(
      'BTCm',
      'PRICE_USD',
      btc.days,
      Array.from(btc.values, (v) => v * 1000),
    );
    const plain = rollingCorrelation(btc, ndx, 30);
    const scaled = rollingCorrelation(btcMilli, ndx, 30);
    for (let i = 0; i < plain.values.length; i += 50) expect(scaled.values[i]).toBeCloseTo(definedAt(plain.values, i), 12);
  });

  it('dates one value per common date from the (window + 1)-th on', () => {
    const days = [1, 2, 3, 4, 5, 6];
    const a = createSeries('A', 'PRICE_USD', days, [1, 2, 4, 3, 5, 6]);
    const b = createSeries('B', 'PRICE_USD', days, [2, 3, 5, 4, 4.5, 7]);
    expect(Array.from(rollingCorrelation(a, b, 3).days)).toEqual([4, 5, 6]);
    expect(rollingCorrelation(a, b, 5).days.length).toBe(1);
    expect(rollingCorrelation(a, b, 6).days.length).toBe(0);
    expect(rollingCorrelation(a, createSeries('E', 'PRICE_USD', [], []), 3).days.length).toBe(0);
  });

  it('throws on a window a caller should have validated', () => {
    expect(() => rollingCorrelation(btc, ndx, 2)).toThrow(RangeError);
    expect(() => rollingCorrelation(btc, ndx, 10.5)).toThrow(RangeError);
  });
});
