/**
 * DESIGN §9, figure 3: rolling correlation and beta over 10,000 daily points, window 90 —
 * src/core/stats/rollingCorrelation.ts and rollingBeta.ts (alignment and log returns once, then one
 * O(n) pass with sliding co-moments) against recomputing every window from scratch with a
 * straightforward two-pass Pearson (written here), on the same seeded synthetic prices, in the same
 * process. Two baselines, both shown:
 *
 *  - from scratch: the prices aligned once (alignOnDates, as the library does), then for every
 *    window its 90 log returns (log1p, as the library computes them) and a two-pass Pearson / beta:
 *    what filling LIQ.CORR down a column does, window by window. Compared with the whole call.
 *  - windowed part only: both sides given the same returns (alignedLogReturns computed once), the
 *    sliding pass (rollingStatistic) against a two-pass Pearson per window. The strictest ratio,
 *    bounded by the cost of one sliding step (≈ two Welford updates with divisions) against 2 × 90
 *    multiply-adds.
 *
 * The largest difference between the rolling and per-window values must stay below 1e-9.
 */
import { definedAt } from '../../src/core/definedAt';
import { alignOnDates } from '../../src/core/series/alignOnDates';
import { createSeries, type Series } from '../../src/core/series/series';
import { alignedLogReturns, logReturn, type AlignedLogReturns } from '../../src/core/stats/_lib/alignedLogReturns';
import { betaOf, correlationOf } from '../../src/core/stats/_lib/coMoments';
import { rollingStatistic } from '../../src/core/stats/_lib/rollingStatistic';
import { rollingBeta } from '../../src/core/stats/rollingBeta';
import { rollingCorrelation } from '../../src/core/stats/rollingCorrelation';
import { collectGarbage, median, round, seededRandom, sig, sink, type BenchFigure, type FigureResult } from './common';

export const POINTS = 10_000;
export const WINDOW = 90;
const RUNS = 21;
const WARMUP_RUNS = 5;
const TARGET_RATIO = 30;

/** Two correlated daily (weekday) price series of `n` points, levels near 100,000 and 5,000. */
export function syntheticPair(n: number, seed: number): { a: Series; b: Series } {
  const random = seededRandom(seed);
  const gaussian = () => {
    const u = Math.max(random(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
  const days = new Int32Array(n);
  let day = 20_000 - Math.ceil((n * 7) / 5) - 7;
  for (let i = 0; i < n; i++) {
    while ((((day + 4) % 7) + 7) % 7 === 0 || (((day + 4) % 7) + 7) % 7 === 6) day++;
    days[i] = day++;
  }
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  let pa = 100_000;
  let pb = 5_000;
  for (let i = 0; i < n; i++) {
    // Volatility regimes change every ~500 days, so the sliding pass meets calm after turbulence.
    const vol = 0.005 + 0.03 * Math.abs(Math.sin(i / 500));
    const common = gaussian();
    pb *= Math.exp(vol * common);
    pa *= Math.exp(vol * (0.6 * common + 0.8 * gaussian()));
    a[i] = pa;
    b[i] = pb;
  }
  return { a: createSeries('A', 'PRICE_USD', days, a), b: createSeries('B', 'PRICE_USD', days, b) };
}

/** The windowed baseline: every window of `window` return pairs recomputed from scratch, two passes each. */
export function perWindow(returns: AlignedLogReturns, window: number, beta: boolean): Float64Array {
  const count = Math.max(0, returns.a.length - window + 1);
  const out = new Float64Array(count);
  for (let j = 0; j < count; j++) out[j] = pearsonOrBeta(returns.a, returns.b, j, j + window, beta);
  return out;
}

/**
 * The from-scratch baseline: prices aligned once, then every window recomputed from its prices — its
 * `window` log returns, then the two-pass co-moments. Non-positive prices are dropped, as the library does.
 */
export function perWindowFromPrices(a: Series, b: Series, window: number, beta: boolean): Float64Array {
  // A timed baseline: its indices stay within its loops' bounds, read with `!` (no checks the library does not make).
  const aligned = alignOnDates(a, b);
  const pa: number[] = [];
  const pb: number[] = [];
  for (let i = 0; i < aligned.days.length; i++) {
    if (aligned.a[i]! > 0 && aligned.b[i]! > 0) {
      pa.push(aligned.a[i]!);
      pb.push(aligned.b[i]!);
    }
  }
  const count = Math.max(0, pa.length - 1 - window + 1);
  const out = new Float64Array(count);
  const x = new Float64Array(window);
  const y = new Float64Array(window);
  for (let j = 0; j < count; j++) {
    for (let k = 0; k < window; k++) {
      x[k] = logReturn(pa[j + k]!, pa[j + k + 1]!);
      y[k] = logReturn(pb[j + k]!, pb[j + k + 1]!);
    }
    out[j] = pearsonOrBeta(x, y, 0, window, beta);
  }
  return out;
}

/** Two-pass co-moments of x[from..to) and y[from..to), then the correlation or the beta. */
function pearsonOrBeta(x: Float64Array, y: Float64Array, from: number, to: number, beta: boolean): number {
  const n = to - from;
  let sumX = 0;
  let sumY = 0;
  for (let i = from; i < to; i++) {
    sumX += x[i]!;
    sumY += y[i]!;
  }
  const meanX = sumX / n;
  const meanY = sumY / n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = from; i < to; i++) {
    const dx = x[i]! - meanX;
    const dy = y[i]! - meanY;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  // The library's definitions (and zero-spread rule), so the results compare.
  const m = { n, meanX, meanY, sxx, syy, sxy };
  return beta ? betaOf(m) : correlationOf(m);
}

/**
 * Median ms of each of `runs` over RUNS rounds (after WARMUP_RUNS). The runs are interleaved, each
 * round in a rotated order, so the load of a shared machine falls on all of them alike.
 */
function timeInterleaved<const T extends ReadonlyArray<() => unknown>>(runs: T): { readonly [K in keyof T]: number } {
  const times = runs.map((): number[] => []);
  for (let r = 0; r < WARMUP_RUNS + RUNS; r++) {
    if (r % 5 === 0) collectGarbage();
    for (let k = 0; k < runs.length; k++) {
      const which = (k + r) % runs.length;
      const t0 = performance.now();
      sink.value = runs[which]!(); // which < runs.length
      const elapsed = performance.now() - t0;
      if (r >= WARMUP_RUNS) times[which]!.push(elapsed);
    }
  }
  // One median per run, in the order of `runs`.
  return times.map(median) as unknown as { readonly [K in keyof T]: number };
}

/** Largest |a − b|; NaN in both counts as equal, NaN in one as Infinity. */
function maxDifference(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) return Infinity;
  let max = 0;
  for (const [i, x] of a.entries()) {
    const y = definedAt(b, i, 'the second results');
    const nanA = Number.isNaN(x);
    const nanB = Number.isNaN(y);
    if (nanA || nanB) {
      if (nanA !== nanB) return Infinity;
      continue;
    }
    max = Math.max(max, Math.abs(x - y));
  }
  return max;
}

export async function measureRolling(log: (line: string) => void = () => undefined): Promise<FigureResult> {
  log(`[3] rolling correlation and beta over ${POINTS} daily points, window ${WINDOW}…`);
  const { a, b } = syntheticPair(POINTS, 90);
  const returns = alignedLogReturns(a, b);
  const figures: BenchFigure[] = [];
  const details: string[] = [];
  const cases = [false, true].map((beta) => {
    const statistic = beta ? betaOf : correlationOf;
    return {
      beta,
      name: beta ? 'rollingBeta' : 'rollingCorrelation',
      rolling: () => (beta ? rollingBeta(a, b, WINDOW) : rollingCorrelation(a, b, WINDOW)).values,
      fromScratch: () => perWindowFromPrices(a, b, WINDOW, beta),
      sliding: () => rollingStatistic(returns, WINDOW, statistic).values,
      windows: () => perWindow(returns, WINDOW, beta),
    };
  });
  // Every code path warmed (and its call sites seen with both statistics) before any is timed.
  for (let r = 0; r < 10; r++) for (const c of cases) for (const run of [c.rolling, c.fromScratch, c.sliding, c.windows]) sink.value = run();
  for (const { name, rolling, fromScratch, sliding, windows } of cases) {
    const [rollingMs, fromScratchMs, slidingMs, windowsMs, alignMs] = timeInterleaved([rolling, fromScratch, sliding, windows, () => alignedLogReturns(a, b)]);
    const wholeDifference = maxDifference(rolling(), fromScratch());
    const windowedDifference = maxDifference(sliding(), windows());
    const whole = fromScratchMs / rollingMs;
    const windowed = windowsMs / slidingMs;
    figures.push(
      {
        figure: `[3] ${name}, ${POINTS} daily prices, window ${WINDOW}: whole call vs every window recomputed from its prices (log returns + two-pass)`,
        value: sig(rollingMs),
        unit: 'ms',
        baseline: sig(fromScratchMs),
        ratio: round(whole, 1),
        target: `≥ ${TARGET_RATIO}× faster, same values to 1e-9`,
        met: whole >= TARGET_RATIO && wholeDifference <= 1e-9,
      },
      {
        figure: `[3] ${name}, windowed part only (same ${returns.a.length} returns both sides): sliding pass vs two-pass Pearson per window`,
        value: sig(slidingMs),
        unit: 'ms',
        baseline: sig(windowsMs),
        ratio: round(windowed, 1),
        target: `≥ ${TARGET_RATIO}× faster, same values to 1e-9`,
        met: windowed >= TARGET_RATIO && windowedDifference <= 1e-9,
      },
    );
    details.push(
      `[3] ${name}: whole call ${sig(rollingMs)} ms, of which alignment + log returns ${sig(alignMs)} ms and the sliding pass ${sig(slidingMs)} ms; ` +
        `${returns.a.length - WINDOW + 1} windows; per-window from prices ${sig(fromScratchMs)} ms, per-window on returns ${sig(windowsMs)} ms; ` +
        `largest differences ${wholeDifference.toExponential(2)} (whole), ${windowedDifference.toExponential(2)} (windowed)`,
    );
  }
  return { figures, details };
}
