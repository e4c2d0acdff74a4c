import { endOfMonth, wednesdayOnOrBefore } from '../dates/epochDay';
import { formatIsoDate } from '../dates/isoDate';
import { notAvailable, type CalcError } from '../errors';
import { firstDay, lastDay } from '../series/series';
import type { GlobalLiquidityInputs } from './globalLiquidity';

/**
 * The days a global-liquidity table has between `from` and `to` (epoch days, open when undefined),
 * inside the range all five series cover: Wednesdays for `W` (the Fed's H.4.1 day; the ECB's
 * Friday statement and the FX rates are read as of it), the last day of each month for `M`. A #N/A
 * names the common range when nothing is left.
 * @example
 * globalLiquidityDays(inputs, 'M', parseIsoDate('2025-01-01'), parseIsoDate('2025-04-30')) // 4 month ends, 2025-01-31 … 2025-04-30
 */
export function globalLiquidityDays(inputs: GlobalLiquidityInputs, frequency: 'W' | 'M', from?: number, to?: number): Int32Array | CalcError {
  const all = [inputs.fed, inputs.ecb, inputs.usdPerEur, inputs.boj, inputs.jpyPerUsd];
  const first = Math.max(...all.map(firstDay));
  const last = Math.min(...all.map(lastDay));
  const lo = Math.max(first, from ?? first);
  const hi = Math.min(last, to ?? last);
  const days = lo <= hi ? (frequency === 'W' ? wednesdaysBetween(lo, hi) : monthEndsBetween(lo, hi)) : new Int32Array(0);
  if (days.length === 0) {
    return notAvailable(
      `no global liquidity ${frequency === 'W' ? 'Wednesday' : 'month end'} between ${formatIsoDate(from ?? first)} and ${formatIsoDate(to ?? last)}: the five series cover ${formatIsoDate(first)} to ${formatIsoDate(last)} in common`,
    );
  }
  return days;
}

function wednesdaysBetween(lo: number, hi: number): Int32Array {
  const firstWednesday = wednesdayOnOrBefore(lo + 6);
  const count = firstWednesday > hi ? 0 : Math.floor((hi - firstWednesday) / 7) + 1;
  const days = new Int32Array(count);
  for (let i = 0; i < count; i++) days[i] = firstWednesday + 7 * i;
  return days;
}

function monthEndsBetween(lo: number, hi: number): Int32Array {
  const days: number[] = [];
  for (let day = endOfMonth(lo); day <= hi; day = endOfMonth(day + 1)) days.push(day);
  return Int32Array.from(days);
}
