/**
 * The arrays the pane's charts draw, built by the core (as-of joins, unit conversion, spreads);
 * the chart code only draws them. x values are Unix seconds, as uPlot expects.
 */
import { netLiquidityOn } from '../core/liquidity/netLiquidity';
import { netLiquidityDays } from '../core/liquidity/netLiquidityDays';
import { isCalcError } from '../core/errors';
import { exactJoin } from '../core/series/asOf';
import { sliceDays } from '../core/series/sliceDays';
import type { Series } from '../core/series/series';
import { repoStressSeries } from '../core/stress/repoStressSeries';
import { UNIT_LABELS } from '../core/units';

export interface ChartLine {
  readonly label: string;
  readonly values: ArrayLike<number | null>;
  /** Which y axis: the left one, or the right one for a second unit. */
  readonly axis: 'left' | 'right';
}

export interface ChartData {
  readonly x: ArrayLike<number>;
  readonly lines: readonly ChartLine[];
  readonly leftUnits: string;
  readonly rightUnits?: string;
}

const DAY_SECONDS = 86_400;
const toSeconds = (days: ArrayLike<number>) => Float64Array.from(days, (day) => day * DAY_SECONDS);
const orNull = (values: ArrayLike<number>) => Array.from(values, (value) => (Number.isNaN(value) ? null : value));

export type HeldLookup = (id: string) => Series | undefined;

/** Net liquidity and its components on the H.4.1 Wednesdays, USD billions; or why not. */
export function liquidityChart(held: HeldLookup, fromDay?: number): ChartData | string {
  const [fedAssets, tga, rrp] = ['WALCL', 'TGA', 'RRP'].map(held);
  if (!fedAssets || !tga || !rrp) return 'Net liquidity needs WALCL, TGA and RRP: refresh them.';
  const inputs = { fedAssets, tga, rrp };
  const days = netLiquidityDays(inputs, 'W', fromDay);
  if (isCalcError(days)) return days.message;
  const table = netLiquidityOn(inputs, days);
  return {
    x: toSeconds(days),
    lines: [
      { label: 'Net liquidity', values: orNull(table.net), axis: 'left' },
      { label: 'Fed assets', values: orNull(table.fedAssets), axis: 'left' },
      { label: 'TGA', values: orNull(table.tga), axis: 'left' },
      { label: 'ON RRP', values: orNull(table.rrp), axis: 'left' },
    ],
    leftUnits: 'USD bn',
  };
}

/** SOFR − top of the fed-funds range (bp) with Standing Repo Facility take-up (USD bn) when held. */
export function stressChart(held: HeldLookup, fromDay?: number): ChartData | string {
  const sofr = held('SOFR');
  const upper = held('FF.UPPER');
  if (!sofr || !upper) return 'Repo stress needs SOFR and FF.UPPER: refresh them.';
  const spread = sliceDays(repoStressSeries(sofr, upper), fromDay ?? -Infinity, Infinity);
  const srf = held('SRF');
  const lines: ChartLine[] = [{ label: 'SOFR − top of range', values: orNull(spread.values), axis: 'left' }];
  if (srf) {
    // Take-up is a daily flow: a day without an operation result had none.
    const onDays = exactJoin(srf, spread.days, 0);
    lines.push({ label: 'SRF take-up', values: orNull(onDays), axis: 'right' });
  }
  return { x: toSeconds(spread.days), lines, leftUnits: 'bp', ...(srf ? { rightUnits: 'USD bn' } : {}) };
}

/** Any held series as it is published, in its own units. */
export function seriesChart(series: Series, fromDay?: number): ChartData {
  const slice = sliceDays(series, fromDay ?? -Infinity, Infinity);
  return { x: toSeconds(slice.days), lines: [{ label: series.id, values: orNull(slice.values), axis: 'left' }], leftUnits: UNIT_LABELS[series.units] };
}
