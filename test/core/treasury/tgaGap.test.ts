import { join } from 'node:path';
import { cashTargetFromFile, CASH_ASSUMPTIONS_FILE } from '../../../scripts/build-snapshot';
import { parseIsoDate } from '../../../src/core/dates/isoDate';
import { isCalcError } from '../../../src/core/errors';
import { createSeries, type Series } from '../../../src/core/series/series';
import { tgaGapAt, type TgaGap } from '../../../src/core/treasury/tgaGap';
import { readSharedCsv, sharedDataPath } from '../_helpers/readSharedCsv';

const target = cashTargetFromFile(sharedDataPath(join('treasury', `${CASH_ASSUMPTIONS_FILE}.csv`)));
const wdtgal = readSharedCsv('TGA', 'USD_MILLIONS', 'macro/WDTGAL.csv');

function gap(day: string, tga: Series = wdtgal): TgaGap {
  const result = tgaGapAt(tga, target, parseIsoDate(day));
  if (isCalcError(result)) throw new Error(result.message);
  return result;
}

describe('tgaGapAt (DESIGN §3.7)', () => {
  it('2025-10-29: WDTGAL 983,859 millions − the $850B assumed for end-2025 (announced 2025-07-28) = +133.859', () => {
    // macro/WDTGAL.csv 2025-10-29,983859; treasury/quarterly_refunding…csv 2025-07-28,2025-12-31,850
    const result = gap('2025-10-29');
    expect(result).toEqual({ gapBn: 133.859, tgaBn: 983.859, targetBn: 850, tgaDay: parseIsoDate('2025-10-29'), targetDay: parseIsoDate('2025-10-01') });
  });

  it('a Friday reads the Wednesday level and that Wednesday’s target', () => {
    expect(gap('2025-10-31')).toEqual(gap('2025-10-29'));
  });

  it('the daily closing balance gives the daily gap: 2025-10-30 closed at 1,000,632 millions', () => {
    // treasury/DTS_OpCashBal_…csv: 2025-10-30 "Treasury General Account (TGA) Closing Balance" 1000632
    const daily = createSeries('TGA.D', 'USD_MILLIONS', [parseIsoDate('2025-10-29'), parseIsoDate('2025-10-30')], [983859, 1000632]);
    expect(gap('2025-10-30', daily).gapBn).toBe(150.632);
  });

  it('converts whatever USD unit the TGA is in: the same balance in billions gives the same gap', () => {
    const inBillions = createSeries(
      'TGA',
      'USD_BILLIONS',
      wdtgal.days,
      wdtgal.values.map((v) => v / 1000),
    );
    expect(gap('2025-10-29', inBillions).gapBn).toBe(133.859);
  });

  it('says why there is no gap before the first announcement or before the TGA starts', () => {
    const early = tgaGapAt(wdtgal, target, parseIsoDate('2022-12-28'));
    expect(isCalcError(early) && early.message).toBe('no TGA.TARGET target in effect on 2022-12-28: the first target held applies from 2023-01-30');
    const beforeTga = tgaGapAt(wdtgal, target, parseIsoDate('1990-01-01'));
    expect(isCalcError(beforeTga) && beforeTga.message).toBe('no TGA observation on or before 1990-01-01');
  });
});
