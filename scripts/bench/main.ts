/**
 * `npm run bench`: the DESIGN §9 figures, one line each on stdout —
 *
 *   figure | value unit | baseline | ratio | target | met/missed
 *
 * — and the same as an array of {figure, value, unit, baseline, ratio, target, met} in
 * bench-results.json at the repository root. Details (per-upstream counts, timelines) go to stderr.
 * For now: the catalogue refresh figures (scripts/bench/refresh.ts), offline, 100 ms upstream latency.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { measureCatalogRefresh, type CatalogRefreshMeasurement } from './refresh';

export interface BenchFigure {
  readonly figure: string;
  readonly value: number;
  readonly unit: string;
  readonly baseline: number;
  readonly ratio: number;
  readonly target: string;
  readonly met: boolean;
}

const LATENCY_MS = 100;

export function refreshFigures(m: CatalogRefreshMeasurement): BenchFigure[] {
  const first = m.firstRefresh;
  const second = m.secondRefresh;
  const limit = 1.5 * first.slowestSingleMs;
  const expected = expectedFirstRequests(m);
  return [
    {
      figure: `full refresh wall time (${m.fetchable.length} series, ${m.latencyMs} ms latency) vs sum of single-series refreshes`,
      value: round(first.wallMs),
      unit: 'ms',
      baseline: round(first.sumOfLatenciesMs),
      ratio: round(first.wallMs / first.sumOfLatenciesMs, 3),
      target:
        `≤ 1.5× slowest single series (${first.slowestSingleId}: ${first.singleRequests[first.slowestSingleId ?? ''] ?? '?'} requests, ` +
        `${round(first.slowestSingleMs)} ms) = ${round(limit)} ms`,
      met: first.wallMs <= limit && m.failures.length === 0,
    },
    {
      figure: 'upstream requests, first refresh, vs fetchable series',
      value: first.upstreamRequests,
      unit: 'requests',
      baseline: m.fetchable.length,
      ratio: round(first.upstreamRequests / m.fetchable.length, 3),
      target: `= ${expected} (1 per series per page needed)`,
      met: first.upstreamRequests === expected,
    },
    {
      figure: 'upstream requests, second refresh an hour later, vs first refresh',
      value: second.upstreamRequests,
      unit: 'requests',
      baseline: first.upstreamRequests,
      ratio: round(second.upstreamRequests / first.upstreamRequests, 3),
      target: '0, or incremental only (from last date − overlap)',
      met: second.incremental,
    },
  ];
}

/**
 * Requests a first refresh needs with today's providers: one per FRED, NY Fed, Fiscal Data (one
 * page), Yahoo and GitHub series, and one aggregated FDIC request shared by both bank series.
 * Duplicates or retries make the count exceed it.
 */
function expectedFirstRequests(m: CatalogRefreshMeasurement): number {
  const fdicSeries = m.fetchable.filter((id) => id.startsWith('BANK.')).length;
  return m.fetchable.length - fdicSeries + (fdicSeries > 0 ? 1 : 0);
}

function round(value: number, decimals = 0): number {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}

export function formatFigure(f: BenchFigure): string {
  return `${f.figure} | ${f.value} ${f.unit} | ${f.baseline} | ${f.ratio} | ${f.target} | ${f.met ? 'met' : 'missed'}`;
}

function details(m: CatalogRefreshMeasurement): string[] {
  const first = m.firstRefresh;
  const second = m.secondRefresh;
  const lines = [
    `first refresh: ${first.upstreamRequests} upstream requests, ${first.gatewayRequests} gateway requests, ${round(first.wallMs)} ms`,
    ...Object.entries(first.timeline).map(
      ([host, t]) => `  ${host}: ${t.requests} requests, first started at ${t.firstStartMs} ms, last ended at ${t.lastEndMs} ms`,
    ),
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
    `second refresh (+1 h): ${second.upstreamRequests} upstream requests (${Object.entries(second.byUpstream)
      .map(([host, n]) => `${host} ${n}`)
      .join(', ') || 'none'}), ${second.gatewayRequests} gateway requests, ${round(second.wallMs)} ms, incremental: ${second.incremental}`,
    ...second.requests.map((r) => `  ${r.host}${r.path} start ${r.start ?? '(whole file)'} expected ≥ ${r.expectedSince ?? '?'} ${r.incremental ? 'ok' : 'NOT INCREMENTAL'}`),
    ...m.failures.map((f) => `failure: ${f.id}: ${f.message}`),
    ...m.gatewayProblems.slice(0, 20).map((line) => `gateway: ${line}`),
  ];
  return lines;
}

async function main(): Promise<void> {
  const started = performance.now();
  const measurement = await measureCatalogRefresh({ latencyMs: LATENCY_MS, log: (line) => console.error(`[bench] ${line}`) });
  const figures = refreshFigures(measurement);
  for (const figure of figures) console.log(formatFigure(figure));
  for (const line of details(measurement)) console.error(line);
  const out = path.resolve(__dirname, '../../bench-results.json');
  writeFileSync(out, `${JSON.stringify(figures, null, 2)}\n`);
  console.error(`[bench] wrote ${out} in ${round((performance.now() - started) / 1000, 1)} s`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  });
}
