/**
 * A warm start stays off the network (src/addin/warmStart.ts): the persisted cache is read ahead,
 * and a function's load of a series not held yet waits for the restore before the gateway is asked.
 */
import { createSeries } from '../../src/core/series/series';
import type { HeldSeries } from '../../src/data/heldSeries';
import { MemoryPersistence, type SeriesPersistence } from '../../src/data/persistence';
import type { ObservableStore } from '../../src/data/store';
import { readAhead, restoredFirst } from '../../src/addin/warmStart';

const spx: HeldSeries = {
  series: createSeries('SPX', 'PRICE_USD', Int32Array.from([20_000, 20_001]), Float64Array.from([5000, 5010])),
  origin: 'cache',
  source: 'test',
  retrievedAt: '2026-12-01T00:00:00.000Z',
};

/** A store that holds what `restore` put and records which loads reached it (its gateway). */
function fakeStore(): { store: ObservableStore; held: Map<string, HeldSeries>; fetched: string[] } {
  const held = new Map<string, HeldSeries>();
  const fetched: string[] = [];
  const store: ObservableStore = {
    peek: (id) => held.get(id),
    heldIds: () => [...held.keys()],
    subscribe: () => () => undefined,
    load: (id) => {
      if (!held.has(id)) fetched.push(id);
      return Promise.resolve(held.get(id));
    },
  };
  return { store, held, fetched };
}

function deferred(): { promise: Promise<void>; resolve(): void; reject(error: Error): void } {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('restoredFirst', () => {
  it('holds a load of a series not held until the restore has brought it in: no gateway request', async () => {
    const { store, held, fetched } = fakeStore();
    const restore = deferred();
    const view = restoredFirst(store, restore.promise);
    const loading = view.load('SPX');
    await Promise.resolve();
    expect(fetched).toEqual([]);
    held.set('SPX', spx);
    restore.resolve();
    await expect(loading).resolves.toBe(spx);
    expect(fetched).toEqual([]);
  });

  it('asks the gateway once the restore is done and did not bring the series, also when the restore failed', async () => {
    const { store, fetched } = fakeStore();
    const restore = deferred();
    const view = restoredFirst(store, restore.promise);
    const loading = view.load('GOLD');
    restore.reject(new Error('IndexedDB is gone'));
    await expect(loading).resolves.toBeUndefined();
    expect(fetched).toEqual(['GOLD']);
    await view.load('QQQ');
    expect(fetched).toEqual(['GOLD', 'QQQ']);
  });

  it('passes reads and subscriptions straight to the store, and a held series does not wait', async () => {
    const { store, held } = fakeStore();
    held.set('SPX', spx);
    const never = new Promise<void>(() => undefined);
    const view = restoredFirst(store, never);
    expect(view.peek('SPX')).toBe(spx);
    expect(view.heldIds()).toEqual(['SPX']);
    await expect(view.load('SPX')).resolves.toBe(spx);
  });
});

describe('readAhead', () => {
  it('starts reading at once, hands that read to the first loadAll and reads afresh after', async () => {
    const inner = new MemoryPersistence(() => Date.parse('2026-12-02T00:00:00Z'));
    await inner.save(spx);
    let reads = 0;
    const counting: SeriesPersistence = {
      loadAll: () => {
        reads++;
        return inner.loadAll();
      },
      save: (item) => inner.save(item),
    };
    const ahead = readAhead(counting);
    expect(reads).toBe(1);
    expect((await ahead.loadAll()).map((item) => item.series.id)).toEqual(['SPX']);
    expect(reads).toBe(1);
    await ahead.save({ ...spx, series: createSeries('GOLD', 'USD_PER_OZ', Int32Array.from([20_000]), Float64Array.from([2400])) });
    expect((await ahead.loadAll()).map((item) => item.series.id).sort()).toEqual(['GOLD', 'SPX']);
    expect(reads).toBe(2);
  });

  it('keeps a failed read for the restore to report, without an unhandled rejection', async () => {
    const failing: SeriesPersistence = { loadAll: () => Promise.reject(new Error('corrupt')), save: () => Promise.resolve() };
    const ahead = readAhead(failing);
    await new Promise((resolve) => setTimeout(resolve, 0));
    await expect(ahead.loadAll()).rejects.toThrow('corrupt');
  });
});
