import { getSeries } from '../catalog/lookup';
import { isCalcError, notAvailable, type CalcError } from '../core/errors';
import { checkCovered, covers, type ObservationFrequency } from '../core/series/coverage';
import { priceRatioAt, priceRatioOn } from '../core/ratio/priceRatio';
import { resample, type ResampleFrequency } from '../core/series/resample';
import { createSeries, firstDay, lastDay, type Series } from '../core/series/series';
import { sliceDays } from '../core/series/sliceDays';
import type { SeriesStore } from '../data/store';
import { checkSpillRows, coerceMaxRows, dateCell, numberCell, type Answer, type Cell, type MaybePromise } from './answer';
import { coerceDateRange, coerceDate, coerceOption, coerceText } from './args';
import { missingSeries, withSeries, type HeldMap } from './seriesAccess';
import { findInstrument, pairIds, type Instrument } from './tickers';

const GOLD = findInstrument('GOLD') as Instrument;

type Resolution = 'daily' | 'monthly';

/** A leg's series id at a resolution: its own at that resolution, else the one it has; undefined for USD. */
function legId(instrument: Instrument, resolution: Resolution): string | undefined {
  if (instrument.unit) return undefined;
  return resolution === 'daily' ? (instrument.daily ?? instrument.monthly) : (instrument.monthly ?? instrument.daily);
}

/** Dollars are worth one dollar on every day any other leg has. */
function unitSeries(like: Series): Series {
  return createSeries('USD', 'PRICE_USD', like.days, new Float64Array(like.days.length).fill(1));
}

interface Pair {
  readonly numerator: Series;
  readonly denominator: Series;
}

/**
 * Why a resolution cannot answer, built only when it is reported: the daily attempt fails on every
 * call of a workbook that holds only the monthly histories, and its message costs more than the
 * ratio.
 */
type Failure = () => CalcError;

/**
 * Chooses daily prices when both legs have them held (and, for a date, cover it), else the
 * monthly averages of the open datasets. The first resolution's error is reported when neither
 * works, because it names what to refresh.
 */
function choosePair(held: HeldMap, numerator: Instrument, denominator: Instrument, day: number | undefined): Pair | CalcError {
  const daily = pairAt(held, numerator, denominator, 'daily', day);
  if (typeof daily !== 'function') return daily;
  const monthly = pairAt(held, numerator, denominator, 'monthly', day);
  return typeof monthly !== 'function' ? monthly : daily();
}

function pairAt(held: HeldMap, numerator: Instrument, denominator: Instrument, resolution: Resolution, day: number | undefined): Pair | Failure {
  const numId = legId(numerator, resolution);
  const denId = legId(denominator, resolution);
  if (numId === undefined && denId === undefined) return bothDollars;
  const num = numId === undefined ? undefined : held.get(numId);
  if (numId !== undefined && num === undefined) return notHeldFailure(numId);
  const den = denId === undefined ? undefined : held.get(denId);
  if (denId !== undefined && den === undefined) return notHeldFailure(denId);
  const pair: Pair = { numerator: num ?? unitSeries(den as Series), denominator: den ?? unitSeries(num as Series) };
  if (day === undefined) return pair;
  return uncoveredFailure(pair.numerator, day) ?? uncoveredFailure(pair.denominator, day) ?? pair;
}

// The failures are made by functions of their own: a closure inside pairAt would make every call
// allocate the variables it captures, failure or not.
const bothDollars: Failure = () => notAvailable('USD/USD is always 1');

function notHeldFailure(id: string): Failure {
  return () => missingSeries(id);
}

/** Why `series` cannot answer for `day`, if it cannot (dollars always can). */
function uncoveredFailure(series: Series, day: number): Failure | undefined {
  if (series.id === 'USD') return undefined;
  const frequency = getSeries(series.id).frequency;
  return covers(series, day, frequency) ? undefined : coverageFailure(series, day, frequency);
}

function coverageFailure(series: Series, day: number, frequency: ObservationFrequency): Failure {
  return () => checkCovered(series, day, frequency) as CalcError;
}

function ratioAt(store: SeriesStore, numerator: Instrument, denominator: Instrument, date: unknown): MaybePromise<Answer> {
  const day = coerceDate(date, 'date');
  if (isCalcError(day)) return day;
  return withSeries(store, pairIds(numerator, denominator), (held) => {
    const pair = choosePair(held, numerator, denominator, day);
    if (isCalcError(pair)) return pair;
    const requested = day ?? Math.min(lastDay(pair.numerator), lastDay(pair.denominator));
    const ratio = priceRatioAt(pair.numerator, pair.denominator, requested);
    return isCalcError(ratio) ? ratio : ratio.value;
  });
}

function instrumentArg(value: unknown, name: string): Instrument | CalcError {
  const ticker = coerceText(value, name);
  return isCalcError(ticker) ? ticker : findInstrument(ticker);
}

/** =RATIO.GOLD(ticker, [date]): the price of `ticker` in troy ounces of gold. */
export function ratioGold(store: SeriesStore, ticker: unknown, date: unknown): MaybePromise<Answer> {
  const instrument = instrumentArg(ticker, 'ticker');
  if (isCalcError(instrument)) return instrument;
  return ratioAt(store, instrument, GOLD, date);
}

/** =RATIO.PAIR(numerator, denominator, [date]): the price ratio of two tickers. */
export function ratioPair(store: SeriesStore, numerator: unknown, denominator: unknown, date: unknown): MaybePromise<Answer> {
  const num = instrumentArg(numerator, 'numerator');
  if (isCalcError(num)) return num;
  const den = instrumentArg(denominator, 'denominator');
  if (isCalcError(den)) return den;
  return ratioAt(store, num, den, date);
}

/** =RATIO.GOLD.SERIES(ticker, [start], [end], [frequency], [max_rows]): header, then date · ratio. */
export function ratioGoldSeries(store: SeriesStore, ticker: unknown, start: unknown, end: unknown, frequency: unknown, maxRows: unknown): MaybePromise<Answer> {
  const instrument = instrumentArg(ticker, 'ticker');
  if (isCalcError(instrument)) return instrument;
  const range = coerceDateRange(start, end);
  if (isCalcError(range)) return range;
  const { from, to } = range;
  const freq = coerceOption(frequency, 'frequency', ['D', 'W', 'M'] as const, 'D');
  if (isCalcError(freq)) return freq;
  const cap = coerceMaxRows(maxRows);
  if (isCalcError(cap)) return cap;
  return withSeries(store, pairIds(instrument, GOLD), (held) => {
    const pair = choosePair(held, instrument, GOLD, undefined);
    if (isCalcError(pair)) return pair;
    // Rows follow the numerator's own observations (resampled), each priced at gold as of that day.
    const lo = Math.max(firstDay(pair.numerator), firstDay(pair.denominator), from ?? -Infinity);
    const hi = Math.min(lastDay(pair.numerator), to ?? Infinity);
    const days = resample(sliceDays(pair.numerator, lo, hi), freq as ResampleFrequency).days;
    if (days.length === 0) return notAvailable(`no ${instrument.name} prices between the requested dates`);
    const tooMany = checkSpillRows(days.length, cap);
    if (tooMany) return tooMany;
    const ratios = priceRatioOn(pair.numerator, pair.denominator, days);
    const rows: Cell[][] = [['date', `${instrument.name}_in_gold_oz`]];
    for (let i = 0; i < days.length; i++) rows.push([dateCell(days[i]), numberCell(ratios[i])]);
    return rows;
  });
}
