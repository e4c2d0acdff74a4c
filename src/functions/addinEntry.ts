/**
 * The add-in's composition root for the functions bundle. The store starts from the embedded
 * snapshot, so formulas answer at once with no network and no API key; the persisted cache of
 * earlier refreshes replaces older snapshot data as soon as it is read; series neither holds are
 * fetched from the gateway on the add-in's own origin.
 */
import { IndexedDbPersistence } from '../data/browser/indexedDbPersistence';
import { createGatewayClient } from '../data/gatewayClient';
import { LiveStore } from '../data/liveStore';
import { MemoryPersistence } from '../data/persistence';
import { embeddedSnapshotSeries } from '../data/snapshot/embeddedSnapshot';
import { installStore } from './activeStore';
import './functions';

const origin = typeof location === 'undefined' ? 'https://localhost:3000' : location.origin;

export const addinStore = new LiveStore({
  gateway: createGatewayClient({ baseUrl: origin }),
  persistence: typeof indexedDB === 'undefined' ? new MemoryPersistence() : new IndexedDbPersistence(indexedDB),
  initial: embeddedSnapshotSeries(),
  clock: { now: () => Date.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) },
  log: (message) => console.warn(`Liquidity Lens: ${message}`),
});

installStore(addinStore);
void addinStore.restore();
