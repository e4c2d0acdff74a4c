import type { KeyCheck } from '../data/gatewayClient';
import type { KeyStore } from '../data/browser/keyStore';
import type { LiveStore } from '../data/liveStore';
import type { PinOutcome } from '../workbook/embeddedData';
import type { RuntimeEnvironment, RuntimeIdentity } from './runtimeIdentity';

/**
 * What the functions bundle shares with the pane bundle. Office loads both into one page (the
 * shared runtime) as separate bundles, so the one store is handed over on the page: addinEntry.ts
 * offers it before the pane bundle runs, and the pane requests it.
 */
export interface AddinRuntime {
  readonly store: LiveStore;
  readonly keys: KeyStore;
  checkKey(provider: string, key: string): Promise<KeyCheck>;
  /** Whether the open workbook's embedded data is in use (settles once Office is ready). */
  readonly embedded: Promise<PinOutcome>;
  /** This window's runtime, for the pane to check it is the one Excel calls the functions in. */
  readonly identity: RuntimeIdentity;
  readonly runtimeEnvironment: RuntimeEnvironment;
  /** Why this session keeps its cache in memory only (IndexedDB unavailable), once it does. */
  storageProblem(): string | undefined;
  /** Calls `listener` with the reason if the session falls back to memory (at once if it has). */
  onStorageProblem(listener: (reason: string) => void): void;
}

/**
 * The handoff is a request on the page, not a slot on `globalThis`: the functions bundle's
 * composition root keeps the runtime and answers the pane bundle's synchronous request for it, so
 * no module or global holds the store, and a page without the functions bundle gets no answer.
 */
const RUNTIME_REQUEST = 'liquidity-lens:runtime-request';

interface RuntimeRequest {
  answer(runtime: AddinRuntime): void;
}

/** Answers every request for the runtime on `page` (the window both bundles run in) with `runtime`. */
export function offerAddinRuntime(page: EventTarget, runtime: AddinRuntime): void {
  page.addEventListener(RUNTIME_REQUEST, (event) => (event as CustomEvent<RuntimeRequest>).detail.answer(runtime));
}

/** The runtime the functions bundle offers on `page`, if it has run there (dispatchEvent is synchronous). */
export function requestAddinRuntime(page: EventTarget): AddinRuntime | undefined {
  let offered: AddinRuntime | undefined;
  page.dispatchEvent(new CustomEvent<RuntimeRequest>(RUNTIME_REQUEST, { detail: { answer: (runtime) => (offered = runtime) } }));
  return offered;
}
