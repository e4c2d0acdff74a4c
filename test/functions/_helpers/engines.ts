import { resolve } from 'node:path';
import { loadCsvFolder } from '../../../src/data/node/csvFolder';
import { embeddedSnapshotSeries } from '../../../src/data/snapshot/embeddedSnapshot';
import { MemoryStore } from '../../../src/data/store';
import { installStore } from '../../../src/functions/activeStore';

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

/** Installs `store` for the module-level Excel wrappers, as a host's composition root does. */
export function useStore(store: MemoryStore): MemoryStore {
  installStore(store);
  return store;
}
