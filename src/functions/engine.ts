import type { SeriesStore } from '../data/store';
import type { Answer, MaybePromise } from './answer';
import { creditAssumptionsFunction, creditLossFunction } from './credit';
import { liqData } from './data';
import { liqIndex, liqM2Yoy, liqSeries, liqSrf, liqStress } from './liquidity';
import { ratioGold, ratioGoldSeries, ratioPair } from './ratio';
import { liqBeta, liqCorr } from './stats';

/**
 * Every custom function over one store, with Excel's arguments (null for omitted ones) in and
 * core values or CalcErrors out. Hosts (the add-in, the CLI, tests) build one with their store.
 */
export interface Engine {
  liqIndex(date: unknown): MaybePromise<Answer>;
  liqSeries(start: unknown, end: unknown, frequency: unknown, maxRows: unknown): MaybePromise<Answer>;
  liqStress(date: unknown, measure: unknown): MaybePromise<Answer>;
  liqSrf(date: unknown): MaybePromise<Answer>;
  liqM2Yoy(country: unknown, date: unknown): MaybePromise<Answer>;
  liqCorr(a: unknown, b: unknown, window: unknown, date: unknown): MaybePromise<Answer>;
  liqBeta(a: unknown, b: unknown, window: unknown, date: unknown): MaybePromise<Answer>;
  liqData(id: unknown, start: unknown, end: unknown, transform: unknown, maxRows: unknown): MaybePromise<Answer>;
  creditLoss(pct: unknown, output: unknown, assumptions: unknown): Answer;
  creditAssumptions(): Answer;
  ratioGold(ticker: unknown, date: unknown): MaybePromise<Answer>;
  ratioGoldSeries(ticker: unknown, start: unknown, end: unknown, frequency: unknown, maxRows: unknown): MaybePromise<Answer>;
  ratioPair(numerator: unknown, denominator: unknown, date: unknown): MaybePromise<Answer>;
}

export function createEngine(store: SeriesStore): Engine {
  return {
    liqIndex: (date) => liqIndex(store, date),
    liqSeries: (start, end, frequency, maxRows) => liqSeries(store, start, end, frequency, maxRows),
    liqStress: (date, measure) => liqStress(store, date, measure),
    liqSrf: (date) => liqSrf(store, date),
    liqM2Yoy: (country, date) => liqM2Yoy(store, country, date),
    liqCorr: (a, b, window, date) => liqCorr(store, a, b, window, date),
    liqBeta: (a, b, window, date) => liqBeta(store, a, b, window, date),
    liqData: (id, start, end, transform, maxRows) => liqData(store, id, start, end, transform, maxRows),
    creditLoss: (pct, output, assumptions) => creditLossFunction(pct, output, assumptions),
    creditAssumptions: () => creditAssumptionsFunction(),
    ratioGold: (ticker, date) => ratioGold(store, ticker, date),
    ratioGoldSeries: (ticker, start, end, frequency, maxRows) => ratioGoldSeries(store, ticker, start, end, frequency, maxRows),
    ratioPair: (numerator, denominator, date) => ratioPair(store, numerator, denominator, date),
  };
}
