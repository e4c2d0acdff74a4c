import { resolve } from 'node:path';
import { loadCsvFolder } from '../../../src/data/node/csvFolder';
import { embeddedSnapshotSeries } from '../../../src/data/snapshot/embeddedSnapshot';
import { MemoryStore } from '../../../src/data/store';
import type { ObservableStore } from '../../../src/data/store';
import { createFunctionRuntime, type ExcelFunction } from '../../../src/functions/runtime';
import { functionsByName, type FunctionName, type Functions } from '../../../harness/functions';

export { functionsByName, type FunctionName, type Functions };

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

/** The functions Excel would call over `store`, by JavaScript name, as the add-in's entry makes them. */
export function functionsOver(store: ObservableStore): Functions {
  return functionsByName(createFunctionRuntime(store));
}

/** The function of `functions` called `method` (a declaration's name, not known to the type checker). */
export function functionNamed(functions: Functions, method: string): ExcelFunction {
  const found = (functions as Readonly<Record<string, ExcelFunction | undefined>>)[method];
  if (found === undefined) throw new Error(`no function ${method} in the runtime`);
  return found;
}

/**
 * The functions over the store last given to `useStore`, for suites that switch stores between
 * tests the way a host's composition root would build a new runtime. Empty until `useStore`.
 */
export const fx = {} as Record<FunctionName, ExcelFunction>;

export function useStore<S extends ObservableStore>(store: S): S {
  Object.assign(fx, functionsOver(store));
  return store;
}
