/**
 * The add-in's store against a mock gateway on 127.0.0.1: one request per series however many
 * callers, merge by date, persistence, and every fault leaving the held data intact and in use.
 */
import { formatIsoDate, parseIsoDate } from '../../src/core/dates/isoDate';
import { createSeries, type Series } from '../../src/core/series/series';
import { createGatewayClient } from '../../src/data/gatewayClient';
import type { HeldSeries } from '../../src/data/heldSeries';
import { LiveStore } from '../../src/data/liveStore';
import { MemoryPersistence } from '../../src/data/persistence';
import { LIQ_DATA } from '../../src/functions/library/data';
import { runToAnswer } from '../../src/functions/runFunction';
import { startMockGateway, type Fault, type MockGateway } from '../../harness/mockGateway';

const NOW = Date.parse('2026-08-25T12:00:00Z');

/** A weekly WALCL-like series in millions ending on `last` (a Wednesday). */
function weekly(id: string, last: string, weeks: number, start = 6_500_000): Series {
  const end = parseIsoDate(last);
  const days = Array.from({ length: weeks }, (_, i) => end - 7 * (weeks - 1 - i));
  return createSeries(
    id,
    'USD_MILLIONS',
    days,
    days.map((_, i) => start + 1000 * i),
  );
}

function held(series: Series, retrievedAt = '2026-08-14T00:00:00Z'): HeldSeries {
  return { series, origin: 'snapshot', source: 'snapshot', retrievedAt };
}

interface Harness {
  gateway: MockGateway;
  store: LiveStore;
  persistence: MemoryPersistence;
  sleeps: number[];
}

let gateway: MockGateway;
afterEach(async () => gateway?.close());

async function harness(initial: HeldSeries[] = [], timeoutMs = 2000): Promise<Harness> {
  gateway = await startMockGateway();
  const persistence = new MemoryPersistence(() => NOW);
  const sleeps: number[] = [];
  const store = new LiveStore({
    gateway: createGatewayClient({ baseUrl: gateway.baseUrl, timeoutMs }),
    persistence,
    initial,
    clock: { now: () => NOW, sleep: async (ms) => void sleeps.push(ms) },
  });
  return { gateway, store, persistence, sleeps };
}

describe('LiveStore', () => {
  it('makes exactly one gateway request per series for 10,000 concurrent calls on a cold store', async () => {
    // 10,000 calls keep the event loop busy for seconds on a loaded machine: a client timeout shorter
    // than that would abandon and retry the first requests, which is not what this test is about.
    const { gateway, store } = await harness([], 60_000);
    const ids = ['WALCL', 'TGA', 'SOFR'];
    gateway.setSeries(weekly('WALCL', '2026-08-19', 10));
    gateway.setSeries(weekly('TGA', '2026-08-19', 10, 800_000));
    gateway.setSeries(createSeries('SOFR', 'PERCENT', [parseIsoDate('2026-08-20')], [3.63]));
    // Each call is LIQ.DATA(id) through the function edge's one path: its spill has one row per observation.
    const calls = Array.from({ length: 10_000 }, (_, i) => runToAnswer(LIQ_DATA, [ids[i % 3]], store).then((rows) => (rows as unknown[][]).length - 1));
    const lengths = await Promise.all(calls);
    expect(gateway.requests.map((r) => r.id).sort()).toEqual(['SOFR', 'TGA', 'WALCL']);
    expect(new Set(lengths)).toEqual(new Set([10, 1]));
    expect(store.requestCount).toBe(3);
  });

  it('refreshes incrementally: asks from the last date minus the overlap, appends and revises by date', async () => {
    const start = weekly('WALCL', '2026-08-12', 20);
    const { gateway, store, persistence } = await harness([held(start)]);
    // Upstream: the same history with the last value revised and one new week.
    const days = [...start.days, parseIsoDate('2026-08-19')];
    const values = [...start.values.slice(0, -1), start.values.at(-1)! + 5, 6_700_000];
    gateway.setSeries(createSeries('WALCL', 'USD_MILLIONS', days, values));
    const changes: string[] = [];
    store.subscribe('WALCL', () => changes.push('WALCL'));
    const [status] = await store.refresh(['WALCL']);
    expect(gateway.requests).toEqual([{ id: 'WALCL', since: formatIsoDate(parseIsoDate('2026-08-12') - 35) }]);
    expect(status).toMatchObject({ state: 'fresh', asOf: '2026-08-19', origin: 'gateway' });
    expect(Array.from(store.peek('WALCL')!.series.values)).toEqual(values);
    expect(changes).toEqual(['WALCL']);
    // What was merged is what is persisted.
    const [restored] = await persistence.loadAll();
    expect(Array.from(restored!.series.values)).toEqual(values);
  });

  it('tells no cell when a refresh brings nothing new', async () => {
    const start = weekly('WALCL', '2026-08-19', 5);
    const { gateway, store } = await harness([held(start)]);
    gateway.setSeries(start);
    const changes: string[] = [];
    store.subscribe('WALCL', () => changes.push('WALCL'));
    await store.refresh(['WALCL']);
    expect(changes).toEqual([]);
    expect(store.peek('WALCL')!.retrievedAt).toBe('2026-08-22T12:00:00.000Z');
  });

  const faults: [string, Fault[], RegExp, number][] = [
    ['HTTP 500', [{ kind: 'status', status: 500 }], /HTTP 500/, 4],
    ['HTTP 502', [{ kind: 'status', status: 502 }], /HTTP 502/, 4],
    ['HTTP 503', [{ kind: 'status', status: 503 }], /HTTP 503/, 4],
    [
      'a timeout',
      [
        { kind: 'delay', ms: 400 },
        { kind: 'delay', ms: 400 },
        { kind: 'delay', ms: 400 },
        { kind: 'delay', ms: 400 },
      ],
      /did not answer for WALCL in time/,
      4,
    ],
    ['a connection reset mid-body', [{ kind: 'reset' }, { kind: 'reset' }, { kind: 'reset' }, { kind: 'reset' }], /cut off|unreachable/, 4],
    ['truncated JSON', [{ kind: 'truncate' }], /not complete JSON/, 1],
    ['JSON of the wrong shape', [{ kind: 'wrong-shape' }], /wrong shape/, 1],
    ['values 1000× too large (wrong units)', [{ kind: 'scale', factor: 1000 }], /wrong units upstream/, 1],
  ];

  it.each(faults)('keeps the held data in use through %s, says why, retries only what may succeed', async (_name, list, reason, attempts) => {
    const start = weekly('WALCL', '2026-08-12', 20);
    const { gateway, store, persistence } = await harness([held(start)], 150);
    gateway.setSeries(weekly('WALCL', '2026-08-19', 21));
    gateway.fail('WALCL', ...list, ...list, ...list, ...list);
    const changes: string[] = [];
    store.subscribe('WALCL', () => changes.push('WALCL'));
    const [status] = await store.refresh(['WALCL']);
    expect(status).toMatchObject({ state: 'error', asOf: '2026-08-12', message: expect.stringMatching(reason) });
    expect(store.peek('WALCL')!.series).toBe(start);
    expect(gateway.requests).toHaveLength(attempts);
    expect(changes).toEqual([]);
    expect(persistence.entries.size).toBe(0);
  });

  it('waits as long as a 429 Retry-After asks, with back-off capped at 30 s, then succeeds', async () => {
    const start = weekly('WALCL', '2026-08-12', 20);
    const { gateway, store, sleeps } = await harness([held(start)]);
    gateway.setSeries(weekly('WALCL', '2026-08-19', 21));
    gateway.fail('WALCL', { kind: 'status', status: 429, retryAfter: '7' }, { kind: 'status', status: 429, retryAfter: '120' });
    const [status] = await store.refresh(['WALCL']);
    expect(sleeps).toEqual([7000, 30000]);
    expect(status).toMatchObject({ state: 'fresh', asOf: '2026-08-19' });
  });

  it('keeps held data when the gateway answers with no observations, and reports an empty first load', async () => {
    const start = weekly('WALCL', '2026-08-12', 20);
    const { gateway, store } = await harness([held(start)]);
    gateway.setSeries(start);
    gateway.fail('WALCL', { kind: 'empty' });
    await store.refresh(['WALCL']);
    expect(store.peek('WALCL')!.series.values).toEqual(start.values);
    gateway.setSeries(createSeries('QQQ', 'PRICE_USD', [], []));
    const [qqq] = await store.refresh(['QQQ']);
    expect(qqq).toMatchObject({ state: 'error', message: expect.stringMatching(/no observations of QQQ/) });
    expect(store.peek('QQQ')).toBeUndefined();
  });

  it('carries on from held data when the gateway itself is down', async () => {
    const start = weekly('WALCL', '2026-08-12', 20);
    const { gateway, store } = await harness([held(start)]);
    await gateway.close();
    const [status] = await store.refresh(['WALCL']);
    expect(status).toMatchObject({ state: 'error', message: expect.stringMatching(/gateway is unreachable/), asOf: '2026-08-12' });
    expect(store.peek('WALCL')!.series).toBe(start);
  });

  it('shows a stale answer from the gateway as stale with its reason', async () => {
    const { gateway, store } = await harness([held(weekly('WALCL', '2026-08-12', 20))]);
    gateway.setSeries(weekly('WALCL', '2026-08-12', 20), { stale: true, staleReason: 'FRED_API_KEY is not configured', origin: 'snapshot' });
    const [status] = await store.refresh(['WALCL']);
    expect(status).toMatchObject({ state: 'stale', message: 'FRED_API_KEY is not configured' });
  });

  it('can be cancelled, leaving the held data and saying so', async () => {
    const start = weekly('WALCL', '2026-08-12', 20);
    const { gateway, store } = await harness([held(start)]);
    gateway.setSeries(weekly('WALCL', '2026-08-19', 21));
    gateway.latency(300);
    const controller = new AbortController();
    const progress: string[] = [];
    const done = store.refresh(['WALCL'], { signal: controller.signal, onProgress: (p) => progress.push(`${p.done}/${p.total} ${p.status.state}`) });
    expect(store.status('WALCL').state).toBe('refreshing');
    controller.abort();
    const [status] = await done;
    expect(status).toMatchObject({ state: 'error', message: 'refresh cancelled' });
    expect(progress).toEqual(['1/1 error']);
    expect(store.peek('WALCL')!.series).toBe(start);
  });

  it('restores the persisted cache over the snapshot, and ignores a corrupt or foreign-version one', async () => {
    const snapshot = held(weekly('WALCL', '2026-07-29', 5));
    const newer = { ...held(weekly('WALCL', '2026-08-19', 8), '2026-08-20T00:00:00Z'), origin: 'gateway' as const };
    const persistence = new MemoryPersistence(() => NOW);
    await persistence.save(newer);
    persistence.entries.set('TGA', '{"buster":"0:0","savedAt":0,"snapshot":{}}');
    persistence.entries.set('SOFR', '{not json');
    const store = new LiveStore({
      gateway: createGatewayClient({ baseUrl: 'http://127.0.0.1:9' }),
      persistence,
      initial: [snapshot],
      clock: { now: () => NOW, sleep: async () => {} },
    });
    await store.restore();
    expect(store.peek('WALCL')).toMatchObject({ origin: 'cache', retrievedAt: '2026-08-20T00:00:00Z' });
    expect(Array.from(store.peek('WALCL')!.series.values)).toEqual(Array.from(newer.series.values));
    expect([...persistence.entries.keys()]).toEqual(['WALCL']);
  });

  it('marks series stale by their release cadence', async () => {
    const { store } = await harness([held(weekly('WALCL', '2026-08-19', 5)), held(weekly('TGA', '2026-07-22', 5))]);
    expect(store.status('WALCL').state).toBe('fresh'); // next H.4.1 due 2026-08-27
    expect(store.status('TGA').state).toBe('stale');
    expect(store.staleIds()).toEqual(['TGA']);
  });
});
