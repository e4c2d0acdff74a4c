/**
 * issue 11 §7: IndexedDB `open()` gets a timeout. Opens that never call back are reported in
 * Office's webviews (office-js #615, #1281); a hung open must not hang saves, and with them a
 * refresh that would stay "refreshing" for ever. The session falls back to memory and says why.
 *
 * The hung factory is fake-indexeddb's with `open` returning a request that never fires; the
 * open timer is injected and fired by the test.
 */
import { IDBFactory } from 'fake-indexeddb';
import { parseIsoDate } from '../../src/core/dates/isoDate';
import { createSeries } from '../../src/core/series/series';
import { IndexedDbPersistence, DEFAULT_OPEN_TIMEOUT_MS, type SetTimer } from '../../src/data/browser/indexedDbPersistence';
import { createGatewayClient } from '../../src/data/gatewayClient';
import type { HeldSeries } from '../../src/data/heldSeries';
import { LiveStore } from '../../src/data/liveStore';
import { startMockGateway, type MockGateway } from '../../harness/mockGateway';

const NOW = Date.parse('2026-08-25T00:00:00Z');

const item = (id: string, values: number[]): HeldSeries => ({
  series: createSeries(
    id,
    'USD_MILLIONS',
    values.map((_, i) => parseIsoDate('2026-08-05') + 7 * i),
    values,
  ),
  origin: 'gateway',
  source: `test ${id}`,
  retrievedAt: '2026-08-24T10:00:00.000Z',
});

/** A timer the test fires; records the delays asked for and whether each was cancelled. */
function manualTimer(): SetTimer & { fire(): void; readonly delays: number[]; readonly cancelled: boolean[] } {
  const pending: (() => void)[] = [];
  const delays: number[] = [];
  const cancelled: boolean[] = [];
  const timer = ((callback: () => void, ms: number) => {
    const index = delays.push(ms) - 1;
    cancelled.push(false);
    pending.push(callback);
    return () => {
      cancelled[index] = true;
    };
  }) as SetTimer & { fire(): void; readonly delays: number[]; readonly cancelled: boolean[] };
  return Object.assign(timer, { fire: () => pending.splice(0).forEach((callback) => callback()), delays, cancelled });
}

/** fake-indexeddb, except that `open` never answers (no success, no error, no upgrade). */
function hungFactory(): IDBFactory & { readonly opens: number[] } {
  const opens: number[] = [];
  const factory = Object.create(new IDBFactory()) as IDBFactory & { opens: number[] };
  factory.opens = opens;
  factory.open = () => {
    opens.push(opens.length + 1);
    return {} as IDBOpenDBRequest;
  };
  return factory;
}

describe('IndexedDB open timeout', () => {
  it('defaults to 5 s', () => {
    expect(DEFAULT_OPEN_TIMEOUT_MS).toBe(5_000);
  });

  it('a hung open gives up after the timeout: loads nothing, saves to memory, and says why, once', async () => {
    const timer = manualTimer();
    const reasons: string[] = [];
    const factory = hungFactory();
    const persistence = new IndexedDbPersistence(factory, () => NOW, { setTimer: timer, onUnavailable: (reason) => reasons.push(reason) });
    const loading = persistence.loadAll();
    const saving = persistence.save(item('WALCL', [1, 2]));
    let settled = false;
    void Promise.all([loading, saving]).then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toBe(false); // still waiting for the open: this is the hang
    expect(timer.delays).toEqual([5_000]);

    timer.fire();
    expect(await loading).toEqual([]);
    await saving;
    expect(persistence.unavailable).toMatch(/^IndexedDB did not open within 5 s; this session keeps refreshed data in memory only/);
    expect(reasons).toEqual([persistence.unavailable]);
    // The session stays in memory: no second open, and what was saved is what loads.
    expect((await persistence.loadAll()).map((held) => held.series.id)).toEqual(['WALCL']);
    expect(factory.opens).toHaveLength(1);
  });

  it('an open that answers in time cancels the timer and persists as before', async () => {
    const timer = manualTimer();
    const persistence = new IndexedDbPersistence(new IDBFactory(), () => NOW, { setTimer: timer });
    await persistence.save(item('TGA', [5, 6, 7]));
    expect(timer.cancelled).toEqual([true]);
    timer.fire(); // too late: changes nothing
    expect(persistence.unavailable).toBeUndefined();
    expect((await persistence.loadAll()).map((held) => [held.series.id, held.series.values.length])).toEqual([['TGA', 3]]);
  });

  it('an open that fails falls back at once, with the error in the reason', async () => {
    const failing = Object.create(new IDBFactory()) as IDBFactory;
    failing.open = () => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    };
    const persistence = new IndexedDbPersistence(failing, () => NOW, { setTimer: manualTimer() });
    expect(await persistence.loadAll()).toEqual([]);
    expect(persistence.unavailable).toMatch(/^IndexedDB refused to open \(The operation is insecure\.\)/);
  });

  describe('in the store', () => {
    let gateway: MockGateway;
    beforeAll(async () => {
      gateway = await startMockGateway();
    });
    afterAll(async () => {
      await gateway.close();
    });

    it('a refresh does not stay "refreshing" behind a hung open: it ends fresh once the open times out', async () => {
      gateway.setSeries(createSeries('WALCL', 'USD_MILLIONS', [parseIsoDate('2026-08-19')], [6_600_000]));
      const timer = manualTimer();
      const store = new LiveStore({
        gateway: createGatewayClient({ baseUrl: gateway.baseUrl }),
        persistence: new IndexedDbPersistence(hungFactory(), () => NOW, { setTimer: timer }),
        clock: { now: () => NOW, sleep: async () => undefined },
      });
      const refreshing = store.refresh(['WALCL']);
      // The gateway answers; the save then waits on the open.
      for (let i = 0; i < 200 && gateway.requests.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 5));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(store.status('WALCL').state).toBe('refreshing');
      timer.fire();
      const [status] = await refreshing;
      expect(status).toMatchObject({ id: 'WALCL', state: 'fresh', asOf: '2026-08-19' });
      expect(store.status('WALCL').state).toBe('fresh');
    });
  });
});
