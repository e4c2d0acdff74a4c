import { formatIsoDate } from '../dates/isoDate';
import { isCalcError, notAvailable, type CalcError } from '../errors';
import { foreignToUsdBillions } from '../money/foreignToUsdBillions';
import { asOfIndex, asOfJoin } from '../series/asOf';
import { convertMoneyValue, requireUnits, type Series } from '../series/series';
import type { ExchangeRateUnit, ForeignAmountUnit, Unit } from '../units';

/** The five series global liquidity is built from, each in its published units (DESIGN §3.6). */
export interface GlobalLiquidityInputs {
  /** Fed total assets, FRED WALCL: USD millions, Wednesday level. */
  readonly fed: Series;
  /** Eurosystem total assets, FRED ECBASSETSW: EUR millions, dated Friday. */
  readonly ecb: Series;
  /** FRED DEXUSEU: USD per EUR, business days. */
  readonly usdPerEur: Series;
  /** Bank of Japan total assets, FRED JPNASSETS: 100 million JPY, monthly, dated the 1st. */
  readonly boj: Series;
  /** FRED DEXJPUS: JPY per USD, business days. */
  readonly jpyPerUsd: Series;
}

/** One central bank's balance sheet on the day, as read and as converted. */
export interface GlobalComponent {
  readonly bank: 'Fed' | 'ECB' | 'BoJ';
  readonly seriesId: string;
  /** The value as published, in `localUnits`. */
  readonly localValue: number;
  readonly localUnits: Unit;
  /** Epoch day of the observation used (latest on or before the requested day). */
  readonly day: number;
  /** The exchange rate used (absent for the Fed), in `fxUnits`, and its own observation day. */
  readonly fx?: { readonly seriesId: string; readonly rate: number; readonly units: Unit; readonly day: number };
  readonly usdBillions: number;
}

export interface GlobalLiquidity {
  readonly day: number;
  /** Fed + ECB + BoJ, USD billions. */
  readonly total: number;
  readonly components: readonly [GlobalComponent, GlobalComponent, GlobalComponent];
}

/** Throws on series in other units: WALCL in billions or a yen rate the wrong way round is a programming error. */
function checkUnits(inputs: GlobalLiquidityInputs): void {
  requireUnits(inputs.fed, 'USD_MILLIONS');
  requireUnits(inputs.ecb, 'EUR_MILLIONS');
  requireUnits(inputs.usdPerEur, 'USD_PER_EUR');
  requireUnits(inputs.boj, 'JPY_100_MILLIONS');
  requireUnits(inputs.jpyPerUsd, 'JPY_PER_USD');
}

/** The observation index as of `day`, or the #N/A naming the series that has none. */
function indexOn(series: Series, day: number): number | CalcError {
  const index = asOfIndex(series, day);
  return index < 0 ? notAvailable(`no ${series.id} observation on or before ${formatIsoDate(day)}`) : index;
}

function foreignComponent(bank: 'ECB' | 'BoJ', amount: Series, rate: Series, day: number): GlobalComponent | CalcError {
  const i = indexOn(amount, day);
  if (isCalcError(i)) return i;
  const j = indexOn(rate, day);
  if (isCalcError(j)) return j;
  const usdBillions = foreignToUsdBillions(amount.values[i], amount.units as ForeignAmountUnit, rate.values[j], rate.units as ExchangeRateUnit);
  if (isCalcError(usdBillions)) return notAvailable(`${bank}: ${usdBillions.message} (${rate.id} on ${formatIsoDate(rate.days[j])})`);
  return {
    bank,
    seriesId: amount.id,
    localValue: amount.values[i],
    localUnits: amount.units,
    day: amount.days[i],
    fx: { seriesId: rate.id, rate: rate.values[j], units: rate.units, day: rate.days[j] },
    usdBillions,
  };
}

/**
 * Global central-bank liquidity on `day`, USD billions: Fed + ECB + BoJ total assets, each balance
 * sheet and each exchange rate as of the day (latest observation on or before it, never a later
 * one). WALCL and ECBASSETSW are in millions of their currency, JPNASSETS in 100 million yen;
 * DEXUSEU is USD per EUR and DEXJPUS JPY per USD, so the euro is multiplied and the yen divided.
 * The People's Bank of China is not a component: no open source of its total assets is known.
 * @param inputs - the five series in their published units (throws UnitMismatchError otherwise)
 * @param day - epoch day
 * @returns the total and each component with the observation and rate it used; `notAvailable`
 *   naming the series with no observation on or before the day
 * @example
 * // shared/data: WALCL 2025-05-07 6,710,889 (USD millions); ECBASSETSW 2025-05-09 6,301,244 (EUR millions)
 * // × DEXUSEU 2025-05-09 1.1270; JPNASSETS 2025-05-01 7,336,035 (100 million JPY) ÷ DEXJPUS 2025-05-09 145.15
 * globalLiquidityAt(inputs, parseIsoDate('2025-05-09')).total //=> 6710.889 + 7101.502 + 5054.106 = 18866.497
 */
export function globalLiquidityAt(inputs: GlobalLiquidityInputs, day: number): GlobalLiquidity | CalcError {
  checkUnits(inputs);
  const f = indexOn(inputs.fed, day);
  if (isCalcError(f)) return f;
  const fed: GlobalComponent = {
    bank: 'Fed',
    seriesId: inputs.fed.id,
    localValue: inputs.fed.values[f],
    localUnits: inputs.fed.units,
    day: inputs.fed.days[f],
    usdBillions: convertMoneyValue(inputs.fed, inputs.fed.values[f], 'USD_BILLIONS'),
  };
  const ecb = foreignComponent('ECB', inputs.ecb, inputs.usdPerEur, day);
  if (isCalcError(ecb)) return ecb;
  const boj = foreignComponent('BoJ', inputs.boj, inputs.jpyPerUsd, day);
  if (isCalcError(boj)) return boj;
  return { day, total: fed.usdBillions + ecb.usdBillions + boj.usdBillions, components: [fed, ecb, boj] };
}

/** Global liquidity on each of `days`, column by column, USD billions (NaN before a series starts). */
export interface GlobalLiquidityTable {
  readonly days: Int32Array;
  readonly total: Float64Array;
  readonly fed: Float64Array;
  readonly ecb: Float64Array;
  readonly boj: Float64Array;
}

/**
 * Global liquidity on every one of `days` (ascending) by as-of join, O(n + m) per series: the
 * table behind LIQ.GLOBAL.SERIES. Each row equals `globalLiquidityAt` on its day.
 */
export function globalLiquidityOn(inputs: GlobalLiquidityInputs, days: Int32Array): GlobalLiquidityTable {
  checkUnits(inputs);
  const fedMillions = asOfJoin(inputs.fed, days);
  const ecbLocal = asOfJoin(inputs.ecb, days);
  const eur = asOfJoin(inputs.usdPerEur, days);
  const bojLocal = asOfJoin(inputs.boj, days);
  const jpy = asOfJoin(inputs.jpyPerUsd, days);
  const n = days.length;
  const total = new Float64Array(n);
  const fed = new Float64Array(n);
  const ecb = new Float64Array(n);
  const boj = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    fed[k] = Number.isNaN(fedMillions[k]) ? NaN : convertMoneyValue(inputs.fed, fedMillions[k], 'USD_BILLIONS');
    ecb[k] = usdOrNaN(ecbLocal[k], 'EUR_MILLIONS', eur[k], 'USD_PER_EUR');
    boj[k] = usdOrNaN(bojLocal[k], 'JPY_100_MILLIONS', jpy[k], 'JPY_PER_USD');
    total[k] = fed[k] + ecb[k] + boj[k];
  }
  return { days, total, fed, ecb, boj };
}

function usdOrNaN(amount: number, amountUnit: ForeignAmountUnit, rate: number, rateUnit: ExchangeRateUnit): number {
  const usd = foreignToUsdBillions(amount, amountUnit, rate, rateUnit);
  return isCalcError(usd) ? NaN : usd;
}
