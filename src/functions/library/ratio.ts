/** RATIO.GOLD, RATIO.GOLD.SERIES, RATIO.PAIR, RATIO.GOLD.CHANGE: prices in ounces of gold, price ratios and their change (DESIGN §3.4, §3.8). */
import { getSeries } from '../../catalog/lookup';
import { isCalcError, notAvailable, type CalcError } from '../../core/errors';
import { checkCovered, covers, type ObservationFrequency } from '../../core/series/coverage';
import { priceRatioAt, priceRatioOn } from '../../core/ratio/priceRatio';
import { priceRatioChange } from '../../core/ratio/priceRatioChange';
import { resample } from '../../core/series/resample';
import { createSeries, firstDay, lastDay, type Series } from '../../core/series/series';
import { sliceDays } from '../../core/series/sliceDays';
import { dayRows, type HeldMap } from '../cells';
import { defineFunction, spill } from '../declaration';
import { maxRows, option, optionalDate, requiredDate, ticker } from '../parameters';
import { checkDateRange, missingSeries } from '../seriesAccess';
import { GOLD, pairIds, type Instrument } from '../tickers';

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
 * Why a resolution cannot answer, its message built only when it is reported: the daily attempt
 * fails on every call of a workbook that holds only the monthly histories, and its message costs
 * more than the ratio.
 */
interface Failure {
  readonly heldButUncovered: boolean;
  error(): CalcError;
}

/**
 * Chooses daily prices when both legs have them held (and, for a date, cover it), else the monthly
 * averages of the open datasets. When neither works, the daily attempt's error names what to
 * refresh — unless the monthly data is held and the date is simply outside it: then both are said,
 * so a date past the monthly history never reads as "not held".
 */
function choosePair(held: HeldMap, numerator: Instrument, denominator: Instrument, day: number | undefined): Pair | CalcError {
  const daily = pairAt(held, numerator, denominator, 'daily', day);
  if (!isFailure(daily)) return daily;
  const monthly = pairAt(held, numerator, denominator, 'monthly', day);
  if (!isFailure(monthly)) return monthly;
  if (monthly.heldButUncovered && !daily.heldButUncovered) {
    return notAvailable(`${monthly.error().message}; ${daily.error().message}`);
  }
  return daily.error();
}

function isFailure(value: Pair | Failure): value is Failure {
  return (value as Failure).error !== undefined;
}

function pairAt(held: HeldMap, numerator: Instrument, denominator: Instrument, resolution: Resolution, day: number | undefined): Pair | Failure {
  const numId = legId(numerator, resolution);
  const denId = legId(denominator, resolution);
  if (numId === undefined && denId === undefined) return BOTH_DOLLARS;
  const num = numId === undefined ? undefined : held.get(numId);
  if (numId !== undefined && num === undefined) return notHeldFailure(numId);
  const den = denId === undefined ? undefined : held.get(denId);
  if (denId !== undefined && den === undefined) return notHeldFailure(denId);
  const pair: Pair = { numerator: num ?? unitSeries(den as Series), denominator: den ?? unitSeries(num as Series) };
  if (day === undefined) return pair;
  return uncoveredFailure(pair.numerator, day) ?? uncoveredFailure(pair.denominator, day) ?? pair;
}

const BOTH_DOLLARS: Failure = { heldButUncovered: false, error: () => notAvailable('USD/USD is always 1') };

function notHeldFailure(id: string): Failure {
  return { heldButUncovered: false, error: () => missingSeries(id) };
}

/** Why `series` cannot answer for `day`, if it cannot (dollars always can). */
function uncoveredFailure(series: Series, day: number): Failure | undefined {
  if (series.id === 'USD') return undefined;
  const frequency = getSeries(series.id).frequency;
  return covers(series, day, frequency) ? undefined : coverageFailure(series, day, frequency);
}

function coverageFailure(series: Series, day: number, frequency: ObservationFrequency): Failure {
  return { heldButUncovered: true, error: () => checkCovered(series, day, frequency) as CalcError };
}

function ratioAt(held: HeldMap, numerator: Instrument, denominator: Instrument, day: number | undefined): number | CalcError {
  const pair = choosePair(held, numerator, denominator, day);
  if (isCalcError(pair)) return pair;
  const requested = day ?? Math.min(lastDay(pair.numerator), lastDay(pair.denominator));
  const ratio = priceRatioAt(pair.numerator, pair.denominator, requested);
  return isCalcError(ratio) ? ratio : ratio.value;
}

const TICKERS = 'SPX, NDX, QQQ, BTC, NVDA, IGV, XLP, XLY, OWL, AXP, M2 or USD.';
const date = { name: 'date', description: 'Date; omitted = latest.', kind: optionalDate, optional: true } as const;

export const RATIO_GOLD = defineFunction({
  name: 'RATIO.GOLD',
  method: 'ratioGold',
  description:
    'Price of a ticker in troy ounces of gold (price ÷ gold in USD per ounce), as of the date; latest when omitted. M2 gives US M2 (USD billions) in ounces; USD gives ounces per dollar.',
  parameters: [{ name: 'ticker', description: TICKERS, kind: ticker }, date],
  result: 'scalar',
  reads: ([instrument]) => pairIds(instrument, GOLD),
  compute: ([instrument, day], held) => ratioAt(held, instrument, GOLD, day),
});

export const RATIO_GOLD_SERIES = defineFunction({
  name: 'RATIO.GOLD.SERIES',
  method: 'ratioGoldSeries',
  description: 'A ticker priced in ounces of gold over time: a header row, then date · ratio.',
  parameters: [
    { name: 'ticker', description: TICKERS, kind: ticker },
    { name: 'start', description: 'First date; omitted = from the start.', kind: optionalDate, optional: true },
    { name: 'end', description: 'Last date; omitted = to the end.', kind: optionalDate, optional: true },
    {
      name: 'frequency',
      description: '"D" (each observation, default), "W" (Wednesdays) or "M" (last observation of each month).',
      kind: option(['D', 'W', 'M'] as const, 'D'),
      optional: true,
    },
    { name: 'max_rows', description: 'Largest number of rows to spill (default 5000).', kind: maxRows, optional: true },
  ],
  result: 'matrix',
  maxRowsArgument: 4,
  reads: ([instrument]) => pairIds(instrument, GOLD),
  compute([instrument, from, to, frequency], held) {
    const badRange = checkDateRange(from, to);
    if (badRange) return badRange;
    const pair = choosePair(held, instrument, GOLD, undefined);
    if (isCalcError(pair)) return pair;
    // Rows follow the numerator's own observations (resampled), each priced at gold as of that day.
    const lo = Math.max(firstDay(pair.numerator), firstDay(pair.denominator), from ?? -Infinity);
    const hi = Math.min(lastDay(pair.numerator), to ?? Infinity);
    const days = resample(sliceDays(pair.numerator, lo, hi), frequency).days;
    if (days.length === 0) return notAvailable(`no ${instrument.name} prices between the requested dates`);
    return spill(days.length, ['date', `${instrument.name}_in_gold_oz`], () => {
      return dayRows(days, [priceRatioOn(pair.numerator, pair.denominator, days)]);
    });
  },
});

export const RATIO_PAIR = defineFunction({
  name: 'RATIO.PAIR',
  method: 'ratioPair',
  description: 'Price ratio of two tickers as of the date, e.g. XLP/XLY, IGV/QQQ, OWL/IGV.',
  parameters: [{ name: 'numerator', description: 'Ticker on top.', kind: ticker }, { name: 'denominator', description: 'Ticker below.', kind: ticker }, date],
  result: 'scalar',
  reads: ([numerator, denominator]) => pairIds(numerator, denominator),
  compute: ([numerator, denominator, day], held) => ratioAt(held, numerator, denominator, day),
});

/**
 * The pair a change between two days is measured on: daily closes only when both legs' daily
 * series cover both days, else the monthly histories for both, so the two ratios compared are of
 * one kind (a month average against a close would add up to a month's move to the change).
 */
function choosePairForChange(held: HeldMap, numerator: Instrument, denominator: Instrument, from: number, to: number | undefined): Pair | CalcError {
  const atFrom = choosePair(held, numerator, denominator, from);
  if (isCalcError(atFrom)) return atFrom;
  if (to !== undefined) {
    const atTo = choosePair(held, numerator, denominator, to);
    if (isCalcError(atTo)) return atTo;
  }
  for (const resolution of ['daily', 'monthly'] as const) {
    const pair = pairAt(held, numerator, denominator, resolution, from);
    if (!isFailure(pair) && (to === undefined || !isFailure(pairAt(held, numerator, denominator, resolution, to)))) return pair;
  }
  return notAvailable(`no one kind of ${numerator.name} and gold prices covers both dates (daily closes for one, monthly averages for the other); pick dates both cover`);
}

export const RATIO_GOLD_CHANGE = defineFunction({
  name: 'RATIO.GOLD.CHANGE',
  method: 'ratioGoldChange',
  description:
    "Change of a ticker's price in gold between two dates, as a fraction: ratio(to) ÷ ratio(from) − 1 (−0.69 = lost 69% of its gold value). Uses daily closes when both the ticker's and gold's daily prices are held and cover both dates, otherwise the monthly averages of the open gold-prices and s-and-p-500 datasets (M2 is monthly; gold's daily history starts 2000-08-30, so earlier starts are monthly).",
  parameters: [
    { name: 'ticker', description: TICKERS, kind: ticker },
    { name: 'from', description: 'Start date (serial or ISO text "1999-03-31").', kind: requiredDate },
    { name: 'to', description: 'End date; omitted = latest.', kind: optionalDate, optional: true },
  ],
  result: 'scalar',
  reads: ([instrument]) => pairIds(instrument, GOLD),
  compute([instrument, from, to], held) {
    const pair = choosePairForChange(held, instrument, GOLD, from, to);
    if (isCalcError(pair)) return pair;
    const end = to ?? Math.min(lastDay(pair.numerator), lastDay(pair.denominator));
    const change = priceRatioChange(pair.numerator, pair.denominator, from, end);
    return isCalcError(change) ? change : change.value;
  },
});
