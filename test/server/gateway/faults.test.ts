/**
 * DESIGN §8: "A fault never loses data". Each upstream fault, served by the mock upstream to the
 * real FRED provider and HTTP client, must leave the held series intact and served, answered as
 * stale with a clear reason, after a bounded number of requests, with the cache file byte for byte
 * as it was — and the next refresh after the fault clears must succeed.
 */
import { closedPortUrl, FRED_OBSERVATIONS_PATH, startMockUpstream, type MockFault, type MockUpstream } from '../../../harness/upstreams/mockUpstream';
import { DEFAULT_RETRY } from '../../../src/data/retry';
import { DEFAULT_FAILURE_RECHECK_MS } from '../../../src/server/gateway/seriesService';
import { at, buildTestGateway, DAY_MS, readIfExists, weeklyPairs, type TestGateway } from './helpers';

const HISTORY = weeklyPairs('2025-01-01', 60); // 2025-01-01 … 2026-02-18
const NEXT_WEEK: [string, number] = ['2026-02-25', 6_670_000];
const TIMEOUT_MS = 300;

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

/** A gateway holding WALCL (fetched once, cached), then moved on until newer data is due. */
async function heldAndStale(upstreamUrl = mock.url, cacheDir?: string): Promise<TestGateway> {
  const test = buildTestGateway({ upstreamUrl: mock.url, cacheDir, env: { UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS) } });
  const first = await test.gateway.service.getSeries('WALCL');
  expect(first).toMatchObject({ stale: false, origin: 'upstream', asOf: '2026-02-18' });
  expect(first.observations).toHaveLength(HISTORY.length);
  if (upstreamUrl === mock.url) {
    test.clock.advance(8 * DAY_MS); // 2026-02-27: the 2026-02-25 level is due
    return test;
  }
  // The same cache, a gateway restarted with the upstream somewhere unreachable.
  const restarted = buildTestGateway({ upstreamUrl, cacheDir: test.cacheDir, clock: test.clock, env: { UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS) } });
  restarted.clock.advance(8 * DAY_MS);
  return restarted;
}

interface FaultCase {
  readonly name: string;
  readonly fault?: MockFault;
  /** Upstream requests expected: every attempt for faults that may pass, one for bodies that will not. */
  readonly requests: number;
  readonly reason: RegExp;
}

const ALL_ATTEMPTS = DEFAULT_RETRY.attempts;
/**
 * The requests to FRED's keyed API. After it gives up, the keyless CSV is asked too (this mock
 * serves WALCL to the API only, so that fallback fails as for an unknown id); keylessFred.test.ts
 * tests that path.
 */
const fredApi = (urls: readonly string[]): string[] => urls.filter((url) => url.includes(FRED_OBSERVATIONS_PATH));

const CASES: FaultCase[] = [
  { name: 'HTTP 500', fault: { status: 500 }, requests: ALL_ATTEMPTS, reason: /HTTP 500 from 127\.0\.0\.1:\d+\/fred\/series\/observations \(after 4 attempts\)/ },
  { name: 'HTTP 502', fault: { status: 502 }, requests: ALL_ATTEMPTS, reason: /HTTP 502 .*after 4 attempts/ },
  { name: 'HTTP 503', fault: { status: 503 }, requests: ALL_ATTEMPTS, reason: /HTTP 503 .*after 4 attempts/ },
  { name: 'a timeout', fault: { latencyMs: 3_000 }, requests: ALL_ATTEMPTS, reason: new RegExp(`no complete answer .* within ${TIMEOUT_MS} ms`) },
  { name: 'a connection reset mid-body', fault: { resetMidBody: true }, requests: ALL_ATTEMPTS, reason: /connection was lost|cannot reach/ },
  { name: 'truncated JSON', fault: { truncate: true }, requests: 1, reason: /FRED WALCL: the answer is not complete JSON/ },
  { name: 'a body of the wrong shape', fault: { wrongShape: true }, requests: 1, reason: /FRED WALCL: the answer has the wrong shape/ },
  { name: 'an empty observation list', fault: { emptyObservations: true }, requests: 1, reason: /FRED returned no observations for WALCL since 2026-01-14; keeping the held data/ },
  { name: 'values 1000× too large', fault: { scale: 1000 }, requests: 1, reason: /WALCL: 6\d+ on 2026-01-14 is outside the plausible range .* wrong units upstream\?/ },
];

describe('each upstream fault leaves held WALCL intact, served and stale with the reason', () => {
  it.each(CASES)('$name', async ({ fault, requests, reason }) => {
    const test = await heldAndStale();
    const cacheFile = `${test.cacheDir}/WALCL.json`;
    const before = readIfExists(cacheFile);
    expect(before).toBeDefined();
    mock.setFredSeries('WALCL', [...HISTORY, NEXT_WEEK]);
    mock.fault(FRED_OBSERVATIONS_PATH, fault);
    const getsBefore = fredApi(test.gets).length;

    const answer = await test.gateway.service.getSeries('WALCL');

    expect(answer.stale).toBe(true);
    expect(answer.staleReason).toMatch(reason);
    expect(answer.observations).toEqual(HISTORY);
    expect(answer.asOf).toBe('2026-02-18');
    expect(fredApi(test.gets).length - getsBefore).toBe(requests);
    // Incremental even while failing: from the last held date minus five weeks.
    expect(
      fredApi(test.gets)
        .slice(getsBefore)
        .every((url) => url.includes('observation_start=2026-01-14')),
    ).toBe(true);
    expect(test.clock.sleeps.every((ms) => ms <= 30_000)).toBe(true);
    expect(readIfExists(cacheFile)!.equals(before!)).toBe(true);
    expect(test.logs.some((line) => line.startsWith('WALCL: not refreshed:'))).toBe(true);

    // Asked again at once: answered from what is held, without hammering the upstream.
    const again = await test.gateway.service.getSeries('WALCL');
    expect(again).toMatchObject({ stale: true, staleReason: answer.staleReason });
    expect(fredApi(test.gets).length - getsBefore).toBe(requests);

    // The fault clears: the next refresh appends the new week and the answer is fresh again.
    mock.fault(FRED_OBSERVATIONS_PATH, undefined);
    test.clock.advance(DEFAULT_FAILURE_RECHECK_MS);
    const recovered = await test.gateway.service.getSeries('WALCL');
    expect(recovered).toMatchObject({ stale: false, origin: 'upstream', asOf: '2026-02-25' });
    expect(recovered.staleReason).toBeUndefined();
    expect(recovered.observations).toEqual([...HISTORY, NEXT_WEEK]);
    expect(readIfExists(cacheFile)!.equals(before!)).toBe(false);
  });

  it('the upstream down (connection refused)', async () => {
    const down = await closedPortUrl();
    const test = await heldAndStale(down);
    const cacheFile = `${test.cacheDir}/WALCL.json`;
    const before = readIfExists(cacheFile)!;
    const answer = await test.gateway.service.getSeries('WALCL');
    expect(answer).toMatchObject({ stale: true, origin: 'cache', asOf: '2026-02-18' });
    expect(answer.staleReason).toMatch(/cannot reach 127\.0\.0\.1:\d+\/fred\/series\/observations \(ECONNREFUSED\) \(after 4 attempts\)/);
    expect(answer.observations).toEqual(HISTORY);
    expect(fredApi(test.gets)).toHaveLength(ALL_ATTEMPTS);
    expect(readIfExists(cacheFile)!.equals(before)).toBe(true);
  });
});

describe('Retry-After', () => {
  it('429 with Retry-After: the retry waits at least that long (injected sleep), then succeeds', async () => {
    const test = await heldAndStale();
    mock.setFredSeries('WALCL', [...HISTORY, NEXT_WEEK]);
    mock.fault(FRED_OBSERVATIONS_PATH, { status: 429, retryAfter: '7', times: 1 });
    const sleepsBefore = test.clock.sleeps.length;
    const getsBefore = fredApi(test.gets).length;

    const answer = await test.gateway.service.getSeries('WALCL');

    expect(answer).toMatchObject({ stale: false, origin: 'upstream', asOf: '2026-02-25' });
    expect(fredApi(test.gets).length - getsBefore).toBe(2);
    const waits = test.clock.sleeps.slice(sleepsBefore);
    expect(Math.max(...waits)).toBeGreaterThanOrEqual(7_000);
    expect(test.logs.some((line) => /attempt 1 failed \(HTTP 429 .*\); retrying in 7000 ms/.test(line))).toBe(true);
  });

  it('a Retry-After beyond 30 s is capped at 30 s, and the attempts stay bounded', async () => {
    const test = await heldAndStale();
    mock.fault(FRED_OBSERVATIONS_PATH, { status: 503, retryAfter: '3600' });
    const sleepsBefore = test.clock.sleeps.length;
    const getsBefore = fredApi(test.gets).length;

    const answer = await test.gateway.service.getSeries('WALCL');

    expect(answer).toMatchObject({ stale: true, asOf: '2026-02-18' });
    expect(fredApi(test.gets).length - getsBefore).toBe(ALL_ATTEMPTS);
    const waits = test.clock.sleeps.slice(sleepsBefore).filter((ms) => ms > 1_000);
    expect(waits).toEqual([30_000, 30_000, 30_000]);
  });
});

describe('a fault on the very first load', () => {
  it('with nothing held and nothing upstream: an empty, stale answer with the reason, and no cache file', async () => {
    mock.setFredSeries('WALCL', []);
    const test = buildTestGateway({ upstreamUrl: mock.url, clock: undefined });
    test.clock.set(at('2026-02-19'));
    const answer = await test.gateway.service.getSeries('WALCL');
    expect(answer).toMatchObject({ stale: true, asOf: null, observations: [], retrievedAt: '1970-01-01T00:00:00.000Z' });
    expect(answer.staleReason).toBe('FRED returned no observations for WALCL');
    expect(readIfExists(`${test.cacheDir}/WALCL.json`)).toBeUndefined();
  });

  it('a 1000× unit switch is refused even with nothing held to compare with', async () => {
    mock.fault(FRED_OBSERVATIONS_PATH, { scale: 1000 });
    const test = buildTestGateway({ upstreamUrl: mock.url });
    const answer = await test.gateway.service.getSeries('WALCL');
    expect(answer).toMatchObject({ stale: true, observations: [] });
    expect(answer.staleReason).toMatch(/outside the plausible range/);
    expect(readIfExists(`${test.cacheDir}/WALCL.json`)).toBeUndefined();
  });
});
