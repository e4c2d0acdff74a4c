import { findSeries, getSeries } from '../catalog/lookup';
import type { CatalogEntry } from '../catalog/types';
import { notAvailable, type CalcError } from '../core/errors';
import { checkCovered } from '../core/series/coverage';
import type { Series } from '../core/series/series';
import type { SeriesStore } from '../data/store';

/** The held series by catalogue id; absent ids were not held even after a load. */
export interface HeldMap {
  get(id: string): Series | undefined;
}

/** The store itself as a HeldMap: one per store, so the synchronous path allocates nothing. */
const storeViews = new WeakMap<SeriesStore, HeldMap>();

function heldView(store: SeriesStore): HeldMap {
  let view = storeViews.get(store);
  if (view === undefined) {
    view = { get: (id) => store.peek(id)?.series };
    storeViews.set(store, view);
  }
  return view;
}

/**
 * Runs `compute` over the series it needs. When every series is in memory it runs synchronously,
 * so a sheet of formulas over held data fills without a promise per cell; otherwise it waits for
 * the store to load the missing ones (one shared request per series, whatever the callers).
 */
export function withSeries<T>(store: SeriesStore, ids: readonly string[], compute: (held: HeldMap) => T): T | Promise<T> {
  let missing: string[] | undefined;
  for (let i = 0; i < ids.length; i++) if (store.peek(ids[i]) === undefined) (missing ??= []).push(ids[i]);
  if (missing === undefined) return compute(heldView(store));
  const held = new Map<string, Series>();
  for (const id of ids) {
    const item = store.peek(id);
    if (item) held.set(id, item.series);
  }
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

/** Why the series `id` is not held. */
export function missingSeries(id: string): CalcError {
  const entry = findSeries(id);
  return entry ? notHeld(entry) : notAvailable(`unknown series ${id}`);
}

/** The held series or the reason it is missing. */
export function requireHeld(held: HeldMap, id: string): Series | CalcError {
  return held.get(id) ?? missingSeries(id);
}

/** A #N/A when a catalogue series cannot answer for `day`, judged by its catalogue frequency. */
export function checkHeldCovers(series: Series, day: number): CalcError | undefined {
  return checkCovered(series, day, getSeries(series.id).frequency);
}
