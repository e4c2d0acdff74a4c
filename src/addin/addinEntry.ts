/**
 * The add-in's composition root for the functions bundle. The store starts from the embedded
 * snapshot, so formulas answer at once with no network and no API key; the persisted cache of
 * earlier refreshes replaces older snapshot data as soon as it is read; series neither holds are
 * fetched from the gateway on the add-in's own origin, with the user's own keys if they set any.
 */
import { createKeyStore } from '../data/browser/keyStore';
import { IndexedDbPersistence } from '../data/browser/indexedDbPersistence';
import { createGatewayClient } from '../data/gatewayClient';
import { SYSTEM_CLOCK } from '../data/clock';
import { ALWAYS_ONLINE } from '../data/connectivity';
import { browserConnectivity, browserVisibility } from '../data/browser/paneSignals';
import { refreshStaleOnShow } from '../data/refresh/refreshStaleOnShow';
import { LiveStore } from '../data/liveStore';
import { MemoryPersistence } from '../data/persistence';
import { deferredEmbeddedSnapshot } from '../data/snapshot/embeddedSnapshot';
import { pinToEmbeddedData, type PinOutcome } from '../workbook/embeddedData';
import { offerAddinRuntime, type AddinRuntime } from './addinRuntime';
import { RuntimeIdentity, browserRuntimeEnvironment } from './runtimeIdentity';
import { showPaneOnOpen } from '../workbook/startupBehavior';
import { onFirstInvocation } from './customFunctionsFallback';
import { associateWithExcel, createFunctionRuntime } from '../functions/runtime';
import { readAhead, restoredFirst } from './warmStart';

// Where the pane was loaded from; outside a browser (the bundle in a VM), the origin it was built for.
const origin = typeof location === 'undefined' ? __ADDIN_ORIGIN__ : location.origin;
const keys = createKeyStore();
const gateway = createGatewayClient({ baseUrl: origin, userKeys: () => keys.all() });

/** Why the cache is in memory only this session, once IndexedDB failed or hung (indexedDbPersistence.ts). */
let storageProblem: string | undefined;
const storageListeners: ((reason: string) => void)[] = [];
const reportStorageProblem = (reason: string) => {
  storageProblem = reason;
  console.warn(`Liquidity Lens: ${reason}`);
  for (const listener of storageListeners.splice(0)) listener(reason);
};
// Read ahead: IndexedDB answers while the snapshot is decoded and the pane's bundle runs (warmStart.ts).
const persistence = readAhead(typeof indexedDB === 'undefined' ? new MemoryPersistence() : new IndexedDbPersistence(indexedDB, Date.now, { onUnavailable: reportStorageProblem }));

// Excel invokes the functions in one runtime only; this window records it when it is that one,
// so a pane in another runtime can tell (runtimeIdentity.ts).
const runtimeEnvironment = browserRuntimeEnvironment();
const identity = new RuntimeIdentity(runtimeEnvironment);
onFirstInvocation(() => identity.noteInvocation());

const store = new LiveStore({
  gateway,
  persistence,
  // Decoded series by series as cells read them: most of a cold start was decoding all of it (bench figure 5).
  initial: deferredEmbeddedSnapshot(),
  clock: SYSTEM_CLOCK,
  // Outside a browser (the bundle in a VM) there is no online state to follow.
  connectivity: typeof window === 'undefined' || typeof window.addEventListener !== 'function' ? ALWAYS_ONLINE : browserConnectivity(window),
  log: (message) => console.warn(`Liquidity Lens: ${message}`),
});
// Reopening the pane refreshes what went stale while it was closed (the page stays loaded, hidden).
if (typeof document !== 'undefined') refreshStaleOnShow(store, browserVisibility(document));

/** A workbook that carries embedded data computes from it: the recipient sees the author's numbers. */
const embedded: Promise<PinOutcome> =
  typeof Office === 'undefined'
    ? Promise.resolve({ pinned: false, reason: 'not running in Office' })
    : Office.onReady()
        .then(() => pinToEmbeddedData(store))
        .catch((error: unknown) => ({ pinned: false as const, reason: `the embedded data could not be read: ${(error as Error).message ?? String(error)}` }));

// Read the persisted cache at once: cells Excel calls meanwhile wait for it before asking the gateway.
const restored = store.restore();
// The functions Excel calls are this store's: registered here, under the ids functions.json declares.
associateWithExcel(createFunctionRuntime(restoredFirst(store, restored)), (id, fn) => CustomFunctions.associate(id, fn));
const runtime: AddinRuntime = {
  store,
  keys,
  checkKey: (provider, key) => gateway.checkKey(provider, key),
  embedded,
  identity,
  runtimeEnvironment,
  storageProblem: () => storageProblem,
  onStorageProblem: (listener) => (storageProblem === undefined ? storageListeners.push(listener) : listener(storageProblem)),
};
// The pane asks the page for it (addinRuntime.ts); a bare VM host of the bundle has no page and no pane.
if (typeof addEventListener === 'function') offerAddinRuntime(globalThis as unknown as EventTarget, runtime);
// A workbook computing from its embedded data opens the pane, through the shared runtime.
void embedded.then(async (outcome) => {
  if (!outcome.pinned) return;
  const problem = await showPaneOnOpen(true);
  if (problem) console.warn(`Liquidity Lens: the pane did not open with the workbook: ${problem}`);
});
