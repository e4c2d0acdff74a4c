import { parseIsoDate } from '../../../src/core/dates/isoDate';
import { alignOnDates } from '../../../src/core/series/alignOnDates';
import { createSeries } from '../../../src/core/series/series';
import { readSharedCsv } from '../_helpers/readSharedCsv';

const d = parseIsoDate;

describe('alignOnDates', () => {
  it('keeps only the dates both series have, with each side in its own units', () => {
    const a = createSeries('A', 'PRICE_USD', [d('2025-12-06'), d('2025-12-07'), d('2025-12-08'), d('2025-12-09')], [1, 2, 3, 4]);
    const b = createSeries('B', 'USD_BILLIONS', [d('2025-12-05'), d('2025-12-08'), d('2025-12-09'), d('2025-12-10')], [10, 30, 40, 50]);
    const aligned = alignOnDates(a, b);
    expect(Array.from(aligned.days)).toEqual([d('2025-12-08'), d('2025-12-09')]);
    expect(Array.from(aligned.a)).toEqual([3, 4]);
    expect(Array.from(aligned.b)).toEqual([30, 40]);
  });

  it('treats NaN as a missing observation on either side', () => {
    const a = createSeries('A', 'RATIO', [1, 2, 3, 4], [1, NaN, 3, 4]);
    const b = createSeries('B', 'RATIO', [1, 2, 3, 4], [10, 20, 30, NaN]);
    const aligned = alignOnDates(a, b);
    expect(Array.from(aligned.days)).toEqual([1, 3]);
    expect(Array.from(aligned.a)).toEqual([1, 3]);
    expect(Array.from(aligned.b)).toEqual([10, 30]);
  });

  it('returns empty arrays when nothing is shared or a series is empty', () => {
    const a = createSeries('A', 'RATIO', [1, 3, 5], [1, 3, 5]);
    const b = createSeries('B', 'RATIO', [2, 4, 6], [2, 4, 6]);
    expect(alignOnDates(a, b).days.length).toBe(0);
    expect(alignOnDates(a, createSeries('E', 'RATIO', [], [])).a.length).toBe(0);
  });

  it('does not share memory with its inputs', () => {
    const a = createSeries('A', 'RATIO', [1, 2], [1, 2]);
    const aligned = alignOnDates(a, a);
    aligned.a[0] = 99;
    aligned.days[0] = 99;
    expect(a.values[0]).toBe(1);
    expect(a.days[0]).toBe(1);
  });

  it('matches a set intersection on real data (BTC trades every day, NDX on business days)', () => {
    // shared/data/prices/BTC.csv and NDX.csv (SOURCES.md: Yahoo closes, BTC to 2026-08-21, NDX to 2026-08-20)
    const btc = readSharedCsv('BTC', 'PRICE_USD', 'prices/BTC.csv');
    const ndx = readSharedCsv('NDX', 'PRICE_USD', 'prices/NDX.csv');
    const ndxDays = new Set(ndx.days);
    const expected = Array.from(btc.days).filter((day) => ndxDays.has(day));
    const aligned = alignOnDates(btc, ndx);
    expect(Array.from(aligned.days)).toEqual(expected);
    const i = expected.indexOf(d('2025-12-10'));
    // BTC 2025-12-10 = 92,020.95 (prices/SOURCES.md sanity check); NDX 2025-12-10 close from NDX.csv
    expect(aligned.a[i]).toBeCloseTo(92020.95, 2);
    expect(aligned.b[i]).toBeCloseTo(25776.4395, 4);
  });
});
