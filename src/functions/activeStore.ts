import type { ObservableStore } from '../data/store';

let installed: ObservableStore | undefined;

/**
 * Excel calls the module-level functions that custom-functions-metadata registers, so they reach
 * the data through this one slot, filled by the host's composition root (addinEntry.ts for the
 * add-in, the CLI's main, a test) before any formula runs.
 */
export function installStore(store: ObservableStore): void {
  installed = store;
}

export function activeStore(): ObservableStore {
  if (!installed) throw new Error('Liquidity Lens: no store installed (the host must call installStore first)');
  return installed;
}
