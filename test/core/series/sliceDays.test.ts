import { parseIsoDate } from '../../../src/core/dates/isoDate';
import { createSeries } from '../../../src/core/series/series';
import { sliceDays } from '../../../src/core/series/sliceDays';
import { readSharedCsv } from '../_helpers/readSharedCsv';

describe('sliceDays', () => {
  const s = createSeries('S', 'RATIO', [10, 20, 30, 40, 50], [1, 2, 3, 4, 5]);

  it('keeps both ends inclusive', () => {
    const out = sliceDays(s, 20, 40);
    expect(Array.from(out.days)).toEqual([20, 30, 40]);
    expect(Array.from(out.values)).toEqual([2, 3, 4]);
    expect(out.id).toBe('S');
    expect(out.units).toBe('RATIO');
  });

  it('handles bounds between, before and after observations', () => {
    expect(Array.from(sliceDays(s, 11, 39).days)).toEqual([20, 30]);
    expect(Array.from(sliceDays(s, -100, 15).days)).toEqual([10]);
    expect(Array.from(sliceDays(s, 45, 1000).days)).toEqual([50]);
    expect(Array.from(sliceDays(s, -Infinity, Infinity).days)).toEqual([10, 20, 30, 40, 50]);
  });

  it('gives an empty series for an empty or inverted range', () => {
    expect(sliceDays(s, 21, 29).days.length).toBe(0);
    expect(sliceDays(s, 40, 20).days.length).toBe(0);
    expect(sliceDays(s, 60, 70).values.length).toBe(0);
    expect(sliceDays(createSeries('E', 'RATIO', [], []), 0, 100).days.length).toBe(0);
  });

  it('shares no mutable state with the input', () => {
    const out = sliceDays(s, 10, 50);
    out.values[0] = 99;
    out.days[1] = 99;
    expect(s.values[0]).toBe(1);
    expect(s.days[1]).toBe(20);
  });

  it('agrees with a linear filter on real data', () => {
    // shared/data/macro/M2SL.csv (July 2026 vintage, monthly, dated the 1st)
    const m2 = readSharedCsv('M2SL', 'USD_BILLIONS', 'macro/M2SL.csv');
    const start = parseIsoDate('2026-01-01');
    const end = parseIsoDate('2026-03-31');
    const out = sliceDays(m2, start, end);
    const expected = Array.from(m2.days).filter((day) => day >= start && day <= end);
    expect(Array.from(out.days)).toEqual(expected);
    // M2SL.csv rows 2026-01-01, 2026-02-01, 2026-03-01
    expect(Array.from(out.values)).toEqual([22420.1, 22620.3, 22676.1]);
  });
});
