import { parseIsoDate, formatIsoDate } from '../../../src/core/dates/isoDate';
import { isCalcError } from '../../../src/core/errors';
import { repoStressAt } from '../../../src/core/stress/repoStress';
import { UnitMismatchError } from '../../../src/core/units';
import { createSeries } from '../../../src/core/series/series';
import { readSharedCsv } from '../_helpers/readSharedCsv';

const sofr = readSharedCsv('SOFR', 'PERCENT', 'macro/SOFR.csv');
const upper = readSharedCsv('FF.UPPER', 'PERCENT', 'macro/DFEDTARU.csv');

describe('repoStressAt', () => {
  it('is SOFR − top of range in basis points: 3.87 − 3.75 = 12 bp on 2025-12-31', () => {
    // shared/data/macro/SOURCES.md: SOFR 2025-12-31 = 3.87; DFEDTARU 3.75 from 2025-12-11
    expect(repoStressAt(sofr, upper, parseIsoDate('2025-12-31'))).toEqual({ day: parseIsoDate('2025-12-31'), spreadBp: 12, sofr: 3.87, reference: 3.75 });
  });

  it('reads the reference on SOFR’s own day over a weekend', () => {
    const result = repoStressAt(sofr, upper, parseIsoDate('2026-01-04')); // a Sunday
    if (isCalcError(result)) throw new Error(result.message);
    expect(formatIsoDate(result.day)).toBe('2026-01-02');
  });

  it('refuses a rate series handed over in the wrong units', () => {
    const inBillions = createSeries('SOFR', 'USD_BILLIONS', sofr.days, sofr.values);
    expect(() => repoStressAt(inBillions, upper, parseIsoDate('2025-12-31'))).toThrow(UnitMismatchError);
  });
});
