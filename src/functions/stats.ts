import { invalidValue, isCalcError, type CalcError } from '../core/errors';
import { lastDay, type Series } from '../core/series/series';
import { betaAt } from '../core/stats/betaAt';
import { correlationAt } from '../core/stats/correlationAt';
import type { SeriesStore } from '../data/store';
import type { Answer, MaybePromise } from './answer';
import { coerceDate, coerceInteger, coerceText } from './args';
import { checkHeldCovers, requireHeld, withSeries } from './seriesAccess';
import { findInstrument, type Instrument } from './tickers';

const DEFAULT_WINDOW = 90;
const LARGEST_WINDOW = 10000;

type Statistic = (a: Series, b: Series, window: number, endDay: number) => number | CalcError;

/** Correlation and beta need each instrument's own observations: its daily series if it has one. */
function seriesId(instrument: Instrument, name: string): string | CalcError {
  const id = instrument.daily ?? instrument.monthly;
  if (id === undefined) return invalidValue(`${name}: ${instrument.name} has no price series to take returns of`);
  return id;
}

function pairStatistic(store: SeriesStore, statistic: Statistic, a: unknown, b: unknown, window: unknown, date: unknown): MaybePromise<Answer> {
  const ids: string[] = [];
  for (const [value, name] of [[a, 'a'], [b, 'b']] as const) {
    const ticker = coerceText(value, name);
    if (isCalcError(ticker)) return ticker;
    const instrument = findInstrument(ticker);
    if (isCalcError(instrument)) return instrument;
    const id = seriesId(instrument, name);
    if (isCalcError(id)) return id;
    ids.push(id);
  }
  const size = coerceInteger(window, 'window', { min: 3, max: LARGEST_WINDOW, fallback: DEFAULT_WINDOW });
  if (isCalcError(size)) return size;
  const day = coerceDate(date, 'date');
  if (isCalcError(day)) return day;
  return withSeries(store, ids, (held) => {
    const [first, second] = ids.map((id) => requireHeld(held, id));
    if (isCalcError(first)) return first;
    if (isCalcError(second)) return second;
    const end = day ?? Math.min(lastDay(first), lastDay(second));
    const uncovered = checkHeldCovers(first, end) ?? checkHeldCovers(second, end);
    if (uncovered) return uncovered;
    return statistic(first, second, size, end);
  });
}

/** =LIQ.CORR(a, b, [window], [date]): Pearson correlation of daily log returns. */
export function liqCorr(store: SeriesStore, a: unknown, b: unknown, window: unknown, date: unknown): MaybePromise<Answer> {
  return pairStatistic(store, correlationAt, a, b, window, date);
}

/** =LIQ.BETA(a, b, [window], [date]): beta of a's daily log returns on b's. */
export function liqBeta(store: SeriesStore, a: unknown, b: unknown, window: unknown, date: unknown): MaybePromise<Answer> {
  return pairStatistic(store, betaAt, a, b, window, date);
}
