import { definedAt } from '../../../src/core/definedAt';
import { parseIsoDate } from '../../../src/core/dates/isoDate';
import { isCalcError } from '../../../src/core/errors';
import { createSeries, lastDay, type Series } from '../../../src/core/series/series';
import { lagScan, type LagScan } from '../../../src/core/stats/lagScan';
import { random } from '../_helpers/random';

const START = parseIsoDate('2024-01-01');

/** A random walk on every calendar day, positive, from START. */
function walk(seed: number, days: number): Series {
  const next = random(seed);
  const values: number[] = [];
  let level = 100;
  for (let i = 0; i < days; i++) values.push((level *= Math.exp((next() - 0.5) * 0.04)));
  return createSeries(
    'B',
    'PRICE_USD',
    Array.from({ length: days }, (_, i) => START + i),
    values,
  );
}

/** `b` shifted `lag` days later: a(t) = b(t − lag), so b leads a by exactly `lag` days. */
function follower(b: Series, lag: number): Series {
  return createSeries(
    'A',
    'PRICE_USD',
    Array.from(b.days.slice(0, b.days.length - lag), (day) => day + lag),
    b.values.slice(0, b.values.length - lag),
  );
}

function scan(a: Series, b: Series, maxLag: number, window: number, end = lastDay(a)): LagScan {
  const result = lagScan(a, b, maxLag, window, end);
  if (isCalcError(result)) throw new Error(result.message);
  return result;
}

describe('lagScan (DESIGN §3.9)', () => {
  it.each([0, 1, 7, 30, 90])('recovers a lead of exactly %i days, with correlation 1 there', (lag) => {
    const b = walk(11 + lag, 600);
    const result = scan(follower(b, lag), b, 120, 200);
    expect(result.best).toBe(lag);
    expect(result.rows[lag]?.correlation).toBeCloseTo(1, 12);
    expect(result.rows[lag]?.pairs).toBe(200);
    // Independent random steps: other lags are near 0.
    expect(Math.max(...result.rows.filter((row) => row.lag !== lag).map((row) => Math.abs(row.correlation)))).toBeLessThan(0.3);
  });

  it('counts the changes of a monthly leader: 200 daily pairs hold about 7 monthly changes, not 200', () => {
    const daily = walk(3, 400);
    const monthDays = Array.from(daily.days).filter((day) => new Date(day * 86400000).getUTCDate() === 1);
    const monthly = createSeries(
      'M',
      'PRICE_USD',
      monthDays,
      monthDays.map((day) => definedAt(daily.values, day - START)),
    );
    const result = scan(daily, monthly, 10, 200);
    expect(result.rows[0]?.pairs).toBe(200);
    expect(result.rows[0]?.bChanges).toBeGreaterThanOrEqual(6);
    expect(result.rows[0]?.bChanges).toBeLessThanOrEqual(7);
  });

  it('never reads b after the end of each interval shifted by the lag: changing b later leaves the row alone', () => {
    const b = walk(5, 300);
    const a = follower(b, 10);
    const end = parseIsoDate('2024-08-01');
    const before = scan(a, b, 20, 60, end);
    const changed = createSeries(
      'B',
      'PRICE_USD',
      b.days,
      b.values.map((v, i) => (definedAt(b.days, i) > end - 20 ? v * 3 : v)),
    );
    expect(scan(a, changed, 20, 60, end).rows[20]).toEqual(before.rows[20]);
  });

  it('drops the pairs where b had not started, and says how many are left', () => {
    const b = walk(9, 300);
    const late = createSeries('B', 'PRICE_USD', b.days.slice(50), b.values.slice(50));
    const a = walk(10, 300);
    const result = scan(a, late, 30, 260);
    // The 260 returns run over days (39 + k, 40 + k]; b starts on day 50, so lag 0 keeps k ≥ 11 and lag 30 keeps k ≥ 41.
    expect(result.rows[0]?.pairs).toBe(249);
    expect(result.rows[30]?.pairs).toBe(219);
  });

  it('returns errors for a bad window or lag and for too little data', () => {
    const b = walk(1, 100);
    const bad = (maxLag: number, window: number) => lagScan(b, b, maxLag, window, lastDay(b));
    expect((bad(10, 2) as { code: string }).code).toBe('NUM');
    expect((bad(-1, 30) as { message: string }).message).toMatch(/max_lag must be a whole number of days from 0 to 730, got -1/);
    expect((bad(731, 30) as { code: string }).code).toBe('NUM');
    expect((bad(10, 500) as { message: string }).message).toMatch(/B has 100 positive observations on or before 2024-04-09; a window of 500 returns needs 501/);
  });
});
