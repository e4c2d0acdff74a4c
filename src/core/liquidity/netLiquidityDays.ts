import { wednesdayOnOrBefore } from '../dates/epochDay';
import { formatIsoDate } from '../dates/isoDate';
import { notAvailable, type CalcError } from '../errors';
import { firstDay, lastDay } from '../series/series';
import { sliceDays } from '../series/sliceDays';
import type { LiquidityInputs } from './netLiquidity';

/**
 * The days a net-liquidity table has between `from` and `to` (epoch days, open when undefined),
 * inside the range all three components cover: the H.4.1 Wednesdays for `W`, the days the daily
 * TGA was published for `D`. A #N/A names the covered range when nothing is left.
 * @example
 * netLiquidityDays(inputs, 'W', parseIsoDate('2025-12-01'), parseIsoDate('2025-12-31')) // 5 Wednesdays
 */
export function netLiquidityDays(inputs: LiquidityInputs, frequency: 'W' | 'D', from?: number, to?: number): Int32Array | CalcError {
  const components = [inputs.fedAssets, inputs.tga, inputs.rrp];
  const first = Math.max(...components.map(firstDay));
  const last = Math.min(...components.map(lastDay));
  const lo = Math.max(first, from ?? first);
  const hi = Math.min(last, to ?? last);
  if (!(lo <= hi)) {
    return notAvailable(
      `no net liquidity between ${formatIsoDate(from ?? first)} and ${formatIsoDate(to ?? last)}: the components cover ${formatIsoDate(first)} to ${formatIsoDate(last)}`,
    );
  }
  return frequency === 'W' ? wednesdaysBetween(lo, hi) : sliceDays(inputs.tga, lo, hi).days;
}

function wednesdaysBetween(lo: number, hi: number): Int32Array {
  const firstWednesday = wednesdayOnOrBefore(lo) + (wednesdayOnOrBefore(lo) < lo ? 7 : 0);
  const count = firstWednesday > hi ? 0 : Math.floor((hi - firstWednesday) / 7) + 1;
  const days = new Int32Array(count);
  for (let i = 0; i < count; i++) days[i] = firstWednesday + 7 * i;
  return days;
}
