import { formatIsoDate } from '../dates/isoDate';
import { notAvailable, type CalcError } from '../errors';
import { asOfIndex } from '../series/asOf';
import { convertMoneyValue, type Series } from '../series/series';

/** The Treasury's cash against its own target on one day, USD billions. */
export interface TgaGap {
  /** TGA − target: positive = Treasury holds more cash than it planned (liquidity drained). */
  readonly gapBn: number;
  readonly tgaBn: number;
  readonly targetBn: number;
  /** Epoch day of the TGA observation used: the day the gap describes. */
  readonly tgaDay: number;
  /** Epoch day of the target step in effect then (an announcement or a quarter start). */
  readonly targetDay: number;
}

/**
 * The Treasury General Account minus the Treasury's announced end-of-quarter cash assumption, USD
 * billions. The TGA is read as of `day` (the Wednesday level of WDTGAL, or the daily closing
 * balance of the DTS), and the target as of that observation's own day, so the gap describes the
 * day the cash was counted: a Friday asking the weekly TGA compares Wednesday's cash with
 * Wednesday's target. Each series may be in any USD unit (the TGA is published in millions, the
 * target in billions); both are converted explicitly.
 * @param tga - the TGA, USD millions (WDTGAL, TGA.D)
 * @param target - the step series of `cashTargetSteps`, USD billions
 * @param day - epoch day
 * @returns the gap with both values and their days; `notAvailable` when either has no observation
 *   on or before the day
 * @example
 * // shared/data/macro/WDTGAL.csv 2025-10-29 = 983,859 (millions); the 2025-07-28 announcement assumed
 * // $850B for the quarter ending 2025-12-31
 * tgaGapAt(wdtgal, target, parseIsoDate('2025-10-29')).gapBn //=> 133.859
 */
export function tgaGapAt(tga: Series, target: Series, day: number): TgaGap | CalcError {
  const i = asOfIndex(tga, day);
  if (i < 0) return notAvailable(`no ${tga.id} observation on or before ${formatIsoDate(day)}`);
  const tgaDay = tga.days[i];
  const j = asOfIndex(target, tgaDay);
  if (j < 0) {
    const first = target.days.length ? `the first target held applies from ${formatIsoDate(target.days[0])}` : 'it holds no targets';
    return notAvailable(`no ${target.id} target in effect on ${formatIsoDate(tgaDay)}: ${first}`);
  }
  const tgaBn = convertMoneyValue(tga, tga.values[i], 'USD_BILLIONS');
  const targetBn = convertMoneyValue(target, target.values[j], 'USD_BILLIONS');
  // Both are exact to the million; rounding to six decimals removes binary noise (133.85900000000004).
  const gapBn = Math.round((tgaBn - targetBn) * 1e6) / 1e6;
  return { gapBn, tgaBn, targetBn, tgaDay, targetDay: target.days[j] };
}
