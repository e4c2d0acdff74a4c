/**
 * The add-in's composition root for the functions bundle. The store starts from the embedded
 * snapshot, so formulas answer at once with no network and no API key; the persisted cache of
 * earlier refreshes replaces older snapshot data as soon as it is read; series neither holds are
 * fetched from the gateway on the add-in's own origin, with the user's own keys if they set any.
 */
import { createKeyStore } from '../data/browser/keyStore';
import { IndexedDbPersistence } from '../data/browser/indexedDbPersistence';
import { createGatewayClient } from '../data/gatewayClient';
import { LiveStore } from '../data/liveStore';
import { MemoryPersistence } from '../data/persistence';
import { embeddedSnapshotSeries } from '../data/snapshot/embeddedSnapshot';
import { pinToEmbeddedData, type PinOutcome } from '../workbook/embeddedData';
import { publishAddinRuntime } from './addinRuntime';
import './customFunctionsFallback';
import { associateWithExcel, createFunctionRuntime } from './runtime';

// Where the pane was loaded from; outside a browser (the bundle in a VM), the origin it was built for.
const origin = typeof location === 'undefined' ? __ADDIN_ORIGIN__ : location.origin;
const keys = createKeyStore();
const gateway = createGatewayClient({ baseUrl: origin, userKeys: () => keys.all() });

const store = new LiveStore({
  gateway,
  persistence: typeof indexedDB === 'undefined' ? new MemoryPersistence() : new IndexedDbPersistence(indexedDB),
  initial: embeddedSnapshotSeries(),
  clock: { now: () => Date.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) },
  log: (message) => console.warn(`Liquidity Lens: ${message}`),
});

/** A workbook that carries embedded data computes from it: the recipient sees the author's numbers. */
const embedded: Promise<PinOutcome> =
  typeof Office === 'undefined'
    ? Promise.resolve({ pinned: false, reason: 'not running in Office' })
    : Office.onReady()
        .then(() => pinToEmbeddedData(store))
        .catch((error: unknown) => ({ pinned: false as const, reason: `the embedded data could not be read: ${(error as Error).message ?? String(error)}` }));

// The functions Excel calls are this store's: registered here, under the ids functions.json declares.
associateWithExcel(createFunctionRuntime(store), (id, fn) => CustomFunctions.associate(id, fn));
publishAddinRuntime({ store, keys, checkKey: (provider, key) => gateway.checkKey(provider, key), embedded });
void store.restore();
