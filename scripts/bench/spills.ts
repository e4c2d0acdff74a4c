/**
 * DESIGN §9, figure 4: spills of 5,000 rows — the time for LIQ.SERIES and RATIO.GOLD.SERIES to
 * produce their array through the function edge (src/functions/functions.ts, one-off calls: the
 * invocation is cancelled after its first result), median of several runs.
 *
 *  - RATIO.GOLD.SERIES("SPX", start, end, "D", 5000) over the real daily SPX and GOLD of
 *    ../shared/data, start and end chosen so that exactly 5,000 SPX days fall between them.
 *  - LIQ.SERIES(, , "W", 5000) over synthetic weekly WALCL, TGA and RRP histories of exactly 5,000
 *    Wednesdays (the real ones have ~1,200).
 *  - details: LIQ.SERIES(start, end, "D", 5000) over the real WALCL and RRP and a synthetic daily TGA.D
 *    (business days, the weekly TGA carried forward).
 *
 * No §9 target is set for spills. The baseline is what a user would do without them: the same
 * 5,000 rows as 5,000 single-cell calls (RATIO.GOLD and LIQ.INDEX, one-off) on the same dates, which
 * must give the same values; the spill should be faster.
 */
import { wednesdayOnOrBefore } from '../../src/core/dates/epochDay';
import { excelSerialFromEpochDay } from '../../src/core/dates/excelSerial';
import { asOf } from '../../src/core/series/asOf';
import { createSeries, firstDay, lastDay, type Series } from '../../src/core/series/series';
import type { HeldSeries } from '../../src/data/heldSeries';
import { MemoryStore } from '../../src/data/store';
import { createFunctionRuntime } from '../../src/functions/runtime';
import { definedAt } from '../../src/core/definedAt';
import { functionsByName, type Functions } from '../../harness/functions';
import { collectGarbage, median, round, seededRandom, sig, type BenchFigure, type FigureResult } from './common';
import { heldSeries } from './heldCalls';

/** The functions Excel would call over the store installed last (a runtime per store, as the add-in's entry builds). */
/** The functions of the runtime the current figure measures (set before its calls). */
let fx = {} as Functions;

export const ROWS = 5_000;
const RUNS = 15;
const WARMUP_RUNS = 3;

type Invocation = { setResult(value: unknown): void; onCanceled?: () => void };

/** One one-off call: its first (synchronous) result. */
function callOnce(call: (invocation: Invocation) => void): unknown {
  let result: unknown = undefined;
  let answered = false;
  const invocation: Invocation = {
    setResult(value) {
      if (answered) return;
      answered = true;
      result = value;
    },
  };
  call(invocation);
  invocation.onCanceled?.();
  if (!answered) throw new Error('bench: a call over held data did not answer synchronously');
  return result;
}

/** Median ms of `run()`. */
function time(run: () => unknown): number {
  const times: number[] = [];
  for (let r = 0; r < WARMUP_RUNS + RUNS; r++) {
    collectGarbage();
    const t0 = performance.now();
    run();
    const elapsed = performance.now() - t0;
    if (r >= WARMUP_RUNS) times.push(elapsed);
  }
  return median(times);
}

function held(series: Series): HeldSeries {
  return { series, origin: 'file', source: 'synthetic (bench)', retrievedAt: '2026-08-21T00:00:00.000Z' };
}

/** `count` Wednesdays ending on or before `end`, with random-walk values around `level`. */
function weekly(id: string, units: 'USD_MILLIONS' | 'USD_BILLIONS', count: number, end: number, level: number, seed: number): HeldSeries {
  const random = seededRandom(seed);
  const last = wednesdayOnOrBefore(end);
  const days = Array.from({ length: count }, (_, i) => last - 7 * (count - 1 - i));
  let value = level;
  const values = days.map(() => (value = Math.max(0, Math.round(value * (1 + (random() - 0.5) * 0.02)))));
  return held(createSeries(id, units, days, values));
}

/** TGA.D on every business day from `from` to `to`: the weekly TGA carried forward, plus a daily wiggle. */
function dailyTga(tga: Series, from: number, to: number): HeldSeries {
  const random = seededRandom(7);
  const days: number[] = [];
  const values: number[] = [];
  for (let day = from; day <= to; day++) {
    const weekday = (((day + 4) % 7) + 7) % 7;
    if (weekday === 0 || weekday === 6) continue;
    days.push(day);
    values.push(Math.round(asOf(tga, day) * (1 + (random() - 0.5) * 0.01)));
  }
  return held(createSeries('TGA.D', 'USD_MILLIONS', days, values));
}

function spillRows(value: unknown, name: string): unknown[][] {
  if (!Array.isArray(value)) throw new Error(`bench: ${name} did not spill: ${JSON.stringify(value)}`);
  return value as unknown[][];
}

/** Spill rows (after the header) whose value column differs from the single-cell results. */
function differences(rows: unknown[][], column: number, singles: readonly unknown[]): number {
  let wrong = 0;
  for (let i = 0; i < singles.length; i++) {
    const a = rows[i + 1]?.[column];
    const b = singles[i];
    if (typeof a !== 'number' || typeof b !== 'number' || Math.abs(a - b) > 1e-9 * Math.abs(b)) wrong++;
  }
  return wrong + Math.abs(rows.length - 1 - singles.length);
}

interface SpillResult {
  readonly spillMs: number;
  readonly singlesMs: number;
  readonly rows: number;
  readonly wrong: number;
}

function compare(name: string, spill: (invocation: Invocation) => void, single: (date: number) => unknown, dates: readonly number[], column: number): SpillResult {
  const rows = spillRows(callOnce(spill), name);
  const singles = dates.map(single);
  const spillMs = time(() => spillRows(callOnce(spill), name));
  const singlesMs = time(() => dates.map(single));
  return { spillMs, singlesMs, rows: rows.length - 1, wrong: differences(rows, column, singles) };
}

function spillFigure(name: string, data: string, r: SpillResult): BenchFigure {
  return {
    figure: `[4] ${name}: one spill of ${r.rows} rows (${data}) vs the same rows as ${r.rows} single-cell calls`,
    value: sig(r.spillMs),
    unit: 'ms',
    baseline: sig(r.singlesMs),
    ratio: round(r.singlesMs / r.spillMs, 1),
    target: `no §9 target: ${ROWS} rows, same values, faster than single cells`,
    met: r.rows === ROWS && r.wrong === 0 && r.spillMs < r.singlesMs,
  };
}

export async function measureSpills(log: (line: string) => void = () => undefined): Promise<FigureResult> {
  log(`[4] spills of ${ROWS} rows…`);
  const items = heldSeries();
  const byId = new Map(items.map((item) => [item.series.id, item.series]));
  const spx = byId.get('SPX') as Series;
  const gold = byId.get('GOLD') as Series;

  // ---- RATIO.GOLD.SERIES over real daily data: the last 5,000 SPX days gold also covers ----
  fx = functionsByName(createFunctionRuntime(new MemoryStore(items)));
  const endIndex = spx.days.length - 1 - [...spx.days].reverse().findIndex((day) => day <= lastDay(gold));
  const ratioDays = Array.from(spx.days.slice(endIndex - ROWS + 1, endIndex + 1));
  const [start, end] = [definedAt(ratioDays, 0, 'the ratio days'), definedAt(ratioDays, ratioDays.length - 1, 'the ratio days')].map(excelSerialFromEpochDay);
  const ratio = compare(
    `RATIO.GOLD.SERIES("SPX", start, end, "D", ${ROWS})`,
    (inv: Invocation) => fx.ratioGoldSeries('SPX', start, end, 'D', ROWS, inv as never),
    (day) => callOnce((inv) => fx.ratioGold('SPX', excelSerialFromEpochDay(day), inv as never)),
    ratioDays,
    1,
  );

  // ---- LIQ.SERIES weekly over 5,000 synthetic Wednesdays ----
  const lastWednesday = wednesdayOnOrBefore(lastDay(byId.get('WALCL') as Series));
  const synthetic = [
    weekly('WALCL', 'USD_MILLIONS', ROWS, lastWednesday, 4_000_000, 1),
    weekly('TGA', 'USD_MILLIONS', ROWS, lastWednesday, 500_000, 2),
    weekly('RRP', 'USD_BILLIONS', ROWS, lastWednesday, 800, 3),
  ];
  fx = functionsByName(createFunctionRuntime(new MemoryStore([...items, ...synthetic])));
  const wednesdays = Array.from(definedAt(synthetic, 0, 'the synthetic series').series.days);
  const weeklySpill = compare(
    `LIQ.SERIES(, , "W", ${ROWS})`,
    (inv: Invocation) => fx.liqSeries(null, null, 'W', ROWS, inv as never),
    (day) => callOnce((inv) => fx.liqIndex(excelSerialFromEpochDay(day), inv as never)),
    wednesdays,
    1,
  );

  // ---- LIQ.SERIES daily over the real WALCL and RRP and a synthetic TGA.D (details) ----
  const tga = byId.get('TGA') as Series;
  const tgaD = dailyTga(tga, firstDay(byId.get('WALCL') as Series), lastDay(tga));
  fx = functionsByName(createFunctionRuntime(new MemoryStore([...items, tgaD])));
  const dailyHi = Math.min(lastDay(byId.get('WALCL') as Series), lastDay(tgaD.series), lastDay(byId.get('RRP') as Series));
  const hiIndex = tgaD.series.days.findIndex((day) => day > dailyHi);
  const last = (hiIndex < 0 ? tgaD.series.days.length : hiIndex) - 1;
  const dailyFrom = excelSerialFromEpochDay(definedAt(tgaD.series.days, last - ROWS + 1, 'the TGA.D days'));
  const dailyTo = excelSerialFromEpochDay(definedAt(tgaD.series.days, last, 'the TGA.D days'));
  const dailyRows =
    spillRows(
      callOnce((inv) => fx.liqSeries(dailyFrom, dailyTo, 'D', ROWS, inv as never)),
      'LIQ.SERIES daily',
    ).length - 1;
  const dailyMs = time(() => callOnce((inv) => fx.liqSeries(dailyFrom, dailyTo, 'D', ROWS, inv as never)));

  const figures = [
    spillFigure(`RATIO.GOLD.SERIES("SPX", …, "D", ${ROWS})`, `real daily SPX ${spx.days.length} + GOLD ${gold.days.length} obs.`, ratio),
    spillFigure(`LIQ.SERIES(, , "W", ${ROWS})`, `synthetic weekly WALCL, TGA, RRP of ${ROWS} Wednesdays`, weeklySpill),
  ];
  const details = [
    `[4] RATIO.GOLD.SERIES: ${sig(ratio.spillMs)} ms for ${ratio.rows} rows (${sig((ratio.spillMs * 1000) / ratio.rows)} µs/row); ${ratio.rows} RATIO.GOLD calls ${sig(ratio.singlesMs)} ms; ${ratio.wrong} rows differ`,
    `[4] LIQ.SERIES "W": ${sig(weeklySpill.spillMs)} ms for ${weeklySpill.rows} rows (${sig((weeklySpill.spillMs * 1000) / weeklySpill.rows)} µs/row); ${weeklySpill.rows} LIQ.INDEX calls ${sig(weeklySpill.singlesMs)} ms; ${weeklySpill.wrong} rows differ`,
    `[4] LIQ.SERIES "D" (real WALCL, RRP; synthetic daily TGA.D of ${tgaD.series.days.length} business days): ${sig(dailyMs)} ms for ${dailyRows} rows × 5 columns`,
  ];
  return { figures, details };
}
