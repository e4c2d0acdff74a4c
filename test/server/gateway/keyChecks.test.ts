/**
 * Key checks (`GET /api/keys/FRED/test`) can never delay data. A testing run found 60 checks with
 * different keys queued in FRED's 2-a-second limiter ahead of a refresh: a stale /api/series/WALCL
 * took 29.8 s instead of ≈70 ms. Now each client and the gateway as a whole have a small budget of
 * checks, one key is checked upstream once however often it is sent (by its hash), and a check
 * waits behind every series refresh in the upstream's queue, leaving it a slot of its own.
 *
 * Against the running server on a real clock (the point is wall-clock latency), with the mock
 * upstream on 127.0.0.1; 60 clients are 60 loopback source addresses.
 */
import { CATALOG } from '../../../src/catalog/catalog';
import { formatIsoDate, parseIsoDate } from '../../../src/core/dates/isoDate';
import { createSeries } from '../../../src/core/series/series';
import type { RunningServer } from '../../../src/server/main';
import { KEY_CHECKS_PER_CLIENT_PER_MINUTE, KEY_CHECKS_PER_MINUTE } from '../../../src/server/gateway/keyChecks';
import { createSeriesCache } from '../../../src/server/gateway/seriesCache';
import { SYSTEM_CLOCK } from '../../../src/data/clock';
import { FRED_OBSERVATIONS_PATH, startMockUpstream, type MockUpstream } from '../../../harness/upstreams/mockUpstream';
import { DAY_MS, buildTestGateway, request, serveGateway, tempDir, type FakeClock, type TestGateway } from './helpers';

jest.setTimeout(60_000);

/** The real clock in the helpers' clock type (sleeps really wait; nothing advances it by hand). */
const realClock = { ...SYSTEM_CLOCK, sleeps: [], advance: () => undefined, set: () => undefined } as FakeClock;

/** Weekly levels through the latest Wednesday on or before today (real time), newest last. */
function weeksToToday(weeks: number): Array<[string, number]> {
  const today = Math.floor(Date.now() / DAY_MS);
  let wednesday = today;
  while (new Date(wednesday * DAY_MS).getUTCDay() !== 3) wednesday--;
  return Array.from({ length: weeks }, (_, i) => [formatIsoDate(wednesday - 7 * (weeks - 1 - i)), 6_500_000 + i * 1_000] as [string, number]);
}

let mock: MockUpstream;
let test: TestGateway;
let server: RunningServer;
const WEEKS = weeksToToday(12);

beforeEach(async () => {
  mock = await startMockUpstream();
  mock.setFredSeries('WALCL', WEEKS);
  const cacheDir = tempDir('liq-keycheck-cache-');
  const cache = createSeriesCache({ dir: cacheDir, log: () => undefined });
  // Held but stale: WALCL's cache ends five weeks ago and was fetched ten days ago, so a request refreshes.
  const held = WEEKS.slice(0, -5);
  await cache.write({
    series: createSeries(
      'WALCL',
      'USD_MILLIONS',
      held.map(([date]) => parseIsoDate(date)),
      held.map(([, value]) => value),
    ),
    source: 'FRED WALCL',
    retrievedAt: new Date(Date.now() - 10 * DAY_MS).toISOString(),
  });
  // Every other series held and just fetched, so the refresh is WALCL's alone (no batch siblings
  // due): its latency is FRED's queue, which is what the key checks could clog.
  const today = Math.floor(Date.now() / DAY_MS);
  for (const entry of CATALOG.filter((other) => other.id !== 'WALCL')) {
    const [min, max] = entry.plausible;
    await cache.write({ series: createSeries(entry.id, entry.units, [today], [(min + max) / 2]), source: 'seeded', retrievedAt: new Date().toISOString() });
  }
  // A long answer deadline: measure the refresh itself, not the deadline's stale answer.
  test = buildTestGateway({ upstreamUrl: mock.url, cacheDir, clock: realClock, env: { ANSWER_DEADLINE_MS: '60000' } });
  server = await serveGateway(test.gateway);
});

afterEach(async () => {
  await server.close();
  test.gateway.close();
  await mock.close();
});

/** The stale WALCL's latency (ms) and answer. */
async function staleWalclLatency(): Promise<{ ms: number; body: { stale: boolean; origin: string; asOf: string } }> {
  const started = performance.now();
  const reply = await request(server.port, '/api/series/WALCL', { localAddress: '127.0.0.200' });
  const ms = performance.now() - started;
  expect(reply.status).toBe(200);
  return { ms, body: JSON.parse(reply.body) as { stale: boolean; origin: string; asOf: string } };
}

describe('key checks never delay data', () => {
  it('answers a stale WALCL from upstream when nothing else is in flight (the reference)', async () => {
    const alone = await staleWalclLatency();
    console.log(`stale WALCL alone: ${alone.ms.toFixed(0)} ms`);
    expect(alone.body).toMatchObject({ stale: false, origin: 'upstream', asOf: WEEKS.at(-1)![0] });
  });

  it('answers a stale WALCL at once while 60 clients check 60 different keys', async () => {
    const checks = Array.from({ length: 60 }, (_, i) =>
      request(server.port, '/api/keys/FRED/test', { headers: { 'X-Api-Key': `user-key-${i}-${'x'.repeat(8)}` }, localAddress: `127.0.0.${i + 2}` }),
    );
    // Let the checks reach the gateway (and fill FRED's queue) before the series request.
    const deadline = Date.now() + 5_000;
    while (mock.requestsTo(FRED_OBSERVATIONS_PATH).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    const walcl = await staleWalclLatency();
    const replies = await Promise.all(checks);
    console.log(`stale WALCL with 60 key checks in flight: ${walcl.ms.toFixed(0)} ms`);

    expect(walcl.body).toMatchObject({ stale: false, origin: 'upstream', asOf: WEEKS.at(-1)![0] });
    // Before: 29.8 s behind the checks. A refresh now starts in the upstream's reserved slot at once.
    expect(walcl.ms).toBeLessThan(1_000);
    // The gateway's own budget: at most KEY_CHECKS_PER_MINUTE checks went upstream; the rest were refused with a retry time.
    const statuses = replies.map((reply) => reply.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(KEY_CHECKS_PER_MINUTE);
    for (const reply of replies.filter((r) => r.status === 429)) {
      expect(Number(reply.headers['retry-after'])).toBeGreaterThan(0);
      expect(JSON.parse(reply.body).error.code).toBe('rate-limited');
    }
    const keyCalls = mock.requestsTo(FRED_OBSERVATIONS_PATH).filter((call) => call.query.limit === '1');
    expect(keyCalls).toHaveLength(KEY_CHECKS_PER_MINUTE);
    // The series refresh reached FRED before the key checks that were still waiting.
    const order = mock.requestsTo(FRED_OBSERVATIONS_PATH).map((call) => (call.query.limit === '1' ? 'key' : 'series'));
    expect(order.indexOf('series')).toBeLessThan(3);
  });

  it('checks one key upstream once however many times it is sent, and never echoes or logs it', async () => {
    const key = 'the-same-user-key-42';
    const replies = await Promise.all(
      Array.from({ length: KEY_CHECKS_PER_CLIENT_PER_MINUTE }, (_, i) =>
        request(server.port, '/api/keys/FRED/test', { headers: { 'X-Api-Key': key }, localAddress: `127.0.1.${i + 1}` }),
      ),
    );
    expect(replies.map((reply) => [reply.status, JSON.parse(reply.body)])).toEqual(replies.map(() => [200, { ok: true, message: 'FRED accepted the key' }]));
    // A later check of the same key is answered from the remembered result.
    const again = await request(server.port, '/api/keys/FRED/test', { headers: { 'X-Api-Key': key }, localAddress: '127.0.1.99' });
    expect(JSON.parse(again.body)).toEqual({ ok: true, message: 'FRED accepted the key' });
    expect(mock.requestsTo(FRED_OBSERVATIONS_PATH).filter((call) => call.query.api_key === key)).toHaveLength(1);
    expect([...replies, again].map((reply) => reply.body + JSON.stringify(reply.headers)).join('\n') + test.logs.join('\n')).not.toContain(key);
  });

  it('gives each client a small budget of checks a minute (429 with Retry-After beyond it)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < KEY_CHECKS_PER_CLIENT_PER_MINUTE + 2; i++) {
      statuses.push((await request(server.port, '/api/keys/FRED/test', { headers: { 'X-Api-Key': `one-client-key-${i}` }, localAddress: '127.0.2.1' })).status);
    }
    expect(statuses).toEqual([...Array<number>(KEY_CHECKS_PER_CLIENT_PER_MINUTE).fill(200), 429, 429]);
    // Another client is not affected, and neither are its data requests.
    expect((await request(server.port, '/api/keys/FRED/test', { headers: { 'X-Api-Key': 'other-client-key' }, localAddress: '127.0.2.2' })).status).toBe(200);
    expect((await request(server.port, '/api/series/WALCL', { localAddress: '127.0.2.1' })).status).toBe(200);
  });
});
