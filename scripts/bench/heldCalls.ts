/**
 * DESIGN §9, figure 1: 10,000 calls of RATIO.GOLD and LIQ.INDEX over held data, each with its own
 * date, through the real function edge — the streaming custom functions with argument coercion
 * (a third of the dates as whole Excel serials, a third as serials with a time of day, a third as
 * ISO text), the store read, the core and the Excel translation — over the embedded snapshot plus
 * ../shared/data (daily SPX: ~25,000 observations; GOLD: ~6,500).
 *
 * The edge is measured as Excel runs it — the production functions bundle (scripts/bench/bundle.ts:
 * webpack's build run as a script with a stub CustomFunctions; the data put into the bundle's own
 * LiveStore) — and, for the details, as the sources run under tsx (src/functions/functions.ts over
 * a MemoryStore), which costs more because tsx wraps named closures in a `__name` helper that the
 * production build does not have. Run it in a process of its own (main.ts does: child.ts): the
 * bundle sets globals.
 *
 * Each call gets a fresh invocation, as Excel gives each cell one. Live cells stay subscribed (a
 * sheet of formulas; cancelled after the round, outside its timing); one-off calls are cancelled
 * right after their first result (the CLI; a cell whose arguments changed).
 *
 * Baseline (the met/missed line): the host's floor — a do-nothing streaming function (it keeps its
 * cancel handler and answers 0, nothing else) called the same way, with the same arguments, fresh
 * invocations and live cells, in the same harness and process. DESIGN §9: at most 3× the floor.
 *
 * O(log n): the same calls over synthetic daily series of n ≈ 1k, 10k and 100k observations; the
 * time per call must grow far slower than n. There the baseline is the same lookups by a linear
 * scan ("latest observation on or before the date", a loop from the start of the held arrays),
 * computing the same ratio / net liquidity for the same dates, which grows with n; the scan over
 * the real data is in the details (a scan of 6,000 observations takes only a few µs, which no
 * streaming cell can beat by much: issue 17).
 */
import { wednesdayOnOrBefore } from '../../src/core/dates/epochDay';
import { epochDayFromExcelSerial, excelSerialFromEpochDay } from '../../src/core/dates/excelSerial';
import { formatIsoDate, parseIsoDate } from '../../src/core/dates/isoDate';
import { definedAt } from '../../src/core/definedAt';
import { createSeries, firstDay, lastDay, type Series } from '../../src/core/series/series';
import type { HeldSeries } from '../../src/data/heldSeries';
import { loadCsvFolder } from '../../src/data/node/csvFolder';
import { embeddedSnapshotSeries } from '../../src/data/snapshot/embeddedSnapshot';
import { MemoryStore } from '../../src/data/store';
import { createFunctionRuntime } from '../../src/functions/runtime';
import { functionsByName, type Functions } from '../../harness/functions';
import { loadFunctionsBundle, requireFunction } from './bundle';
import { SHARED_DATA, collectGarbage, median, round, seededRandom, sig, sink, type BenchFigure, type FigureResult } from './common';

/** The functions Excel would call over the store installed last (a runtime per store, as the add-in's entry builds). */
/** The functions of the runtime the current figure measures (set before its calls). */
let fx = {} as Functions;

export const CALLS = 10_000;
/**
 * Warm-up: at least this many rounds and this long, so the optimising compiler has compiled the
 * whole path (a 10,000-cell round of a cold bundle runs several times slower while it tiers up;
 * the very first round is reported in the details).
 */
const WARMUP_ROUNDS = 3;
const WARMUP_MS = 400;
const MIN_ROUNDS = 5;
const MAX_ROUNDS = 15;
/** More rounds (up to MAX_ROUNDS) while the measured ones took less than this in all. */
const ROUND_BUDGET_MS = 600;
/** DESIGN §9: a held-data call costs at most this many times the do-nothing streaming function. */
const FLOOR_RATIO = 3;
const SCALING_SIZES = [1_000, 10_000, 100_000] as const;
const SCALING_SCAN_CALLS = 2_000;

type Invocation = { setResult(value: unknown): void; onCanceled?: () => void };
/** One call of a function under test with its date argument. */
type Call = (date: unknown, invocation: Invocation) => void;

/** The invocations the do-nothing streaming function holds (live cells), until Excel cancels them. */
const floorCells = new Set<Invocation>();

/**
 * The host's floor: a streaming function that does nothing but what every streaming function must —
 * keep its invocation (to answer again later), let go of it when Excel cancels the cell — and
 * answers 0. What any live cell costs in this harness (a fresh invocation, the call, setResult,
 * holding the cell), so the figure's ratio is our own work per call on top of it.
 */
export function doNothingStreaming(_date: unknown, invocation: Invocation): void {
  floorCells.add(invocation);
  invocation.onCanceled = () => floorCells.delete(invocation);
  invocation.setResult(0);
}

/**
 * Index of the latest day ≤ `day`, by a plain loop from the start: the baseline's lookup. The timed
 * baselines index within their loops' bounds (or at an index this found) with `!`, unchecked like the code they time.
 */
export function linearAsOfIndex(days: Int32Array, day: number): number {
  let found = -1;
  for (let i = 0; i < days.length; i++) {
    if (days[i]! > day) break;
    found = i;
  }
  return found;
}

/**
 * `count` dates from `lo` to `hi` (epoch days) as Excel passes them: a third whole serials, a third
 * serials with a time of day, a third ISO text (always text before 1900, which has no serial).
 */
export function variedDateArgs(lo: number, hi: number, count: number, seed: number): { args: unknown[]; days: Int32Array } {
  const random = seededRandom(seed);
  const args: unknown[] = [];
  const days = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const day = lo + Math.floor(random() * (hi - lo + 1));
    days[i] = day;
    const serial = excelSerialFromEpochDay(day);
    const form = Number.isNaN(serial) ? 2 : i % 3;
    args.push(form === 0 ? serial : form === 1 ? serial + Math.floor(random() * 1000) / 1001 : formatIsoDate(day));
  }
  checkArgs(args, days);
  return { args, days };
}

/** Every argument decodes to its intended day (so the bench measures what it says it does). */
function checkArgs(args: readonly unknown[], days: Int32Array): void {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const day = typeof arg === 'number' ? epochDayFromExcelSerial(arg) : parseIsoDate(arg as string);
    if (day !== days[i]) throw new Error(`bench date ${String(arg)} decodes to ${day}, expected ${days[i]}`);
  }
}

interface RoundTimes {
  /** Median ms of the measured rounds. */
  readonly medianMs: number;
  /** Ms of the very first round, before any warm-up. */
  readonly firstMs: number;
}

/** Times `round()` after warm-up; `prepare()` runs before each round, outside its timing. */
function timeRounds(round: () => void, prepare: () => void = () => undefined, warmupRounds = WARMUP_ROUNDS): RoundTimes {
  const times: number[] = [];
  let firstMs = NaN;
  let warming = 0;
  // Once, not before every round: forced full collections between rounds flush compiled code and
  // make every other round several times slower. The rounds pay for their own garbage, as cells do.
  collectGarbage();
  let spent = 0;
  for (let r = 0; times.length < MAX_ROUNDS; r++) {
    prepare();
    const t0 = performance.now();
    round();
    const elapsed = performance.now() - t0;
    if (r === 0) firstMs = elapsed;
    if (r < warmupRounds || warming < WARMUP_MS) {
      warming += elapsed;
      continue;
    }
    times.push(elapsed);
    spent += elapsed;
    if (times.length >= MIN_ROUNDS && spent >= ROUND_BUDGET_MS) break;
  }
  return { medianMs: median(times), firstMs };
}

interface EdgeRun {
  /** µs per call, median over rounds. */
  readonly perCallUs: number;
  /** µs per call in the first, cold round. */
  readonly firstRoundUs: number;
  readonly results: unknown[];
  /** Calls that did not answer synchronously (should be none over held data). */
  readonly asyncCalls: number;
}

/** `args.length` calls, each with a fresh invocation; live ones cancelled before the next round. */
function runEdge(call: Call, args: readonly unknown[], live: boolean): EdgeRun {
  const results: unknown[] = new Array(args.length);
  const invocations: Invocation[] = [];
  const cancelAll = () => {
    for (const invocation of invocations) invocation.onCanceled?.();
    invocations.length = 0;
  };
  let answered = 0;
  const times = timeRounds(() => {
    answered = 0;
    for (let i = 0; i < args.length; i++) {
      let got = false;
      const invocation: Invocation = {
        setResult(value) {
          if (got) return;
          got = true;
          answered++;
          results[i] = value;
        },
      };
      call(args[i], invocation);
      if (live) invocations.push(invocation);
      else invocation.onCanceled?.();
    }
  }, cancelAll);
  cancelAll();
  return { perCallUs: (times.medianMs * 1000) / args.length, firstRoundUs: (times.firstMs * 1000) / args.length, results, asyncCalls: args.length - answered };
}

/** The baseline: `lookup(day)` for every day, by linear scan (a loop with no allocation: one warm-up round). */
function runBaseline(lookup: (day: number) => number, days: Int32Array): { perCallUs: number; results: Float64Array } {
  const results = new Float64Array(days.length);
  const times = timeRounds(
    () => {
      for (let i = 0; i < days.length; i++) results[i] = lookup(days[i]!);
    },
    undefined,
    1,
  );
  sink.value = results;
  return { perCallUs: (times.medianMs * 1000) / days.length, results };
}

function ratioBaseline(numerator: Series, denominator: Series): (day: number) => number {
  return (day) => {
    const i = linearAsOfIndex(numerator.days, day);
    const j = linearAsOfIndex(denominator.days, day);
    return i < 0 || j < 0 ? NaN : numerator.values[i]! / denominator.values[j]!;
  };
}

/** Net liquidity as DESIGN §3.1 defines it: WALCL/1000 − TGA/1000 − RRP on the Wednesday on or before, in USD billions. */
function liquidityBaseline(walcl: Series, tga: Series, rrp: Series): (day: number) => number {
  return (day) => {
    const wednesday = wednesdayOnOrBefore(day);
    const a = linearAsOfIndex(walcl.days, wednesday);
    const t = linearAsOfIndex(tga.days, wednesday);
    const r = linearAsOfIndex(rrp.days, wednesday);
    if (a < 0 || t < 0 || r < 0) return NaN;
    return Math.round((walcl.values[a]! / 1000 - tga.values[t]! / 1000 - rrp.values[r]!) * 1e6) / 1e6;
  };
}

/** Edge results that differ from the baseline's (beyond 1e-12 relative). */
function mismatches(edge: readonly unknown[], baseline: Float64Array): { count: number; first?: string } {
  let count = 0;
  let first: string | undefined;
  for (const [i, expected] of baseline.entries()) {
    const got = edge[i];
    if (typeof got === 'number' && Math.abs(got - expected) <= 1e-12 * Math.abs(expected)) continue;
    count++;
    first ??= `call ${i}: edge ${typeof got === 'object' ? JSON.stringify(got) : String(got)}, scan ${expected}`;
  }
  return { count, first };
}

/** The embedded snapshot with every file of ../shared/data over it (files replace snapshot series). */
export function heldSeries(): HeldSeries[] {
  const byId = new Map<string, HeldSeries>();
  for (const item of [...embeddedSnapshotSeries(), ...loadCsvFolder(SHARED_DATA).series]) byId.set(item.series.id, item);
  return [...byId.values()];
}

/** A synthetic daily (weekday) price series of `n` observations ending on `end`. */
function syntheticDaily(id: string, units: Series['units'], n: number, end: number, seed: number): HeldSeries {
  const random = seededRandom(seed);
  const days = new Int32Array(n);
  const values = new Float64Array(n);
  let day = end;
  const weekday = (d: number) => (((d + 4) % 7) + 7) % 7;
  for (let i = n - 1; i >= 0; i--) {
    while (weekday(day) === 0 || weekday(day) === 6) day--;
    days[i] = day--;
  }
  let price = 100;
  for (let i = 0; i < n; i++) {
    price *= Math.exp((random() - 0.5) * 0.04);
    values[i] = price;
  }
  return { series: createSeries(id, units, days, values), origin: 'file', source: 'synthetic (bench)', retrievedAt: '2026-08-21T00:00:00.000Z' };
}

/** One way of calling the functions: the production bundle, or the sources under tsx. */
interface Edge {
  readonly name: string;
  readonly ratioGold: Call;
  readonly liqIndex: Call;
  /** Holds these series (replacing any of the same id). */
  put(items: readonly HeldSeries[]): void;
}

function bundleEdge(dir: string, held: readonly HeldSeries[]): Edge {
  const bundle = loadFunctionsBundle(dir);
  const ratio = requireFunction(bundle, 'RATIO.GOLD');
  const liquidity = requireFunction(bundle, 'LIQ.INDEX');
  const edge: Edge = {
    name: 'production bundle',
    ratioGold: (date, invocation) => ratio('SPX', date, invocation),
    liqIndex: (date, invocation) => liquidity(date, invocation),
    put: (items) => items.forEach((item) => bundle.store.put(item)),
  };
  edge.put(held);
  return edge;
}

function sourceEdge(held: readonly HeldSeries[]): Edge {
  const store = new MemoryStore(held);
  fx = functionsByName(createFunctionRuntime(store));
  return {
    name: 'sources under tsx',
    ratioGold: (date, invocation) => fx.ratioGold('SPX', date, invocation as never),
    liqIndex: (date, invocation) => fx.liqIndex(date, invocation as never),
    put: (items) => items.forEach((item) => store.put(item)),
  };
}

interface Workload {
  readonly name: string;
  readonly args: unknown[];
  readonly days: Int32Array;
  readonly baseline: { perCallUs: number; results: Float64Array };
  readonly observations: string;
}

interface EdgeResult {
  readonly oneOff: EdgeRun;
  readonly live: EdgeRun;
  readonly wrong: { count: number; first?: string };
}

function measureWorkload(call: Call, workload: Workload): EdgeResult {
  const oneOff = runEdge(call, workload.args, false);
  const live = runEdge(call, workload.args, true);
  const a = mismatches(oneOff.results, workload.baseline.results);
  const b = mismatches(live.results, workload.baseline.results);
  return { oneOff, live, wrong: { count: a.count + b.count + oneOff.asyncCalls + live.asyncCalls, first: a.first ?? b.first } };
}

interface ScalingPoint {
  readonly n: number;
  readonly edgeUs: number;
  readonly baselineUs: number;
  readonly wrong: number;
}

interface Scaling {
  readonly name: string;
  readonly points: ScalingPoint[];
}

/**
 * The function over synthetic daily series of n observations each, put in place of the real ones:
 * RATIO.GOLD("SPX", date) over SPX and GOLD; LIQ.INDEX(date) over WALCL, TGA and RRP.
 */
function scaling(edge: Edge, which: 'RATIO.GOLD' | 'LIQ.INDEX', original: readonly HeldSeries[]): Scaling {
  const end = parseIsoDate('2026-08-20');
  const points = SCALING_SIZES.map((n): ScalingPoint => {
    let call: Call;
    let lookup: (day: number) => number;
    let lo: number;
    let hi: number;
    if (which === 'RATIO.GOLD') {
      const spx = syntheticDaily('SPX', 'PRICE_USD', n, end, 11 + n);
      const gold = syntheticDaily('GOLD', 'USD_PER_OZ', n, end, 23 + n);
      edge.put([spx, gold]);
      call = edge.ratioGold;
      lookup = ratioBaseline(spx.series, gold.series);
      [lo, hi] = [firstDay(spx.series), lastDay(spx.series)];
    } else {
      const walcl = syntheticDaily('WALCL', 'USD_MILLIONS', n, end, 31 + n);
      const tga = syntheticDaily('TGA', 'USD_MILLIONS', n, end, 37 + n);
      const rrp = syntheticDaily('RRP', 'USD_BILLIONS', n, end, 41 + n);
      edge.put([walcl, tga, rrp]);
      call = edge.liqIndex;
      lookup = liquidityBaseline(walcl.series, tga.series, rrp.series);
      [lo, hi] = [firstDay(walcl.series) + 7, lastDay(walcl.series)];
    }
    const { args, days } = variedDateArgs(lo, hi, CALLS, 1000 + n);
    const run = runEdge(call, args, true);
    // The scan is timed on the first SCALING_SCAN_CALLS dates (at 100k it costs ~0.2 ms a call), and
    // the answers checked on those: the per-call mean is what is compared.
    const scanDays = days.subarray(0, SCALING_SCAN_CALLS);
    const baseline = runBaseline(lookup, scanDays);
    return { n, edgeUs: run.perCallUs, baselineUs: baseline.perCallUs, wrong: mismatches(run.results.slice(0, SCALING_SCAN_CALLS), baseline.results).count + run.asyncCalls };
  });
  edge.put(original);
  return { name: which, points };
}

function scalingFigure(s: Scaling): BenchFigure {
  const small = definedAt(s.points, 0, 'the scaling points');
  const large = definedAt(s.points, s.points.length - 1, 'the scaling points');
  const growth = large.edgeUs / small.edgeUs;
  const linearGrowth = large.baselineUs / small.baselineUs;
  return {
    figure:
      `[1] O(log n): ${s.name} µs/call, live cells, from n = 1k to 100k obs. per series (` +
      s.points.map((p) => `${p.n / 1000}k: ${sig(p.edgeUs)} µs, scan ${sig(p.baselineUs)} µs`).join('; ') +
      `) vs the linear scan's growth`,
    value: round(growth, 2),
    unit: '× growth',
    baseline: round(linearGrowth, 1),
    ratio: round(growth / linearGrowth, 4),
    target: `far below linear (n × ${large.n / small.n}): ≤ 3× (log₂ n × 1.7)`,
    met: growth <= 3 && s.points.every((p) => p.wrong === 0),
  };
}

function find(held: readonly HeldSeries[], id: string): Series {
  const item = held.find((h) => h.series.id === id);
  if (!item) throw new Error(`bench: ${id} is not held (is ../shared/data there?)`);
  return item.series;
}

export interface HeldCallsOptions {
  /** A production build of the add-in (scripts/bench/bundle.ts buildAddin). */
  readonly bundleDir: string;
  readonly log?: (line: string) => void;
}

export async function measureHeldCalls(options: HeldCallsOptions): Promise<FigureResult> {
  const log = options.log ?? (() => undefined);
  const held = heldSeries();
  const spx = find(held, 'SPX');
  const gold = find(held, 'GOLD');
  const walcl = find(held, 'WALCL');
  const tga = find(held, 'TGA');
  const rrp = find(held, 'RRP');

  log(`[1] ${CALLS} calls of RATIO.GOLD and LIQ.INDEX over held data: linear-scan baselines…`);
  const ratioDates = variedDateArgs(Math.max(firstDay(spx), firstDay(gold)), Math.min(lastDay(spx), lastDay(gold)), CALLS, 1);
  const ratio: Workload = {
    name: 'RATIO.GOLD("SPX", date)',
    ...ratioDates,
    baseline: runBaseline(ratioBaseline(spx, gold), ratioDates.days),
    observations: `daily SPX ${spx.days.length} + GOLD ${gold.days.length} obs.`,
  };
  // From the first Wednesday all three components cover to the last day all three cover.
  const liqFrom = wednesdayOnOrBefore(Math.max(firstDay(walcl), firstDay(tga), firstDay(rrp))) + 7;
  const liqDates = variedDateArgs(liqFrom, Math.min(lastDay(walcl), lastDay(tga), lastDay(rrp)), CALLS, 2);
  const liquidity: Workload = {
    name: 'LIQ.INDEX(date)',
    ...liqDates,
    baseline: runBaseline(liquidityBaseline(walcl, tga, rrp), liqDates.days),
    observations: `WALCL ${walcl.days.length} + TGA ${tga.days.length} + RRP ${rrp.days.length} obs.`,
  };

  log('[1] the floor: a do-nothing streaming function, same harness…');
  const floor = { ratio: runEdge(doNothingStreaming, ratioDates.args, true), liquidity: runEdge(doNothingStreaming, liqDates.args, true) };

  log('[1] through the sources under tsx…');
  const source = sourceEdge(held);
  const sourceRatio = measureWorkload(source.ratioGold, ratio);
  const sourceLiquidity = measureWorkload(source.liqIndex, liquidity);

  log('[1] through the production functions bundle…');
  const bundle = bundleEdge(options.bundleDir, held);
  const bundleRatio = measureWorkload(bundle.ratioGold, ratio);
  const bundleLiquidity = measureWorkload(bundle.liqIndex, liquidity);
  log('[1] O(log n): RATIO.GOLD and LIQ.INDEX over synthetic daily series of 1k, 10k, 100k observations…');
  const scalings = [scaling(bundle, 'RATIO.GOLD', held), scaling(bundle, 'LIQ.INDEX', held)];

  const figure = (w: Workload, r: EdgeResult, floorRun: EdgeRun): BenchFigure => {
    const times = r.live.perCallUs / floorRun.perCallUs;
    return {
      figure: `[1] ${w.name}, ${CALLS} live cells over held data (${w.observations}), production functions bundle, vs a do-nothing streaming function in the same harness (the host's floor)`,
      value: sig(r.live.perCallUs),
      unit: 'µs/call',
      baseline: sig(floorRun.perCallUs),
      ratio: round(times, 2),
      target: `≤ ${FLOOR_RATIO}× the floor (same answers as the linear scan, all synchronous)`,
      met: times <= FLOOR_RATIO && r.wrong.count === 0,
    };
  };
  const figures: BenchFigure[] = [figure(ratio, bundleRatio, floor.ratio), figure(liquidity, bundleLiquidity, floor.liquidity), ...scalings.map(scalingFigure)];
  const line = (edge: string, w: Workload, r: EdgeResult) =>
    `[1] ${w.name}, ${edge}: live cells ${sig(r.live.perCallUs)} µs/call (${round(w.baseline.perCallUs / r.live.perCallUs, 1)}× the scan), ` +
    `one-off calls ${sig(r.oneOff.perCallUs)} µs/call (${round(w.baseline.perCallUs / r.oneOff.perCallUs, 1)}×); linear scan ${sig(w.baseline.perCallUs)} µs/call; ` +
    `the very first round (cold code, one-off calls) ${sig(r.oneOff.firstRoundUs)} µs/call; ` +
    `${r.wrong.count} answers wrong or late${r.wrong.first ? ` (${r.wrong.first})` : ''}`;
  const details = [
    `[1] the floor (do-nothing streaming function, live cells): ${sig(floor.ratio.perCallUs)} µs/call over the RATIO.GOLD dates, ${sig(floor.liquidity.perCallUs)} µs/call over the LIQ.INDEX dates; its very first round ${sig(floor.ratio.firstRoundUs)} µs/call`,
    line('production bundle', ratio, bundleRatio),
    line('production bundle', liquidity, bundleLiquidity),
    line('sources under tsx', ratio, sourceRatio),
    line('sources under tsx', liquidity, sourceLiquidity),
    ...scalings.flatMap((s) =>
      s.points.map(
        (p) =>
          `[1] ${s.name}, synthetic n=${p.n}: ${sig(p.edgeUs)} µs/call (live cells, bundle), linear scan ${sig(p.baselineUs)} µs/call, ${round(p.baselineUs / p.edgeUs, 1)}×; ${p.wrong} wrong or late`,
      ),
    ),
  ];
  return { figures, details };
}
