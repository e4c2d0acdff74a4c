/**
 * DESIGN §9, figure 2: 10,000 concurrent calls on a COLD store, through the real path —
 *
 *   the streaming custom functions (src/functions/functions.ts)
 *     → a LiveStore holding nothing (no snapshot, no cache)
 *     → createGatewayClient over HTTP → the gateway on 127.0.0.1 (real routes, series service,
 *       providers, rate limiters; a fresh cache folder and no snapshot either)
 *     → the mock upstream (harness/upstreams/mockUpstream.ts) seeded with every series
 *       (harness/upstreams/catalogUpstream.ts), every route answering after 100 ms
 *
 * — the environment of figure 6 (scripts/bench/refresh.ts startEnvironment). The calls are spread
 * over RATIO.GOLD (SPX, GOLD and their monthly histories), LIQ.INDEX (WALCL, TGA, RRP) and
 * LIQ.STRESS (SOFR, FF.UPPER) with varied dates, all issued in one synchronous burst; each answers
 * when the series it needs arrive. Counted: upstream requests per series (must be exactly one each)
 * and the time from the first call to the last value.
 */
import { excelSerialFromEpochDay } from '../../src/core/dates/excelSerial';
import { formatIsoDate, parseIsoDate } from '../../src/core/dates/isoDate';
import { createFunctionRuntime } from '../../src/functions/runtime';
import { definedAt } from '../../src/core/definedAt';
import { functionsByName, type Functions } from '../../harness/functions';
import { startMockUpstream } from '../../harness/upstreams/mockUpstream';
import { seedCatalogUpstream } from '../../harness/upstreams/catalogUpstream';
import { round, seededRandom, type BenchFigure, type FigureResult } from './common';
import { DEFAULT_THROUGH, benchClock, describeRequest, startEnvironment } from './refresh';

/** The functions Excel would call over the store installed last (a runtime per store, as the add-in's entry builds). */
/** The functions of the runtime the current figure measures (set before its calls). */
let fx = {} as Functions;

export const CONCURRENT_CALLS = 10_000;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

type Invocation = { setResult(value: unknown): void; onCanceled?: () => void };

/** The "#N/A loading … from the Liquidity Lens gateway" a cell shows while it waits (src/functions/streaming.ts). */
function isLoadingNotice(value: unknown): boolean {
  const message = (value as { message?: unknown } | null)?.message;
  return typeof message === 'string' && /^loading /.test(message);
}

interface Plan {
  readonly name: string;
  /** Series the function reads (RATIO.GOLD loads the daily and monthly legs). */
  readonly ids: readonly string[];
  readonly from: string;
  readonly to: string;
  readonly call: (date: unknown, invocation: Invocation) => void;
}

const PLANS: readonly Plan[] = [
  { name: 'RATIO.GOLD("SPX", date)', ids: ['SPX', 'SPX.M', 'GOLD', 'GOLD.M'], from: '2017-01-02', to: '2026-08-20', call: (date, inv) => fx.ratioGold('SPX', date, inv as never) },
  { name: 'LIQ.INDEX(date)', ids: ['WALCL', 'TGA', 'RRP'], from: '2010-01-06', to: '2026-08-19', call: (date, inv) => fx.liqIndex(date, inv as never) },
  { name: 'LIQ.STRESS(date)', ids: ['SOFR', 'FF.UPPER'], from: '2019-01-02', to: '2026-08-20', call: (date, inv) => fx.liqStress(date, null, inv as never) },
];

export interface ColdStoreOptions {
  readonly latencyMs: number;
  readonly calls?: number;
  readonly log?: (line: string) => void;
}

export async function measureColdStore(options: ColdStoreOptions): Promise<FigureResult> {
  const log = options.log ?? (() => undefined);
  const calls = options.calls ?? CONCURRENT_CALLS;
  const through = DEFAULT_THROUGH;
  const upstream = await startMockUpstream();
  const clock = benchClock((parseIsoDate(through) + 1) * DAY_MS + 21 * HOUR_MS, false);
  let environment: Awaited<ReturnType<typeof startEnvironment>> | undefined;
  try {
    const seeded = seedCatalogUpstream(upstream, { through });
    for (const p of seeded.paths) upstream.fault(p, { latencyMs: options.latencyMs });
    // Cold everywhere: the store starts empty and the gateway has no snapshot to fall back on.
    environment = await startEnvironment(upstream.url, clock, [], []);
    const store = environment.store;
    fx = functionsByName(createFunctionRuntime(store));
    log(`[2] ${calls} concurrent calls on a cold store, upstream latency ${options.latencyMs} ms…`);

    // The dates and the argument forms (serials and ISO text), decided before the clock starts.
    const random = seededRandom(2);
    const work = Array.from({ length: calls }, (_, i) => {
      const plan = definedAt(PLANS, i % PLANS.length, 'the plans');
      const lo = parseIsoDate(plan.from);
      const day = lo + Math.floor(random() * (parseIsoDate(plan.to) - lo + 1));
      return { plan, date: i % 2 ? excelSerialFromEpochDay(day) : formatIsoDate(day) };
    });

    const mark = upstream.requests.length;
    const getsMark = environment.gets.length;
    const results: unknown[] = new Array(calls);
    let answered = 0;
    let synchronous = 0;
    let lastAt = 0;
    let notices = 0;
    let resolveAll: () => void = () => undefined;
    const all = new Promise<void>((resolve) => (resolveAll = resolve));
    const invocations: Invocation[] = [];
    const t0 = performance.now();
    let issuing = true;
    for (let i = 0; i < calls; i++) {
      let got = false;
      const invocation: Invocation = {
        setResult(value) {
          // A cell still waiting after LOADING_NOTICE_MS says so first ("#N/A loading …"): not its answer.
          if (isLoadingNotice(value)) {
            notices++;
            return;
          }
          if (got) return;
          got = true;
          results[i] = value;
          if (issuing) synchronous++;
          lastAt = performance.now();
          if (++answered === calls) resolveAll();
        },
      };
      invocations.push(invocation);
      const { plan, date } = definedAt(work, i, 'the work');
      plan.call(date, invocation);
    }
    issuing = false;
    const issuedMs = performance.now() - t0;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([all, new Promise((resolve) => (timer = setTimeout(resolve, 60_000)))]);
    clearTimeout(timer);
    const lastValueMs = lastAt - t0;
    for (const invocation of invocations) invocation.onCanceled?.();

    const requests = upstream.requests.slice(mark).map(describeRequest);
    const perSeries = new Map<string, number>();
    for (const id of PLANS.flatMap((plan) => plan.ids)) perSeries.set(id, 0);
    for (const request of requests) for (const id of request.seriesIds) if (perSeries.has(id)) perSeries.set(id, (perSeries.get(id) ?? 0) + 1);
    const unrelated = requests.filter((request) => !request.seriesIds.some((id) => perSeries.has(id)));
    const series = perSeries.size;
    const exactlyOne = [...perSeries.values()].every((n) => n === 1) && unrelated.length === 0;
    const numbers = results.filter((value) => typeof value === 'number').length;
    const errors = results.filter((value) => typeof value === 'object' && value !== null).map((value) => value as { code?: string; message?: string });
    const roundTrips = lastValueMs / options.latencyMs;

    const figures: BenchFigure[] = [
      {
        figure: `[2] upstream requests for ${calls} concurrent calls on a cold store (${PLANS.map((p) => p.name).join(', ')}) vs series they read`,
        value: requests.length,
        unit: 'requests',
        baseline: series,
        ratio: round(requests.length / series, 3),
        target: 'exactly 1 per series (a batched request serves several)',
        met: exactlyOne,
      },
      {
        figure: `[2] time to the last of ${calls} values on a cold store (${options.latencyMs} ms upstream latency) vs one upstream round trip`,
        value: round(lastValueMs),
        unit: 'ms',
        baseline: options.latencyMs,
        ratio: round(roundTrips, 2),
        target: `every call answered with a number (${numbers} of ${calls})`,
        met: answered === calls && numbers === calls,
      },
    ];
    const details = [
      `[2] issued ${calls} calls in ${round(issuedMs)} ms (${round((issuedMs * 1000) / calls, 1)} µs/call, ${synchronous} answered synchronously, ${notices} loading notices first); ` +
        `${answered} answered, ${numbers} numbers, ${errors.length} errors; last value ${round(lastValueMs)} ms after the first call; ` +
        `store requests to the gateway: ${store.requestCount}, gateway API requests: ${environment.gatewayRequests}`,
      `[2] upstream requests per series: ${[...perSeries].map(([id, n]) => `${id} ${n}`).join(', ')}${unrelated.length ? `; unrelated: ${unrelated.map((r) => r.path).join(', ')}` : ''}`,
      `[2] upstream requests (start–end ms after the first call): ${environment.gets
        .slice(getsMark)
        .map(
          (get) =>
            `${describeRequest({ method: 'GET', path: new URL(get.url).pathname, query: Object.fromEntries(new URL(get.url).searchParams), target: get.url }).seriesIds.join('+') || new URL(get.url).pathname} ${round(get.startMs - t0)}–${round(get.endMs - t0)}`,
        )
        .join(', ')}`,
      ...[...new Set(errors.map((e) => `${e.code}: ${e.message}`))].slice(0, 5).map((line) => `[2] error: ${line}`),
      ...environment.logs
        .filter((line) => /attempt|failed|not refreshed/.test(line))
        .slice(0, 10)
        .map((line) => `[2] gateway: ${line}`),
    ];
    return { figures, details };
  } finally {
    await environment?.close().catch(() => undefined);
    await upstream.close();
  }
}
