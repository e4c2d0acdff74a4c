import { findSeries, getSeries } from '../catalog/lookup';
import type { CatalogEntry } from '../catalog/types';
import { invalidNumber, notAvailable, type CalcError } from '../core/errors';
import { checkCovered } from '../core/series/coverage';
import type { Series } from '../core/series/series';
import type { HeldMap } from './cells';

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

/** The `start`/`end` pair of a series function: each a date or open, and start ≤ end. */
export function checkDateRange(from: number | undefined, to: number | undefined): CalcError | undefined {
  return from !== undefined && to !== undefined && from > to ? invalidNumber('start is after end') : undefined;
}

const singleIds = new WeakMap<CatalogEntry, readonly string[]>();

/** `[entry.id]`, the same array for the same entry: a column of LIQ.DATA cells allocates none. */
export function idsOf(entry: CatalogEntry): readonly string[] {
  let ids = singleIds.get(entry);
  if (ids === undefined) singleIds.set(entry, (ids = [entry.id]));
  return ids;
}
