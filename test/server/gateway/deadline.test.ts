/**
 * DESIGN §7 / issue 11 §7, "waits that agree": a request never waits longer than the answer
 * deadline for its upstream. Against a hung upstream (the mock on 127.0.0.1 holding its answer),
 * the gateway answers from what it holds, stale with the reason, while the refresh goes on and
 * lands in the cache for the next request; holding nothing, it answers 504 with a JSON reason.
 *
 * The service-level tests fire the deadline themselves (a manual DeadlineTimer) and use the fake
 * clock for retries; the HTTP test runs the real timer with a short ANSWER_DEADLINE_MS, because
 * what it checks is wall-clock time on loopback.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createSeriesService, type DeadlineTimer } from '../../../src/server/gateway/seriesService';
import { DEFAULT_ANSWER_DEADLINE_MS, loadGatewayConfig } from '../../../src/server/gateway/config';
import { DEFAULT_GATEWAY_TIMEOUT_MS } from '../../../src/data/gatewayClient';
import { PROVIDERS, providersFor } from '../../../src/data/providers/registry';
import { createHttpGet } from '../../../src/data/providers/http';
import { FRED_OBSERVATIONS_PATH, startMockUpstream, type MockUpstream } from '../../../harness/upstreams/mockUpstream';
import { at, buildTestGateway, DAY_MS, fakeClock, request, serveGateway, tempDir, weeklyPairs } from './helpers';

const HISTORY = weeklyPairs('2025-01-01', 60); // … 2026-02-18
const NEXT_WEEK: [string, number] = ['2026-02-25', 6_670_000];
/** Long enough to outlast every bound below: the upstream "hangs". */
const HANG_MS = 30_000;

let mock: MockUpstream;

beforeAll(async () => {
  mock = await startMockUpstream();
});

afterAll(async () => {
  await mock.close();
});

beforeEach(() => {
  mock.clearFaults();
  mock.setFredSeries('WALCL', HISTORY);
});

/** A deadline the test fires; `started` counts deadlines begun. */
function manualDeadline(): DeadlineTimer & { fire(): void; readonly started: number[] } {
  const pending: Array<() => void> = [];
  const started: number[] = [];
  const timer = ((ms: number) => {
    started.push(ms);
    let resolve!: () => void;
    const elapsed = new Promise<void>((r) => (resolve = r));
    pending.push(resolve);
    return { elapsed, cancel: () => undefined };
  }) as DeadlineTimer & { fire(): void; readonly started: number[] };
  return Object.assign(timer, { fire: () => pending.splice(0).forEach((resolve) => resolve()), started });
}

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function service(deadline: DeadlineTimer, env: Record<string, string> = {}) {
  const cacheDir = tempDir('liq-deadline-');
  const config = loadGatewayConfig(
    { FRED_API_KEY: 'test-key', LIQUIDITY_LENS_CACHE: cacheDir, FRED_BASE_URL: mock.url, FREDGRAPH_BASE_URL: mock.url, UPSTREAM_TIMEOUT_MS: '300', ...env },
    cacheDir,
  );
  const clock = fakeClock(at('2026-02-19'));
  const logs: string[] = [];
  const svc = createSeriesService({
    config,
    providers: PROVIDERS,
    providersFor,
    get: createHttpGet({ timeoutMs: config.upstreamTimeoutMs, maxBytes: config.upstreamMaxBytes }),
    clock,
    log: (line) => logs.push(line),
    snapshot: () => [],
    deadlineTimer: deadline,
  });
  return { svc, clock, cacheDir, logs };
}

describe('the answer deadline', () => {
  it('is shorter than the add-in’s wait for the gateway, and configurable', () => {
    expect(DEFAULT_ANSWER_DEADLINE_MS).toBeLessThan(DEFAULT_GATEWAY_TIMEOUT_MS);
    const dir = tempDir('liq-deadline-config-');
    expect(loadGatewayConfig({}, dir).answerDeadlineMs).toBe(8_000);
    expect(loadGatewayConfig({ ANSWER_DEADLINE_MS: '2500' }, dir).answerDeadlineMs).toBe(2_500);
    expect(() => loadGatewayConfig({ ANSWER_DEADLINE_MS: 'soon' }, dir)).toThrow(/ANSWER_DEADLINE_MS must be a positive whole number/);
  });

  it('past it, a hung upstream gets held data, stale with the reason; the refresh goes on and lands in the cache', async () => {
    const deadline = manualDeadline();
    const { svc, clock, cacheDir } = service(deadline);
    const first = await svc.getSeries('WALCL');
    expect(first).toMatchObject({ stale: false, asOf: '2026-02-18' });
    clock.advance(8 * DAY_MS); // the 2026-02-25 level is due

    mock.setFredSeries('WALCL', [...HISTORY, NEXT_WEEK]);
    mock.fault(FRED_OBSERVATIONS_PATH, { latencyMs: HANG_MS, times: 1 });
    const requestsBefore = mock.requestsTo(FRED_OBSERVATIONS_PATH).length;
    const answering = svc.getSeries('WALCL');
    await until(() => mock.requestsTo(FRED_OBSERVATIONS_PATH).length > requestsBefore);
    deadline.fire();
    const late = await answering;
    expect(deadline.started).toEqual([8_000, 8_000]);
    expect(late).toMatchObject({ stale: true, refreshing: true, origin: 'cache', asOf: '2026-02-18' });
    expect(late.staleReason).toMatch(/did not answer within 8 s; answering from the cache \(as of 2026-02-18\) while the refresh goes on/);
    expect(late.observations).toHaveLength(HISTORY.length);

    // The hung attempt times out (300 ms), the retry gets the new week: memory and cache have it.
    const cacheFile = path.join(cacheDir, 'WALCL.json');
    await until(() => mock.requestsTo(FRED_OBSERVATIONS_PATH).length >= requestsBefore + 2);
    const next = await svc.getSeries('WALCL');
    expect(next).toMatchObject({ stale: false, asOf: '2026-02-25' });
    expect(next.refreshing).toBeUndefined();
    expect(existsSync(cacheFile)).toBe(true);
    svc.close();
  });

  it('holding nothing, it fails with the reason instead of waiting (the routes answer 504)', async () => {
    const deadline = manualDeadline();
    const { svc } = service(deadline);
    mock.fault(FRED_OBSERVATIONS_PATH, { latencyMs: HANG_MS });
    const requestsBefore = mock.requestsTo(FRED_OBSERVATIONS_PATH).length;
    const answering = svc.getSeries('WALCL');
    await until(() => mock.requestsTo(FRED_OBSERVATIONS_PATH).length > requestsBefore);
    deadline.fire();
    await expect(answering).rejects.toThrow(/WALCL is not held yet and its source did not answer within 8 s; the gateway keeps asking/);
    svc.close();
  });

  it('does not change an answer that comes in time (the deadline is cancelled, not fired)', async () => {
    const deadline = manualDeadline();
    const { svc } = service(deadline);
    const answer = await svc.getSeries('WALCL');
    expect(answer).toMatchObject({ stale: false, origin: 'upstream', asOf: '2026-02-18' });
    expect(answer.refreshing).toBeUndefined();
    svc.close();
  });
});

describe('over HTTP against a hung upstream on loopback (real time, ANSWER_DEADLINE_MS=400)', () => {
  const DEADLINE_MS = 400;
  /** Loopback, JSON and the event loop: generous, still far below the 15 s upstream timeout. */
  const SLACK_MS = 1_000;

  it('answers held data within the deadline, stale, not cacheable; and 504 with a JSON reason when nothing is held', async () => {
    const test = buildTestGateway({
      upstreamUrl: mock.url,
      clock: fakeClock(at('2026-02-19')),
      env: { UPSTREAM_TIMEOUT_MS: '15000', ANSWER_DEADLINE_MS: String(DEADLINE_MS) },
    });
    const server = await serveGateway(test.gateway);
    try {
      const port = Number(new URL(server.origin).port);
      expect((await request(port, '/api/series/WALCL')).status).toBe(200);
      test.clock.advance(8 * DAY_MS);
      mock.fault(FRED_OBSERVATIONS_PATH, { latencyMs: HANG_MS });

      let started = performance.now();
      const held = await request(port, '/api/series/WALCL');
      const heldMs = performance.now() - started;
      expect(held.status).toBe(200);
      expect(heldMs).toBeGreaterThanOrEqual(DEADLINE_MS - 5);
      expect(heldMs).toBeLessThan(DEADLINE_MS + SLACK_MS);
      expect(held.headers['cache-control']).toBe('no-store');
      expect(JSON.parse(held.body)).toMatchObject({ stale: true, refreshing: true, asOf: '2026-02-18' });

      started = performance.now();
      const nothing = await request(port, '/api/series/IORB');
      const nothingMs = performance.now() - started;
      expect(nothing.status).toBe(504);
      expect(nothingMs).toBeLessThan(DEADLINE_MS + SLACK_MS);
      expect(nothing.headers['retry-after']).toBe('5');
      expect(JSON.parse(nothing.body)).toMatchObject({ error: { code: 'upstream-pending', message: expect.stringMatching(/IORB is not held yet .* within 0.4 s/) } });
    } finally {
      test.gateway.close();
      await server.close();
    }
  });
});
