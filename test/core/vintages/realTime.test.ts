/**
 * Point-in-time lookups over ALFRED validity periods (src/core/vintages/realTime.ts). The periods
 * below are GDP's 1946-01-01 and 2018-07-01 rows of
 * ../shared/fixtures/fred_alfred/series_observations_GDP_all_vintages_output_type1_recorded-2025-01-20.json,
 * written as epoch days.
 */
import { parseIsoDate } from '../../../src/core/dates/isoDate';
import { firstReleases, valuesKnownOn, type ValidityPeriod } from '../../../src/core/vintages/realTime';

const d = parseIsoDate;
const OPEN = d('9999-12-31');
const Q1_1946 = d('1946-01-01');
const Q3_2018 = d('2018-07-01');

const PERIODS: ValidityPeriod[] = [
  // 1946 Q1: published, withdrawn ("."), republished, withdrawn again for good.
  { day: Q1_1946, from: d('1992-12-22'), to: d('1996-01-18'), value: 199.7 },
  { day: Q1_1946, from: d('1996-01-19'), to: d('1997-05-06'), value: NaN },
  { day: Q1_1946, from: d('1997-05-07'), to: d('1999-10-27'), value: 210.4 },
  { day: Q1_1946, from: d('1999-10-28'), to: OPEN, value: NaN },
  // 2018 Q3, in an order ALFRED never sends, to show it does not matter.
  { day: Q3_2018, from: d('2023-09-28'), to: OPEN, value: 20798.73 },
  { day: Q3_2018, from: d('2018-12-21'), to: d('2019-07-25'), value: 20658.204 },
  { day: Q3_2018, from: d('2018-10-26'), to: d('2018-11-27'), value: 20659.029 },
  { day: Q3_2018, from: d('2018-11-28'), to: d('2018-12-20'), value: 20660.34 },
];

describe('valuesKnownOn', () => {
  it('takes, for each observation, the value of the period containing the day', () => {
    expect(valuesKnownOn(PERIODS, d('2019-01-01'))).toEqual([[Q3_2018, 20658.204]]);
    expect(valuesKnownOn(PERIODS, d('2018-11-27'))).toEqual([[Q3_2018, 20659.029]]);
    expect(valuesKnownOn(PERIODS, d('2025-01-20'))).toEqual([[Q3_2018, 20798.73]]);
  });

  it('leaves out an observation withdrawn then, never falling back to an older value', () => {
    expect(valuesKnownOn(PERIODS, d('1996-06-01'))).toEqual([]);
    expect(valuesKnownOn(PERIODS, d('1998-01-01'))).toEqual([[Q1_1946, 210.4]]);
    expect(valuesKnownOn(PERIODS, d('2000-01-01'))).toEqual([]);
  });

  it('knows nothing of an observation before its first release', () => {
    expect(valuesKnownOn(PERIODS, d('2018-10-25'))).toEqual([]);
  });
});

describe('firstReleases', () => {
  it("takes each observation's earliest period, in date order", () => {
    expect(firstReleases(PERIODS)).toEqual([
      [Q1_1946, 199.7],
      [Q3_2018, 20659.029],
    ]);
  });

  it('leaves out an observation whose earliest period is a withdrawal', () => {
    expect(firstReleases([{ day: Q1_1946, from: d('1996-01-19'), to: OPEN, value: NaN }])).toEqual([]);
  });
});
