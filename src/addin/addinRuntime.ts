import type { KeyCheck } from '../data/gatewayClient';
import type { KeyStore } from '../data/browser/keyStore';
import type { LiveStore } from '../data/liveStore';
import type { PinOutcome } from '../workbook/embeddedData';
import type { RuntimeEnvironment, RuntimeIdentity } from './runtimeIdentity';

/**
 * What the functions bundle shares with the pane bundle. Office loads both into one page (the
 * shared runtime) as separate bundles, so the one store is handed over on a single, named global
 * set by addinEntry.ts before the pane bundle runs.
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

const RUNTIME_KEY = '__liquidityLensRuntime';

export function publishAddinRuntime(runtime: AddinRuntime): void {
  (globalThis as Record<string, unknown>)[RUNTIME_KEY] = runtime;
}

export function addinRuntime(): AddinRuntime | undefined {
  return (globalThis as Record<string, unknown>)[RUNTIME_KEY] as AddinRuntime | undefined;
}
