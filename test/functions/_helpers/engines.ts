import { resolve } from 'node:path';
import { loadCsvFolder } from '../../../src/data/node/csvFolder';
import { embeddedSnapshotSeries } from '../../../src/data/snapshot/embeddedSnapshot';
import { MemoryStore } from '../../../src/data/store';
import type { ObservableStore } from '../../../src/data/store';
import { createFunctionRuntime, type ExcelFunction } from '../../../src/functions/runtime';

/** ../shared/data beside the repository: the real data the golden figures come from. */
export const SHARED_DATA = resolve(__dirname, '../../../../shared/data');

/** What a fresh install holds: the embedded snapshot only. */
export function snapshotStore(): MemoryStore {
  return new MemoryStore(embeddedSnapshotSeries());
}

/** The snapshot plus every real series in ../shared/data (daily prices included). */
export function sharedDataStore(): MemoryStore {
  const store = snapshotStore();
  for (const held of loadCsvFolder(SHARED_DATA).series) store.put(held);
  return store;
}

/** The functions Excel would call over `store`, by JavaScript name (`fx.liqIndex`), as the add-in's entry makes them. */
export type Functions = Readonly<Record<string, ExcelFunction>>;

export function functionsOver(store: ObservableStore): Functions {
  return createFunctionRuntime(store).byMethod;
}

/**
 * The functions over the store last given to `useStore`, for suites that switch stores between
 * tests the way a host's composition root would build a new runtime.
 */
export const fx: Record<string, ExcelFunction> = {};

export function useStore<S extends ObservableStore>(store: S): S {
  Object.assign(fx, functionsOver(store));
  return store;
}
