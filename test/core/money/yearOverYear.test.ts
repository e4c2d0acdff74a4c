import { parseIsoDate } from '../../../src/core/dates/isoDate';
import { isCalcError } from '../../../src/core/errors';
import { yearOverYear } from '../../../src/core/money/yearOverYear';
import { createSeries } from '../../../src/core/series/series';
import { readSharedCsv } from '../_helpers/readSharedCsv';

const d = parseIsoDate;

describe('yearOverYear', () => {
  // shared/data/macro/M2SL.csv: FRED M2SL, July 2026 vintage, USD billions, monthly (dated the 1st)
  const m2 = readSharedCsv('M2.US', 'USD_BILLIONS', 'macro/M2SL.csv');

  it('gives US M2 growth of about 4.57% for March 2026 (DESIGN §3.4, July 2026 vintage)', () => {
    const result = yearOverYear(m2, d('2026-03-31'));
    if (isCalcError(result)) throw new Error(result.message);
    expect(result.value).toBeGreaterThan(0.0457 - 0.0005);
    expect(result.value).toBeLessThan(0.0457 + 0.0005);
    expect(result.day).toBe(d('2026-03-01'));
    expect(result.priorDay).toBe(d('2025-03-01'));
  });

  it('stays within 4.0–4.3% for late 2025 (DESIGN §3.4, same vintage), except November', () => {
    // DESIGN §3.4 says 4.0–4.3% for late 2025; in M2SL.csv September (22176.1 / 21275.5), October
    // (22249.8 / 21336.7) and December (22355.3 / 21487.6) fit, but November is 22279.8 / 21454.8 − 1
    // = 3.85%, below the quoted band: the band is checked on the months it holds for.
    for (const month of ['2025-09-15', '2025-10-15', '2025-12-15']) {
      const result = yearOverYear(m2, d(month));
      if (isCalcError(result)) throw new Error(result.message);
      expect(result.value).toBeGreaterThanOrEqual(0.0395);
      expect(result.value).toBeLessThanOrEqual(0.0435);
    }
    const november = yearOverYear(m2, d('2025-11-15'));
    if (isCalcError(november)) throw new Error(november.message);
    expect(november.value).toBeCloseTo(22279.8 / 21454.8 - 1, 12);
  });

  it('uses the latest observation on or before the day, never a later one', () => {
    const s = createSeries('S', 'USD_BILLIONS', [d('2024-06-01'), d('2025-06-01'), d('2025-07-01')], [100, 105, 999]);
    const result = yearOverYear(s, d('2025-06-30'));
    if (isCalcError(result)) throw new Error(result.message);
    expect(result.value).toBeCloseTo(0.05, 12);
    expect(result.day).toBe(d('2025-06-01'));
  });

  it('skips NaN observations as missing', () => {
    const s = createSeries('S', 'RATIO', [d('2024-01-01'), d('2024-12-01'), d('2025-01-01'), d('2025-02-01')], [100, NaN, 110, NaN]);
    const result = yearOverYear(s, d('2025-02-15'));
    if (isCalcError(result)) throw new Error(result.message);
    expect(result.day).toBe(d('2025-01-01'));
    expect(result.value).toBeCloseTo(0.1, 12);
  });

  it('is notAvailable, naming the covered range, before the data start', () => {
    const result = yearOverYear(m2, d('1994-12-31'));
    expect(isCalcError(result) && result.code).toBe('NA');
    expect(isCalcError(result) && result.message).toMatch(/1995-01-01 to 2026-06-01/);
  });

  it('is notAvailable when there is nothing a year earlier', () => {
    const result = yearOverYear(m2, d('1995-12-31'));
    expect(isCalcError(result) && result.code).toBe('NA');
    expect(isCalcError(result) && result.message).toMatch(/1994-12-01/);
    expect(isCalcError(result) && result.message).toMatch(/1995-01-01 to 2026-06-01/);
    const first = yearOverYear(m2, d('1996-01-01'));
    expect(isCalcError(first)).toBe(false);
  });

  it('rejects a non-date and a zero base', () => {
    expect(isCalcError(yearOverYear(m2, NaN)) && (yearOverYear(m2, NaN) as { code: string }).code).toBe('VALUE');
    const zero = createSeries('Z', 'RATIO', [d('2024-01-01'), d('2025-01-01')], [0, 5]);
    const result = yearOverYear(zero, d('2025-01-01'));
    expect(isCalcError(result) && result.code).toBe('DIV0');
    expect(isCalcError(yearOverYear(createSeries('E', 'RATIO', [], []), 0))).toBe(true);
  });
});
