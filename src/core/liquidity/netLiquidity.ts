import { formatIsoDate } from '../dates/isoDate';
import { notAvailable, type CalcError } from '../errors';
import { asOf, asOfJoin } from '../series/asOf';
import type { Series } from '../series/series';
import { convertMoney, convertMoneyValue } from '../series/series';

/** Net liquidity and its three components on one day, all in USD billions. */
export interface NetLiquidity {
  readonly day: number;
  readonly net: number;
  readonly fedAssets: number;
  readonly tga: number;
  readonly rrp: number;
}

/** The three inputs, each in whatever USD unit its source publishes. */
export interface LiquidityInputs {
  /** Fed total assets (FRED WALCL: USD millions). */
  readonly fedAssets: Series;
  /** Treasury General Account (FRED WDTGAL or the DTS: USD millions). */
  readonly tga: Series;
  /** Overnight reverse repo (FRED RRPONTSYD: USD billions). */
  readonly rrp: Series;
}

/**
 * Net liquidity = Fed total assets − TGA − ON RRP in USD billions, each component as of `day`
 * (latest observation on or before it). WALCL and the TGA are published in millions and RRP in
 * billions: every input is converted explicitly, so mixing them up is impossible.
 * @param inputs - the three component series, in their published USD units
 * @param day - epoch day; pass a Wednesday for the weekly (H.4.1) index
 * @example
 * netLiquidityAt(inputs, parseIsoDate('2025-12-24')).net //=> 5774.891 (6,581.231 − 801.537 − 4.803)
 */
export function netLiquidityAt(inputs: LiquidityInputs, day: number): NetLiquidity | CalcError {
  // Converts the three values read, not the three histories: O(log n) per call, not O(n).
  const fedAssets = convertMoneyValue(inputs.fedAssets, asOf(inputs.fedAssets, day), 'USD_BILLIONS');
  const tga = convertMoneyValue(inputs.tga, asOf(inputs.tga, day), 'USD_BILLIONS');
  const rrp = convertMoneyValue(inputs.rrp, asOf(inputs.rrp, day), 'USD_BILLIONS');
  if (Number.isNaN(fedAssets) || Number.isNaN(tga) || Number.isNaN(rrp)) {
    const names = [
      [inputs.fedAssets, fedAssets],
      [inputs.tga, tga],
      [inputs.rrp, rrp],
    ]
      .filter(([, value]) => Number.isNaN(value))
      .map(([series]) => (series as Series).id)
      .join(', ');
    return notAvailable(`no ${names} observation on or before ${formatIsoDate(day)}`);
  }
  return { day, net: roundBillions(fedAssets - tga - rrp), fedAssets, tga, rrp };
}

/**
 * The components are whole millions (three decimals in billions); rounding the difference to six
 * decimals removes binary noise (5829.2660000000005) without touching a published digit.
 */
function roundBillions(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** Net liquidity on each of `days` (ascending), column by column, in USD billions. */
export interface NetLiquidityTable {
  readonly days: Int32Array;
  readonly net: Float64Array;
  readonly fedAssets: Float64Array;
  readonly tga: Float64Array;
  readonly rrp: Float64Array;
}

/**
 * Net liquidity on every one of `days` by as-of join, O(n + m). Days on which a component has no
 * observation yet come out as NaN; callers choose days inside the common range.
 */
export function netLiquidityOn(inputs: LiquidityInputs, days: Int32Array): NetLiquidityTable {
  const fedAssets = asOfJoin(convertMoney(inputs.fedAssets, 'USD_BILLIONS'), days);
  const tga = asOfJoin(convertMoney(inputs.tga, 'USD_BILLIONS'), days);
  const rrp = asOfJoin(convertMoney(inputs.rrp, 'USD_BILLIONS'), days);
  const net = new Float64Array(days.length);
  for (let i = 0; i < days.length; i++) net[i] = roundBillions(fedAssets[i] - tga[i] - rrp[i]);
  return { days, net, fedAssets, tga, rrp };
}
