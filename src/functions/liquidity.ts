import { wednesdayOnOrBefore } from '../core/dates/epochDay';
import { isCalcError, type CalcError } from '../core/errors';
import { netLiquidityAt, netLiquidityOn, type LiquidityInputs } from '../core/liquidity/netLiquidity';
import { netLiquidityDays } from '../core/liquidity/netLiquidityDays';
import { yearOverYear } from '../core/money/yearOverYear';
import { asOfIndex } from '../core/series/asOf';
import { checkCovered } from '../core/series/coverage';
import { lastDay } from '../core/series/series';
import { repoStressAt } from '../core/stress/repoStress';
import type { SeriesStore } from '../data/store';
import { checkSpillRows, coerceMaxRows, dateCell, numberCell, type Answer, type Cell, type MaybePromise } from './answer';
import { coerceDateRange, coerceDate, coerceOption } from './args';
import { checkHeldCovers, requireHeld, withSeries, type HeldMap } from './seriesAccess';

const WEEKLY_IDS = ['WALCL', 'TGA', 'RRP'] as const;
const DAILY_IDS = ['WALCL', 'TGA.D', 'RRP'] as const;

/** The held component series, or the first reason one is missing. */
function liquidityInputs(held: HeldMap, ids: readonly [string, string, string]): LiquidityInputs | CalcError {
  const fedAssets = requireHeld(held, ids[0]);
  if (isCalcError(fedAssets)) return fedAssets;
  const tga = requireHeld(held, ids[1]);
  if (isCalcError(tga)) return tga;
  const rrp = requireHeld(held, ids[2]);
  if (isCalcError(rrp)) return rrp;
  return { fedAssets, tga, rrp };
}

/** A #N/A when any component cannot answer for `day`. */
function checkInputsCover(inputs: LiquidityInputs, day: number): CalcError | undefined {
  return checkHeldCovers(inputs.fedAssets, day) ?? checkHeldCovers(inputs.tga, day) ?? checkHeldCovers(inputs.rrp, day);
}

/** The last day every component still covers: the latest day the index can describe. */
function latestCommonDay(inputs: LiquidityInputs): number {
  return Math.min(lastDay(inputs.fedAssets), lastDay(inputs.tga), lastDay(inputs.rrp));
}

/** =LIQ.INDEX([date]): net liquidity in USD billions on the Wednesday on or before `date`. */
export function liqIndex(store: SeriesStore, date: unknown): MaybePromise<Answer> {
  const day = coerceDate(date, 'date');
  if (isCalcError(day)) return day;
  return withSeries(store, WEEKLY_IDS, (held) => {
    const inputs = liquidityInputs(held, WEEKLY_IDS);
    if (isCalcError(inputs)) return inputs;
    const requested = day ?? latestCommonDay(inputs);
    const uncovered = checkInputsCover(inputs, requested);
    if (uncovered) return uncovered;
    const result = netLiquidityAt(inputs, wednesdayOnOrBefore(requested));
    return isCalcError(result) ? result : result.net;
  });
}

/** =LIQ.SERIES([start], [end], [frequency], [max_rows]): header, then date · net · Fed assets · TGA · RRP. */
export function liqSeries(store: SeriesStore, start: unknown, end: unknown, frequency: unknown, maxRows: unknown): MaybePromise<Answer> {
  const range = coerceDateRange(start, end);
  if (isCalcError(range)) return range;
  const { from, to } = range;
  const freq = coerceOption(frequency, 'frequency', ['W', 'D'] as const, 'W');
  if (isCalcError(freq)) return freq;
  const cap = coerceMaxRows(maxRows);
  if (isCalcError(cap)) return cap;
  const ids = freq === 'W' ? WEEKLY_IDS : DAILY_IDS;
  return withSeries(store, ids, (held) => {
    const inputs = liquidityInputs(held, ids);
    if (isCalcError(inputs)) return inputs;
    const days = netLiquidityDays(inputs, freq, from, to);
    if (isCalcError(days)) return days;
    const tooMany = checkSpillRows(days.length, cap);
    if (tooMany) return tooMany;
    const table = netLiquidityOn(inputs, days);
    const rows: Cell[][] = [['date', 'net_liquidity_bn', 'fed_assets_bn', 'tga_bn', 'rrp_bn']];
    for (let i = 0; i < days.length; i++) {
      rows.push([dateCell(days[i]), numberCell(table.net[i]), numberCell(table.fedAssets[i]), numberCell(table.tga[i]), numberCell(table.rrp[i])]);
    }
    return rows;
  });
}

const STRESS_REFERENCES = { UPPER: 'FF.UPPER', IORB: 'IORB' } as const;

/** =LIQ.STRESS([date], [measure]): SOFR − top of the fed-funds range (or IORB), basis points. */
export function liqStress(store: SeriesStore, date: unknown, measure: unknown): MaybePromise<Answer> {
  const day = coerceDate(date, 'date');
  if (isCalcError(day)) return day;
  const reference = coerceOption(measure, 'measure', ['UPPER', 'IORB'] as const, 'UPPER');
  if (isCalcError(reference)) return reference;
  const referenceId = STRESS_REFERENCES[reference];
  return withSeries(store, ['SOFR', referenceId], (held) => {
    const sofr = requireHeld(held, 'SOFR');
    if (isCalcError(sofr)) return sofr;
    const upper = requireHeld(held, referenceId);
    if (isCalcError(upper)) return upper;
    const requested = day ?? lastDay(sofr);
    const uncovered = checkCovered(sofr, requested, 'D') ?? checkCovered(upper, requested, 'D');
    if (uncovered) return uncovered;
    const stress = repoStressAt(sofr, upper, requested);
    return isCalcError(stress) ? stress : stress.spreadBp;
  });
}

/** =LIQ.SRF([date]): Standing Repo Facility take-up that day, USD billions; 0 on days without use. */
export function liqSrf(store: SeriesStore, date: unknown): MaybePromise<Answer> {
  const day = coerceDate(date, 'date');
  if (isCalcError(day)) return day;
  return withSeries(store, ['SRF'], (held) => {
    const srf = requireHeld(held, 'SRF');
    if (isCalcError(srf)) return srf;
    const requested = day ?? lastDay(srf);
    const uncovered = checkCovered(srf, requested, 'D');
    if (uncovered) return uncovered;
    // Take-up is a daily flow, not a level: a day without an operation result had none.
    const index = asOfIndex(srf, requested);
    return index >= 0 && srf.days[index] === requested ? srf.values[index] : 0;
  });
}

const M2_IDS = { US: 'M2.US', CN: 'M2.CN' } as const;

/** =LIQ.M2.YOY([country], [date]): M2 growth over 12 months, as a fraction. */
export function liqM2Yoy(store: SeriesStore, country: unknown, date: unknown): MaybePromise<Answer> {
  const which = coerceOption(country, 'country', ['US', 'CN'] as const, 'US');
  if (isCalcError(which)) return which;
  const day = coerceDate(date, 'date');
  if (isCalcError(day)) return day;
  const id = M2_IDS[which];
  return withSeries(store, [id], (held) => {
    const m2 = requireHeld(held, id);
    if (isCalcError(m2)) return m2;
    const requested = day ?? lastDay(m2);
    const uncovered = checkCovered(m2, requested, 'M');
    if (uncovered) return uncovered;
    const growth = yearOverYear(m2, requested);
    return isCalcError(growth) ? growth : growth.value;
  });
}
