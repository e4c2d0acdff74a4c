import { parseIsoDate } from '../../../src/core/dates/isoDate';
import type { CalcError } from '../../../src/core/errors';
import { isCalcError } from '../../../src/core/errors';
import { createSeries } from '../../../src/core/series/series';
import { betaAt } from '../../../src/core/stats/betaAt';
import { correlationAt } from '../../../src/core/stats/correlationAt';
import { naiveBeta, naiveReturns } from '../_helpers/naiveStats';
import { readSharedCsv } from '../_helpers/readSharedCsv';

const d = parseIsoDate;
// shared/data/prices/BTC.csv and NDX.csv
const btc = readSharedCsv('BTC', 'PRICE_USD', 'prices/BTC.csv');
const ndx = readSharedCsv('NDX', 'PRICE_USD', 'prices/NDX.csv');

function value(result: number | CalcError): number {
  if (isCalcError(result)) throw new Error(`${result.code}: ${result.message}`);
  return result;
}

describe('betaAt', () => {
  it('equals a naive cov(a, b) / var(b) of log returns', () => {
    const r = naiveReturns(btc, ndx);
    for (const [end, window] of [
      ['2025-12-10', 21],
      ['2022-06-30', 90],
    ] as const) {
      const k = r.days.lastIndexOf(d(end));
      const expected = naiveBeta(r.a.slice(k - window, k), r.b.slice(k - window, k));
      expect(value(betaAt(btc, ndx, window, d(end)))).toBeCloseTo(expected, 12);
    }
  });

  it('relates to correlation through the ratio of volatilities: beta(a,b)·beta(b,a) = corr²', () => {
    const day = d('2025-12-10');
    const corr = value(correlationAt(btc, ndx, 60, day));
    expect(value(betaAt(btc, ndx, 60, day)) * value(betaAt(ndx, btc, 60, day))).toBeCloseTo(corr * corr, 12);
  });

  it('does not change when a series is rescaled (log returns)', () => {
    const btcMilli = createSeries(
      'BTCm',
      'PRICE_USD',
      btc.days,
      Array.from(btc.values, (v) => v * 1000),
    );
    const day = d('2025-12-10');
    expect(value(betaAt(btcMilli, ndx, 90, day))).toBeCloseTo(value(betaAt(btc, ndx, 90, day)), 12);
    expect(
      value(
        betaAt(
          btc,
          createSeries(
            'NDXk',
            'PRICE_USD',
            ndx.days,
            Array.from(ndx.values, (v) => v * 1000),
          ),
          90,
          day,
        ),
      ),
    ).toBeCloseTo(value(betaAt(btc, ndx, 90, day)), 12);
  });

  it('is 0 for a flat explained series and divisionByZero for a flat benchmark', () => {
    const flat = createSeries(
      'FLAT',
      'PRICE_USD',
      ndx.days,
      Array.from(ndx.values, () => 100),
    );
    expect(value(betaAt(flat, ndx, 21, d('2025-12-10')))).toBe(0);
    const r = betaAt(btc, flat, 21, d('2025-12-10'));
    expect(isCalcError(r) && r.code).toBe('DIV0');
  });

  it('shares correlationAt’s window and data errors', () => {
    expect((betaAt(btc, ndx, 2, d('2025-12-10')) as CalcError).code).toBe('NUM');
    const r = betaAt(btc, ndx, 90, d('2014-10-01'));
    expect(isCalcError(r) && r.code).toBe('NA');
    expect((r as CalcError).message).toMatch(/needs 91/);
  });
});
