import { definedAt } from '../../../src/core/definedAt';
import { parseIsoDate } from '../../../src/core/dates/isoDate';
import { asOf, asOfIndex, asOfJoin } from '../../../src/core/series/asOf';
import { checkCovered, coveredUntil } from '../../../src/core/series/coverage';
import { convertMoney, createSeries } from '../../../src/core/series/series';
import { random } from '../_helpers/random';

describe('asOf', () => {
  const next = random(7);
  const days: number[] = [];
  for (let day = 0, i = 0; i < 500; i++) days.push((day += 1 + Math.floor(next() * 9)));
  const series = createSeries(
    'X',
    'PERCENT',
    days,
    days.map((d) => d * 10),
  );

  it('returns the latest observation on or before the day, never a later one (property)', () => {
    for (let probe = -5; probe < definedAt(days, days.length - 1) + 20; probe++) {
      const index = asOfIndex(series, probe);
      const expected = days.filter((d) => d <= probe).length - 1;
      if (index !== expected) throw new Error(`day ${probe}: index ${index}, expected ${expected}`);
    }
    expect(Number.isNaN(asOf(series, -1))).toBe(true);
  });

  it('joins sorted and unsorted days exactly as point lookups', () => {
    const probes = Array.from({ length: 300 }, () => Math.floor(next() * (definedAt(days, days.length - 1) + 30)) - 10);
    const sorted = [...probes].sort((a, b) => a - b);
    expect(Array.from(asOfJoin(series, sorted))).toEqual(sorted.map((d) => asOf(series, d)));
    expect(Array.from(asOfJoin(series, probes))).toEqual(probes.map((d) => asOf(series, d)));
  });

  it('refuses unsorted or duplicate dates when a series is built', () => {
    expect(() => createSeries('X', 'PERCENT', [2, 1], [0, 0])).toThrow(/strictly ascending/);
    expect(() => createSeries('X', 'PERCENT', [1, 1], [0, 0])).toThrow(/strictly ascending/);
  });
});

describe('unit conversion', () => {
  it('round-trips millions → billions → millions to within one rounding (property)', () => {
    const next = random(11);
    const values = Array.from({ length: 1000 }, () => Math.round(next() * 1e7));
    const millions = createSeries(
      'W',
      'USD_MILLIONS',
      values.map((_, i) => i),
      values,
    );
    const back = convertMoney(convertMoney(millions, 'USD_BILLIONS'), 'USD_MILLIONS').values;
    const worst = Math.max(...values.map((v, i) => Math.abs(definedAt(back, i) - v) / Math.max(1, v)));
    expect(worst).toBeLessThanOrEqual(Number.EPSILON);
    // Scaling down divides, so billions are the nearest doubles to the published decimals.
    expect(Array.from(convertMoney(millions, 'USD_BILLIONS').values)).toEqual(values.map((v) => Number(`${Math.floor(v / 1000)}.${String(v % 1000).padStart(3, '0')}`)));
  });
});

describe('coverage', () => {
  const weekly = createSeries('WALCL', 'USD_MILLIONS', [parseIsoDate('2026-08-12'), parseIsoDate('2026-08-19')], [1, 2]);
  const monthly = createSeries('M2.US', 'USD_BILLIONS', [parseIsoDate('2026-06-01')], [1]);

  it('lets a weekly level answer until the next release and a monthly value until its month ends', () => {
    expect(coveredUntil(weekly, 'W')).toBe(parseIsoDate('2026-08-25'));
    expect(coveredUntil(monthly, 'M')).toBe(parseIsoDate('2026-06-30'));
    expect(coveredUntil(monthly, 'Q')).toBe(parseIsoDate('2026-06-30'));
    expect(checkCovered(weekly, parseIsoDate('2026-08-25'), 'W')).toBeUndefined();
    expect(checkCovered(weekly, parseIsoDate('2026-08-26'), 'W')?.message).toBe(
      'WALCL data ends 2026-08-19: nothing for 2026-08-26 (covers 2026-08-12 to 2026-08-19); refresh for newer data',
    );
    expect(checkCovered(weekly, parseIsoDate('2026-08-11'), 'W')?.message).toBe('WALCL starts 2026-08-12: no data on 2026-08-11 (covers 2026-08-12 to 2026-08-19)');
  });
});
