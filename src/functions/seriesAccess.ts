import { findSeries } from '../catalog/lookup';
import type { CatalogEntry } from '../catalog/types';
import { notAvailable, type CalcError } from '../core/errors';
import type { Series } from '../core/series/series';
import type { SeriesStore } from '../data/store';

/** The held series by catalogue id; absent ids were not held even after a load. */
export type HeldMap = ReadonlyMap<string, Series>;

/**
 * Runs `compute` over the series it needs. When every series is in memory it runs synchronously,
 * so a sheet of formulas over held data fills without a promise per cell; otherwise it waits for
 * the store to load the missing ones (one shared request per series, whatever the callers).
 */
export function withSeries<T>(store: SeriesStore, ids: readonly string[], compute: (held: HeldMap) => T): T | Promise<T> {
  const held = new Map<string, Series>();
  const missing: string[] = [];
  for (const id of ids) {
    const item = store.peek(id);
    if (item) held.set(id, item.series);
    else missing.push(id);
  }
  if (missing.length === 0) return compute(held);
  return Promise.all(missing.map((id) => store.load(id))).then((loaded) => {
    for (const item of loaded) if (item) held.set(item.series.id, item.series);
    return compute(held);
  });
}

/** Why a series is not held, in words a user can act on. */
export function notHeld(entry: CatalogEntry): CalcError {
  if (entry.unavailableReason) return notAvailable(`${entry.id} (${entry.name}) is not available: ${entry.unavailableReason}`);
  if (entry.licence === 'machine-cache') {
    return notAvailable(
      `${entry.id} (${entry.name}) is not held on this machine: market prices are not shipped with the add-in; refresh it from the task pane, or load ${entry.id}.csv (CLI: --data DIR)`,
    );
  }
  return notAvailable(`${entry.id} (${entry.name}) is not held; refresh it from the task pane`);
}

/** The held series or the reason it is missing. */
export function requireHeld(held: HeldMap, id: string): Series | CalcError {
  const series = held.get(id);
  if (series) return series;
  const entry = findSeries(id);
  return entry ? notHeld(entry) : notAvailable(`unknown series ${id}`);
}
