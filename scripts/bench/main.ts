/**
 * `npm run bench`: the DESIGN §9 figures, one line each on stdout —
 *
 *   figure | value unit | baseline | ratio | target | met/missed
 *
 * — and the same as an array of {figure, value, unit, baseline, ratio, target, met} in
 * bench-results.json at the repository root. Details (per-upstream counts, timelines, the parts of
 * each figure) go to stderr. Offline: every upstream is the local mock. One module per figure:
 *
 *   [1] heldCalls.ts   10,000 RATIO.GOLD / LIQ.INDEX calls over held data vs a do-nothing streaming
 *                      function (the host's floor, ≤ 3×); O(log n) against a linear scan's growth
 *   [2] coldStore.ts   10,000 concurrent calls on a cold store: upstream requests per series, time
 *   [3] rolling.ts     rolling correlation and beta, 10,000 points, window 90, vs per-window Pearson
 *   [4] spills.ts      LIQ.SERIES and RATIO.GOLD.SERIES spills of 5,000 rows
 *   [5] coldStart.ts   cold start in headless Chromium, our own start-up vs parsing; gzipped sizes
 *   [6] refresh.ts     full catalogue refresh, 100 ms latency; the second refresh is incremental
 *   [7] memory.ts      bytes held per observation in the store
 *   [8] workbookOpen.ts a workbook of 10,000 formulas opened in Chromium through the Office test
 *                      host on a warm store vs a do-nothing streaming function (< 1 s); per call
 *   [9]                the same on a cold store: time, gateway requests per series, longest wait
 *   [10]               a refresh of SPX from the pane landing in that workbook: time, cells recomputed
 *
 * Figures 1, 5 and 8–10 use the production build (bundle.ts: webpack into .cache/e2e/, reused while the
 * sources are unchanged). Each figure but 6 runs in a child process of its own (child.ts): a fresh
 * heap each, so no figure's garbage or timers weigh on another's timings.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildAddin } from './bundle';
import { LATENCY_MS, runFigureInChild } from './child';
import { round, type BenchFigure, type FigureResult } from './common';
import { measureCatalogRefresh, refreshFigures, type CatalogRefreshMeasurement } from './refresh';

export type { BenchFigure } from './common';
export { refreshFigures } from './refresh';

export function formatFigure(f: BenchFigure): string {
  return `${f.figure} | ${f.value} ${f.unit} | ${f.baseline} | ${f.ratio} | ${f.target} | ${f.met ? 'met' : 'missed'}`;
}

function details(m: CatalogRefreshMeasurement): string[] {
  const first = m.firstRefresh;
  const second = m.secondRefresh;
  const lines = [
    `first refresh: ${first.upstreamRequests} upstream requests, ${first.gatewayRequests} gateway requests, ${round(first.wallMs)} ms`,
    ...Object.entries(first.timeline).map(([host, t]) => `  ${host}: ${t.requests} requests, first started at ${t.firstStartMs} ms, last ended at ${t.lastEndMs} ms`),
    `  slowest single upstream request (one round trip): ${round(first.slowestRequestMs)} ms; the wall time is ${round(first.wallMs / first.slowestRequestMs, 1)} round trips`,
    `  single-series refreshes (alone): slowest ${first.slowestSingleId} ${round(first.slowestSingleMs)} ms; sum ${round(first.sumOfLatenciesMs)} ms; ` +
      Object.entries(first.singleMs)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 6)
        .map(([id, ms]) => `${id} ${round(ms)}`)
        .join(', ') +
      ', …',
    `  settled in the concurrent refresh (ms): ${Object.entries(first.settledMs)
      .sort((a, b) => a[1] - b[1])
      .map(([id, ms]) => `${id} ${ms}`)
      .join(', ')}`,
    `second refresh (+1 h): ${second.upstreamRequests} upstream requests (${
      Object.entries(second.byUpstream)
        .map(([host, n]) => `${host} ${n}`)
        .join(', ') || 'none'
    }), ${second.gatewayRequests} gateway requests, ${round(second.wallMs)} ms, incremental: ${second.incremental}`,
    ...second.requests.map((r) => `  ${r.host}${r.path} start ${r.start ?? '(whole file)'} expected ≥ ${r.expectedSince ?? '?'} ${r.incremental ? 'ok' : 'NOT INCREMENTAL'}`),
    ...m.failures.map((f) => `failure: ${f.id}: ${f.message}`),
    ...m.gatewayProblems.slice(0, 20).map((line) => `gateway: ${line}`),
  ];
  return lines;
}

function refreshDetails(m: CatalogRefreshMeasurement): string[] {
  return details(m).map((line) => `[6] ${line}`);
}

async function main(): Promise<void> {
  const started = performance.now();
  const log = (line: string) => console.error(`[bench] ${line}`);
  const figures: BenchFigure[] = [];
  const report = ({ figures: lines, details: more }: FigureResult) => {
    for (const figure of lines) console.log(formatFigure(figure));
    for (const line of more) console.error(line);
    figures.push(...lines);
  };

  log('production build (webpack, cached in .cache/e2e while the sources are unchanged)…');
  const bundleDir = await buildAddin();
  for (const figure of ['held', 'cold', 'rolling', 'spills', 'coldStart'] as const) report(await runFigureInChild(figure, bundleDir, log));
  log('[6] full catalogue refresh…');
  const measurement = await measureCatalogRefresh({ latencyMs: LATENCY_MS, log: (line) => log(`[6] ${line}`) });
  report({ figures: refreshFigures(measurement), details: refreshDetails(measurement) });
  report(await runFigureInChild('memory', bundleDir, log));
  report(await runFigureInChild('workbook', bundleDir, log));

  const out = path.resolve(__dirname, '../../bench-results.json');
  writeFileSync(out, `${JSON.stringify(figures, null, 2)}\n`);
  const missed = figures.filter((figure) => !figure.met).length;
  log(`${figures.length} figures, ${missed} missed; wrote ${out} in ${round((performance.now() - started) / 1000, 1)} s`);
}

if (require.main === module) {
  main().then(
    // Chromium, servers and stores are closed; a stray timer must not hold the run open.
    () => process.exit(0),
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      process.exit(1);
    },
  );
}
