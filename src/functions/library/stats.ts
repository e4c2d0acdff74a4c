/** LIQ.CORR, LIQ.BETA and LIQ.LAG: co-movement of log returns, and which series leads (DESIGN §3.5, §3.9). */
import { invalidValue, isCalcError, type CalcError } from '../../core/errors';
import { lastDay, type Series } from '../../core/series/series';
import { betaAt } from '../../core/stats/betaAt';
import { correlationAt } from '../../core/stats/correlationAt';
import { MAX_LAG_DAYS, lagScan } from '../../core/stats/lagScan';
import { numberCell, type Cell, type HeldMap } from '../cells';
import { defineFunction } from '../declaration';
import { integer, optionalDate, ticker } from '../parameters';
import { checkHeldCovers, requireHeld } from '../seriesAccess';
import type { Instrument } from '../tickers';

type Statistic = (a: Series, b: Series, window: number, endDay: number) => number | CalcError;

/** Correlation and beta need each instrument's own observations: its daily series if it has one. */
function returnsSeriesId(instrument: Instrument): string | undefined {
  return instrument.daily ?? instrument.monthly;
}

function pairIds(a: Instrument, b: Instrument): readonly string[] {
  const ids: string[] = [];
  for (const instrument of [a, b]) {
    const id = returnsSeriesId(instrument);
    if (id !== undefined) ids.push(id);
  }
  return ids;
}

function pairStatistic(statistic: Statistic, a: Instrument, b: Instrument, window: number, day: number | undefined, held: HeldMap): number | CalcError {
  for (const [instrument, name] of [
    [a, 'a'],
    [b, 'b'],
  ] as const) {
    if (returnsSeriesId(instrument) === undefined) return invalidValue(`${name}: ${instrument.name} has no price series to take returns of`);
  }
  const first = requireHeld(held, returnsSeriesId(a) as string);
  if (isCalcError(first)) return first;
  const second = requireHeld(held, returnsSeriesId(b) as string);
  if (isCalcError(second)) return second;
  const end = day ?? Math.min(lastDay(first), lastDay(second));
  const uncovered = checkHeldCovers(first, end) ?? checkHeldCovers(second, end);
  if (uncovered) return uncovered;
  return statistic(first, second, window, end);
}

const parameters = (aDescription: string, bDescription: string) =>
  [
    { name: 'a', description: aDescription, kind: ticker },
    { name: 'b', description: bDescription, kind: ticker },
    { name: 'window', description: 'Number of return pairs (default 90, at least 3).', kind: integer({ min: 3, max: 10000, fallback: 90 }), optional: true },
    { name: 'date', description: 'End date; omitted = latest common date.', kind: optionalDate, optional: true },
  ] as const;

export const LIQ_CORR = defineFunction({
  name: 'LIQ.CORR',
  method: 'liqCorr',
  description: 'Pearson correlation of daily log returns of two tickers over the last `window` return pairs (dates both have) ending at the date.',
  parameters: parameters('First ticker, e.g. "BTC".', 'Second ticker, e.g. "NDX".'),
  result: 'scalar',
  reads: ([a, b]) => pairIds(a, b),
  compute: ([a, b, window, day], held) => pairStatistic(correlationAt, a, b, window, day, held),
});

export const LIQ_BETA = defineFunction({
  name: 'LIQ.BETA',
  method: 'liqBeta',
  description: "Beta of a's daily log returns on b's, cov(a,b)/var(b), over the last `window` return pairs ending at the date.",
  parameters: parameters('Ticker whose beta is measured, e.g. "BTC".', 'Benchmark ticker, e.g. "NDX".'),
  result: 'scalar',
  reads: ([a, b]) => pairIds(a, b),
  compute: ([a, b, window, day], held) => pairStatistic(betaAt, a, b, window, day, held),
});

export const LIQ_LAG = defineFunction({
  name: 'LIQ.LAG',
  method: 'liqLag',
  description:
    "Lead–lag scan: for each lag 0 … max_lag calendar days (b leading a), the correlation of a's log returns with b's log changes shifted by the lag, over the last `window` returns of a ending at the date. A header row, then lag_days · correlation · pairs · b_changes (the independent changes of b the pairs hold: a monthly b gives about one per 30 daily pairs) · best (the largest |correlation|). Changes, never levels.",
  parameters: [
    { name: 'a', description: 'The follower, e.g. "BTC".', kind: ticker },
    { name: 'b', description: 'The candidate leader, e.g. "M2" or "WALCL".', kind: ticker },
    { name: 'max_lag', description: `Largest lag in days (default 120, at most ${MAX_LAG_DAYS}).`, kind: integer({ min: 1, max: MAX_LAG_DAYS, fallback: 120 }), optional: true },
    { name: 'window', description: "Number of a's returns (default 365, at least 3).", kind: integer({ min: 3, max: 10000, fallback: 365 }), optional: true },
    { name: 'date', description: 'End date; omitted = the latest date both have.', kind: optionalDate, optional: true },
  ],
  result: 'matrix',
  reads: ([a, b]) => pairIds(a, b),
  compute([a, b, maxLag, window, day], held) {
    for (const [instrument, name] of [
      [a, 'a'],
      [b, 'b'],
    ] as const) {
      if (returnsSeriesId(instrument) === undefined) return invalidValue(`${name}: ${instrument.name} has no series to take changes of`);
    }
    const follower = requireHeld(held, returnsSeriesId(a) as string);
    if (isCalcError(follower)) return follower;
    const leader = requireHeld(held, returnsSeriesId(b) as string);
    if (isCalcError(leader)) return leader;
    const end = day ?? Math.min(lastDay(follower), lastDay(leader));
    const uncovered = checkHeldCovers(follower, end) ?? checkHeldCovers(leader, end);
    if (uncovered) return uncovered;
    const scan = lagScan(follower, leader, maxLag, window, end);
    if (isCalcError(scan)) return scan;
    const rows: Cell[][] = [['lag_days', 'correlation', 'pairs', 'b_changes', 'best']];
    for (const row of scan.rows) rows.push([row.lag, numberCell(row.correlation), row.pairs, row.bChanges, row.lag === scan.best ? 'best' : '']);
    return rows;
  },
});
