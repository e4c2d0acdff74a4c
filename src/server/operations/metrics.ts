/**
 * The gateway's metrics in Prometheus's text format (version 0.0.4): upstream requests and
 * failures per provider, rate-limit waits, cache hits and misses, and a request-latency histogram.
 * Counted by wrapping what the service is given (its coordination and its cache), so the service
 * itself knows nothing of metrics.
 */
import type { RateLimited } from '../../data/providers/rateLimiter';
import type { RefreshCoordination } from '../gateway/coordination';
import type { SeriesCache } from '../gateway/seriesCache';

/** Upper bounds of the latency histogram's buckets, in seconds. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface Metrics {
  /** `coordination` with every upstream request counted (and its wait for the budget timed). */
  instrumentCoordination(coordination: RefreshCoordination): RefreshCoordination;
  instrumentCache(cache: SeriesCache): SeriesCache;
  observeRequest(seconds: number, status: number): void;
  /** The exposition text; `gauges` are read at scrape time (e.g. whether Redis is reachable). */
  render(gauges?: Readonly<Record<string, number>>): string;
}

export function createMetrics(now: () => number = () => performance.now()): Metrics {
  const upstream = new Map<string, { requests: number; failures: number; waitSeconds: number }>();
  const cache = { hit: 0, miss: 0 };
  const latency = { buckets: LATENCY_BUCKETS.map((bound) => ({ bound, count: 0 })), count: 0, sum: 0 };
  const byStatus = new Map<string, number>();
  const forProvider = (name: string) => {
    let counts = upstream.get(name);
    if (!counts) upstream.set(name, (counts = { requests: 0, failures: 0, waitSeconds: 0 }));
    return counts;
  };

  return {
    instrumentCoordination: (coordination) => ({
      shared: coordination.shared,
      exclusive: (id, work) => coordination.exclusive(id, work),
      limit(name, rate, local): RateLimited {
        const limited = coordination.limit(name, rate, local);
        return (task, priority) => {
          const queued = now();
          return limited(async () => {
            const counts = forProvider(name);
            counts.waitSeconds += (now() - queued) / 1000;
            counts.requests++;
            try {
              return await task();
            } catch (error) {
              counts.failures++;
              throw error;
            }
          }, priority);
        };
      },
    }),

    instrumentCache: (inner) => ({
      filePath: (id) => inner.filePath(id),
      write: (item) => inner.write(item),
      async read(id) {
        const item = await inner.read(id);
        cache[item ? 'hit' : 'miss']++;
        return item;
      },
    }),

    observeRequest(seconds, status) {
      latency.count++;
      latency.sum += seconds;
      for (const bucket of latency.buckets) if (seconds <= bucket.bound) bucket.count++;
      const code = String(status);
      byStatus.set(code, (byStatus.get(code) ?? 0) + 1);
    },

    render(gauges = {}) {
      const lines: string[] = [];
      const family = (name: string, type: string, help: string): void => {
        lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      };
      const providers = [...upstream.entries()].sort(([a], [b]) => a.localeCompare(b));
      family('liquidity_lens_upstream_requests_total', 'counter', 'HTTP requests sent to each upstream provider.');
      for (const [name, counts] of providers) lines.push(`liquidity_lens_upstream_requests_total{provider="${name}"} ${counts.requests}`);
      family('liquidity_lens_upstream_failures_total', 'counter', 'Upstream requests that failed (HTTP error, timeout, malformed).');
      for (const [name, counts] of providers) lines.push(`liquidity_lens_upstream_failures_total{provider="${name}"} ${counts.failures}`);
      family('liquidity_lens_rate_limit_wait_seconds_total', 'counter', "Time upstream requests waited for their provider's rate budget.");
      for (const [name, counts] of providers) lines.push(`liquidity_lens_rate_limit_wait_seconds_total{provider="${name}"} ${counts.waitSeconds.toFixed(3)}`);
      family('liquidity_lens_cache_reads_total', 'counter', 'Series cache reads, by whether they found the series.');
      lines.push(`liquidity_lens_cache_reads_total{result="hit"} ${cache.hit}`, `liquidity_lens_cache_reads_total{result="miss"} ${cache.miss}`);
      family('liquidity_lens_http_request_duration_seconds', 'histogram', 'Time to answer each HTTP request.');
      for (const { bound, count } of latency.buckets) lines.push(`liquidity_lens_http_request_duration_seconds_bucket{le="${bound}"} ${count}`);
      lines.push(
        `liquidity_lens_http_request_duration_seconds_bucket{le="+Inf"} ${latency.count}`,
        `liquidity_lens_http_request_duration_seconds_sum ${latency.sum.toFixed(6)}`,
        `liquidity_lens_http_request_duration_seconds_count ${latency.count}`,
      );
      family('liquidity_lens_http_responses_total', 'counter', 'HTTP answers by status code.');
      for (const [code, count] of [...byStatus.entries()].sort()) lines.push(`liquidity_lens_http_responses_total{code="${code}"} ${count}`);
      for (const [name, value] of Object.entries(gauges)) {
        family(name, 'gauge', name === 'liquidity_lens_shared_store_up' ? '1 when the shared Redis answers, 0 when it does not.' : name);
        lines.push(`${name} ${value}`);
      }
      return `${lines.join('\n')}\n`;
    },
  };
}
