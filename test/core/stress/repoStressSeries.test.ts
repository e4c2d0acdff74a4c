import { definedAt } from '../../../src/core/definedAt';
import { parseIsoDate } from '../../../src/core/dates/isoDate';
import { isCalcError } from '../../../src/core/errors';
import { asOf } from '../../../src/core/series/asOf';
import { repoStressAt } from '../../../src/core/stress/repoStress';
import { repoStressSeries } from '../../../src/core/stress/repoStressSeries';
import { readSharedCsv } from '../_helpers/readSharedCsv';

const sofr = readSharedCsv('SOFR', 'PERCENT', 'macro/SOFR.csv');
const upper = readSharedCsv('FF.UPPER', 'PERCENT', 'macro/DFEDTARU.csv');

describe('repoStressSeries', () => {
  it('agrees with the point lookup on every SOFR day (12 bp on 2025-12-31, shared/data/macro)', () => {
    const series = repoStressSeries(sofr, upper);
    expect(series.days.length).toBe(sofr.days.length);
    expect(asOf(series, parseIsoDate('2025-12-31'))).toBe(12);
    for (let i = 0; i < series.days.length; i += 97) {
      const point = repoStressAt(sofr, upper, definedAt(series.days, i));
      expect(isCalcError(point) ? NaN : point.spreadBp).toBe(series.values[i]);
    }
  });
});
