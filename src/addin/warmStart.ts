/**
 * A warm start stays off the network. Excel calls every cell of an open workbook as soon as the
 * functions are associated, which can be before IndexedDB has answered; each cell reading a series
 * this machine already holds would then start a gateway request for it and wait on the network
 * (`npm run bench`, figure 8: a warm open of 10,000 formulas fetched SPX and GOLD again, and its
 * RATIO.GOLD cells waited half a second). So the persisted cache is asked for first, before the
 * snapshot is decoded and the pane's bundle runs, and the functions' loads wait for it.
 */
import type { HeldSeries } from '../data/heldSeries';
import type { SeriesPersistence } from '../data/persistence';
import type { ObservableStore } from '../data/store';

/** `persistence` whose first `loadAll` was started now: the store's restore picks up that read. */
export function readAhead(persistence: SeriesPersistence): SeriesPersistence {
  let ahead: Promise<HeldSeries[]> | undefined = persistence.loadAll();
  // A failure is the restore's to report, when it asks.
  ahead.catch(() => undefined);
  return {
    loadAll: () => {
      const read = ahead ?? persistence.loadAll();
      ahead = undefined;
      return read;
    },
    save: (item) => persistence.save(item),
  };
}

/**
 * The store as the functions see it: a series not held yet is looked for in the persisted cache
 * (`restored`, the store's restore) before the gateway is asked. Once `restored` settles, however
 * it went, loads go straight through.
 */
export function restoredFirst(store: ObservableStore, restored: Promise<unknown>): ObservableStore {
  let settled = false;
  const waited = restored.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  return {
    peek: (id) => store.peek(id),
    heldIds: () => store.heldIds(),
    subscribe: (id, listener) => store.subscribe(id, listener),
    load: async (id) => {
      if (!settled && store.peek(id) === undefined) await waited;
      return store.load(id);
    },
  };
}
